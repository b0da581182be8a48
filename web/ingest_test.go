package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"vanban/cluster"
	"vanban/ingest"
	"vanban/server"
)

// failedLedger is a ledger summary with n files that failed or need OCR,
// newest first: the first is password-protected and has a hostile name,
// the second a scan that needs OCR, seen in a watched folder on the
// server's disk.
func failedLedger(n int) ingest.Summary {
	now := time.Date(2026, 12, 6, 9, 30, 0, 0, time.Local)
	sum := ingest.Summary{Files: n + 10, ByStatus: map[ingest.Status]int{ingest.StatusIndexed: 7, ingest.StatusQueued: 2,
		ingest.StatusParsing: 1, ingest.StatusFailed: n - 1, ingest.StatusNeedsOCR: 1}}
	for i := range n {
		e := &ingest.Entry{ID: fmt.Sprintf("id%03d", i), Status: ingest.StatusFailed, Reason: "xlsx: zip: not a valid zip file (damaged)",
			Finished: now.Add(-time.Duration(i) * time.Minute), Sources: []ingest.Source{{Kind: "upload", Name: fmt.Sprintf("tệp %03d.xlsx", i)}}}
		switch i {
		case 0:
			e.Cause, e.Reason, e.Sources[0].Name = "encrypted", "a.pdf: file is encrypted", "Quyết định <mật>.pdf"
		case 1:
			e.Status, e.Reason, e.Sources = ingest.StatusNeedsOCR, "", []ingest.Source{{Kind: "watch", Name: "scan.pdf", Path: "/srv/in/scan.pdf"}}
		}
		sum.Failures = append(sum.Failures, e)
	}
	return sum
}

