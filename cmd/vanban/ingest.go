package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
	"vanban/model"
)

const defaultData = "vanban-data"

// dataDir is an open data directory: the ledger (opened first: it holds the
// lock that keeps a second vanban out), the originals and the index.
type dataDir struct {
	dir    string
	ledger *ingest.Ledger
	orig   *ingest.Originals
	ix     *index.Index
}

func openData(dir string) (*dataDir, error) {
	l, err := ingest.OpenLedger(dir)
	if err != nil {
		return nil, err
	}
	if err := recoverSwap(dir); err != nil {
		l.Close()
		return nil, err
	}
	if err := sweepTemp(dir); err != nil {
		l.Close()
		return nil, err
	}
	ix, err := index.Open(dir)
	if err != nil {
		l.Close()
		return nil, err
	}
	return &dataDir{dir: dir, ledger: l, orig: ingest.NewOriginals(dir), ix: ix}, nil
}

// tempDir is where parse children keep temporary files (pages rendered for
// OCR): under the data directory, on its disk and swept at start.
func tempDir(dataDir string) string { return filepath.Join(dataDir, "tmp") }

// sweepTemp removes what parse children left in tempDir when vanban was
// killed; only the holder of the data directory (its ledger) calls it.
func sweepTemp(dataDir string) error {
	if err := os.RemoveAll(tempDir(dataDir)); err != nil {
		return fmt.Errorf("sweep %s: %w", tempDir(dataDir), err)
	}
	return nil
}

func (d *dataDir) Close() error {
	return errors.Join(d.ix.Close(), d.ledger.Close())
}

// indexSink extracts a record from a parsed document and indexes it: the
// wiring between ingest and extract/index, which ingest may not import.
type indexSink struct{ ix indexWriter }

// indexWriter is *index.Index, or the server's swappable liveIndex.
type indexWriter interface {
	Add(ctx context.Context, recs ...*extract.Record) error
}

func (s indexSink) Store(ctx context.Context, f *ingest.File, doc *model.Document) (ingest.Identity, error) {
	rec := record(f, doc)
	if err := s.ix.Add(ctx, rec); err != nil {
		return ingest.Identity{}, err
	}
	return identity(rec), nil
}

// Prepare extracts the record; Write indexes a batch of them (the pool's
// batched path, ingest.BatchSink).
func (s indexSink) Prepare(ctx context.Context, f *ingest.File, doc *model.Document) (ingest.Prepared, error) {
	rec := record(f, doc)
	// What the record holds until its batch is written: its text, and
	// about 200 bytes per allocation row.
	size := len(rec.Text) + 200*len(rec.Allocations)
	return ingest.Prepared{Ident: identity(rec), Bytes: size, Value: rec}, nil
}

func (s indexSink) Write(ctx context.Context, batch []ingest.Prepared) error {
	recs := make([]*extract.Record, len(batch))
	for i, p := range batch {
		recs[i] = p.Value.(*extract.Record)
	}
	return s.ix.Add(ctx, recs...)
}

func record(f *ingest.File, doc *model.Document) *extract.Record {
	rec := extract.Extract(doc, nil)
	rec.ID = f.ID
	rec.Source.Name = f.Name
	rec.Source.Size = f.Size
	rec.Text = extract.Text(doc)
	return rec
}

func identity(rec *extract.Record) ingest.Identity {
	return ingest.Identity{Number: rec.Number, Issuer: rec.Issuer, Date: rec.Date}
}

// poolFlags are the worker flags shared by ingest, serve and reindex.
type poolFlags struct {
	workers *int
	maxSize *byteSize
	memory  *byteSize
	timeout *time.Duration
	ocrPage *time.Duration
	noOCR   *bool

	nice       *int
	softMemory *byteSize
}

// serveNice is the CPU priority of parse and OCR children under serve.
const serveNice = 10

// addPoolFlags adds the worker flags; softMemory is --soft-memory's default.
// A server (serving) parses with half the cores by default, at a lower CPU
// priority, so that ingestion never starves search.
func addPoolFlags(fs *flag.FlagSet, softMemory int64, serving bool) poolFlags {
	pf := poolFlags{maxSize: new(byteSize), memory: new(byteSize)}
	*pf.maxSize = ingest.DefaultMaxSize
	*pf.memory = 512 << 20
	workers, nice := runtime.NumCPU(), 0
	if serving {
		workers, nice = max(1, runtime.NumCPU()/2), serveNice
	}
	pf.workers = fs.Int("workers", workers, "files parsed at once")
	pf.nice = fs.Int("nice", nice, "CPU priority of parsing and OCR (0–19; higher yields more to search)")
	fs.Var(pf.maxSize, "max-size", "refuse files larger than this, before reading them (e.g. 200MiB)")
	fs.Var(pf.memory, "parse-memory", "memory limit of one parse (child process)")
	pf.timeout = fs.Duration("parse-timeout", ingest.DefaultParseTimeout, "time limit of one parse without OCR")
	pf.ocrPage = fs.Duration("ocr-time-per-page", ingest.DefaultOCRTimePerPage,
		"time added to the limit per estimated page (size/100KiB) of a PDF when OCR is on")
	pf.noOCR = fs.Bool("no-ocr", false, "do not OCR pages that have no text layer (such files get status needs_ocr)")
	pf.softMemory = new(byteSize)
	*pf.softMemory = byteSize(softMemory)
	fs.Var(pf.softMemory, "soft-memory", "soft memory limit of this process (the Go GC works harder near it; $GOMEMLIMIT wins)")
	return pf
}

