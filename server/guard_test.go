package server

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vanban/internal/servertest"
)

// A query string that does not parse is refused, naming the parameter:
// URL.Query() would drop the pair, and the filter with it, and answer more
// than was asked for.
func TestUnparsableQueryIsRefused(t *testing.T) {
	srv := newTestServer(t)
	cases := []struct{ name, path, param string }{
		{"semicolon after a filter", "/api/allocations?province=Gia%20Lai;", "province"},
		{"semicolon between pairs", "/api/search?q=a;type=x", "q"},
		{"bad escape in a value", "/api/search?type=Quy%E1%BA%BFt%", "type"},
		{"bad escape in a key", "/api/search?ty%zzpe=1", "ty%zzpe"},
		{"on a page too", "/?q=%zz", "q"},
		{"second pair", "/api/search?q=ok&issuer=B%E1%BB%99%2", "issuer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := apiGet(t, srv.URL+c.path)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", resp.StatusCode, body)
			}
			var e struct {
				Error, Param string
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Param != c.param || !strings.Contains(e.Error, c.param) {
				t.Fatalf("answer %s (%v), want the parameter %q named", body, err, c.param)
			}
		})
	}
}

// What net/http would answer in plain text is answered in JSON.
func TestProtocolErrorsAreJSON(t *testing.T) {
	srv := newTestServer(t)
	t.Run("405", func(t *testing.T) {
		resp, err := http.Post(srv.URL+"/api/search", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if !isJSONError(resp, body, http.StatusMethodNotAllowed, "GET") {
			t.Fatalf("status %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	})
	t.Run("431", func(t *testing.T) {
		req, _ := http.NewRequest("GET", srv.URL+"/api/search", nil)
		req.Header.Set("X-Big", strings.Repeat("a", MaxHeaderBytes))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || !json.Valid(body) {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
	})
	t.Run("static folder is not listed", func(t *testing.T) {
		resp, body := apiGet(t, srv.URL+"/static/")
		if resp.StatusCode != http.StatusNotFound || strings.Contains(string(body), "style.css") {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		if resp, _ := apiGet(t, srv.URL+"/static/style.css"); resp.StatusCode != http.StatusOK {
			t.Fatalf("style.css: status %d", resp.StatusCode)
		}
	})
}

// What net/http answers on the connection before any handler runs is JSON
// too, once the listener is wrapped as cmd/vanban wraps it.
func TestConnectionErrorsAreJSON(t *testing.T) {
	srv := httptest.NewUnstartedServer(New(Config{Store: servertest.Index(t)}).Handler())
	srv.Config.MaxHeaderBytes = 4 << 10 // net/http allows 4 KiB more than this
	srv.Listener = PlainErrorsAsJSON(srv.Listener)
	srv.Start()
	t.Cleanup(srv.Close)
	cases := []struct {
		name, request string
		status        int
		want          string
	}{
		{"headers beyond the server's limit", "GET /api/search HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 16<<10) + "\r\n\r\n",
			431, "too large"},
		{"a Host that does not parse", "GET /api/search HTTP/1.1\r\nHost: a b\r\n\r\n", 400, "malformed Host header"},
		{"an unknown transfer coding", "POST /api/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: zip\r\n\r\n", 501, "transfer encoding"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(conn, c.request); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if !isJSONError(resp, body, c.status, c.want) {
				t.Errorf("status %d %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
		})
	}
	// Ordinary answers pass through the wrapped connection untouched.
	resp, body := apiGet(t, srv.URL+"/api/search?q=khuyen")
	if resp.StatusCode != 200 || !json.Valid(body) {
		t.Errorf("search through the wrapped listener: %d %s", resp.StatusCode, body)
	}
}

// isJSONError tells whether an answer is the JSON error every route gives:
// the status, a JSON content type, {"error": …want…, "status": status}.
func isJSONError(resp *http.Response, body []byte, status int, want string) bool {
	var e struct {
		Error  string
		Status int
	}
	return resp.StatusCode == status && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") &&
		json.Unmarshal(body, &e) == nil && e.Status == status && strings.Contains(e.Error, want)
}
