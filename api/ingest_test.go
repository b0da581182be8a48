package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vanban/ingest"
	"vanban/internal/servertest"
	"vanban/server"
)

func newIngestServer(t *testing.T, token string) (*httptest.Server, *ingest.Pool) {
	t.Helper()
	return newIngestServerWith(t, server.Config{Token: token}, servertest.NopSink{})
}

// newIngestServerWith is newIngestServer with a server config (its Store and
// Ingest are filled in) and a sink.
func newIngestServerWith(t *testing.T, cfg server.Config, sink ingest.Sink) (*httptest.Server, *ingest.Pool) {
	t.Helper()
	pool, ix := servertest.Pool(t, sink)
	cfg.Store, cfg.Ingest = ix, pool
	srv := httptest.NewServer(server.New(cfg).Handler())
	t.Cleanup(srv.Close)
	return srv, pool
}

type upload struct {
	body        io.Reader
	contentType string
	auth        string
	query       string
}

func post(t *testing.T, srv *httptest.Server, u upload) (int, map[string]any) {
	t.Helper()
	status, m, _ := postHeader(t, srv, u)
	return status, m
}

func postHeader(t *testing.T, srv *httptest.Server, u upload) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL+"/api/documents"+u.query, u.body)
	if u.contentType != "" {
		req.Header.Set("Content-Type", u.contentType)
	}
	if u.auth != "" {
		req.Header.Set("Authorization", u.auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("answer is not JSON: %v", err)
	}
	return resp.StatusCode, m, resp.Header
}

