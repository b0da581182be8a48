package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanban/index"
)

// TestSearchAndStatusWhileServing: `vanban search` and `vanban status` on a
// data directory that `vanban serve` holds (Bleve's and the ledger's file
// locks keep them out) ask the server and print what they print without it.
func TestSearchAndStatusWhileServing(t *testing.T) {
	ctx := context.Background()
	data, _ := ingestFixtures(t)
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append([]string{args[0], "--data", data}, args[1:]...), &out, &out)
		return out.String(), err
	}
	searchArgs := []string{"search", "--province", "Lâm Đồng", "cong", "van"}
	wantSearch, err := cmd(searchArgs...)
	if err != nil || !strings.Contains(wantSearch, "95/UBND-KT") {
		t.Fatalf("search without a server: %v\n%s", err, wantSearch)
	}
	wantStatus, err := cmd("status")
	if err != nil {
		t.Fatalf("status without a server: %v\n%s", err, wantStatus)
	}

	sctx, stop := context.WithCancel(ctx)
	var served syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(sctx, []string{"serve", "--no-ocr", "--data", data, "--addr", "127.0.0.1:0", "--token", "tok"},
			&served, io.Discard)
	}()
	stopped := false
	stopServe := func() {
		if !stopped {
			stopped = true
			stop()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		}
	}
	defer stopServe()
	waitServing(t, &served)
	if _, err := os.Stat(filepath.Join(data, urlFile)); err != nil {
		t.Fatalf("serve wrote no %s: %v", urlFile, err)
	}

	got, err := cmd(searchArgs...)
	if err != nil {
		t.Fatalf("search while serving: %v\n%s", err, got)
	}
	if !strings.Contains(got, "(answered by the vanban serve at http://127.0.0.1:") {
		t.Errorf("search does not say the server answered:\n%s", got)
	}
	if rows(got) != rows(wantSearch) {
		t.Errorf("search while serving:\n%s\nwithout a server:\n%s", got, wantSearch)
	}

	// The server's ledger status needs its token.
	t.Setenv("VANBAN_TOKEN", "")
	if got, err := cmd("status"); err == nil || !strings.Contains(err.Error(), "VANBAN_TOKEN") {
		t.Errorf("status without the token: err %v, want one naming VANBAN_TOKEN\n%s", err, got)
	}
	t.Setenv("VANBAN_TOKEN", "tok")
	got, err = cmd("status")
	if err != nil {
		t.Fatalf("status while serving: %v\n%s", err, got)
	}
	if !strings.HasPrefix(got, wantStatus) || !strings.Contains(got[len(wantStatus):], "(answered by the vanban serve at") {
		t.Errorf("status while serving:\n%s\nwithout a server:\n%s", got, wantStatus)
	}
	got, err = cmd("status", "--json")
	var sum struct {
		Files int `json:"files"`
	}
	if err != nil || json.Unmarshal([]byte(got), &sum) != nil || sum.Files == 0 {
		t.Errorf("status --json while serving: %v\n%s", err, got)
	}

	stopServe()
	if _, err := os.Stat(filepath.Join(data, urlFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s left behind after serve stopped: %v", urlFile, err)
	}
	if got, err := cmd(searchArgs...); err != nil || got != wantSearch {
		t.Errorf("search after serve stopped: %v\n%s", err, got)
	}

	// A server that died without removing its file: the lock's own error.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	os.WriteFile(filepath.Join(data, urlFile), []byte(dead+"\n"), 0o644)
	ix, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got, err := cmd(searchArgs...); !errors.Is(err, index.ErrInUse) {
		t.Errorf("search on a held index with a dead server: err %v, want index.ErrInUse\n%s", err, got)
	}
}

// rows is a search's output without its last line (the count, which says
// who answered).
func rows(out string) string {
	out = strings.TrimRight(out, "\n")
	if i := strings.LastIndexByte(out, '\n'); i >= 0 {
		return out[:i]
	}
	return ""
}

// waitServing waits for serve's "serving http://" line.
func waitServing(t testing.TB, out *syncBuffer) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			if strings.Contains(sc.Text(), "serving http://") {
				return
			}
		}
	}
	t.Fatalf("serve did not start:\n%s", out.String())
}
