package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"vanban/ingest/format"
	"vanban/ingest/sandbox"
	"vanban/model"
)

// fakeParser reads the file's text: "PDF …" gives one page with that text,
// "ENC" an encrypted error, "SCAN" a page without text, "SLOW" blocks until
// cancelled, "PANIC" makes the sink panic.
type fakeParser struct {
	mu      sync.Mutex
	running int
	peak    int
	calls   atomic.Int32
}

func (fp *fakeParser) parse(ctx context.Context, path, name string, opt format.ParseOptions, lim sandbox.Limits) (*model.Document, error) {
	fp.calls.Add(1)
	fp.mu.Lock()
	fp.running++
	fp.peak = max(fp.peak, fp.running)
	fp.mu.Unlock()
	defer func() { fp.mu.Lock(); fp.running--; fp.mu.Unlock() }()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := string(data)
	time.Sleep(2 * time.Millisecond)
	switch {
	case strings.HasPrefix(s, "ENC"):
		return nil, &format.FileError{Name: name, Err: format.ErrEncrypted}
	case strings.HasPrefix(s, "SCANLATE"):
		return &model.Document{Format: model.FormatPDF, Pages: []model.Page{{Number: 1}, {Number: 2}}, OCRUnread: 2}, nil
	case strings.HasPrefix(s, "SCAN"):
		return &model.Document{Format: model.FormatPDF, Pages: []model.Page{{Number: 1}}}, nil
	case strings.HasPrefix(s, "SLOW"):
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return &model.Document{Format: model.FormatPDF, Pages: []model.Page{{Number: 1, Lines: []model.Line{{Text: s + strings.Repeat(" chữ", 20)}}}}}, nil
}

// memSink remembers what was stored; identity is "number|issuer|date" from
// a line "ID:…" in the text.
type memSink struct {
	mu     sync.Mutex
	stored map[string]int
	fail   error
	// failures, when set, is how many Stores still fail with fail.
	failures *atomic.Int32
}

func (s *memSink) Store(ctx context.Context, f *File, doc *model.Document) (Identity, error) {
	if s.fail != nil && (s.failures == nil || s.failures.Add(-1) >= 0) {
		return Identity{}, s.fail
	}
	text := doc.Text()
	if strings.Contains(text, "PANIC") {
		panic("extractor bug")
	}
	s.mu.Lock()
	s.stored[f.ID]++
	s.mu.Unlock()
	var id Identity
	if i := strings.Index(text, "ID:"); i >= 0 {
		parts := strings.SplitN(strings.Fields(text[i+3:])[0], "|", 3)
		id = Identity{Number: parts[0], Issuer: parts[1], Date: parts[2]}
	}
	return id, nil
}

type fixture struct {
	dir    string
	ledger *Ledger
	orig   *Originals
	sink   *memSink
	parser *fakeParser
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	l, err := OpenLedger(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return &fixture{dir: dir, ledger: l, orig: NewOriginals(filepath.Join(dir, "data")),
		sink: &memSink{stored: map[string]int{}}, parser: &fakeParser{}}
}

func (fx *fixture) pool(cfg Config) *Pool {
	if cfg.Parser == nil {
		cfg.Parser = fx.parser.parse
	}
	return NewPool(fx.ledger, fx.orig, fx.sink, cfg)
}

func (fx *fixture) write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(fx.dir, "in", name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// ingestAll adds paths and drains the queue, as `vanban ingest` does.
func ingestAll(t *testing.T, p *Pool, paths ...string) {
	t.Helper()
	ctx := context.Background()
	for _, path := range paths {
		if _, err := p.AddPath(ctx, path, "path"); err != nil {
			t.Fatal(err)
		}
	}
	drain := make(chan struct{})
	close(drain)
	if err := p.Run(ctx, drain); err != nil {
		t.Fatal(err)
	}
}

func TestPoolOutcomes(t *testing.T) {
	fx := newFixture(t)
	p := fx.pool(Config{Workers: 2, OCRAvailable: true})
	files := map[string]string{
		"good.pdf":      "PDF hello",
		"copy.pdf":      "PDF hello", // same bytes, another path
		"encrypted.pdf": "ENC",
		"scan.pdf":      "SCAN",
		"longscan.pdf":  "SCANLATE",
		"panic.pdf":     "PDF PANIC",
		"empty.pdf":     "",
	}
	paths := map[string]string{}
	for name, content := range files {
		paths[name] = fx.write(t, name, content)
	}
	var all []string
	for _, p := range paths {
		all = append(all, p)
	}
	ingestAll(t, p, all...)

	byName := map[string]*Entry{}
	fx.ledger.Each(func(e *Entry) bool {
		for _, s := range e.Sources {
			byName[s.Name] = e
		}
		return true
	})
	cases := []struct {
		name    string
		status  Status
		cause   string
		reason  string
		sources int
	}{
		{"good.pdf", StatusIndexed, "", "", 2},
		{"copy.pdf", StatusIndexed, "", "", 2},
		{"encrypted.pdf", StatusFailed, "encrypted", "encrypted", 1},
		{"scan.pdf", StatusNeedsOCR, "needs_ocr", "OCR found none either", 1},
		// OCR that ran out of time did not find the pages blank.
		{"longscan.pdf", StatusNeedsOCR, "needs_ocr", "OCR time ran out before 2 of them were read", 1},
		{"panic.pdf", StatusFailed, "extract_failed", "internal error", 1},
		{"empty.pdf", StatusFailed, "empty", "empty", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := byName[c.name]
			if e == nil {
				t.Fatalf("no ledger entry for %s", c.name)
			}
			if e.Status != c.status || e.Cause != c.cause || !strings.Contains(e.Reason, c.reason) || len(e.Sources) != c.sources {
				t.Fatalf("entry = status %q cause %q reason %q sources %d; want %q %q %q %d",
					e.Status, e.Cause, e.Reason, len(e.Sources), c.status, c.cause, c.reason, c.sources)
			}
		})
	}
	if n := fx.sink.stored[byName["good.pdf"].ID]; n != 1 {
		t.Errorf("same bytes stored %d times, want once", n)
	}
	// The byte total counts the files held: refused ones (empty, too large)
	// hold none.
	if _, err := fx.pool(Config{MaxSize: 4}).AddReader(context.Background(), strings.NewReader("far too large"), "big.pdf"); !errors.Is(err, format.ErrTooLarge) {
		t.Fatalf("large upload: %v", err)
	}
	sum, _ := fx.ledger.Summarize(0)
	if want := int64(len("PDF hello") + len("ENC") + len("SCAN") + len("SCANLATE") + len("PDF PANIC")); sum.Bytes != want {
		t.Errorf("summary bytes %d, want %d (the files held)", sum.Bytes, want)
	}
	if fx.ledger.QueueLen() != 0 {
		t.Errorf("queue not empty: %d", fx.ledger.QueueLen())
	}
	// Same paths again: nothing is read again.
	calls := fx.parser.calls.Load()
	ingestAll(t, p, all...)
	if fx.parser.calls.Load() != calls {
		t.Errorf("unchanged files were parsed again")
	}
}

func TestPoolProbableDuplicates(t *testing.T) {
	fx := newFixture(t)
	p := fx.pool(Config{Workers: 1})
	a := fx.write(t, "a.pdf", "PDF ID:95/UBND-KT|UBND|2024-01-02 first edition")
	b := fx.write(t, "b.pdf", "PDF ID:95/UBND-KT|UBND|2024-01-02 scanned again")
	c := fx.write(t, "c.pdf", "PDF ID:96/UBND-KT|UBND|2024-01-02 another")
	ingestAll(t, p, a, b, c)
	var dup, single int
	fx.ledger.Each(func(e *Entry) bool {
		if e.Status != StatusIndexed {
			t.Errorf("%s: %s %s", e.Name(), e.Status, e.Reason)
		}
		switch len(e.ProbableDuplicates) {
		case 0:
			single++
		case 1:
			dup++
		}
		return true
	})
	if dup != 2 || single != 1 || len(fx.sink.stored) != 3 {
		t.Fatalf("flagged %d, single %d, stored %d; want 2 flagged, 1 single, all 3 kept", dup, single, len(fx.sink.stored))
	}
}

func TestPoolBoundedWorkers(t *testing.T) {
	fx := newFixture(t)
	p := fx.pool(Config{Workers: 3})
	var paths []string
	for i := range 40 {
		paths = append(paths, fx.write(t, fmt.Sprintf("f%02d.pdf", i), fmt.Sprintf("PDF file %d", i)))
	}
	ingestAll(t, p, paths...)
	if fx.parser.peak > 3 {
		t.Fatalf("%d parses ran at once with 3 workers", fx.parser.peak)
	}
	if len(fx.sink.stored) != 40 {
		t.Fatalf("stored %d, want 40", len(fx.sink.stored))
	}
}

func TestPoolCancelRequeues(t *testing.T) {
	fx := newFixture(t)
	p := fx.pool(Config{Workers: 1})
	path := fx.write(t, "slow.pdf", "SLOW")
	e, err := p.AddPath(context.Background(), path, "path")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx, nil) }()
	for fx.parser.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop on cancel")
	}
	got, _ := fx.ledger.Get(e.Key)
	if got.Status != StatusQueued || got.Attempts != 0 || fx.ledger.QueueLen() != 1 {
		t.Fatalf("after cancel: status %s attempts %d queue %d; want queued, 0, 1", got.Status, got.Attempts, fx.ledger.QueueLen())
	}
}

