package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"vanban/ingest"
	"vanban/internal/httpx"
	"vanban/internal/servertest"
	"vanban/model"
	"vanban/server"
)

// A filter of blanks is no filter, as an empty one is; it must not turn
// into "documents without that field".
func TestBlankFilterIsNoFilter(t *testing.T) {
	srv := newTestServer(t, nil)
	total := func(path string) float64 {
		resp, body := apiGet(t, srv.URL+path)
		var r struct{ Total float64 }
		if resp.StatusCode != 200 || json.Unmarshal(body, &r) != nil {
			t.Fatalf("%s: status %d %s", path, resp.StatusCode, body)
		}
		return r.Total
	}
	all := total("/api/search")
	for _, p := range []string{"/api/search?issuer=%20", "/api/search?type=+", "/api/search?province=%20%20"} {
		if got := total(p); got != all {
			t.Errorf("%s: %v hits, want all %v", p, got, all)
		}
	}
}

func TestAuthorization(t *testing.T) {
	srv, _ := newIngestServer(t, "s3cret")
	t.Run("scheme in any case", func(t *testing.T) {
		for _, scheme := range []string{"bearer", "BEARER", "Bearer"} {
			status, m := post(t, srv, upload{body: strings.NewReader("%PDF-case " + scheme), auth: scheme + " s3cret", query: "?name=a.xlsx"})
			if status != http.StatusAccepted {
				t.Errorf("%s: status %d %v", scheme, status, m)
			}
		}
	})
	t.Run("wrong guesses are limited", func(t *testing.T) {
		for i := range httpx.MaxGuesses {
			if status, m := post(t, srv, upload{body: strings.NewReader("%PDF-x"), auth: "Bearer guess" + fmt.Sprint(i)}); status != http.StatusUnauthorized {
				t.Fatalf("guess %d: status %d %v", i, status, m)
			}
		}
		status, m := post(t, srv, upload{body: strings.NewReader("%PDF-y"), auth: "Bearer s3cret"})
		if status != http.StatusTooManyRequests {
			t.Fatalf("after %d wrong tokens: status %d %v, want 429", httpx.MaxGuesses, status, m)
		}
	})
}

// Without a token anyone may read the ledger, but not where files lie on
// the server's disk.
func TestIngestStatusHidesPathsWithoutToken(t *testing.T) {
	srv, pool := newIngestServer(t, "")
	dir := t.TempDir()
	path := dir + "/bad.xlsx"
	if err := writeFile(path, "BAD file"); err != nil {
		t.Fatal(err)
	}
	e, err := pool.AddPath(context.Background(), path, "path")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"/api/ingest?id=" + e.ID, "/api/ingest"} {
		var body []byte
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			_, body = apiGet(t, srv.URL+u)
			if strings.Contains(string(body), "failed") {
				break
			}
		}
		if strings.Contains(string(body), dir) || !strings.Contains(string(body), "bad.xlsx") {
			t.Errorf("%s: %s; want the name, not the path", u, body)
		}
	}
}

// rawRequest sends head (request line and headers) and then body on a bare
// connection, and returns the status line the server answers, reading
// nothing else; wait bounds the wait for it.
func rawRequest(t *testing.T, srvURL, head, body string, wait time.Duration) (string, time.Duration) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srvURL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, head+body); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(wait))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("no answer within %s: %v", wait, err)
	}
	return strings.TrimSpace(line), time.Since(start)
}

func TestUploadBodyLimits(t *testing.T) {
	srv, _ := newIngestServerWith(t, server.Config{Token: "s3cret", UploadIdle: 200 * time.Millisecond}, servertest.NopSink{})
	head := func(length int) string {
		return fmt.Sprintf("POST /api/documents?name=a.xlsx HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\nContent-Length: %d\r\n\r\n", length)
	}
	t.Run("declared too large is refused before reading", func(t *testing.T) {
		// 200 MiB declared, nothing sent: the answer cannot wait for it.
		line, _ := rawRequest(t, srv.URL, head(200<<20), "", 5*time.Second)
		if !strings.Contains(line, "413") {
			t.Fatalf("answer %q, want 413", line)
		}
	})
	t.Run("a stalled body ends after the idle time", func(t *testing.T) {
		line, took := rawRequest(t, srv.URL, head(40), "only ten b", 5*time.Second)
		if !strings.Contains(line, "408") || took > 3*time.Second {
			t.Fatalf("answer %q after %s, want 408 soon after 200ms", line, took)
		}
	})
	t.Run("a client that hangs up is not a server error", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, head(40)+"only ten b")
		time.Sleep(50 * time.Millisecond)
		conn.Close()
		time.Sleep(300 * time.Millisecond)
		_, body := apiGet(t, srv.URL+"/metrics")
		if strings.Contains(string(body), `route="POST /api/documents",status="500"`) {
			t.Fatalf("an aborted upload counted as 500:\n%s", body)
		}
	})
}

// flakySink fails with ENOSPC while full is set, like an index on a full disk.
type flakySink struct{ full atomic.Bool }

func (s *flakySink) Store(ctx context.Context, f *ingest.File, doc *model.Document) (ingest.Identity, error) {
	if s.full.Load() {
		return ingest.Identity{}, fmt.Errorf("index: write: %w", syscall.ENOSPC)
	}
	return ingest.Identity{}, nil
}

// A full disk is loud: /healthz says which part is degraded, /metrics has a
// gauge, uploads get 507 with a message; and it recovers by itself.
func TestFullDiskIsReported(t *testing.T) {
	sink := &flakySink{}
	sink.full.Store(true)
	srv, pool := newIngestServerWith(t, server.Config{Token: "s3cret"}, sink)
	status, m := post(t, srv, upload{body: strings.NewReader("%PDF-first"), auth: "Bearer s3cret", query: "?name=a.xlsx"})
	if status != http.StatusAccepted {
		t.Fatalf("first upload: %d %v", status, m)
	}
	for deadline := time.Now().Add(5 * time.Second); !pool.Health().Degraded() && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	resp, body := apiGet(t, srv.URL+"/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"degraded"`) || !strings.Contains(string(body), "disk is full") {
		t.Fatalf("healthz while full: %d %s", resp.StatusCode, body)
	}
	if _, body := apiGet(t, srv.URL+"/metrics"); !strings.Contains(string(body), "vanban_ingest_degraded 1") {
		t.Fatalf("metrics while full:\n%s", body)
	}
	status, m = post(t, srv, upload{body: strings.NewReader("%PDF-second"), auth: "Bearer s3cret", query: "?name=b.xlsx"})
	if status != http.StatusInsufficientStorage || !strings.Contains(fmt.Sprint(m["error"]), "disk is full") {
		t.Fatalf("upload while full: %d %v, want 507 saying the disk is full", status, m)
	}
	sink.full.Store(false) // space comes back
	var e ingest.Entry
	for deadline := time.Now().Add(5 * time.Second); e.Status != ingest.StatusIndexed && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		_, body := authGet(t, srv.URL+"/api/ingest?id="+sha("%PDF-first"), "s3cret")
		json.Unmarshal(body, &e)
	}
	if e.Status != ingest.StatusIndexed {
		t.Fatalf("after space came back: %+v", e)
	}
	if resp, body := apiGet(t, srv.URL+"/healthz"); resp.StatusCode != 200 {
		t.Fatalf("healthz after recovery: %d %s", resp.StatusCode, body)
	}
	if _, body := apiGet(t, srv.URL+"/metrics"); !strings.Contains(string(body), "vanban_ingest_degraded 0") {
		t.Fatalf("metrics after recovery:\n%s", body)
	}
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o644) }
