package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/sync/errgroup"

	"vanban/ingest/format"
	"vanban/ingest/sandbox"
	"vanban/model"
)

// Sink is what happens to a parsed document: cmd/vanban extracts a record
// and indexes it. It returns the identity it read so the ledger can flag
// probable duplicates. An error from Store is the index's, not the file's
// (a full disk, a broken index): the file goes back to the queue with the
// error as its reason, the pool reports itself degraded (Health) and tries
// again after a delay that doubles up to RetryMax, and carries on by itself
// once a write succeeds. A panic in Store fails only that file.
type Sink interface {
	Store(ctx context.Context, f *File, doc *model.Document) (Identity, error)
}

// File is a queued file as a Sink sees it.
type File struct {
	ID   string // sha256 hex, the document id
	Name string // name of the first source
	Path string // the original in the data directory
	Size int64
}

// ParserFunc parses the file at path; a Sandbox's Parse is the default.
type ParserFunc func(ctx context.Context, path, name string, opt format.ParseOptions, lim sandbox.Limits) (*model.Document, error)

// Defaults of a pool.
const (
	DefaultMaxSize = 200 << 20
	// DefaultParseTimeout bounds the parse of one file without OCR.
	DefaultParseTimeout = 2 * time.Minute
	// DefaultOCRTimePerPage is added per estimated page when OCR is on
	// (tesseract reads a page in about 7 s on a laptop core; three times that
	// leaves room for a shared machine and pdftoppm).
	DefaultOCRTimePerPage = 20 * time.Second
	// MaxParseTimeout caps the parse of one file, OCR included.
	MaxParseTimeout = 2 * time.Hour
	// ocrBytesPerPage estimates pages from the size of a file (a scanned
	// page is 100–500 KiB), so the OCR time budget errs on the generous side.
	ocrBytesPerPage = 100 << 10
)

// Config tunes a Pool. The zero value is usable.
type Config struct {
	// Workers is how many files are parsed at once (default runtime.NumCPU()).
	Workers int
	// MaxSize refuses larger files before reading them (default 200 MiB).
	MaxSize int64
	// Parse options given to every parse (NoOCR…).
	Parse format.ParseOptions
	// Memory limit of one parse child (default 512 MiB).
	Memory int64
	// Timeout of one parse without OCR (default DefaultParseTimeout), and
	// the time added per estimated page when OCR is on.
	Timeout        time.Duration
	OCRTimePerPage time.Duration
	// OCRAvailable says whether OCR can run at all (tesseract installed);
	// it only changes the reason given for needs_ocr.
	OCRAvailable bool
	// Parser parses one file (default: the Parse of a Sandbox the pool
	// owns, whose idle children end when Run or Rebuild returns, or at Close).
	Parser ParserFunc
	// TempDir holds the parse children's temporary files (sandbox.Limits.TempDir);
	// Nice is their CPU priority (sandbox.Limits.Nice).
	TempDir string
	Nice    int
	// BatchSize, BatchWait and BatchBytes close a batch of a BatchSink:
	// at so many documents, so long after its first, or so many bytes
	// prepared (defaults DefaultBatchSize, DefaultBatchWait,
	// DefaultBatchBytes). A batch also closes when no file is being read
	// and none is queued.
	BatchSize  int
	BatchWait  time.Duration
	BatchBytes int
	// RetryMin and RetryMax bound the delay before the queue is tried
	// again after a storage error (default 1 s doubling up to 1 min).
	RetryMin, RetryMax time.Duration
	// OnEvent, when set, is called (from several goroutines) as files move.
	OnEvent func(Event)
	Log     *slog.Logger
}

// EventKind says what happened to a file.
type EventKind string

const (
	EventQueued    EventKind = "queued"    // new content recorded and queued
	EventKnown     EventKind = "known"     // same bytes as a file seen before
	EventRefused   EventKind = "refused"   // refused before reading (too large, unreadable)
	EventStarted   EventKind = "started"   // a worker took it
	EventFinished  EventKind = "finished"  // indexed, failed or needs_ocr
	EventAbandoned EventKind = "abandoned" // interrupted; back in the queue
)