// vanban stopping while a file's parse child runs is not the file's doing:
// it is never given up for that. Stopping while vanban itself extracts and
// indexes it is counted, and after three the file is given up.
func TestLedgerResumeAndGiveUp(t *testing.T) {
	fx := newFixture(t)
	p := fx.pool(Config{Workers: 1})
	innocent, err := p.AddPath(context.Background(), fx.write(t, "x.pdf", "PDF killed while parsing"), "path")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, ok, err := fx.ledger.Start(innocent.Key); !ok || err != nil {
			t.Fatalf("stop %d while parsing: ok %v err %v; the file was blamed", i+1, ok, err)
		}
	}
	ingestAll(t, p)
	if got, _ := fx.ledger.Get(innocent.Key); got.Status != StatusIndexed {
		t.Fatalf("after 5 stops while parsing: %s %q; want indexed", got.Status, got.Reason)
	}

	poison, _ := p.AddPath(context.Background(), fx.write(t, "y.pdf", "PDF kills vanban in store"), "path")
	for i := range 3 {
		if _, ok, err := fx.ledger.Start(poison.Key); !ok || err != nil {
			t.Fatalf("attempt %d: ok %v err %v", i+1, ok, err)
		}
		fx.ledger.Storing(poison.Key)
	}
	if _, ok, _ := fx.ledger.Start(poison.Key); ok {
		t.Fatal("a fourth attempt was allowed after three stops while storing")
	}
	got, _ := fx.ledger.Get(poison.Key)
	if got.Status != StatusFailed || got.Cause != "gave_up" || !strings.Contains(got.Reason, "3 attempts") {
		t.Fatalf("after 3 stops while storing: %+v", got)
	}
	// One stop while storing: the next run finishes it.
	e2, _ := p.AddPath(context.Background(), fx.write(t, "z.pdf", "PDF stop once"), "path")
	fx.ledger.Start(e2.Key)
	fx.ledger.Storing(e2.Key)
	ingestAll(t, p)
	got, _ = fx.ledger.Get(e2.Key)
	if got.Status != StatusIndexed || got.Attempts != 2 || got.Stage != "" {
		t.Fatalf("resumed entry: status %s attempts %d stage %q; want indexed, 2, none", got.Status, got.Attempts, got.Stage)
	}
}

