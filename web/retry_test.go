package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"

	"vanban/ingest"
	"vanban/server"
)

// postRetry sends the upload page's retry form (path is /upload/retry,
// with ?lang= if wanted) and reads the answer.
func postRetry(t *testing.T, srv *httptest.Server, path string, form url.Values) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	status, body, _ := send(t, client, req)
	return status, body
}

// checkMarkup fails t for each gap a11yProblems finds in the page body.
func checkMarkup(t *testing.T, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range a11yProblems(doc) {
		t.Error(problem)
	}
}

// TestRetryForm: the upload page offers the form that has the files not
// indexed read again; it takes the upload token and the statuses ticked,
// asks the ingest workers' Retry for exactly those, and lists the files
// queued again as they were, each linked to its status page.
func TestRetryForm(t *testing.T) {
	up := &fakeIngester{}
	srv := newWebServer(t, server.Config{Ingest: up, Token: "s3cret"})

	_, body, _ := get(t, srv, "/upload")
	for _, want := range []string{`<h2 id="retry-h">Đọc lại các tệp chưa lập chỉ mục</h2>`, `action="/upload/retry"`,
		`<input id="r-failed" name="status" type="checkbox" value="failed">`, `<label for="r-failed">Tệp lỗi`,
		`<input id="r-needs_ocr" name="status" type="checkbox" value="needs_ocr">`, `<label for="r-needs_ocr">Tệp cần OCR`,
		`<label for="r-token">Mã truy cập</label>`, `<a href="/ingest#notindexed-h">Xem các tệp chưa đưa vào kho tìm kiếm và lý do</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("upload page lacks %q", want)
		}
	}

	asked := func() [][]ingest.Status {
		up.mu.Lock()
		defer up.mu.Unlock()
		return slices.Clone(up.retries)
	}
	form := func(token string, statuses ...string) url.Values {
		return url.Values{"token": {token}, "status": statuses}
	}
	refused := []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{"wrong token", form("nope", "failed"), http.StatusUnauthorized,
			[]string{"Mã truy cập không đúng.", `value="failed" checked>`, `value="needs_ocr">`}},
		{"no token", form("", "needs_ocr"), http.StatusUnauthorized, []string{"Mã truy cập không đúng.", `value="needs_ocr" checked>`}},
		{"nothing ticked", form("s3cret"), http.StatusBadRequest, []string{"Hãy chọn loại tệp cần đọc lại"}},
		{"indexed files are not read again", form("s3cret", "indexed"), http.StatusBadRequest, []string{"Hãy chọn loại tệp cần đọc lại"}},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			status, body := postRetry(t, srv, "/upload/retry", tc.form)
			if status != tc.status {
				t.Errorf("status %d, want %d", status, tc.status)
			}
			pageHolds(t, body, append(tc.want, `<p class="alert" role="alert">`, `action="/upload/retry"`), nil)
			if a := asked(); len(a) != 0 {
				t.Errorf("Retry was asked for %v", a)
			}
			checkMarkup(t, body)
			if t.Failed() {
				t.Log(body)
			}
		})
	}

	t.Run("files queued again, listed as they were", func(t *testing.T) {
		up.mu.Lock()
		up.retried = []*ingest.Entry{
			{ID: "aa11", Status: ingest.StatusFailed, Cause: "encrypted", Reason: "a.pdf: file is encrypted",
				Sources: []ingest.Source{{Kind: "upload", Name: "Quyết định <mật>.pdf"}}},
			{ID: "bb22", Status: ingest.StatusNeedsOCR, Sources: []ingest.Source{{Kind: "path", Name: "scan.pdf", Path: "/srv/in/scan.pdf"}}},
		}
		up.mu.Unlock()
		status, body := postRetry(t, srv, "/upload/retry", form(" s3cret ", "needs_ocr", "failed", "failed"))
		if status != http.StatusOK {
			t.Errorf("status %d", status)
		}
		if a := asked(); len(a) != 1 || !slices.Equal(a[0], []ingest.Status{ingest.StatusNeedsOCR, ingest.StatusFailed}) {
			t.Errorf("Retry was asked for %v, want once for [needs_ocr failed]", a)
		}
		for _, w := range []string{"<title>Đọc lại các tệp chưa lập chỉ mục · Tra cứu văn bản</title>",
			`<p class="ok" role="status">Đã xếp 2 tệp vào hàng chờ đọc lại.</p>`,
			`<a href="/upload/aa11">Quyết định &lt;mật&gt;.pdf</a> <span class="muted">(trước đó: tệp lỗi)</span>`,
			"Lý do: Tệp được đặt mật khẩu.",
			`<a href="/upload/bb22">scan.pdf</a> <span class="muted">(trước đó: tệp cần OCR)</span>`,
			"Lý do: Tệp là bản quét không có lớp chữ", `<a href="/upload">Quay lại trang tải văn bản lên</a>`} {
			if !strings.Contains(body, w) {
				t.Errorf("result page lacks %q", w)
			}
		}
		if strings.Contains(body, "/srv/in") {
			t.Error("the result page shows where a file lies on the server's disk")
		}
		checkMarkup(t, body)
		if t.Failed() {
			t.Log(body)
		}
	})
	t.Run("in English", func(t *testing.T) {
		status, body := postRetry(t, srv, "/upload/retry?lang=en", form("s3cret", "failed"))
		for _, w := range []string{`<html lang="en">`, "Files queued to be read again: 2.", "(was: failed)", "Reason: The file is password-protected."} {
			if !strings.Contains(body, w) {
				t.Errorf("status %d: page lacks %q\n%s", status, w, body)
			}
		}
	})
	t.Run("nothing to read again", func(t *testing.T) {
		up.mu.Lock()
		up.retried = nil
		up.mu.Unlock()
		status, body := postRetry(t, srv, "/upload/retry", form("s3cret", "failed", "needs_ocr"))
		if status != http.StatusOK || !strings.Contains(body, "Không có tệp nào cần đọc lại trong loại đã chọn (tệp lỗi, tệp cần OCR).") ||
			strings.Contains(body, `class="files"`) {
			t.Errorf("status %d\n%s", status, body)
		}
	})
	t.Run("a full disk queues nothing and says so", func(t *testing.T) {
		up.mu.Lock()
		up.retryErr = fmt.Errorf("ledger: queue again: %w", syscall.ENOSPC)
		up.mu.Unlock()
		defer func() {
			up.mu.Lock()
			up.retryErr = nil
			up.mu.Unlock()
		}()
		status, body := postRetry(t, srv, "/upload/retry", form("s3cret", "failed"))
		if status != http.StatusInsufficientStorage || !strings.Contains(body, "Máy chủ hiện không ghi được vào ổ đĩa") {
			t.Errorf("status %d\n%s", status, body)
		}
	})
	t.Run("a reload or the language toggle goes back to the form", func(t *testing.T) {
		client := srv.Client()
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		res, err := client.Get(srv.URL + "/upload/retry?lang=en")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/upload?lang=en#retry-h" {
			t.Errorf("status %d, Location %q", res.StatusCode, loc)
		}
	})
}

// degradedIngester is an ingester whose data directory cannot be written.
type degradedIngester struct{ *fakeIngester }

func (degradedIngester) Health() ingest.Health {
	return ingest.Health{Err: fmt.Errorf("ledger: %w", syscall.ENOSPC), Since: time.Now()}
}

// TestRetryFormDegraded: while a full disk holds the ingest queue nothing
// is queued again (as POST /api/ingest/retry answers 507), and the page
// says why in plain words.
func TestRetryFormDegraded(t *testing.T) {
	up := &fakeIngester{}
	srv := newWebServer(t, server.Config{Ingest: degradedIngester{up}, Token: "s3cret"})
	status, body := postRetry(t, srv, "/upload/retry", url.Values{"token": {"s3cret"}, "status": {"failed"}})
	if status != http.StatusInsufficientStorage || !strings.Contains(body, "Máy chủ hiện không ghi được vào ổ đĩa") ||
		!strings.Contains(body, `value="failed" checked>`) {
		t.Errorf("status %d\n%s", status, body)
	}
	if len(up.retries) != 0 {
		t.Errorf("Retry was asked for %v", up.retries)
	}
}

// TestRetryFormOff: without a token the upload page offers no retry form,
// says why as it does for uploads, and a retry sent anyway is refused.
func TestRetryFormOff(t *testing.T) {
	up := &fakeIngester{}
	srv := newWebServer(t, server.Config{Ingest: up})
	_, body, _ := get(t, srv, "/upload")
	if strings.Contains(body, `action="/upload/retry"`) || !strings.Contains(body, "chưa bật chức năng tải văn bản lên") ||
		!strings.Contains(body, "VANBAN_TOKEN") {
		t.Errorf("upload page without a token:\n%s", body)
	}
	status, body := postRetry(t, srv, "/upload/retry", url.Values{"token": {""}, "status": {"failed"}})
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "chưa bật chức năng tải văn bản lên") {
		t.Errorf("status %d\n%s", status, body)
	}
	if len(up.retries) != 0 {
		t.Errorf("Retry was asked for %v", up.retries)
	}
}

// TestRetryFormRealPool: a file that failed in real ingest workers is
// queued again from the upload page, and the running workers (woken by
// the retry: their dispatcher waits for no timer) read it again; a file
// that was indexed is left alone.
func TestRetryFormRealPool(t *testing.T) {
	srv, pool := newIngestServer(t, "tok")
	bad, good := uploadFile(t, srv, "tok", "hỏng.xlsx", "%PDF-BAD bytes"), uploadFile(t, srv, "tok", "tốt.xlsx", "%PDF-good bytes")
	first := settled(t, pool, bad, 5*time.Second)
	if first.Status != ingest.StatusFailed {
		t.Fatalf("hỏng.xlsx: %s, want failed", first.Status)
	}
	if e := settled(t, pool, good, 5*time.Second); e.Status != ingest.StatusIndexed {
		t.Fatalf("tốt.xlsx: %s, want indexed", e.Status)
	}

	if status, _ := postRetry(t, srv, "/upload/retry", url.Values{"token": {"nope"}, "status": {"failed"}}); status != http.StatusUnauthorized {
		t.Errorf("wrong token: status %d", status)
	}
	if e, _ := pool.Entry(bad); !e.Queued.Equal(first.Queued) {
		t.Fatalf("a refused retry queued hỏng.xlsx again: %+v", e)
	}

	status, body := postRetry(t, srv, "/upload/retry", url.Values{"token": {"tok"}, "status": {"failed"}})
	if status != http.StatusOK || strings.Count(body, "(trước đó: ") != 1 ||
		!strings.Contains(body, `<a href="/upload/`+bad+`">hỏng.xlsx</a>`) || !strings.Contains(body, "Tệp bị hỏng, không mở được.") {
		t.Fatalf("status %d: want hỏng.xlsx alone, failed as damaged\n%s", status, body)
	}
	again := settled(t, pool, bad, 5*time.Second)
	if !again.Queued.After(first.Queued) || !again.Finished.After(first.Finished) || again.Status != ingest.StatusFailed {
		t.Fatalf("hỏng.xlsx was not read again: before %+v, after %+v", first, again)
	}
	if e, _ := pool.Entry(good); e.Status != ingest.StatusIndexed {
		t.Errorf("tốt.xlsx: %s, want still indexed", e.Status)
	}
}
