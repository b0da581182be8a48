package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"vanban/index"
	"vanban/ingest"
)

// copyFixtures copies the generated fixtures (and a broken file) into a
// fresh folder.
func copyFixtures(t *testing.T, broken bool) string {
	t.Helper()
	dir := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644)
	}
	if broken {
		os.WriteFile(filepath.Join(dir, "broken.pdf"), []byte("%PDF-1.4\n1 0 obj garbage"), 0o644)
	}
	return dir
}

func TestStatusCommand(t *testing.T) {
	src := copyFixtures(t, true)
	data := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"ingest", "--no-ocr", "--data", data, src}, &out, &out); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out.String())
	}
	n := nFixtures(t)
	if !strings.Contains(out.String(), fmt.Sprintf("%d indexed", n)) || !strings.Contains(out.String(), "1 failed") {
		t.Fatalf("summary:\n%s", out.String())
	}
	t.Run("text", func(t *testing.T) {
		var st bytes.Buffer
		if err := run(context.Background(), []string{"status", "--data", data}, &st, io.Discard); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{fmt.Sprintf("%d files", n+1), fmt.Sprintf("indexed  %d", n), "failed   1", "not indexed:", "broken.pdf"} {
			if !strings.Contains(st.String(), want) {
				t.Errorf("status output lacks %q:\n%s", want, st.String())
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		var st bytes.Buffer
		if err := run(context.Background(), []string{"status", "--json", "--data", data}, &st, io.Discard); err != nil {
			t.Fatal(err)
		}
		var s ingest.Summary
		if err := json.Unmarshal(st.Bytes(), &s); err != nil {
			t.Fatalf("%v\n%s", err, st.String())
		}
		if s.Files != n+1 || s.ByStatus[ingest.StatusIndexed] != n || len(s.Failures) != 1 || s.Failures[0].Reason == "" {
			t.Errorf("summary = %+v", s)
		}
	})
	t.Run("unchanged files are not read again", func(t *testing.T) {
		var again bytes.Buffer
		if err := run(context.Background(), []string{"ingest", "--no-ocr", "--data", data, src}, &again, &again); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(again.String(), fmt.Sprintf("(0 new, %d seen before)", n+1)) {
			t.Errorf("second ingest:\n%s", again.String())
		}
	})
}

func TestReindexRebuildsFromOriginals(t *testing.T) {
	src := copyFixtures(t, false)
	data := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"ingest", "--no-ocr", "--data", data, src}, &out, &out); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out.String())
	}
	os.RemoveAll(src) // the originals are all reindex needs
	out.Reset()
	if err := run(context.Background(), []string{"reindex", "--no-ocr", "--data", data}, &out, io.Discard); err != nil {
		t.Fatalf("reindex: %v\n%s", err, out.String())
	}
	if want := fmt.Sprintf(`^reindexed %d originals in [0-9.]+m?s: %d indexed, 0 failed, 0 need OCR; 0 documents changed in the index\n$`, nFixtures(t), nFixtures(t)); !regexp.MustCompile(want).MatchString(out.String()) {
		t.Errorf("reindex output: %q, want %q", out.String(), want)
	}
	// What the data directory holds during a reindex and its swap
	// (store/swap.go) is gone after it.
	for _, leftover := range []string{".reindex", "reindex.swap", "index.bleve.old", "allocations.bleve.old"} {
		if _, err := os.Stat(filepath.Join(data, leftover)); err == nil {
			t.Errorf("%s left behind", leftover)
		}
	}
	ix, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n, _ := ix.Count(context.Background())
	res, err := ix.Search(context.Background(), index.Query{Q: "4768/QĐ-BCT"})
	if n != uint64(nFixtures(t)) || err != nil || len(res.Hits) == 0 || res.Hits[0].Number != "4768/QĐ-BCT" {
		t.Fatalf("after reindex: %d docs, search err %v hits %+v", n, err, res)
	}
	// The change log (GET /api/changes) tells a mirroring client each
	// document added by the ingest; the reindex read every one into the
	// same record, so it tells nothing more.
	l, err := ingest.OpenLedger(data)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	changes, _, _, err := l.Changes(0, 1000)
	if err != nil || len(changes) != nFixtures(t) {
		t.Fatalf("change log after ingest and reindex: %d changes (%v), want %d", len(changes), err, nFixtures(t))
	}
	for i, c := range changes {
		if c.Change != ingest.ChangeAdded {
			t.Errorf("change %d = %+v, want %s", i, c, ingest.ChangeAdded)
		}
	}
}

func TestIngestInterruptIsResumable(t *testing.T) {
	src := copyFixtures(t, false)
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // interrupted before any file is read
	var out bytes.Buffer
	err := run(ctx, []string{"ingest", "--no-ocr", "--data", data, src}, &out, &out)
	if err == nil {
		t.Fatalf("an interrupted ingest succeeded:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"ingest", "--no-ocr", "--data", data, src}, &out, &out); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if !strings.Contains(out.String(), fmt.Sprintf("%d indexed", nFixtures(t))) {
		t.Fatalf("second run:\n%s", out.String())
	}
}

// syncBuffer is a bytes.Buffer safe for a server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeWatchAndUpload(t *testing.T) {
	watch := t.TempDir()
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--no-ocr", "--data", data, "--addr", "127.0.0.1:0",
			"--watch", watch, "--watch-interval", "50ms", "--token", "tok"}, &out, io.Discard)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "serving http://"); ok {
				base = "http://" + strings.Fields(rest)[0]
				base = strings.TrimSuffix(base, "/")
			}
		}
	}
	if base == "" {
		t.Fatalf("serve did not start:\n%s", out.String())
	}
	// A file dropped in the watched folder is found.
	data95, _ := os.ReadFile(filepath.Join(fixtures, "cv-95-UBND-KT-lam-dong.pdf"))
	os.WriteFile(filepath.Join(watch, "cv95.pdf"), data95, 0o644)
	waitFor(t, base+"/api/search?q=95/UBND-KT", "95/UBND-KT")

	// An upload goes through the same queue.
	data4768, _ := os.ReadFile(filepath.Join(fixtures, "qd-4768-QD-BCT-khuyen-cong-2024.pdf"))
	req, _ := http.NewRequest("POST", base+"/api/documents?name=qd.pdf", bytes.NewReader(data4768))
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload status %d", resp.StatusCode)
	}
	waitFor(t, base+"/api/search?q=4768/QĐ-BCT", "4768/QĐ-BCT")
	waitFor(t, base+"/api/ingest", `"indexed":2`)
}