// applyMemory sets the garbage collector as index.GCPercent says (unless
// $GOGC is set) and the process's soft memory limit (unless $GOMEMLIMIT is
// set; index/gc.go gives the reasons of both).
func (pf poolFlags) applyMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(index.GCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" && *pf.softMemory > 0 {
		debug.SetMemoryLimit(int64(*pf.softMemory))
	}
}

func (pf poolFlags) config(dataDir string) ingest.Config {
	_, errT := exec.LookPath("tesseract")
	_, errP := exec.LookPath("pdftoppm")
	return ingest.Config{
		Workers: *pf.workers, MaxSize: int64(*pf.maxSize), Memory: int64(*pf.memory),
		Timeout: *pf.timeout, OCRTimePerPage: *pf.ocrPage,
		Parse:        ingest.ParseOptions{NoOCR: *pf.noOCR},
		OCRAvailable: errT == nil && errP == nil,
		TempDir:      tempDir(dataDir), Nice: *pf.nice,
	}
}

func runIngest(ctx context.Context, args []string, stdout io.Writer) error {
	fset := newFlagSet("ingest", "[--data DIR] [flags] PATH...",
		"Adds files, and every PDF/XLSX/XLS file under folders, to the index in DIR.\n"+
			"Each file is copied into DIR/originals and recorded in DIR/ledger.db; an interrupted run\n"+
			"(Ctrl-C, a crash) resumes where it stopped when run again.", stdout)
	data := fset.String("data", defaultData, "data directory holding the index")
	pf := addPoolFlags(fset, index.BatchMemoryLimit, false)
	retry := fset.String("retry", "", "also read again files with these statuses (comma-separated: failed,needs_ocr)")
	stats := fset.Bool("stats", false, "print throughput and the peak memory (VmHWM) of this process at the end")
	nf := addNATSFlags(fset, false)
	wait := fset.Bool("wait", false, "with --nats: return once every file submitted has been read by a worker")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if *nf.url != "" {
		// Workers elsewhere read them; no local data directory.
		return submitPaths(ctx, nf, fset.Args(), int64(*pf.maxSize), *wait, stdout)
	}
	if fset.NArg() == 0 && *retry == "" {
		fset.Usage()
		return fmt.Errorf("ingest: no path given")
	}
	pf.applyMemory()
	d, err := openData(*data)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer d.Close()
	if *retry != "" {
		var sts []ingest.Status
		for _, s := range strings.Split(*retry, ",") {
			sts = append(sts, ingest.Status(strings.TrimSpace(s)))
		}
		n, err := d.ledger.Requeue(sts...)
		if err != nil {
			return err
		}
		slog.Info("queued again", "files", n, "statuses", *retry)
	}

	var bar io.Writer
	if isTerminal(stdout) {
		bar = stdout
	}
	prog := ingest.NewProgress(bar, slog.Default())
	cfg := pf.config(*data)
	cfg.OnEvent = prog.Event
	pool := ingest.NewPool(d.ledger, d.orig, indexSink{d.ix}, cfg)
	prog.SetTotal(countFiles(ctx, fset.Args()) + d.ledger.QueueLen())

	g, gctx := errgroup.WithContext(ctx)
	runDone := make(chan struct{})
	if bar != nil {
		// Keeps the rate and ETA moving between files; ends with the run.
		g.Go(func() error {
			t := time.NewTicker(500 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					prog.Draw()
				case <-runDone:
					return nil
				case <-gctx.Done():
					return nil
				}
			}
		})
	}
	drain := make(chan struct{})
	// The walker ends when every path is recorded or the run is cancelled;
	// closing drain tells the pool no more work is coming.
	g.Go(func() error {
		defer close(drain)
		return ingest.Walk(gctx, fset.Args(), func(path string, err error) error {
			if err != nil {
				_, err := pool.RefusePath(path, err)
				return err
			}
			_, err = pool.AddPath(gctx, path, "path")
			return err
		})
	})
	// The pool ends when the queue is empty after drain, or on cancellation.
	g.Go(func() error { defer close(runDone); return pool.Run(gctx, drain) })
	runErr := g.Wait()
	prog.Finish()
	if runErr == nil {
		// The index stays correct without compaction: a failure only
		// leaves searches slower.
		if err := compact(ctx, d.ix, prog.Indexed); err != nil {
			slog.Warn("the index was not compacted; searches stay correct, only slower", "err", err)
		}
	}

	sum := summarize(d.ledger, prog)
	fmt.Fprintln(stdout, sum)
	if *stats {
		el := prog.Elapsed().Seconds()
		st := procStatus()
		fmt.Fprintf(stdout, "stats: %.1f s, %d workers, %.2f files/s, %.1f pages/s, peak RSS %s (VmHWM of this process; parse children not included), at the end: heap and other anonymous memory %s, mapped index files %s\n",
			el, pool.Workers(), float64(prog.Indexed+prog.Failed+prog.NeedsOCR)/el, float64(prog.Pages)/el,
			ingest.HumanBytes(st["VmHWM"]), ingest.HumanBytes(st["RssAnon"]), ingest.HumanBytes(st["RssFile"]))
	}
	if runErr != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("ingest interrupted; run the same command again to finish (%d files still queued)", d.ledger.QueueLen())
		}
		return fmt.Errorf("ingest: %w", runErr)
	}
	return nil
}