// Event reports one step of one file.
type Event struct {
	Kind  EventKind
	Entry *Entry
	Path  string // the path it came from, when known
}

// Pool reads queued files with a fixed number of workers. The queue lives in
// the ledger (on disk), so memory stays bounded however many files wait;
// at most Workers documents are in memory at once.
type Pool struct {
	ledger *Ledger
	orig   *Originals
	sink   Sink
	cfg    Config
	log    *slog.Logger
	// sandbox parses when cfg.Parser was not given; nil otherwise.
	sandbox *sandbox.Sandbox

	health  health
	storeMu sync.Mutex // one Store at a time (see process)
	// preparing holds a token per document being prepared (see prepare).
	preparing chan struct{}
	kick      chan struct{} // new work or a worker freed; capacity 1
	mu        sync.Mutex
	inflight  map[string]bool // taken by a worker, until acknowledged in the ledger
	reading   int             // inflight files not yet prepared (parsing, extracting)
	batch     *batcher        // during Run, when sink is a BatchSink
}

// NewPool builds a pool over a ledger, an originals store and a sink.
func NewPool(l *Ledger, o *Originals, sink Sink, cfg Config) *Pool {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.MaxSize <= 0 {
		cfg.MaxSize = DefaultMaxSize
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultParseTimeout
	}
	if cfg.OCRTimePerPage <= 0 {
		cfg.OCRTimePerPage = DefaultOCRTimePerPage
	}
	var sb *sandbox.Sandbox
	if cfg.Parser == nil {
		sb = sandbox.New()
		cfg.Parser = sb.Parse
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.RetryMin <= 0 {
		cfg.RetryMin = DefaultRetryMin
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.BatchWait <= 0 {
		cfg.BatchWait = DefaultBatchWait
	}
	if cfg.BatchBytes <= 0 {
		cfg.BatchBytes = DefaultBatchBytes
	}
	if cfg.RetryMax < cfg.RetryMin {
		cfg.RetryMax = max(DefaultRetryMax, cfg.RetryMin)
	}
	return &Pool{ledger: l, orig: o, sink: sink, cfg: cfg, log: cfg.Log, sandbox: sb,
		kick: make(chan struct{}, 1), inflight: map[string]bool{},
		preparing: make(chan struct{}, min(cfg.Workers, runtime.GOMAXPROCS(0)))}
}

// Health says whether a storage error holds the queue.
func (p *Pool) Health() Health { return p.health.get() }

// storageFailed records a storage error, logs it when it begins, and
// returns the delay before the next try.
func (p *Pool) storageFailed(err error) time.Duration {
	delay, began := p.health.fail(err, p.cfg.RetryMin, p.cfg.RetryMax)
	if began {
		p.log.Error("ingestion paused: the data directory cannot be written; files stay queued and are retried",
			"problem", StorageProblem(err), "err", err, "retry_in", delay)
	} else {
		p.log.Warn("ingestion still paused: the data directory cannot be written", "err", err, "retry_in", delay)
	}
	return delay
}

// storageOK clears a storage error after a successful write.
func (p *Pool) storageOK() {
	if was, cleared := p.health.ok(); cleared {
		p.log.Info("ingestion resumed: the data directory can be written again",
			"paused_for", time.Since(was.Since).Round(time.Second), "retries", was.Retries)
		p.wake()
	}
}

// sleep waits d or until ctx is cancelled.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Workers is the number of workers.
func (p *Pool) Workers() int { return p.cfg.Workers }

// MaxSize is the size limit of one file.
func (p *Pool) MaxSize() int64 { return p.cfg.MaxSize }

// Ledger is the pool's ledger.
func (p *Pool) Ledger() *Ledger { return p.ledger }

// Entry returns the ledger entry of a document id, or an error wrapping
// ErrUnknown.
func (p *Pool) Entry(id string) (*Entry, error) {
	e, err := p.ledger.Find(id)
	if err == nil && e == nil {
		err = fmt.Errorf("%w: %s", ErrUnknown, id)
	}
	return e, err
}

// Summarize is the ledger's summary with up to maxFailures failures.
func (p *Pool) Summarize(maxFailures int) (*Summary, error) {
	return p.ledger.Summarize(maxFailures)
}

// ErrUnknown means the ledger has no such file.
var ErrUnknown = errors.New("no file with that id in the ledger")

func (p *Pool) emit(kind EventKind, e *Entry, path string) {
	if p.cfg.OnEvent != nil && e != nil {
		p.cfg.OnEvent(Event{Kind: kind, Entry: e, Path: path})
	}
}

func (p *Pool) wake() {
	select {
	case p.kick <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// AddPath records the file at path (kind "path" or "watch") and queues
// it when its content is new. A file larger than MaxSize is refused from
// its size alone; an unchanged path (same size and time) is not read again.
// While the data directory cannot be written (a full disk), it waits and
// tries again (the pool reports itself degraded meanwhile) until it can or
// ctx is cancelled. Only other ledger failures are returned as errors; a
// bad file is an entry with a reason.
func (p *Pool) AddPath(ctx context.Context, path, kind string) (*Entry, error) {
	for {
		e, err := p.addPath(ctx, path, kind)
		if !IsStorageError(err) || ctx.Err() != nil {
			if err == nil {
				p.storageOK()
			}
			return e, err
		}
		if err := sleep(ctx, p.storageFailed(err)); err != nil {
			return nil, err
		}
	}
}

func (p *Pool) addPath(ctx context.Context, path, kind string) (*Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	src := Source{Kind: kind, Path: abs, Name: filepath.Base(abs)}
	fi, err := os.Stat(abs)
	if err != nil {
		return p.refuse(src, 0, nil, fmt.Errorf("cannot read the file: %w", err))
	}
	if !fi.Mode().IsRegular() {
		return p.refuse(src, 0, nil, fmt.Errorf("%w: not a regular file", format.ErrUnsupported))
	}
	st := PathStat{Size: fi.Size(), MTime: fi.ModTime()}
	// An unchanged path is not read again; one refused before reading is
	// looked at again (the limit may have been raised).
	if e, ok := p.ledger.Known(abs, st); ok && e.ID != "" {
		p.emit(EventKnown, e, abs)
		return e, nil
	}
	if fi.Size() > p.cfg.MaxSize {
		return p.refuse(src, fi.Size(), &st, fmt.Errorf("%w: %s, the limit is %s", format.ErrTooLarge, HumanBytes(fi.Size()), HumanBytes(p.cfg.MaxSize)))
	}
	f, err := os.Open(abs)
	if err != nil {
		return p.refuse(src, fi.Size(), nil, fmt.Errorf("cannot read the file: %w", err))
	}
	defer f.Close()
	return p.add(ctx, f, src, &st)
}

// RefusePath records a path that could not even be listed (a folder
// walk error).
func (p *Pool) RefusePath(path string, reason error) (*Entry, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return p.refuse(Source{Kind: "path", Path: abs, Name: filepath.Base(abs)}, 0, nil,
		fmt.Errorf("cannot read: %w", reason))
}

// AddReader records an upload and queues it when its content is new. It
// returns an error wrapping format.ErrTooLarge or format.ErrEmpty for a refused upload
// (also recorded in the ledger).
func (p *Pool) AddReader(ctx context.Context, r io.Reader, name string) (*Entry, error) {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == "" {
		name = "upload"
	}
	e, err := p.add(ctx, r, Source{Kind: "upload", Name: name}, nil)
	if err == nil && e.Status == StatusFailed && e.ID == "" {
		return e, &refusedError{reason: e.Reason, cause: causes[e.Cause]}
	}
	return e, err
}

type refusedError struct {
	reason string
	cause  error
}

func (e *refusedError) Error() string { return e.reason }
func (e *refusedError) Unwrap() error { return e.cause }

func (p *Pool) add(ctx context.Context, r io.Reader, src Source, st *PathStat) (*Entry, error) {
	id, size, err := p.orig.Put(r, p.cfg.MaxSize)
	if err != nil {
		if errors.Is(err, format.ErrTooLarge) || errors.Is(err, format.ErrEmpty) {
			return p.refuse(src, size, st, err)
		}
		if src.Kind == "upload" || ctx.Err() != nil || !errors.Is(err, errCopy) {
			// An upload cut short (the client is told), a cancelled run, or
			// the data directory itself failing.
			return nil, err
		}
		return p.refuse(src, size, nil, fmt.Errorf("cannot read the file: %w", err))
	}
	e, queued, err := p.ledger.Add(id, size, src, st)
	if err != nil {
		return nil, err
	}
	if queued {
		p.emit(EventQueued, e, src.Path)
		p.wake()
	} else {
		p.emit(EventKnown, e, src.Path)
	}
	return e, nil
}

func (p *Pool) refuse(src Source, size int64, st *PathStat, reason error) (*Entry, error) {
	e, err := p.ledger.Refuse(src, size, st, reason)
	if err != nil {
		return nil, err
	}
	if p.cfg.OnEvent == nil {
		p.log.Warn("file refused", "path", src.Path, "name", src.Name, "reason", e.Reason)
	}
	p.emit(EventRefused, e, src.Path)
	return e, nil
}

// Run works through the queue with cfg.Workers workers. With drain nil it
// runs until ctx is cancelled (a server); otherwise it returns once drain is
// closed and the queue is empty (a one-shot ingest). Cancelling ctx stops
// the parse children; files being read go back to the queue uncounted.
// It returns ctx's error when cancelled, or the first fatal error (a broken
// ledger or index).
func (p *Pool) Run(ctx context.Context, drain <-chan struct{}) error {
	defer p.Close()
	if bs, ok := p.sink.(BatchSink); ok {
		p.batch = newBatcher(ctx, bs.Write, func(b []Prepared, err error) { p.settle(ctx, b, err) },
			p.cfg.BatchSize, p.cfg.BatchBytes, p.cfg.BatchWait)
		// Files in a batch are recorded (or put back in the queue, when
		// ctx is cancelled) before Run returns.
		defer p.batch.Wait()
	}
	g, ctx := errgroup.WithContext(ctx)
	// One dispatcher and cfg.Workers workers, no more.
	g.SetLimit(p.cfg.Workers + 1)
	jobs := make(chan string)
	// The dispatcher ends when ctx is cancelled or, after drain is closed,
	// when nothing is queued or in flight; it closes jobs either way.
	g.Go(func() error {
		defer close(jobs)
		return p.dispatch(ctx, jobs, drain)
	})
	for range p.cfg.Workers {
		// A worker ends when jobs is closed, or on a fatal error (which
		// cancels ctx for the others).
		g.Go(func() error {
			for key := range jobs {
				staged, err := p.work(ctx, key)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					p.postpone(key, err)
				}
				if !staged {
					p.done(key)
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// Close ends the idle parse children of the pool's own sandbox. Run and
// Rebuild call it when they return; a pool used through ParseFile alone is
// closed by its owner when done. The pool stays usable: a later parse
// starts a new child.
func (p *Pool) Close() {
	if p.sandbox != nil {
		p.sandbox.Close()
	}
}

// postpone puts key back in the queue after a storage error: the index or
// ledger could not be written, the file waits with the reason, and the
// dispatcher holds the queue for the retry delay.
func (p *Pool) postpone(key string, err error) {
	p.storageFailed(err)
	if aerr := p.ledger.Postpone(key, "waiting: "+err.Error()); aerr != nil {
		p.log.Warn("ledger: put the file back in the queue", "id", key, "err", aerr)
	}
}

func (p *Pool) isInflight(key string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inflight[key]
}

func (p *Pool) done(key string) {
	p.mu.Lock()
	delete(p.inflight, key)
	p.mu.Unlock()
	p.wake()
}

func (p *Pool) dispatch(ctx context.Context, jobs chan<- string, drain <-chan struct{}) error {
	draining := false
	for {
		if wait := p.health.wait(); wait > 0 {
			// A storage error: hold the queue until the next try.
			if err := sleep(ctx, wait); err != nil {
				return err
			}
			continue
		}
		keys, err := p.ledger.Pending(p.cfg.Workers, p.isInflight)
		if err != nil {
			if err := sleep(ctx, p.storageFailed(fmt.Errorf("ledger: read the queue: %w", err))); err != nil {
				return err
			}
			continue
		}
		if len(keys) == 0 {
			p.mu.Lock()
			idle, reading := len(p.inflight) == 0, p.reading
			p.mu.Unlock()
			if reading == 0 && p.batch != nil {
				// Nothing queued and nothing being read: no file will
				// join the open batch soon.
				p.batch.Flush()
			}
			if draining && idle {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-p.kick:
			case <-drain:
				draining, drain = true, nil
			}
			continue
		}
		for _, k := range keys {
			p.mu.Lock()
			p.inflight[k] = true
			p.reading++
			p.mu.Unlock()
			select {
			case jobs <- k:
			case <-ctx.Done():
				p.read(k)
				p.done(k)
				return ctx.Err()
			}
		}
	}
}

// read records that a worker is done reading key (parsed and prepared, or
// given up): it waits, at most, for its batch.
func (p *Pool) read(key string) {
	p.mu.Lock()
	p.reading--
	p.mu.Unlock()
	p.wake()
}

// work takes one queued file through parse and sink and records the
// outcome. Only a fatal error is returned. staged says the file waits in a
// batch: it is acknowledged (ack) once the batch is written, and stays in
// flight until then.
func (p *Pool) work(ctx context.Context, key string) (staged bool, err error) {
	defer func() {
		if !staged {
			p.read(key)
		}
	}()
	e, ok, err := p.ledger.Start(key)
	if err != nil {
		return false, err
	}
	if !ok {
		if e != nil && e.Status == StatusFailed && e.Cause == "gave_up" {
			if p.cfg.OnEvent == nil {
				p.log.Error("file not indexed", "name", e.Name(), "id", e.ID, "reason", e.Reason)
			}
			p.emit(EventFinished, e, "")
		}
		return false, nil
	}
	p.emit(EventStarted, e, "")
	f := &File{ID: e.ID, Name: e.Name(), Path: p.orig.Path(e.ID), Size: e.Size}
	storing := func() {
		if err := p.ledger.Storing(key); err != nil {
			p.log.Warn("ledger: record the store stage", "id", key, "err", err)
		}
	}
	var r Result
	var fatal error
	if bs, ok := p.sink.(BatchSink); ok && p.batch != nil {
		var prep *Prepared
		r, prep = p.prepare(ctx, bs, f, storing)
		if prep != nil && ctx.Err() == nil {
			prep.key, prep.entry, prep.result, prep.staged = key, e, r, time.Now()
			p.batch.Add(*prep)
			p.read(key)
			return true, nil
		}
	} else {
		r, fatal = p.process(ctx, p.sink, f, storing)
	}
	return false, p.finish(ctx, key, e, r, fatal)
}

// settle records the files of a batch once it is written (werr nil), in
// one ledger transaction, or puts them back in the queue; then they are no
// longer in flight.
func (p *Pool) settle(ctx context.Context, batch []Prepared, werr error) {
	defer func() {
		for _, it := range batch {
			p.done(it.key)
		}
	}()
	if ctx.Err() != nil {
		for _, it := range batch {
			if err := p.finish(ctx, it.key, it.entry, it.result, nil); err != nil && ctx.Err() == nil {
				p.log.Warn("ledger: put the file back in the queue", "id", it.key, "err", err)
			}
		}
		return
	}
	if werr != nil {
		for _, it := range batch {
			p.postpone(it.key, fmt.Errorf("store %s (%s): %w", it.entry.Name(), it.key, werr))
		}
		return
	}
	outs := make([]Outcome, len(batch))
	for i, it := range batch {
		r := it.result
		r.StoreMs += time.Since(it.staged).Milliseconds()
		r.Status = StatusIndexed
		outs[i] = Outcome{Key: it.key, Result: r}
	}
	es, err := p.ledger.FinishAll(outs)
	if err != nil {
		for _, it := range batch {
			p.postpone(it.key, fmt.Errorf("ledger: record %s (%s): %w", it.entry.Name(), it.key, err))
		}
		return
	}
	p.storageOK()
	for _, e := range es {
		p.finished(e)
	}
}

// finish records the outcome r of a worker's attempt on key in the ledger,
// or puts the file back in the queue when ctx was cancelled meanwhile.
func (p *Pool) finish(ctx context.Context, key string, e *Entry, r Result, fatal error) error {
	if ctx.Err() != nil {
		// Interrupted: the file goes back to the queue, the attempt uncounted.
		if err := p.ledger.Abort(key); err != nil {
			return err
		}
		p.emit(EventAbandoned, e, "")
		return ctx.Err()
	}
	if fatal != nil {
		// Left "parsing": retried (and counted) on the next start.
		return fatal
	}
	e, err := p.ledger.Finish(key, r)
	if err != nil {
		return err
	}
	p.storageOK()
	p.finished(e)
	return nil
}

// finished reports a file whose outcome is recorded.
func (p *Pool) finished(e *Entry) {
	if p.cfg.OnEvent == nil { // otherwise the listener reports it
		if e.Status == StatusIndexed {
			p.log.Info("file indexed", "name", e.Name(), "id", e.ID, "pages", e.Pages, "parse_ms", e.ParseMs)
		} else {
			p.log.Warn("file not indexed", "name", e.Name(), "id", e.ID, "status", e.Status, "reason", e.Reason)
		}
	}
	p.emit(EventFinished, e, "")
}

// Limits returns the parse limits for a PDF or workbook of this size with
// pages page objects counted (0 when unknown): the base timeout, plus, for a
// PDF when OCR is on, OCR time for each estimated page — the larger of the
// page objects counted and size/100 KiB (page objects inside compressed
// object streams cannot be counted without parsing).
func (p *Pool) Limits(size int64, kind model.Format, pages int) sandbox.Limits {
	lim := sandbox.Limits{Memory: p.cfg.Memory, Timeout: p.cfg.Timeout, TempDir: p.cfg.TempDir, Nice: p.cfg.Nice}
	if !p.cfg.Parse.NoOCR && kind == model.FormatPDF {
		est := max(1, size/ocrBytesPerPage, int64(pages))
		lim.Timeout += time.Duration(est) * p.cfg.OCRTimePerPage
		lim.Timeout = min(lim.Timeout, MaxParseTimeout)
	}
	return lim
}

var pageObject = regexp.MustCompile(`/Type\s*/Page[^s]`)

// countPageObjects counts "/Type /Page" in the raw bytes of a PDF, reading
// it in chunks: a cheap page estimate that parses nothing.
func countPageObjects(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	const overlap = 32
	buf := make([]byte, 1<<20+overlap)
	n, keep := 0, 0
	for {
		m, err := io.ReadFull(f, buf[keep:])
		chunk := buf[:keep+m]
		last := err != nil
		// Count matches that start before the overlap kept for next time.
		limit := len(chunk)
		if !last {
			limit = len(chunk) - overlap
		}
		for _, loc := range pageObject.FindAllIndex(chunk, -1) {
			if loc[0] < limit {
				n++
			}
		}
		if last {
			return n
		}
		keep = copy(buf, chunk[limit:])
	}
}

func sniffFile(path string) model.Format {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	if n == len(head) && (bytes.HasPrefix(head, []byte("PK")) || bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0})) {
		// A zip's parts and an OLE2 file's streams are listed further in:
		// DOCX or XLSX, DOC or XLS.
		if st, err := f.Stat(); err == nil && st.Size() <= 512<<20 {
			if all, err := os.ReadFile(path); err == nil {
				kind, _ := format.Sniff(all)
				return kind
			}
		}
	}
	kind, _ := format.Sniff(head[:n])
	return kind
}

// process parses f and hands the document to sink. It returns the outcome
// for the ledger, or the sink's error (the index could not be written).
// storing, when set, is called once the parse has succeeded and before the
// sink runs.
func (p *Pool) process(ctx context.Context, sink Sink, f *File, storing func()) (Result, error) {
	r, doc := p.parse(ctx, f)
	if doc == nil {
		return r, nil
	}
	// Parsing runs in parallel (in children); storing — extraction and
	// indexing in this process — runs one document at a time, so the
	// program's memory holds one document's analysis, not Workers of them.
	p.storeMu.Lock()
	if storing != nil {
		storing()
	}
	start := time.Now()
	ident, err := storeSafely(ctx, sink, f, doc)
	r.StoreMs = time.Since(start).Milliseconds()
	p.storeMu.Unlock()
	var pe *panicError
	switch {
	case errors.As(err, &pe):
		r.Status, r.Reason, r.Cause = StatusFailed, pe.Error(), "extract_failed"
		return r, nil
	case err != nil:
		return r, fmt.Errorf("store %s (%s): %w", f.Name, f.ID, err)
	}
	r.Status, r.Ident = StatusIndexed, ident
	return r, nil
}

// prepare parses f and prepares it for a batch (as process does, but
// without writing). It returns the outcome for the ledger, with the
// prepared document when there is one to write.
func (p *Pool) prepare(ctx context.Context, sink BatchSink, f *File, storing func()) (Result, *Prepared) {
	r, doc := p.parse(ctx, f)
	if doc == nil {
		return r, nil
	}
	// Extraction only reads: documents are prepared as vanban extract
	// reads them, one per core at most (more would hold more documents'
	// analyses in memory for no speed). One at a time, the workers queued
	// behind each other while a core stood idle: vanban ingest of the
	// corpus took 2–3 % longer (issue 17).
	p.preparing <- struct{}{}
	if storing != nil {
		storing()
	}
	start := time.Now()
	prep, err := prepareSafely(ctx, sink, f, doc)
	r.StoreMs = time.Since(start).Milliseconds()
	<-p.preparing
	if err != nil {
		// Prepare reads, it does not write: any error is the document's.
		r.Status, r.Reason, r.Cause = StatusFailed, err.Error(), "extract_failed"
		return r, nil
	}
	r.Ident = prep.Ident
	return r, &prep
}

// parse parses f. The document is nil when the outcome is already known
// (failed, needs OCR), given in the result.
func (p *Pool) parse(ctx context.Context, f *File) (Result, *model.Document) {
	r := Result{Format: sniffFile(f.Path)}
	if _, err := os.Stat(f.Path); errors.Is(err, fs.ErrNotExist) {
		r.Status, r.Reason, r.Cause = StatusFailed, "the original file is missing from the data directory", "missing"
		return r, nil
	}
	start := time.Now()
	pages := 0
	if r.Format == model.FormatPDF && !p.cfg.Parse.NoOCR {
		pages = countPageObjects(f.Path)
	}
	doc, err := p.cfg.Parser(ctx, f.Path, f.Name, p.cfg.Parse, p.Limits(f.Size, r.Format, pages))
	r.ParseMs = time.Since(start).Milliseconds()
	if err != nil {
		// The entry names the file already; keep the where-in-it part.
		r.Status, r.Reason, r.Cause = StatusFailed, strings.TrimPrefix(err.Error(), f.Name+": "), causeName(err)
		if r.Cause == "" {
			r.Cause = "unreadable"
		}
		return r, nil
	}
	if doc.Format != "" {
		r.Format = doc.Format
	}
	r.Pages, r.OCR = doc.PageCount(), doc.OCR
	if needsOCR(doc) {
		r.Status, r.Cause = StatusNeedsOCR, "needs_ocr"
		switch {
		case p.cfg.Parse.NoOCR:
			r.Reason = "almost no text on its pages (a scan, or a blank or damaged file) and OCR was turned off (--no-ocr); run 'vanban ingest --retry needs_ocr' without --no-ocr"
		case !p.cfg.OCRAvailable:
			r.Reason = "almost no text on its pages (a scan, or a blank or damaged file) and OCR is not installed: apt install tesseract-ocr tesseract-ocr-vie poppler-utils, then run 'vanban ingest --retry needs_ocr'"
		case doc.OCRUnread > 0:
			r.Reason = fmt.Sprintf("almost no text on its pages, and the OCR time ran out before %d of them were read (a long scan on a busy machine); run 'vanban ingest --retry needs_ocr' when it is less busy", doc.OCRUnread)
		default:
			r.Reason = "almost no text on its pages, and OCR found none either (a blank or damaged file?)"
		}
		if len(doc.Warnings) > 0 {
			// A damaged file read without text says so too.
			w := doc.Warnings
			if len(w) > 3 {
				w = append(w[:3:3], fmt.Sprintf("%d more", len(doc.Warnings)-3))
			}
			r.Reason += "; the reader noted: " + strings.Join(w, "; ")
		}
		return r, nil
	}
	return r, doc
}

type panicError struct{ v any }

func (e *panicError) Error() string {
	return fmt.Sprintf("reading the document's content failed (internal error: %v)", e.v)
}

func storeSafely(ctx context.Context, sink Sink, f *File, doc *model.Document) (id Identity, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{v}
		}
	}()
	return sink.Store(ctx, f, doc)
}

func prepareSafely(ctx context.Context, sink BatchSink, f *File, doc *model.Document) (p Prepared, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{v}
		}
	}()
	return sink.Prepare(ctx, f, doc)
}

// needsOCR reports a PDF whose pages carry (almost) no text: fewer than
// 20 letters a page on average.
func needsOCR(doc *model.Document) bool {
	if doc.Format != model.FormatPDF || len(doc.Pages) == 0 || doc.OCR {
		return false
	}
	letters := 0
	for i := range doc.Pages {
		for _, l := range doc.Pages[i].Lines {
			for _, r := range l.Text {
				if unicode.IsLetter(r) {
					letters++
				}
			}
		}
	}
	return letters < 20*len(doc.Pages)
}

// Rebuilt is the outcome of reading one original again.
type Rebuilt struct {
	Key    string
	Result Result
}

// Rebuild reads the given originals again into sink (a new index) with
// cfg.Workers workers, without touching the ledger, and returns every
// outcome; the caller publishes the new index and then records the
// outcomes with Record. A BatchSink is written in batches, as Run does.
// progress, when set, is called after each file (from one goroutine at a
// time).
func (p *Pool) Rebuild(ctx context.Context, sink Sink, ids []string, progress func(Rebuilt)) ([]Rebuilt, error) {
	defer p.Close()
	// A failed batch write cancels the rebuild with its error as cause.
	wctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	g, ctx := errgroup.WithContext(wctx)
	g.SetLimit(p.cfg.Workers + 1)
	jobs := make(chan string)
	out := make([]Rebuilt, 0, len(ids))
	var mu sync.Mutex
	record := func(rb Rebuilt) {
		mu.Lock()
		defer mu.Unlock()
		out = append(out, rb)
		if progress != nil {
			progress(rb)
		}
	}
	bs, batched := sink.(BatchSink)
	var bt *batcher
	if batched {
		bt = newBatcher(wctx, bs.Write, func(b []Prepared, err error) {
			if err != nil {
				cancel(err)
				return
			}
			for _, it := range b {
				r := it.result
				r.Status = StatusIndexed
				record(Rebuilt{Key: it.key, Result: r})
			}
		}, p.cfg.BatchSize, p.cfg.BatchBytes, p.cfg.BatchWait)
	}
	// The feeder ends when every id is sent or ctx is cancelled.
	g.Go(func() error {
		defer close(jobs)
		for _, id := range ids {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for range p.cfg.Workers {
		// A worker ends when jobs is closed or on a fatal sink error.
		g.Go(func() error {
			for id := range jobs {
				e, err := p.ledger.Get(id)
				if err != nil {
					return err
				}
				f := &File{ID: id, Name: id, Path: p.orig.Path(id)}
				if e != nil {
					f.Name, f.Size = e.Name(), e.Size
				} else if fi, err := os.Stat(f.Path); err == nil {
					f.Size = fi.Size()
				}
				var r Result
				if batched {
					var prep *Prepared
					r, prep = p.prepare(ctx, bs, f, nil)
					if prep != nil {
						prep.key, prep.result = id, r
						bt.Add(*prep)
						continue
					}
				} else if r, err = p.process(ctx, sink, f, nil); err != nil {
					return err
				}
				if ctx.Err() != nil {
					return ctx.Err()
				}
				record(Rebuilt{Key: id, Result: r})
			}
			return nil
		})
	}
	err := g.Wait()
	if bt != nil {
		bt.Wait()
	}
	if cause := context.Cause(wctx); cause != nil {
		return out, cause // a failed write, or the caller's cancellation
	}
	return out, err
}
