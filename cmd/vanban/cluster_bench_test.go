package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vanban/cluster"
	"vanban/ingest"
	"vanban/internal/natstest"
)

// benchSets writes the text set and the scan set into two folders. The
// text set is every document of the shared corpus that a plain `vanban
// ingest --no-ocr` does not find to need OCR (scans are chosen by what
// vanban reads, not by name); the scan set is a one-page scan and three
// variants of it with a comment appended (four distinct files).
func benchSets(b *testing.B, bin string) (text string, nText int, scans string, nScans int) {
	all := b.TempDir()
	for _, f := range corpusDocuments(b) {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		os.WriteFile(filepath.Join(all, filepath.Base(f)), data, 0o644)
	}
	data := b.TempDir()
	timed(b, bin, "ingest", "--no-ocr", "--data", data, all)
	out, err := exec.Command(bin, "status", "--json", "--failures", "10000", "--data", data).Output()
	if err != nil {
		b.Fatalf("status: %v", err)
	}
	var st struct {
		Failures []*ingest.Entry `json:"failures"`
	}
	if err := json.Unmarshal(out, &st); err != nil {
		b.Fatal(err)
	}
	for _, e := range st.Failures {
		if e.Status == ingest.StatusNeedsOCR {
			for _, src := range e.Sources {
				os.Remove(src.Path)
			}
		}
	}
	text = all
	left, _ := os.ReadDir(all)
	nText = len(left)
	scans = b.TempDir()
	scan, err := os.ReadFile("../../../shared/corpus/pdf/lamdong_CV1413-PC04_ho-tro-kinh-phi_SCAN.pdf")
	if err != nil {
		b.Skip("the shared corpus scan is missing")
	}
	for i := range 4 {
		v := append(append([]byte{}, scan...), fmt.Sprintf("\n%% variant %d\n%%%%EOF\n", i)...)
		os.WriteFile(filepath.Join(scans, fmt.Sprintf("scan-%d.pdf", i)), v, 0o644)
		nScans++
	}
	return
}

// timed runs the vanban binary with args and returns its wall time.
func timed(b *testing.B, bin string, args ...string) time.Duration {
	b.Helper()
	start := time.Now()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		b.Fatalf("vanban %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return time.Since(start)
}

// BenchmarkClusterWorkers measures files/s of the text documents of the
// shared corpus (those that need no OCR) and OCR pages/s of four one-page
// scans through a hub and 1, 2 and 4 worker processes (one file at a time
// each) on a real nats-server on this machine, from `vanban ingest --nats
// --wait` until the hub has written the last record. The reference is the
// plain single-machine `vanban ingest --workers 1` of the same files in the
// same script, the better of two runs: x-ref-N is the cluster's rate with N
// workers over it. Needs nats-server, the shared corpus, and tesseract for
// the OCR figures.
//
//	go test ./cmd/vanban -run XXX -bench ClusterWorkers -benchtime 1x -timeout 60m
func BenchmarkClusterWorkers(b *testing.B) {
	bin := buildVanban(b)
	text, nText, scans, nScans := benchSets(b, bin)
	_, errT := exec.LookPath("tesseract")
	ocr := errT == nil
	b.ReportMetric(float64(nText), "text-files")
	for i := 0; i < b.N; i++ {
		// The reference, at its best of two runs (the machine is shared).
		refText := min(timed(b, bin, "ingest", "--no-ocr", "--workers", "1", "--data", b.TempDir(), text),
			timed(b, bin, "ingest", "--no-ocr", "--workers", "1", "--data", b.TempDir(), text))
		b.ReportMetric(float64(nText)/refText.Seconds(), "files/s-ref")
		var refOCR time.Duration
		if ocr {
			refOCR = min(timed(b, bin, "ingest", "--workers", "1", "--data", b.TempDir(), scans),
				timed(b, bin, "ingest", "--workers", "1", "--data", b.TempDir(), scans))
			b.ReportMetric(float64(nScans)/refOCR.Seconds(), "ocr-pages/s-ref")
		}
		for _, n := range []int{1, 2, 4} {
			srv := natstest.Start(b)
			hub := exec.Command(bin, "serve", "--nats", srv.URL, "--data", b.TempDir(), "--addr", "127.0.0.1:0")
			if err := hub.Start(); err != nil {
				b.Fatal(err)
			}
			var workers []*exec.Cmd
			for range n {
				w := exec.Command(bin, "worker", "--nats", srv.URL, "--workers", "1")
				if err := w.Start(); err != nil {
					b.Fatal(err)
				}
				workers = append(workers, w)
			}
			c, err := cluster.Connect(context.Background(), cluster.Config{URL: srv.URL})
			if err != nil {
				b.Fatal(err)
			}
			// Until the hub has written every record: what a search sees.
			indexed := func(start time.Time) time.Duration {
				for {
					q, err := c.Status(context.Background())
					if err == nil && q.HubWaiting == 0 {
						return time.Since(start)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
			start := time.Now()
			timed(b, bin, "ingest", "--nats", srv.URL, "--wait", text)
			took := indexed(start)
			b.ReportMetric(float64(nText)/took.Seconds(), fmt.Sprintf("files/s-%dw", n))
			b.ReportMetric(refText.Seconds()/took.Seconds(), fmt.Sprintf("x-ref-%dw", n))
			if ocr {
				start := time.Now()
				timed(b, bin, "ingest", "--nats", srv.URL, "--wait", scans)
				took := indexed(start)
				b.ReportMetric(float64(nScans)/took.Seconds(), fmt.Sprintf("ocr-pages/s-%dw", n))
				b.ReportMetric(refOCR.Seconds()/took.Seconds(), fmt.Sprintf("x-ref-ocr-%dw", n))
			}
			c.Close()
			for _, p := range append(workers, hub) {
				p.Process.Signal(syscall.SIGTERM)
				p.Wait()
			}
			srv.Stop()
		}
	}
}
