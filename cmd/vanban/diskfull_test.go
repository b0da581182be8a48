package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeOnFullDisk fills a real filesystem under `vanban serve`: a small
// tmpfs mounted as the data directory (root with mount permission only, as
// in CI; skipped otherwise). While it is full, the files dropped into the
// watched folder wait: /healthz answers 503 "degraded" naming the full
// disk, an upload is refused with 507, the log says so, and no file is
// marked failed. With room for the originals only, the index's writes fail
// and /healthz still says the disk is full. Once space is freed, every file
// is indexed without a restart and /healthz is 200 again. (The pool's own tests fake ENOSPC;
// this one lets the kernel say it, to Bleve, bbolt and the originals alike.)
func TestServeOnFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a full-disk run of serve")
	}
	if os.Geteuid() != 0 {
		t.Skip("not root: mounting a small tmpfs as the data directory needs root (CI runs this as root)")
	}
	if _, err := exec.LookPath("mount"); err != nil {
		t.Skip("no mount command: cannot make a small filesystem")
	}
	data := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", data).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (no mount permission in this container?): %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", data).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", data, err, out)
		}
	})
	fixtureFiles, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	if len(fixtureFiles) == 0 {
		t.Fatalf("no fixtures in %s (go run ./cmd/gentestdata)", fixtures)
	}

	watch := t.TempDir()
	sctx, stop := context.WithCancel(context.Background())
	var served, logged syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(sctx, []string{"serve", "--no-ocr", "--data", data, "--addr", "127.0.0.1:0", "--token", "tok",
			"--watch", watch, "--watch-interval", "100ms", "--workers", "1"}, &served, &logged)
	}()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	waitServing(t, &served)
	base := servedURL(t, served.String())

	// Fill the filesystem to the last byte.
	filler := filepath.Join(data, "filler")
	if err := fillDisk(filler); err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtureFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(watch, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	var health string
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		code, body := httpGet(t, base+"/healthz", "")
		health = body
		if code == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("healthz on a full disk with %d files to store: %d %s; want 503 degraded\nlog:\n%s",
				len(fixtureFiles), code, body, logged.String())
		}
	}
	t.Logf("healthz while full: %s", health)
	if !strings.Contains(health, `"degraded"`) || !strings.Contains(health, "disk is full") {
		t.Errorf("healthz while full: %s; want degraded, saying the disk is full", health)
	}
	req, _ := http.NewRequest("POST", base+"/api/documents?name=late.pdf", strings.NewReader("%PDF-1.4 late"))
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInsufficientStorage || !strings.Contains(string(body), "disk is full") {
		t.Errorf("upload while full: %d %s; want 507 saying the disk is full", resp.StatusCode, body)
	}
	if log := logged.String(); !strings.Contains(log, "no space left on device") {
		t.Errorf("nothing logged about the full disk:\n%s", log)
	}
	if st := ingestState(t, base); st.failed > 0 {
		t.Errorf("files marked failed because the disk was full: %+v", st)
	}

	// Room for the originals but hardly for the index: the writes that
	// fail now are the index's (or the ledger's).
	var need int64
	for _, f := range fixtureFiles {
		fi, _ := os.Stat(f)
		need += fi.Size() + 8<<10
	}
	fi, err := os.Stat(filler)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filler, fi.Size()-need); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		code, body := httpGet(t, base+"/healthz", "")
		if code == http.StatusServiceUnavailable && !strings.Contains(body, "originals") {
			t.Logf("healthz with room for the originals only: %s", body)
			if !strings.Contains(body, "disk is full") {
				t.Errorf("healthz when the index cannot be written: %s; want it to say the disk is full", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("with room for the originals only: healthz %d %s; want 503 for a write after the originals", code, body)
		}
	}

	// Space comes back: everything is indexed without a restart.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	var st ingestCounts
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		st = ingestState(t, base)
		if st.indexed == len(fixtureFiles) && st.queue == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after space was freed: %+v, want %d files indexed\nlog:\n%s", st, len(fixtureFiles), logged.String())
		}
	}
	if st.failed > 0 {
		t.Errorf("after space was freed: %+v; no file may be failed", st)
	}
	if code, body := httpGet(t, base+"/healthz", ""); code != http.StatusOK {
		t.Errorf("healthz after space was freed: %d %s", code, body)
	}
	if code, body := httpGet(t, base+"/api/search?q=95%2FUBND-KT", ""); code != http.StatusOK || !strings.Contains(body, "95/UBND-KT") {
		t.Errorf("search after space was freed: %d %s", code, body)
	}
}

// fillDisk writes path until its filesystem has no space left.
func fillDisk(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				break
			}
			return err
		}
	}
	// The last pages a partial chunk could not take.
	for {
		if _, err := f.Write(chunk[:512]); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return nil
			}
			return err
		}
	}
}

// httpGet answers the status and body of a GET, with the token if not "".
func httpGet(t *testing.T, u, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