// compactAfter is how many documents a run must add before it compacts
// the index: below that Bleve's own merging keeps up.
const compactAfter = 1000

// compact merges the index into one segment after a bulk load of added
// documents (index.Compact: p99 search latency fell from 86 to 57 ms on
// 100k documents).
func compact(ctx context.Context, ix *index.Index, added int) error {
	if added < compactAfter {
		return nil
	}
	start := time.Now()
	slog.Info("compacting the index", "documents added", added)
	if err := ix.Compact(ctx); err != nil {
		return err
	}
	slog.Info("index compacted", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// countFiles counts the files Walk would give, for the progress ETA.
func countFiles(ctx context.Context, roots []string) int {
	n := 0
	ingest.Walk(ctx, roots, func(string, error) error { n++; return nil })
	return n
}

type ingestSummary struct {
	files, indexed, failed, needsOCR, queued, pages int
	fresh, known                                    int
	failures                                        []string
}

func (s ingestSummary) String() string {
	out := fmt.Sprintf("ingested %d files: %d indexed (%d pages/sheets), %d failed, %d need OCR",
		s.files, s.indexed, s.pages, s.failed, s.needsOCR)
	if s.queued > 0 {
		out += fmt.Sprintf(", %d still queued", s.queued)
	}
	out += fmt.Sprintf(" (%d new, %d seen before)", s.fresh, s.known)
	for _, f := range s.failures {
		out += "\n  " + f
	}
	return out
}

// summarize reads the final state of every entry the run touched.
func summarize(l *ingest.Ledger, prog *ingest.Progress) ingestSummary {
	s := ingestSummary{fresh: prog.Queued, known: prog.Known}
	for key := range prog.Keys {
		e, err := l.Get(key)
		if err != nil || e == nil {
			continue
		}
		s.files++
		switch e.Status {
		case ingest.StatusIndexed:
			s.indexed++
			s.pages += e.Pages
		case ingest.StatusNeedsOCR:
			s.needsOCR++
			s.failures = append(s.failures, fmt.Sprintf("needs OCR: %s: %s", e.Name(), e.Reason))
		case ingest.StatusFailed:
			s.failed++
			s.failures = append(s.failures, fmt.Sprintf("failed: %s: %s", e.Name(), e.Reason))
		default:
			s.queued++
		}
	}
	return s
}

// procStatus reads the memory lines (in bytes) of /proc/self/status:
// VmHWM (peak resident set), RssAnon, RssFile…; empty where there is no /proc.
func procStatus() map[string]int64 {
	out := map[string]int64{}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		if !ok || !strings.HasSuffix(v, " kB") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
		if err == nil {
			out[k] = kb << 10
		}
	}
	return out
}

// byteSize is a flag value: "200MiB", "1GiB", "512K", "1048576".
type byteSize int64

func (b *byteSize) String() string { return ingest.HumanBytes(int64(*b)) }

func (b *byteSize) Set(s string) error {
	s = strings.TrimSpace(s)
	mult := int64(1)
	lower := strings.ToLower(s)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"gib", 1 << 30}, {"gb", 1 << 30}, {"g", 1 << 30}, {"mib", 1 << 20}, {"mb", 1 << 20}, {"m", 1 << 20},
		{"kib", 1 << 10}, {"kb", 1 << 10}, {"k", 1 << 10}, {"b", 1}} {
		if strings.HasSuffix(lower, u.suffix) {
			mult = u.mult
			s = strings.TrimSpace(s[:len(s)-len(u.suffix)])
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("want a size like 200MiB, got %q", s)
	}
	*b = byteSize(n * mult)
	return nil
}
