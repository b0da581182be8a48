package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"vanban/ingest"
	"vanban/server"
)

// The browser tests drive the staff pages in headless Chromium, as a clerk
// would: search, filter, open a document, read a table, download a CSV.
// Screenshots go to $VANBAN_ARTIFACTS/browser (CI keeps them) or a
// temporary folder, named in the log. Without Chromium they skip.

func chromiumPath() (string, bool) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

func artifactDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if base := os.Getenv("VANBAN_ARTIFACTS"); base != "" {
		dir = filepath.Join(base, "browser")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// newBrowser starts a fresh headless Chromium for one test, which has 90
// seconds to use it.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return newBrowserFor(t, 90*time.Second)
}

// newBrowserFor is newBrowser with another time limit.
func newBrowserFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	path, ok := chromiumPath()
	if !ok {
		t.Skip("chromium not found: install the Debian packages chromium and chromium-driver to run the browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// The first action starts the browser; it must not run under a timeout,
	// which would stop the browser with it.
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("start chromium %s: %v", path, err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

// shot saves a full-page PNG screenshot.
func shot(t *testing.T, dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, name)
		t.Logf("screenshot %s", p)
		return os.WriteFile(p, buf, 0o644)
	})
}

// run runs an action that answers a value, failing the test on error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// clickToPage clicks the element sel, which leads to another page, and
// returns once that page has loaded (chromedp.RunResponse). Queries sent
// in the same run as the click could reach the document being replaced and
// wait on nodes that are gone: on a busy machine a hang to the time limit
// or "Not attached to an active page".
func clickToPage(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserSearchFilterDocument(t *testing.T) {
	ctx := newBrowser(t)
	srv := newWebServer(t, server.Config{})
	dir := artifactDir(t)

	do(t, ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		shot(t, dir, "01-home.png"),
		// Keyboard: the first Tab lands on the skip link.
		chromedp.KeyEvent("\t"),
	)
	if focused := run(t, ctx, chromedp.Evaluate[string](`document.activeElement.className`)); focused != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", focused)
	}

	// Search by words.
	do(t, ctx,
		chromedp.SendKeys(chromedp.ID("q"), "dự toán"),
	)
	clickToPage(t, ctx, ".qbox button")
	do(t, ctx,
		chromedp.WaitVisible(chromedp.CSS("ol.hits")),
		shot(t, dir, "02-search.png"),
	)
	if results := run(t, ctx, chromedp.Text(chromedp.ID("results-h"))); !strings.Contains(results, "Tìm thấy") {
		t.Errorf("results heading %q", results)
	}
	if url := run(t, ctx, chromedp.Location()); !strings.Contains(url, "q=d%E1%BB%B1+to%C3%A1n") {
		t.Errorf("the query is not in the URL: %s", url)
	}

	// Filter by a post-2025 province that merged Đắk Nông in.
	do(t, ctx,
		chromedp.SetValue(chromedp.ID("f-current"), "Lâm Đồng"),
	)
	clickToPage(t, ctx, "fieldset.filters .actions button")
	do(t, ctx,
		// The new page has the choice selected (an option is never "visible").
		chromedp.Query(chromedp.CSS(`#f-current option[value="Lâm Đồng"][selected]`)),
		chromedp.WaitVisible(chromedp.CSS("ol.hits")),
		shot(t, dir, "03-filter.png"),
	)
	if url := run(t, ctx, chromedp.Location()); !strings.Contains(url, "current_province=L%C3%A2m") {
		t.Errorf("the filter is not in the URL: %s", url)
	}
	hits := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ol.hits > li").length`))
	if results := run(t, ctx, chromedp.Text(chromedp.CSS("ol.hits"))); hits != 1 || !strings.Contains(results, "2000/QĐ-BTC") {
		t.Errorf("filtered to %d hits: %q", hits, results)
	}

	// Open the document and read its table.
	clickToPage(t, ctx, "ol.hits li h3 a")
	do(t, ctx,
		chromedp.WaitVisible(chromedp.ID("table-1")),
		shot(t, dir, "04-document.png"),
	)
	heading := run(t, ctx, chromedp.Text(chromedp.CSS("h1")))
	title := run(t, ctx, chromedp.Title())
	if !strings.Contains(heading, "2000/QĐ-BTC") || !strings.Contains(title, "2000/QĐ-BTC") {
		t.Errorf("document heading %q, title %q", heading, title)
	}
	if head := run(t, ctx, chromedp.Text(chromedp.CSS("#table-1 thead"))); !strings.Contains(head, "BỔ SUNG CÓ MỤC TIÊU") {
		t.Errorf("table head %q", head)
	}

	// The English toggle keeps the page.
	clickToPage(t, ctx, `a[hreflang="en"]`)
	do(t, ctx,
		chromedp.WaitVisible(chromedp.CSS(`html[lang="en"] #table-1`)),
		shot(t, dir, "05-document-en.png"),
	)
}