func multipartBody(t *testing.T, name, content string) (io.Reader, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, _ := mw.CreateFormFile("file", name)
	io.WriteString(w, content)
	mw.Close()
	return &b, mw.FormDataContentType()
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestUploadAPI(t *testing.T) {
	srv, _ := newIngestServer(t, "s3cret")
	mp, mpType := multipartBody(t, "phu-luc.xlsx", "%PDF-multipart content")
	mpText, mpTextType := multipartBody(t, "notes.xlsx", "just some text, no spreadsheet")
	cases := []struct {
		name   string
		up     upload
		status int
		id     string // want this id when set
	}{
		{"no token", upload{body: strings.NewReader("x"), query: "?name=a.xlsx"}, http.StatusUnauthorized, ""},
		{"wrong token", upload{body: strings.NewReader("x"), auth: "Bearer nope"}, http.StatusUnauthorized, ""},
		{"not bearer", upload{body: strings.NewReader("x"), auth: "Basic czNjcmV0"}, http.StatusUnauthorized, ""},
		{"raw body", upload{body: strings.NewReader("%PDF-raw content"), auth: "Bearer s3cret", query: "?name=a.xlsx"}, http.StatusAccepted, sha("%PDF-raw content")},
		{"multipart", upload{body: mp, contentType: mpType, auth: "Bearer s3cret"}, http.StatusAccepted, sha("%PDF-multipart content")},
		{"too large", upload{body: strings.NewReader("%PDF-" + strings.Repeat("x", 100)), auth: "Bearer s3cret"}, http.StatusRequestEntityTooLarge, ""},
		{"not a document", upload{body: strings.NewReader("<html>hello</html>"), auth: "Bearer s3cret", query: "?name=a.pdf"}, http.StatusUnsupportedMediaType, ""},
		{"not a document, multipart", upload{body: mpText, contentType: mpTextType, auth: "Bearer s3cret"}, http.StatusUnsupportedMediaType, ""},
		{"empty", upload{body: strings.NewReader(""), auth: "Bearer s3cret"}, http.StatusBadRequest, ""},
		{"multipart without file", upload{body: strings.NewReader("--b--\r\n"), contentType: "multipart/form-data; boundary=b", auth: "Bearer s3cret"}, http.StatusBadRequest, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, m, h := postHeader(t, srv, c.up)
			if status != c.status {
				t.Fatalf("status %d, want %d: %v", status, c.status, m)
			}
			if status >= 400 && m["error"] == "" {
				t.Fatalf("no error message: %v", m)
			}
			if status == http.StatusUnauthorized && !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("401 without WWW-Authenticate: Bearer (RFC 6750): %q", h.Get("WWW-Authenticate"))
			}
			if status == http.StatusUnsupportedMediaType && !strings.Contains(m["error"].(string), "nothing was stored") {
				t.Fatalf("415 without its reason: %v", m)
			}
			if c.id != "" {
				if m["id"] != c.id || m["status_url"] != "/api/ingest?id="+c.id {
					t.Fatalf("answer %v, want id %s", m, c.id)
				}
			}
		})
	}

	t.Run("status follows the upload to indexed", func(t *testing.T) {
		id := sha("%PDF-raw content")
		var e ingest.Entry
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			resp, body := authGet(t, srv.URL+"/api/ingest?id="+id, "s3cret")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			json.Unmarshal(body, &e)
			if e.Status == ingest.StatusIndexed {
				break
			}
		}
		if e.Status != ingest.StatusIndexed || e.Sources[0].Kind != "upload" || e.Sources[0].Name != "a.xlsx" {
			t.Fatalf("entry = %+v", e)
		}
	})
	t.Run("same bytes again is a duplicate", func(t *testing.T) {
		status, m := post(t, srv, upload{body: strings.NewReader("%PDF-raw content"), auth: "Bearer s3cret", query: "?name=copy.xlsx"})
		if status != http.StatusOK || m["duplicate"] != true || m["status"] != "indexed" {
			t.Fatalf("status %d answer %v", status, m)
		}
	})
	t.Run("a bad file gets its reason", func(t *testing.T) {
		_, m := post(t, srv, upload{body: strings.NewReader("%PDF-BAD bytes"), auth: "Bearer s3cret", query: "?name=bad.xls"})
		id, _ := m["id"].(string)
		var e ingest.Entry
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && e.Status != ingest.StatusFailed; time.Sleep(10 * time.Millisecond) {
			_, body := authGet(t, srv.URL+"/api/ingest?id="+id, "s3cret")
			json.Unmarshal(body, &e)
		}
		if e.Status != ingest.StatusFailed || !strings.Contains(e.Reason, "damaged") {
			t.Fatalf("entry = %+v", e)
		}
	})
	t.Run("summary", func(t *testing.T) {
		resp, body := authGet(t, srv.URL+"/api/ingest", "s3cret")
		var s struct {
			Files    int            `json:"files"`
			ByStatus map[string]int `json:"by_status"`
			Failures []ingest.Entry `json:"failures"`
			Queue    int            `json:"queue"`
		}
		if err := json.Unmarshal(body, &s); err != nil || resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		// raw and multipart indexed; bad and the refused too-large upload
		// failed (an empty request carries no file and is not recorded, nor
		// is a file refused with 415).
		if s.Files != 4 || s.ByStatus["indexed"] != 2 || s.ByStatus["failed"] != 2 || len(s.Failures) != 2 {
			t.Fatalf("summary = %s", body)
		}
	})
	t.Run("status needs the token when one is set", func(t *testing.T) {
		resp, _ := authGet(t, srv.URL+"/api/ingest", "")
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
	t.Run("unknown id is 404", func(t *testing.T) {
		resp, _ := authGet(t, srv.URL+"/api/ingest?id=nope", "s3cret")
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
}

func TestUploadsOffWithoutToken(t *testing.T) {
	srv, _ := newIngestServer(t, "")
	status, m := post(t, srv, upload{body: strings.NewReader("x"), auth: "Bearer anything"})
	if status != http.StatusForbidden || !strings.Contains(m["error"].(string), "--token") {
		t.Fatalf("status %d answer %v", status, m)
	}
}

func authGet(t *testing.T, u, token string) (*http.Response, []byte) {
	t.Helper()
	return authDo(t, http.MethodGet, u, token)
}

// authDo sends a request without a body, with the token when given.
func authDo(t *testing.T, method, u, token string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// TestRetryAPI: POST /api/ingest/retry?status=failed queues again the
// files that failed — not those refused before a byte was kept (nothing
// to read again) — lists them as they were, and the running workers read
// them again. It takes the upload token and only the statuses that end
// without a record.
func TestRetryAPI(t *testing.T) {
	srv, _ := newIngestServer(t, "s3cret")
	entry := func(id string) ingest.Entry {
		t.Helper()
		var e ingest.Entry
		resp, body := authGet(t, srv.URL+"/api/ingest?id="+id, "s3cret")
		if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &e) != nil {
			t.Fatalf("entry %s: %d %s", id, resp.StatusCode, body)
		}
		return e
	}
	settled := func(id string) ingest.Entry {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if e := entry(id); e.Status != ingest.StatusQueued && e.Status != ingest.StatusParsing {
				return e
			}
		}
		t.Fatalf("%s still queued after 5 s", id)
		return ingest.Entry{}
	}
	_, m := post(t, srv, upload{body: strings.NewReader("%PDF-BAD bytes"), auth: "Bearer s3cret", query: "?name=bad.pdf"})
	bad, _ := m["id"].(string)
	post(t, srv, upload{body: strings.NewReader("%PDF-good bytes"), auth: "Bearer s3cret", query: "?name=good.pdf"})
	post(t, srv, upload{body: strings.NewReader("%PDF-" + strings.Repeat("x", 100)), auth: "Bearer s3cret", query: "?name=big.pdf"})
	first := settled(bad)
	if first.Status != ingest.StatusFailed {
		t.Fatalf("bad.pdf: %+v, want failed", first)
	}
	settled(sha("%PDF-good bytes"))

	retry := func(query, token string) (int, []byte) {
		t.Helper()
		resp, body := authDo(t, http.MethodPost, srv.URL+"/api/ingest/retry"+query, token)
		return resp.StatusCode, body
	}
	for _, c := range []struct {
		name, query, token string
		status             int
	}{
		{"no token", "?status=failed", "", http.StatusUnauthorized},
		{"wrong token", "?status=failed", "nope", http.StatusUnauthorized},
		{"no status", "", "s3cret", http.StatusBadRequest},
		{"indexed is not retried", "?status=indexed", "s3cret", http.StatusBadRequest},
		{"unknown parameter", "?status=failed&all=1", "s3cret", http.StatusBadRequest},
	} {
		if status, body := retry(c.query, c.token); status != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, status, body, c.status)
		}
	}
	if e := entry(bad); !e.Queued.Equal(first.Queued) {
		t.Fatalf("a refused retry queued bad.pdf again: %+v", e)
	}

	status, body := retry("?status=failed,needs_ocr", "s3cret")
	var ans struct {
		Queued int `json:"queued"`
		Files  []struct {
			ID, Name, Status, Reason string
			StatusURL                string `json:"status_url"`
		} `json:"files"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &ans) != nil {
		t.Fatalf("retry: %d %s", status, body)
	}
	if ans.Queued != 1 || len(ans.Files) != 1 || ans.Files[0].ID != bad || ans.Files[0].Name != "bad.pdf" ||
		ans.Files[0].Status != "failed" || !strings.Contains(ans.Files[0].Reason, "damaged") || ans.Files[0].StatusURL != "/api/ingest?id="+bad {
		t.Fatalf("retry answer %s: want bad.pdf alone, as it was (failed, damaged)", body)
	}
	again := settled(bad)
	if !again.Queued.After(first.Queued) || !again.Finished.After(first.Finished) || again.Status != ingest.StatusFailed {
		t.Fatalf("bad.pdf was not read again: before %+v, after %+v", first, again)
	}
	if e := entry(sha("%PDF-good bytes")); e.Status != ingest.StatusIndexed {
		t.Errorf("good.pdf: %s, want still indexed", e.Status)
	}
}
