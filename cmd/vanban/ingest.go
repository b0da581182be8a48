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
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"vanban/index"
	"vanban/ingest"
	"vanban/ingest/format"
	"vanban/store"
)

const defaultData = "vanban-data"

// poolFlags are the worker flags shared by ingest, serve and reindex.
type poolFlags struct {
	workers *int
	maxSize *byteSize
	memory  *byteSize
	timeout *time.Duration
	ocrPage *time.Duration
	noOCR   *bool

	batchSize  *int
	batchWait  *time.Duration
	batchBytes *byteSize

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
	pf.batchSize = fs.Int("batch-size", ingest.DefaultBatchSize, "documents written to the index at once, at most")
	pf.batchWait = fs.Duration("batch-wait", ingest.DefaultBatchWait, "longest wait for a batch to fill (a batch is also written as soon as nothing else is being read)")
	pf.batchBytes = new(byteSize)
	*pf.batchBytes = ingest.DefaultBatchBytes
	fs.Var(pf.batchBytes, "batch-bytes", "text and rows a batch may hold before it is written")
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
		Parse:     format.ParseOptions{NoOCR: *pf.noOCR},
		BatchSize: *pf.batchSize, BatchWait: *pf.batchWait, BatchBytes: int(*pf.batchBytes),
		OCRAvailable: errT == nil && errP == nil,
		TempDir:      store.TempDir(dataDir), Nice: *pf.nice,
	}
}

func runIngest(ctx context.Context, args []string, stdout io.Writer) error {
	fset := newFlagSet("ingest", "[--data DIR] [flags] PATH...",
		"Adds files, and every PDF/XLSX/XLS file under folders, to the index in DIR.\n"+
			"Each file is copied into DIR/originals and recorded in DIR/ledger.db; an interrupted run\n"+
			"(Ctrl-C, a crash) resumes where it stopped when run again. While vanban serve holds DIR, the\n"+
			"files are sent to it as uploads and --retry asks it to read them again ($VANBAN_TOKEN: the\n"+
			"server's token).", stdout)
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
	var sts []ingest.Status
	if *retry != "" {
		for _, s := range strings.Split(*retry, ",") {
			sts = append(sts, ingest.Status(strings.TrimSpace(s)))
		}
	}
	pf.applyMemory()
	d, err := store.OpenForLoad(*data)
	if errors.Is(err, ingest.ErrLedgerBusy) {
		// vanban serve holds DIR: it reads the files again, and the
		// new ones go to it as uploads.
		if srv, serr := store.Dial(*data); serr == nil {
			return sendToServer(ctx, srv, sts, fset.Args(), stdout)
		}
	}
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer d.Close()
	if len(sts) > 0 {
		again, err := d.Ledger().Requeue(sts...)
		if err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		slog.Info("queued again", "files", len(again), "statuses", *retry)
	}

	var bar io.Writer
	if isTerminal(stdout) {
		bar = stdout
	}
	prog := ingest.NewProgress(bar, slog.Default())
	cfg := pf.config(*data)
	cfg.OnEvent = prog.Event
	pool := d.NewPool(cfg)
	prog.SetTotal(countFiles(ctx, fset.Args()) + d.Ledger().QueueLen())

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
		if err := d.CompactAfterLoad(ctx); err != nil {
			slog.Warn("the index was not compacted; searches stay correct, only slower", "err", err)
		}
	}

	sum := summarize(d.Ledger(), prog)
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
			return fmt.Errorf("ingest interrupted; run the same command again to finish (%d files still queued)", d.Ledger().QueueLen())
		}
		return fmt.Errorf("ingest: %w", runErr)
	}
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

// sendToServer is `vanban ingest` while vanban serve holds the data
// directory: the server queues again the files of the statuses to retry
// (its workers read them while it serves), then the files under paths go
// to it as uploads.
func sendToServer(ctx context.Context, srv *store.Server, retry []ingest.Status, paths []string, stdout io.Writer) error {
	if len(retry) > 0 {
		r, err := srv.Retry(ctx, retry...)
		if err != nil {
			return fmt.Errorf("ingest --retry: %w", err)
		}
		for _, f := range r.Files {
			fmt.Fprintf(stdout, "  again: %s (%s) %s: %s\n", f.Name, f.ID[:min(12, len(f.ID))], f.Status, f.Reason)
		}
		fmt.Fprintf(stdout, "queued again by the vanban serve at %s: %d ('vanban status' follows them)\n", srv.Base, r.Queued)
	}
	if len(paths) == 0 {
		return nil
	}
	return uploadPaths(ctx, srv, paths, stdout)
}

// uploadPaths sends every file under paths to the server that holds the
// data directory (vanban serve), which reads them as uploads; a file it
// refuses is counted with its reason and the next one goes.
func uploadPaths(ctx context.Context, srv *store.Server, paths []string, stdout io.Writer) error {
	var queued, known, refused int
	err := ingest.Walk(ctx, paths, func(path string, werr error) error {
		if werr != nil {
			refused++
			fmt.Fprintf(stdout, "  refused: %s: %v\n", path, werr)
			return nil
		}
		u, err := srv.Upload(ctx, path)
		switch {
		case errors.Is(err, store.ErrRefused), errors.Is(err, os.ErrNotExist), errors.Is(err, os.ErrPermission):
			refused++
			fmt.Fprintf(stdout, "  refused: %s: %v\n", path, err)
			return nil
		case err != nil:
			return err
		case u.Status == ingest.StatusQueued || u.Status == ingest.StatusParsing:
			queued++
		default:
			known++
		}
		return nil
	})
	fmt.Fprintf(stdout, "sent to the vanban serve at %s: %d queued, %d read before, %d refused ('vanban status' follows them)\n",
		srv.Base, queued, known, refused)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	return nil
}