// A full disk under the index holds the queue, never ends it: the file
// waits with the reason, the pool says it is degraded, retries with a
// growing delay and carries on by itself once a write succeeds.
func TestStorageErrorPausesAndResumes(t *testing.T) {
	fx := newFixture(t)
	fx.sink.fail = fmt.Errorf("index: write segment: %w", syscall.ENOSPC)
	fx.sink.failures = new(atomic.Int32)
	fx.sink.failures.Store(4)
	p := fx.pool(Config{Workers: 2, RetryMin: 5 * time.Millisecond, RetryMax: 40 * time.Millisecond})
	e, err := p.AddPath(context.Background(), fx.write(t, "a.pdf", "PDF a"), "path")
	if err != nil {
		t.Fatal(err)
	}
	var sawWaiting, sawDegraded atomic.Bool
	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() { // ends when stop is closed
		defer close(watched)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if h := p.Health(); h.Degraded() && IsStorageError(h.Err) {
				sawDegraded.Store(true)
			}
			if got, _ := fx.ledger.Get(e.Key); got != nil && got.Status == StatusQueued && strings.Contains(got.Reason, "no space left") {
				sawWaiting.Store(true)
			}
			time.Sleep(time.Millisecond)
		}
	}()
	drain := make(chan struct{})
	close(drain)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Run(ctx, drain); err != nil {
		t.Fatalf("Run = %v; a storage error must not end the run", err)
	}
	close(stop)
	<-watched
	got, _ := fx.ledger.Get(e.Key)
	if got.Status != StatusIndexed || got.Reason != "" || got.Attempts != 1 {
		t.Errorf("after space came back: status %s reason %q attempts %d; want indexed, no reason, 1 attempt", got.Status, got.Reason, got.Attempts)
	}
	if !sawDegraded.Load() || !sawWaiting.Load() {
		t.Errorf("while the disk was full: degraded seen %v, file queued with the reason seen %v", sawDegraded.Load(), sawWaiting.Load())
	}
	if h := p.Health(); h.Degraded() {
		t.Errorf("still degraded after a successful write: %+v", h)
	}
	if fx.sink.failures.Load() > 0 {
		t.Errorf("%d failures left: the pool stopped retrying", fx.sink.failures.Load())
	}
}