// TestIngestPage: the intake page counts the ledger's files by status in
// the upload pages' words, lists the files not indexed newest first, 50 a
// page, each linked to its progress page with its status, when it stopped
// and its reason in plain words, and offers the retry form beside them; a
// form refused there comes back there, and the result leads back there.
func TestIngestPage(t *testing.T) {
	up := &fakeIngester{summary: failedLedger(63)}
	srv := newWebServer(t, server.Config{Ingest: up, Token: "s3cret"})

	status, body, _ := get(t, srv, "/ingest")
	if status != http.StatusOK {
		t.Fatalf("status %d\n%s", status, body)
	}
	pageHolds(t, body, []string{"<title>Tình trạng nhập tệp · Tra cứu văn bản</title>", `<h1>Tình trạng nhập tệp</h1>`,
		`<a href="/ingest" aria-current="page">Tình trạng nhập tệp</a>`,
		`<th scope="row">Đã đưa vào kho tìm kiếm (đã lập chỉ mục)</th><td class="num">7</td>`,
		`<th scope="row">Đã nhận, đang chờ đến lượt đọc</th><td class="num">2</td>`,
		`<th scope="row">Đang đọc tệp và trích xuất thông tin</th><td class="num">1</td>`,
		`<th scope="row">Tệp lỗi (không đọc được)</th><td class="num">62</td>`,
		`<th scope="row">Tệp cần OCR (bản quét chưa nhận dạng chữ)</th><td class="num">1</td>`,
		`<th scope="row">Tổng số tệp đã nhận</th><td class="num">73</td>`,
		"63 tệp chưa đưa vào kho tìm kiếm, mới nhất trước.", "Tệp thứ 1 đến 50 trong 63 tệp.",
		`<a href="/upload/id000">Quyết định &lt;mật&gt;.pdf</a> <span class="muted">(tệp lỗi, lúc 09:30 06/12/2026)</span><br>Lý do: Tệp được đặt mật khẩu.`,
		`<a href="/upload/id001">scan.pdf</a> <span class="muted">(tệp cần OCR, lúc 09:29 06/12/2026)</span><br>Lý do: Tệp là bản quét không có lớp chữ`,
		`<a href="/upload/id049">tệp 049.xlsx</a>`, "Lý do: Tệp bị hỏng, không mở được.",
		`<a href="/ingest?page=2" rel="next">`, `mới nhất trước. Bấm vào tên tệp để xem chi tiết. <a href="#retry-h">Đọc lại các tệp này</a>`, `action="/upload/retry"`, `<input type="hidden" name="from" value="ingest">`,
		`<label for="r-failed">Tệp lỗi`}, nil)
	if n := strings.Count(body, `<li><a href="/upload/`); n != 50 {
		t.Errorf("%d files listed, want 50", n)
	}
	for _, no := range []string{"id050", "/srv/in", "ổ đĩa"} {
		if strings.Contains(body, no) {
			t.Errorf("page shows %q", no)
		}
	}
	checkMarkup(t, body)
	if t.Failed() {
		t.Log(body)
	}

	t.Run("page 2: the rest", func(t *testing.T) {
		_, body, _ := get(t, srv, "/ingest?page=2")
		if n := strings.Count(body, `<li><a href="/upload/`); n != 13 || !strings.Contains(body, `<a href="/upload/id050">`) ||
			!strings.Contains(body, `<a href="/upload/id062">`) || !strings.Contains(body, "Tệp thứ 51 đến 63 trong 63 tệp.") {
			t.Errorf("%d files listed\n%s", n, body)
		}
		up.mu.Lock()
		asked := slices.Clone(up.summarized)
		up.mu.Unlock()
		if asked[len(asked)-1] != 100 {
			t.Errorf("Summarize asked for %v failures, want the last for 100", asked)
		}
	})
	for _, bad := range []string{"0", "abc", "501"} {
		t.Run("page "+bad, func(t *testing.T) {
			if status, body, _ := get(t, srv, "/ingest?page="+bad); status != http.StatusBadRequest || !strings.Contains(body, "Số trang phải là số nguyên từ 1 đến 500.") {
				t.Errorf("status %d\n%s", status, body)
			}
		})
	}
	t.Run("in English", func(t *testing.T) {
		_, body, _ := get(t, srv, "/ingest?lang=en")
		pageHolds(t, body, []string{`<html lang="en">`, "<h1>Intake status</h1>", `<th scope="row">In the search index (indexed)</th>`,
			`<th scope="row">Failed files (could not be read)</th><td class="num">62</td>`, "Files not in the search index: 63, newest first.",
			"(failed, at 09:30 06/12/2026)", "Reason: The file is password-protected.", "Read again"}, nil)
	})
	t.Run("a refused retry comes back here", func(t *testing.T) {
		status, body := postRetry(t, srv, "/upload/retry", url.Values{"token": {"nope"}, "status": {"needs_ocr"}, "from": {"ingest"}})
		if status != http.StatusUnauthorized || !strings.Contains(body, "<h1>Tình trạng nhập tệp</h1>") ||
			!strings.Contains(body, `<p class="alert" role="alert">Mã truy cập không đúng.</p>`) ||
			!strings.Contains(body, `value="needs_ocr" checked>`) || !strings.Contains(body, `<a href="/upload/id000">`) {
			t.Errorf("status %d\n%s", status, body)
		}
		up.mu.Lock()
		defer up.mu.Unlock()
		if len(up.retries) != 0 {
			t.Errorf("Retry was asked for %v", up.retries)
		}
	})
	t.Run("the retry's result leads back here", func(t *testing.T) {
		up.mu.Lock()
		up.retried = up.summary.Failures[:2]
		up.mu.Unlock()
		status, body := postRetry(t, srv, "/upload/retry", url.Values{"token": {"s3cret"}, "status": {"failed", "needs_ocr"}, "from": {"ingest"}})
		if status != http.StatusOK || !strings.Contains(body, "Đã xếp 2 tệp vào hàng chờ đọc lại.") ||
			!strings.Contains(body, `<a href="/ingest">Quay lại trang tình trạng nhập tệp</a>`) ||
			!strings.Contains(body, `<a href="/ingest" aria-current="page">`) {
			t.Errorf("status %d\n%s", status, body)
		}
	})
	t.Run("beyond the last page, the rest is counted", func(t *testing.T) {
		up.mu.Lock()
		up.summary.ByStatus[ingest.StatusFailed] = 500*50 + 9
		up.mu.Unlock()
		_, body, _ := get(t, srv, "/ingest")
		if !strings.Contains(body, "Danh sách chỉ đến trang cuối; còn 10 tệp cũ hơn.") || !strings.Contains(body, `<a href="/ingest?page=500" aria-label="Trang 500">500</a>`) {
			t.Errorf("page lacks the count of the rest or the last page\n%s", body)
		}
	})
}

