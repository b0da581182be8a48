package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vanban/server"
)

// axeScript finds axe-core's axe.min.js (findAxe), or skips the test.
func axeScript(t *testing.T) string {
	t.Helper()
	axe, looked := findAxe()
	if axe == "" {
		t.Skipf("axe-core not found (looked at %s): npm install --prefix ~/.cache/vanban-npm axe-core@4, as .ci/run does, or set VANBAN_AXE", strings.Join(looked, ", "))
	}
	return axe
}

// findAxe reads axe-core's axe.min.js: $VANBAN_AXE, or the npm package
// .ci/run installs under $VANBAN_NPM (default ~/.cache/vanban-npm); "" and
// the places looked at when there is none.
func findAxe() (string, []string) {
	var candidates []string
	if p := os.Getenv("VANBAN_AXE"); p != "" {
		candidates = append(candidates, p)
	}
	npm := os.Getenv("VANBAN_NPM")
	if npm == "" {
		if home, err := os.UserHomeDir(); err == nil {
			npm = filepath.Join(home, ".cache", "vanban-npm")
		}
	}
	candidates = append(candidates, filepath.Join(npm, "node_modules", "axe-core", "axe.min.js"))
	for _, p := range candidates {
		if b, err := os.ReadFile(p); err == nil {
			return string(b), candidates
		}
	}
	return "", candidates
}

// screenshotDir is where TestBrowserEveryPage leaves its screenshots:
// $VANBAN_ARTIFACTS/pages, else $TMPDIR/vanban-screenshots (kept after the
// test, so they can be looked at; never in the repository).
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(os.TempDir(), "vanban-screenshots")
	if base := os.Getenv("VANBAN_ARTIFACTS"); base != "" {
		dir = filepath.Join(base, "pages")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// TestBrowserEveryPage opens every staff page at 1280 and 360 px wide in
// Chromium, saves a screenshot of each, checks that nothing is wider than
// a 360 px phone screen (no sideways scrolling), and runs axe-core on it:
// no moderate, serious or critical violation (minor ones are logged).
func TestBrowserEveryPage(t *testing.T) {
	axe := axeScript(t)
	// One browser for the 26 page views (about 4 s each on a busy machine).
	ctx := newBrowserFor(t, 8*time.Minute)
	f := testFixture(t)
	srv := newWebServer(t, server.Config{})
	up, _ := newIngestServer(t, "tok")
	failing := newWebServer(t, server.Config{Ingest: &fakeIngester{summary: failedLedger(63)}, Token: "tok"})
	dir := screenshotDir(t)
	pages := []struct{ name, base, path string }{
		{"home", srv.URL, "/"},
		{"search", srv.URL, "/?q=d%E1%BB%B1+to%C3%A1n"},
		{"search-filtered", srv.URL, "/?current_province=L%C3%A2m%20%C4%90%E1%BB%93ng&date_from=01/01/2020"},
		{"search-error", srv.URL, "/?year=abc"},
		{"search-en", srv.URL, "/?lang=en&q=d%E1%BB%B1+to%C3%A1n"},
		{"document", srv.URL, "/documents/" + f.synth.ID},
		{"document-missing", srv.URL, "/documents/nope"},
		{"allocations", srv.URL, "/allocations"},
		{"allocations-province", srv.URL, "/allocations?current_province=L%C3%A0o%20Cai"},
		{"upload", up.URL, "/upload"},
		{"ingest", failing.URL, "/ingest"},
		{"ingest-replica", srv.URL, "/ingest"},
		{"not-found", srv.URL, "/no/such/page"},
	}
	for _, p := range pages {
		for _, width := range []int64{1280, 360} {
			t.Run(fmt.Sprintf("%s@%d", p.name, width), func(t *testing.T) {
				do(t, ctx,
					chromedp.EmulateViewport(width, 800),
					chromedp.Navigate(p.base+p.path),
					chromedp.WaitReady(chromedp.CSS("main")),
					shot(t, dir, fmt.Sprintf("%s-%d.png", p.name, width)),
				)
				checkPage(t, ctx, axe, width)
			})
		}
	}
}

// checkPage checks the page the browser shows, laid out width px wide: at
// 360 px nothing may be wider than the screen (no sideways scrolling), and
// axe-core finds no moderate, serious or critical violation (minor ones are
// logged).
func checkPage(t *testing.T, ctx context.Context, axe string, width int64) {
	t.Helper()
	if width == 360 {
		over := run(t, ctx, chromedp.Evaluate[string](`(() => {
			const w = document.documentElement.clientWidth;
			if (document.documentElement.scrollWidth <= w) return "";
			const wide = [...document.querySelectorAll("body *")].filter(e => {
				const r = e.getBoundingClientRect();
				return r.right > w + 1 && !e.closest(".table-scroll, [data-scroll]") && getComputedStyle(e).position !== "fixed";
			}).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " " + Math.round(e.getBoundingClientRect().right) + "px");
			return "page is " + document.documentElement.scrollWidth + "px wide: " + wide.join(", ");
		})()`))
		if over != "" {
			t.Errorf("at 360 px: %s", over)
		}
	}
	js := run(t, ctx, chromedp.Evaluate[string](axe+`;
		axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal([]byte(js), &vs); err != nil {
		t.Fatalf("axe answer: %v: %.300s", err, js)
	}
	for _, v := range vs {
		if v.Impact == "minor" {
			t.Logf("axe (%s): %s: %s", v.Impact, v.ID, v.Help)
			continue
		}
		for _, n := range v.Nodes {
			t.Errorf("axe %s (%s): %s: %v %.200s", v.ID, v.Impact, v.Help, n.Target, n.HTML)
		}
	}
}