// A full data directory while a path is added: AddPath waits and tries
// again rather than refusing the file as unreadable.
func TestAddPathWaitsForSpace(t *testing.T) {
	fx := newFixture(t)
	var fails atomic.Int32
	fails.Store(3)
	fx.orig.create = func(dir, pattern string) (*os.File, error) {
		if fails.Add(-1) >= 0 {
			return nil, &fs.PathError{Op: "open", Path: dir, Err: syscall.ENOSPC}
		}
		return os.CreateTemp(dir, pattern)
	}
	p := fx.pool(Config{Workers: 1, RetryMin: time.Millisecond, RetryMax: 4 * time.Millisecond})
	e, err := p.AddPath(context.Background(), fx.write(t, "a.pdf", "PDF a"), "path")
	if err != nil || e.Status != StatusQueued {
		t.Fatalf("AddPath = %+v, %v; want queued once space returned", e, err)
	}
	if p.Health().Degraded() {
		t.Error("still degraded after the file was added")
	}
}

func TestAddPathRefusesLargeFileBeforeReading(t *testing.T) {
	fx := newFixture(t)
	p := fx.pool(Config{Workers: 1, MaxSize: 1 << 20})
	path := filepath.Join(fx.dir, "huge.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 2 GiB file: nothing is written, and nothing must be read.
	if err := f.Truncate(2 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	start := time.Now()
	e, err := p.AddPath(context.Background(), path, "path")
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("refusing took %s", time.Since(start))
	}
	if e.Status != StatusFailed || e.Cause != "too_large" || !strings.Contains(e.Reason, "2 GiB") || !strings.Contains(e.Reason, "1 MiB") {
		t.Fatalf("entry = %+v", e)
	}
	n := 0
	fx.orig.Each(func(string) error { n++; return nil })
	if n != 0 {
		t.Fatalf("%d originals kept", n)
	}
	// Seen again unchanged: the same entry.
	e2, _ := p.AddPath(context.Background(), path, "path")
	if e2.Key != e.Key || e2.Status != StatusFailed {
		t.Fatalf("second look gave %+v", e2)
	}
	// Unchanged, but the limit was raised: it is read this time.
	mid := filepath.Join(fx.dir, "mid.pdf")
	os.WriteFile(mid, nil, 0o644)
	os.Truncate(mid, 2<<20)
	if e, _ := p.AddPath(context.Background(), mid, "path"); e.Cause != "too_large" {
		t.Fatalf("2 MiB with a 1 MiB limit: %+v", e)
	}
	p2 := fx.pool(Config{Workers: 1, MaxSize: 4 << 20})
	e3, _ := p2.AddPath(context.Background(), mid, "path")
	if e3.ID == "" || e3.Status != StatusQueued {
		t.Fatalf("after raising the limit: %+v", e3)
	}
}

func TestAddReaderUpload(t *testing.T) {
	fx := newFixture(t)
	p := fx.pool(Config{Workers: 1, MaxSize: 10})
	e, err := p.AddReader(context.Background(), strings.NewReader("PDF small"), `C:\Users\x\báo cáo.pdf`)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusQueued || e.Sources[0].Name != "báo cáo.pdf" || e.Sources[0].Kind != "upload" {
		t.Fatalf("upload entry = %+v", e)
	}
	_, err = p.AddReader(context.Background(), strings.NewReader("PDF much too long"), "big.pdf")
	if !errors.Is(err, format.ErrTooLarge) {
		t.Fatalf("large upload: err = %v, want ErrTooLarge", err)
	}
	f, err := fx.orig.OpenFile(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	b.ReadFrom(f)
	if b.String() != "PDF small" {
		t.Fatalf("original = %q", b.String())
	}
	if _, err := fx.orig.OpenFile("../../etc/passwd"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("OpenFile of a bad id: %v", err)
	}
}

func TestWatcherPicksUpNewAndChangedFiles(t *testing.T) {
	fx := newFixture(t)
	p := fx.pool(Config{Workers: 1})
	watch := filepath.Join(fx.dir, "watch")
	os.MkdirAll(watch, 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &Watcher{Dir: watch, Interval: 20 * time.Millisecond, Pool: p}
	go p.Run(ctx, nil)
	go w.Run(ctx)
	path := filepath.Join(watch, "new.pdf")
	os.WriteFile(path, []byte("PDF version one"), 0o644)
	os.WriteFile(filepath.Join(watch, "notes.txt"), []byte("not a document"), 0o644)
	waitIndexed(t, fx, 1)
	os.WriteFile(path, []byte("PDF version two, longer"), 0o644)
	waitIndexed(t, fx, 2)
}

func waitIndexed(t *testing.T, fx *fixture, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ids, _ := fx.ledger.IDs(StatusIndexed)
		if len(ids) == n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	ids, _ := fx.ledger.IDs(StatusIndexed)
	t.Fatalf("%d indexed, want %d", len(ids), n)
}

func TestOpenLedgerBusy(t *testing.T) {
	fx := newFixture(t)
	_, err := OpenLedger(filepath.Join(fx.dir, "data"))
	if !errors.Is(err, ErrLedgerBusy) {
		t.Fatalf("second open: %v, want ErrLedgerBusy", err)
	}
}

func TestParseLimits(t *testing.T) {
	fx := newFixture(t)
	ocr := fx.pool(Config{Workers: 1})
	noOCR := fx.pool(Config{Workers: 1, Parse: format.ParseOptions{NoOCR: true}})
	cases := []struct {
		name   string
		pool   *Pool
		size   int64
		format model.Format
		pages  int
		want   time.Duration
	}{
		{"workbook", ocr, 5 << 20, model.FormatXLSX, 0, 2 * time.Minute},
		{"no OCR", noOCR, 5 << 20, model.FormatPDF, 40, 2 * time.Minute},
		{"small PDF", ocr, 10 << 10, model.FormatPDF, 0, 2*time.Minute + 20*time.Second},
		{"by size", ocr, 1 << 20, model.FormatPDF, 2, 2*time.Minute + 10*20*time.Second},
		{"by page objects", ocr, 1 << 20, model.FormatPDF, 30, 2*time.Minute + 30*20*time.Second},
		{"capped", ocr, 200 << 20, model.FormatPDF, 0, MaxParseTimeout},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.pool.Limits(c.size, c.format, c.pages).Timeout; got != c.want {
				t.Fatalf("timeout %s, want %s", got, c.want)
			}
		})
	}
}

func TestCountPageObjects(t *testing.T) {
	fx := newFixture(t)
	// Page objects on both sides of a 1 MiB chunk boundary, and /Pages
	// (the page tree) which is not a page.
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n<< /Type /Pages /Count 3 >>\n<< /Type /Page >>\n")
	b.Write(bytes.Repeat([]byte(" "), 1<<20-b.Len()-5))
	b.WriteString("<< /Type/Page /X 1 >>\n")
	b.WriteString("<</Type /Page>>")
	path := fx.write(t, "pages.pdf", b.String())
	if n := countPageObjects(path); n != 3 {
		t.Fatalf("counted %d page objects, want 3", n)
	}
}

// A pool given no parser parses in a sandbox of its own (a child process)
// and ends that sandbox's idle children when Run returns: nothing is left
// running behind a finished `vanban ingest`.
func TestPoolOwnsItsSandbox(t *testing.T) {
	fx := newFixture(t)
	p := NewPool(fx.ledger, fx.orig, fx.sink, Config{Workers: 1})
	if p.sandbox == nil {
		t.Fatal("a pool without a parser has no sandbox")
	}
	// quickParse (TestMain's worker, main_test.go) answers a file named "quick" at once.
	ingestAll(t, p, fx.write(t, "quick", "x"))
	var statuses []Status
	fx.ledger.Each(func(e *Entry) bool {
		statuses = append(statuses, e.Status)
		return true
	})
	if len(statuses) != 1 || statuses[0] != StatusIndexed {
		t.Fatalf("statuses %v; want one file indexed through the sandbox", statuses)
	}
	if n := p.sandbox.Idle(); n != 0 {
		t.Errorf("%d parse children left idle after Run", n)
	}
}
