package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkSearchUnderIngest measures what issue 18 asked of `vanban serve`:
// ingest never starves search. It ingests the fixtures and the shared
// corpus's workbooks and Word files into a new data directory, starts the
// real serve path (run "serve" with a watched folder, OCR on when tesseract
// is installed) and lets 16 clients send a mix of queries — full-text,
// number, province and year filters, a phrase, the search page, an
// allocations query and a document record — for a fixed time, twice: first
// with nothing to ingest (the reference), then after the corpus PDFs (scans
// among them) are dropped into the watched folder, so that parse and OCR
// children compete with search for the cores. It reports both p99s and
// their ratio (target ≤ 2), and how much of the second window the queue was
// actually busy.
//
//	go test ./cmd/vanban -run XXX -bench SearchUnderIngest -benchtime 1x -timeout 30m
//
// VANBAN_LOAD_SECONDS sets each window (default 15); VANBAN_LOAD_SERVE_FLAGS
// adds flags to serve, e.g. "--nice 0 --workers 2" to see search under an
// ingest that does not yield (issue 18 measured 2.1–2.4× that way).
func BenchmarkSearchUnderIngest(b *testing.B) {
	files := corpusDocuments(b)
	var preload, dropped []string
	for _, f := range files {
		if strings.EqualFold(filepath.Ext(f), ".pdf") {
			dropped = append(dropped, f)
		} else {
			preload = append(preload, f)
		}
	}
	if len(dropped) == 0 {
		b.Skip("no PDFs in the shared corpus to ingest while searching")
	}
	window := 15 * time.Second
	if s := os.Getenv("VANBAN_LOAD_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("VANBAN_LOAD_SECONDS=%q: want a whole number of seconds", s)
		}
		window = time.Duration(n) * time.Second
	}
	ocr := []string{}
	if _, err := exec.LookPath("tesseract"); err != nil {
		b.Logf("tesseract not installed: the scans are ingested without OCR (the load is lighter than in production)")
		ocr = []string{"--no-ocr"}
	}
	extra := strings.Fields(os.Getenv("VANBAN_LOAD_SERVE_FLAGS"))
	ctx := context.Background()
	var alone, busy []time.Duration
	var cpuAlone, cpuBusy float64
	var busyShare float64
	var indexed int
	for i := 0; i < b.N; i++ {
		data, watch := b.TempDir(), b.TempDir()
		if err := run(ctx, append([]string{"ingest", "--no-ocr", "--data", data, fixtures}, preload...), io.Discard, io.Discard); err != nil {
			b.Fatalf("ingest before serving: %v", err)
		}
		sctx, stop := context.WithCancel(ctx)
		var served syncBuffer
		done := make(chan error, 1)
		go func() {
			args := append([]string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--token", "tok",
				"--watch", watch, "--watch-interval", "250ms"}, ocr...)
			args = append(args, extra...)
			done <- run(sctx, args, &served, io.Discard)
		}()
		waitServing(b, &served)
		base := servedURL(b, served.String())
		mix := queryMix(b, base)

		c0 := machineCPU()
		a, err := loadWindow(base, mix, window, nil)
		cpuAlone += machineCPU().busySince(c0)
		if err != nil {
			b.Fatalf("searching alone: %v", err)
		}
		// Drop the PDFs into the watched folder (each copied beside it and
		// renamed in, as a scanner or a file share would), wait until the
		// watcher has queued them, and measure again while they are read.
		staging := b.TempDir()
		for _, f := range dropped {
			in, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			tmp := filepath.Join(staging, filepath.Base(f))
			if err := os.WriteFile(tmp, in, 0o644); err != nil {
				b.Fatal(err)
			}
			if err := os.Rename(tmp, filepath.Join(watch, filepath.Base(f))); err != nil {
				b.Fatal(err)
			}
		}
		before := ingestState(b, base)
		for deadline := time.Now().Add(30 * time.Second); ingestState(b, base).queue == 0; time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				b.Fatal("the watcher queued none of the dropped PDFs within 30 s")
			}
		}
		var polls, busyPolls int
		c0 = machineCPU()
		u, err := loadWindow(base, mix, window, func() {
			polls++
			if ingestState(b, base).queue > 0 {
				busyPolls++
			}
		})
		if err != nil {
			b.Fatalf("searching during ingest: %v", err)
		}
		cpuBusy += machineCPU().busySince(c0)
		after := ingestState(b, base)
		stop()
		if err := <-done; err != nil {
			b.Fatalf("serve: %v\n%s", err, served.String())
		}
		alone, busy = append(alone, a...), append(busy, u...)
		busyShare += float64(busyPolls) / float64(max(polls, 1))
		indexed += after.indexed - before.indexed
	}
	pa, pb := percentile(alone, 0.99), percentile(busy, 0.99)
	b.Logf("%d PDFs dropped (OCR %v, serve flags %q); %d queries alone, %d during ingest; %d files indexed in the second window",
		len(dropped), len(ocr) == 0, extra, len(alone), len(busy), indexed)
	b.ReportMetric(float64(percentile(alone, 0.5).Milliseconds()), "alone-p50-ms")
	b.ReportMetric(float64(pa.Microseconds())/1000, "alone-p99-ms")
	b.ReportMetric(float64(percentile(busy, 0.5).Milliseconds()), "ingest-p50-ms")
	b.ReportMetric(float64(pb.Microseconds())/1000, "ingest-p99-ms")
	b.ReportMetric(float64(pb)/float64(pa), "x-p99")
	b.ReportMetric(busyShare/float64(b.N), "busy-share")
	b.ReportMetric(cpuAlone/float64(b.N), "alone-cpu-busy")
	b.ReportMetric(cpuBusy/float64(b.N), "ingest-cpu-busy")
	b.ReportMetric(0, "ns/op")
}