// TestIngestPageStates: nothing failed (no list, no form); no token (the
// list, no form, the hint); a full disk (said in plain words, with the
// technical detail folded); a read-only replica (no queue, said, not an
// error).
func TestIngestPageStates(t *testing.T) {
	t.Run("every file indexed", func(t *testing.T) {
		up := &fakeIngester{summary: ingest.Summary{Files: 3, ByStatus: map[ingest.Status]int{ingest.StatusIndexed: 3}}}
		srv := newWebServer(t, server.Config{Ingest: up, Token: "s3cret"})
		_, body, _ := get(t, srv, "/ingest")
		if !strings.Contains(body, "Không có tệp nào lỗi hoặc cần OCR") || strings.Contains(body, `action="/upload/retry"`) ||
			!strings.Contains(body, `<th scope="row">Tệp lỗi (không đọc được)</th><td class="num">0</td>`) {
			t.Errorf("page:\n%s", body)
		}
		checkMarkup(t, body)
	})
	t.Run("no access code", func(t *testing.T) {
		srv := newWebServer(t, server.Config{Ingest: &fakeIngester{summary: failedLedger(3)}})
		_, body, _ := get(t, srv, "/ingest")
		if !strings.Contains(body, `<a href="/upload/id000">`) || strings.Contains(body, `action="/upload/retry"`) ||
			!strings.Contains(body, "Máy chủ chưa bật mã truy cập") || !strings.Contains(body, "VANBAN_TOKEN") {
			t.Errorf("page:\n%s", body)
		}
		status, body := postRetry(t, srv, "/upload/retry", url.Values{"token": {"x"}, "status": {"failed"}, "from": {"ingest"}})
		if status != http.StatusServiceUnavailable || !strings.Contains(body, `<p class="alert" role="alert">Máy chủ này chưa bật chức năng tải văn bản lên.</p>`) ||
			!strings.Contains(body, "<h1>Tình trạng nhập tệp</h1>") {
			t.Errorf("status %d\n%s", status, body)
		}
	})
	t.Run("a full disk", func(t *testing.T) {
		srv := newWebServer(t, server.Config{Ingest: degradedIngester{&fakeIngester{summary: failedLedger(3)}}, Token: "s3cret"})
		_, body, _ := get(t, srv, "/ingest")
		pageHolds(t, body, []string{`<div class="alert" role="alert">`, "Máy chủ không ghi được vào ổ đĩa (ổ đĩa đầy hoặc không ghi được) từ ",
			"Tìm kiếm vẫn dùng được.", "<code>its disk is full: ledger: no space left on device</code>", `<a href="/upload/id000">`}, nil)
		checkMarkup(t, body)
	})
	t.Run("a read-only replica", func(t *testing.T) {
		srv := newWebServer(t, server.Config{})
		status, body, _ := get(t, srv, "/ingest")
		if status != http.StatusOK || !strings.Contains(body, "không có hàng chờ nhập tệp") || strings.Contains(body, "counts-h") {
			t.Errorf("status %d\n%s", status, body)
		}
		checkMarkup(t, body)
	})
}

// hubIngester is an ingester whose files are read on a cluster's machines,
// its queue a cluster.Queue as the hub gives it.
type hubIngester struct {
	*fakeIngester
	q   *cluster.Queue
	err error
}

func (h hubIngester) ClusterQueue(context.Context) (any, error) { return h.q, h.err }

// TestIngestPageHub: a hub says how many machines read files and how many
// wait; when the cluster cannot be reached its own ledger still shows.
func TestIngestPageHub(t *testing.T) {
	q := &cluster.Queue{Subjects: []cluster.SubjectQueue{{Subject: cluster.SubjectText, Waiting: 4, InFlight: 1},
		{Subject: cluster.SubjectOCR, Waiting: 1}}, Workers: make([]cluster.WorkerState, 2), HubWaiting: 3}
	srv := newWebServer(t, server.Config{Ingest: hubIngester{fakeIngester: &fakeIngester{summary: failedLedger(3)}, q: q}, Token: "s3cret"})
	_, body, _ := get(t, srv, "/ingest")
	if !strings.Contains(body, "Các tệp được đọc trên các máy của cụm: 2 máy đang chạy, 5 tệp đang chờ, 1 tệp đang được đọc. 3 tệp đã đọc xong đang chờ ghi vào kho.") {
		t.Errorf("page lacks the cluster's queue\n%s", body)
	}
	srv = newWebServer(t, server.Config{Ingest: hubIngester{fakeIngester: &fakeIngester{summary: failedLedger(3)}, err: errors.New("nats: no responders")}, Token: "s3cret"})
	status, body, _ := get(t, srv, "/ingest")
	if status != http.StatusOK || !strings.Contains(body, "Chưa liên lạc được với cụm máy đọc tệp") || !strings.Contains(body, `<a href="/upload/id000">`) {
		t.Errorf("status %d\n%s", status, body)
	}
}

// TestIngestPageRealPool: a damaged upload read by real ingest workers is
// listed with its reason and a link to its progress page; the file indexed
// beside it is counted, not listed.
func TestIngestPageRealPool(t *testing.T) {
	srv, pool := newIngestServer(t, "tok")
	var ids []string
	for _, f := range []struct{ name, data string }{{"hỏng.xlsx", "%PDF-BAD bytes"}, {"tốt.xlsx", "%PDF-good bytes"}} {
		ids = append(ids, uploadFile(t, srv, "tok", f.name, f.data))
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		sum, err := pool.Summarize(0)
		if err != nil {
			t.Fatal(err)
		}
		if sum.ByStatus[ingest.StatusQueued]+sum.ByStatus[ingest.StatusParsing] == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still queued after 5 s: %v", sum.ByStatus)
		}
	}
	_, body, _ := get(t, srv, "/ingest")
	pageHolds(t, body, []string{`<th scope="row">Đã đưa vào kho tìm kiếm (đã lập chỉ mục)</th><td class="num">1</td>`,
		`<th scope="row">Tệp lỗi (không đọc được)</th><td class="num">1</td>`, "1 tệp chưa đưa vào kho tìm kiếm",
		`<a href="/upload/` + ids[0] + `">hỏng.xlsx</a> <span class="muted">(tệp lỗi, lúc `, "Lý do: Tệp bị hỏng, không mở được."}, nil)
	if strings.Contains(body, ids[1]) || strings.Contains(body, "tốt.xlsx") {
		t.Error("the indexed file is listed among the files not indexed")
	}
	if t.Failed() {
		t.Log(body)
	}
}