func TestBrowserAllocationsCSV(t *testing.T) {
	ctx := newBrowser(t)
	srv := newWebServer(t, server.Config{})
	dir := artifactDir(t)
	downloads := t.TempDir()

	progress := chromedp.Events(ctx, browser.DownloadProgress)
	yes := true
	do(t, ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &yes})
			return err
		}),
		chromedp.Navigate(srv.URL+"/allocations"),
		chromedp.WaitVisible(chromedp.ID("a-current")),
		chromedp.SetValue(chromedp.ID("a-current"), "Lào Cai"),
		chromedp.SendKeys(chromedp.ID("a-year"), "2020"),
	)
	clickToPage(t, ctx, "form .actions button")
	do(t, ctx,
		chromedp.WaitVisible(chromedp.CSS("svg.chart")),
		shot(t, dir, "06-allocations.png"),
	)
	if total := run(t, ctx, chromedp.Text(chromedp.CSS(".total"))); total != "3.494.047.000.000 đồng" {
		t.Errorf("total %q, want 3.494.047.000.000 đồng (Lào Cai and Yên Bái)", total)
	}
	if bars := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart rect").length`)); bars != 2 {
		t.Errorf("%d bars, want 2", bars)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href*="format=csv"]`)))
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the CSV download: %v", err)
		}
		if ev.State != browser.DownloadProgressStateCompleted {
			continue
		}
		b, err := os.ReadFile(filepath.Join(downloads, ev.GUID))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Lào Cai", "Yên Bái", "2994047000000"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("downloaded CSV lacks %q:\n%s", want, b)
			}
		}
		break
	}
}

// TestBrowserRealDocuments renders real documents with their tables and a
// real allocations page, for the screenshots (looked at by people).
func TestBrowserRealDocuments(t *testing.T) {
	ix, recs := realFixture(t)
	ctx := newBrowser(t)
	srv := newWebServer(t, server.Config{Store: ix})
	dir := artifactDir(t)
	for i, name := range realCorpus {
		rec := recs[name]
		do(t, ctx,
			chromedp.Navigate(srv.URL+"/documents/"+rec.ID),
			chromedp.WaitVisible(chromedp.CSS("h1")),
			shot(t, dir, fmt.Sprintf("real-%d-%s.png", i+1, strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))),
		)
		if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("section.table-block table").length`)); n != len(rec.Tables) {
			t.Errorf("%s: %d tables shown, %d in the record", name, n, len(rec.Tables))
		}
	}
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/allocations?province=L%C3%A0o%20Cai"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
		shot(t, dir, "real-allocations-lao-cai.png"),
	)
}

// TestBrowserUpload sends a file through the upload form into a real ingest
// pool and waits, without JavaScript of ours, for the status page to refresh
// itself to "done".
func TestBrowserUpload(t *testing.T) {
	ctx := newBrowser(t)
	srv, _ := newIngestServer(t, "tok")
	dir := artifactDir(t)
	file := filepath.Join(t.TempDir(), "bao-cao.xlsx")
	if err := os.WriteFile(file, []byte("%PDF-xin chào"), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/upload"),
		chromedp.WaitVisible(chromedp.ID("u-token")),
		chromedp.SendKeys(chromedp.ID("u-token"), "tok"),
		chromedp.SetUploadFiles(chromedp.ID("u-file"), []string{file}),
		shot(t, dir, "07-upload.png"),
	)
	clickToPage(t, ctx, "form.upload button")
	do(t, ctx,
		chromedp.WaitVisible(chromedp.CSS("p.ok")),
		shot(t, dir, "08-upload-done.png"),
	)
	if name := run(t, ctx, chromedp.Text(chromedp.CSS("main p strong"))); name != "bao-cao.xlsx" {
		t.Errorf("status page names %q", name)
	}
}

// TestBrowserRetry has a file that failed read again from the upload
// page, as a clerk would: type the access code, tick "Tệp lỗi", press the
// button, and read the result page, which names the file and links its
// status page. With axe-core at hand the result page is checked as every
// page is (TestBrowserEveryPage).
func TestBrowserRetry(t *testing.T) {
	ctx := newBrowser(t)
	srv, pool := newIngestServer(t, "tok")
	dir := artifactDir(t)
	id := uploadFile(t, srv, "tok", "công văn hỏng.xlsx", "%PDF-BAD bytes")
	if e := settled(t, pool, id, 10*time.Second); e.Status != ingest.StatusFailed {
		t.Fatalf("the damaged upload is %s, want failed", e.Status)
	}
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/upload"),
		chromedp.WaitVisible(chromedp.ID("r-token")),
		chromedp.SendKeys(chromedp.ID("r-token"), "tok"),
		chromedp.Click(chromedp.ID("r-failed")),
		shot(t, dir, "09-retry.png"),
	)
	clickToPage(t, ctx, "form.retry button")
	do(t, ctx,
		chromedp.WaitVisible(chromedp.CSS("ul.files")),
		shot(t, dir, "10-retry-done.png"),
	)
	if msg := run(t, ctx, chromedp.Text(chromedp.CSS("p.ok"))); msg != "Đã xếp 1 tệp vào hàng chờ đọc lại." {
		t.Errorf("result says %q", msg)
	}
	if item := run(t, ctx, chromedp.Text(chromedp.CSS("ul.files li"))); !strings.Contains(item, "công văn hỏng.xlsx") ||
		!strings.Contains(item, "trước đó: tệp lỗi") || !strings.Contains(item, "Tệp bị hỏng") {
		t.Errorf("result lists %q", item)
	}
	if href := run(t, ctx, chromedp.AttributeValue(chromedp.CSS("ul.files li a"), "href")).Value; href != "/upload/"+id {
		t.Errorf("the file links %q, want its status page /upload/%s", href, id)
	}
	axe, looked := findAxe()
	if axe == "" {
		t.Logf("axe-core not found (looked at %s): the result page is not checked for accessibility", strings.Join(looked, ", "))
		return
	}
	for _, width := range []int64{1280, 360} {
		do(t, ctx, chromedp.EmulateViewport(width, 800))
		checkPage(t, ctx, axe, width)
	}
}