// loadClients is how many clients query at once (issue 18's run).
const loadClients = 16

// loadWindow runs loadClients clients over the mix for d and returns every
// query's latency; tick, if not nil, is called every 250 ms meanwhile.
// The first query that fails is returned as the error (after the window).
func loadWindow(base string, mix []string, d time.Duration, tick func()) ([]time.Duration, error) {
	end := time.Now().Add(d)
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr error
	var wg sync.WaitGroup
	for c := range loadClients {
		wg.Add(1)
		// Each client ends when the window has passed.
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := c; time.Now().Before(end); i++ {
				start := time.Now()
				err := get(base + mix[i%len(mix)])
				mine = append(mine, time.Since(start))
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	if tick != nil {
		for time.Now().Before(end) {
			time.Sleep(250 * time.Millisecond)
			tick()
		}
	}
	wg.Wait()
	return lat, firstErr
}

// get fetches one URL and reads its whole body; a status other than 200 is
// an error.
func get(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return nil
}

// queryMix is the list of paths the clients cycle through: the shapes
// staff use, with values taken from the index so that they find something.
func queryMix(tb testing.TB, base string) []string {
	tb.Helper()
	resp, err := http.Get(base + "/api/search?q=" + url.QueryEscape("ngân sách") + "&size=20")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		Hits []struct {
			ID     string `json:"id"`
			Number string `json:"number"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || len(res.Hits) == 0 {
		tb.Fatalf("the preloaded index finds nothing for 'ngân sách' (%v)", err)
	}
	q := url.QueryEscape
	mix := []string{
		"/api/search?q=" + q("kinh phí"),
		"/api/search?q=" + q("dự toán ngân sách") + "&province=" + q("Lâm Đồng"),
		"/api/search?q=" + q(`"cải cách hành chính"`),
		"/api/search?year=2010&sort=date",
		"/?q=" + q("phân bổ"),
		"/api/allocations?province=" + q("Gia Lai"),
		"/api/search?q=" + q("chi thường xuyên") + "&size=50",
	}
	for _, h := range res.Hits[:min(4, len(res.Hits))] {
		mix = append(mix, "/api/documents/"+h.ID)
		if h.Number != "" {
			mix = append(mix, "/api/search?q="+q(h.Number))
		}
	}
	return mix
}

// servedURL is the address in serve's "serving http://…/" line.
func servedURL(tb testing.TB, out string) string {
	tb.Helper()
	_, rest, ok := strings.Cut(out, "serving http://")
	if !ok {
		tb.Fatalf("no address in serve's output:\n%s", out)
	}
	addr, _, _ := strings.Cut(rest, "/")
	return "http://" + addr
}

type ingestCounts struct{ queue, indexed, failed int }

// ingestState reads GET /api/ingest: files waiting or being read, files
// indexed and files failed.
func ingestState(tb testing.TB, base string) ingestCounts {
	req, _ := http.NewRequest("GET", base+"/api/ingest?failures=0", nil)
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct {
		Queue    int            `json:"queue"`
		ByStatus map[string]int `json:"by_status"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		tb.Fatalf("GET /api/ingest: %v", err)
	}
	return ingestCounts{queue: s.Queue, indexed: s.ByStatus["indexed"], failed: s.ByStatus["failed"]}
}

// percentile is the p-th latency (0 < p ≤ 1) of lat, by rank.
func percentile(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// cpuTimes are the machine's busy and total CPU ticks (/proc/stat).
type cpuTimes struct{ busy, total int64 }

// machineCPU reads the first line of /proc/stat; zero where there is none.
func machineCPU() cpuTimes {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	var t cpuTimes
	for i, s := range f[1:] {
		n, _ := strconv.ParseInt(s, 10, 64)
		t.total += n
		if i != 3 && i != 4 { // idle, iowait
			t.busy += n
		}
	}
	return t
}

// busySince is the share of the machine's CPU time that was busy (all
// processes: search, parse and OCR children, and the neighbours) since c0.
func (c cpuTimes) busySince(c0 cpuTimes) float64 {
	if c.total <= c0.total {
		return 0
	}
	return float64(c.busy-c0.busy) / float64(c.total-c0.total)
}