func waitFor(t *testing.T, u, want string) {
	t.Helper()
	var body []byte
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Authorization", "Bearer tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), want) {
			return
		}
	}
	t.Fatalf("GET %s never contained %q; last answer: %s", u, want, body)
}

// TestServeLiveReindex: `vanban reindex` on a data directory a server holds
// asks the server to rebuild while serving; searches keep answering
// throughout, and the rebuilt index is served afterwards.
func TestServeLiveReindex(t *testing.T) {
	src := copyFixtures(t, false)
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--no-ocr", "--data", data, "--addr", "127.0.0.1:0",
			"--ingest", src, "--token", "tok"}, &out, io.Discard)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := serverBase(t, &out)
	waitFor(t, base+"/api/ingest", fmt.Sprintf(`"indexed":%d`, nFixtures(t)))
	entry := func() ingest.Entry {
		var e ingest.Entry
		data95, _ := os.ReadFile(filepath.Join(fixtures, "cv-95-UBND-KT-lam-dong.pdf"))
		_, body := getWithToken(t, base+"/api/ingest?id="+sha256hex(data95))
		json.Unmarshal(body, &e)
		return e
	}
	before := entry().Finished

	// Searches run all along the reindex.
	stop := make(chan struct{})
	var failures []string
	var searches int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			resp, body := getWithToken(t, base+"/api/search?q=95/UBND-KT")
			searches++
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "95/UBND-KT") {
				failures = append(failures, fmt.Sprintf("%d %s", resp.StatusCode, body))
			}
		}
	}()
	var rout bytes.Buffer
	if err := run(context.Background(), []string{"reindex", "--data", data}, &rout, io.Discard); err != nil {
		t.Fatalf("reindex: %v", err)
	}
	if !strings.Contains(rout.String(), "asked the running server") {
		t.Fatalf("reindex output: %s", rout.String())
	}
	deadline := time.Now().Add(60 * time.Second)
	for !entry().Finished.After(before) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if !entry().Finished.After(before) {
		t.Fatal("the ledger was not updated by a reindex within a minute")
	}
	if len(failures) > 0 || searches == 0 {
		t.Fatalf("%d of %d searches failed during the reindex: %v", len(failures), searches, failures[:min(3, len(failures))])
	}
	waitFor(t, base+"/api/search?q=4768/QĐ-BCT", "4768/QĐ-BCT")
	t.Logf("%d searches answered during the reindex", searches)
}

func serverBase(t *testing.T, out *syncBuffer) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "serving http://"); ok {
				return strings.TrimSuffix("http://"+strings.Fields(rest)[0], "/")
			}
		}
	}
	t.Fatalf("serve did not start:\n%s", out.String())
	return ""
}

func getWithToken(t *testing.T, u string) (*http.Response, []byte) {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return &http.Response{StatusCode: 599}, []byte(err.Error())
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func sha256hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// TestIngestRetryOffline: with no server on the data directory, `vanban
// ingest --retry failed` opens it and reads again the files that failed
// (with no path given), and only those.
func TestIngestRetryOffline(t *testing.T) {
	ctx := context.Background()
	data, src := t.TempDir(), t.TempDir()
	damaged := []byte("PK\x03\x04 a workbook whose zip is cut off after its first bytes")
	if err := os.WriteFile(filepath.Join(src, "hong.xlsx"), damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"ingest", "--no-ocr", "--data", data, src}, &out, &out); err != nil || !strings.Contains(out.String(), "1 failed") {
		t.Fatalf("ingest: %v\n%s", err, out.String())
	}
	hash := sha256.Sum256(damaged)
	id := hex.EncodeToString(hash[:])
	entry := func() *ingest.Entry {
		t.Helper()
		l, err := ingest.OpenLedger(data)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		e, err := l.Get(id)
		if err != nil || e == nil {
			t.Fatalf("ledger entry of hong.xlsx: %v %v", e, err)
		}
		return e
	}
	before := entry()
	if before.Status != ingest.StatusFailed {
		t.Fatalf("hong.xlsx: %s, want failed", before.Status)
	}
	out.Reset()
	if err := run(ctx, []string{"ingest", "--no-ocr", "--data", data, "--retry", "needs_ocr"}, &out, &out); err != nil {
		t.Fatalf("ingest --retry needs_ocr: %v\n%s", err, out.String())
	}
	if e := entry(); !e.Finished.Equal(before.Finished) {
		t.Fatalf("--retry needs_ocr read the failed hong.xlsx again: %+v", e)
	}
	out.Reset()
	if err := run(ctx, []string{"ingest", "--no-ocr", "--data", data, "--retry", "failed"}, &out, &out); err != nil {
		t.Fatalf("ingest --retry failed: %v\n%s", err, out.String())
	}
	if e := entry(); !e.Finished.After(before.Finished) || e.Status != ingest.StatusFailed || !strings.Contains(e.Reason, "damaged") {
		t.Fatalf("hong.xlsx after --retry failed: %+v, before %+v", e, before)
	}
}
