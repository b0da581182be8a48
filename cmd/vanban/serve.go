package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"vanban/api"
	"vanban/cluster"
	"vanban/index"
	"vanban/ingest"
	"vanban/internal/httpx"
	"vanban/server"
	"vanban/store"
)

func runServe(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("serve", "[--data DIR] [--addr HOST:PORT] [--ingest PATH]... [--watch DIR]...",
		"Serves the staff web page at / and the JSON API under /api/.\n"+
			"Files from --ingest, --watch folders and uploads (POST /api/documents, token required)\n"+
			"all go through the same queue of ingest workers.", stdout)
	data := fs.String("data", defaultData, "data directory holding the index")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	var toIngest, watch stringList
	fs.Var(&toIngest, "ingest", "ingest this file or folder while serving (repeatable)")
	fs.Var(&watch, "watch", "pick up new and changed files in this folder while serving (repeatable)")
	watchEvery := fs.Duration("watch-interval", 2*time.Second, "how often watched folders are scanned")
	token := fs.String("token", os.Getenv("VANBAN_TOKEN"), "token that uploads must send (Authorization: Bearer TOKEN); default $VANBAN_TOKEN; no token: uploads off")
	compactIdle := fs.Duration("compact-idle", 2*time.Minute, "compact the index when it has not been written for this long and is fragmented")
	pf := addPoolFlags(fs, index.ServeMemoryLimit, true)
	nf := addNATSFlags(fs, true)
	follow := fs.Bool("follow", false, "with --nats: a read-only search replica, its index built from the cluster's records")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *follow {
		if *nf.url == "" {
			return errors.New("serve: --follow needs --nats URL")
		}
		return runFollow(ctx, nf, *data, *addr, stdout)
	}
	pf.applyMemory()
	d, err := store.Open(*data)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer d.Close()
	pool := d.NewPool(pf.config(*data))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	bg, bgctx := errgroup.WithContext(ctx)
	// `vanban reindex` (or kill -HUP) asks for a live reindex: the new index
	// is built while this one serves, then swapped in.
	var reWG sync.WaitGroup
	defer reWG.Wait()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	// Ends when serve stops.
	bg.Go(func() error {
		for {
			select {
			case <-hup:
				if cluster.IsHubDir(*data) {
					slog.Error("reindex refused", "err", cluster.ErrHubReindex)
					continue
				}
				slog.Info("reindex requested (SIGHUP)")
				reindexLive(bgctx, d, pf.config(*data), &reWG)
			case <-bgctx.Done():
				return nil
			}
		}
	})
	// Ends when serve stops: compacts the index when idle and fragmented.
	bg.Go(func() error { d.CompactWhenIdle(bgctx, *compactIdle, store.IdleSegments); return nil })
	var ing httpx.Ingester = pool
	var files api.Originals = d.Originals()
	if *nf.url != "" {
		// Cluster workers parse; this server accepts files and indexes
		// what they read.
		c, err := startHub(bgctx, bg, nf, d)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer c.Close()
		ing = hubIngester{pool, c}
		files = hubOriginals{d.Originals(), clusterOriginals{c, store.TempDir(*data)}}
	} else {
		// The pool ends when serve stops (ctx) or on a fatal index error.
		bg.Go(func() error { return pool.Run(bgctx, nil) })
	}
	if len(toIngest) > 0 {
		// Ends once every --ingest path is recorded (the pool reads them).
		bg.Go(func() error {
			err := ingest.Walk(bgctx, toIngest, func(path string, err error) error {
				if err != nil {
					_, err = pool.RefusePath(path, err)
					return err
				}
				_, err = pool.AddPath(bgctx, path, "path")
				return err
			})
			if err != nil {
				return err
			}
			return reportWhenIdle(bgctx, pool, stdout, *data)
		})
	}
	for _, dir := range watch {
		w := &ingest.Watcher{Dir: dir, Interval: *watchEvery, Pool: pool}
		// A watcher ends when serve stops.
		bg.Go(func() error { return w.Run(bgctx) })
	}
	defer func() {
		cancel()
		if err := bg.Wait(); err != nil && !errors.Is(err, context.Canceled) {
			slog.Error("ingest workers stopped", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	h := server.New(server.Config{Store: d, Log: slog.Default(), Token: *token,
		Files: files, Ingest: ing, Changes: d.Ledger()}).Handler()
	// Written before the line below, which tells a person (or a test)
	// that the server is up.
	defer d.Announce("http://" + ln.Addr().String())()
	fmt.Fprintf(stdout, "vanban is serving http://%s/ (data in %s)\n", ln.Addr(), *data)
	if *token == "" {
		fmt.Fprintln(stdout, "uploads are off: no token (start with --token or VANBAN_TOKEN set to take uploads)")
	}
	// Should the ingest workers stop on a fatal error (logged when serve
	// ends), search is still served.
	return serveHTTP(ctx, ln, h)
}

// serveHTTP serves h on ln until ctx is cancelled, then shuts down within
// 10 s.
func serveHTTP(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		// URLs and headers: server refuses more than server.MaxHeaderBytes with a
		// JSON 431 naming the size; beyond this net/http answers 431 itself,
		// made JSON by server.PlainErrorsAsJSON below.
		MaxHeaderBytes: server.ServerMaxHeaderBytes,
	}
	errc := make(chan error, 1)
	// This goroutine ends when the server stops (Shutdown below or a failure).
	go func() { errc <- srv.Serve(server.PlainErrorsAsJSON(ln)) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// reindexLive starts store.Reindex in the background unless one is
// running; it ends when the new index is served or the reindex is
// abandoned (ctx cancelled: the build is dropped).
func reindexLive(ctx context.Context, d *store.Store, cfg ingest.Config, wg *sync.WaitGroup) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		res, err := d.Reindex(ctx, cfg, reindexProgress())
		switch {
		case errors.Is(err, store.ErrReindexRunning):
			slog.Info("reindex already running")
		case err != nil:
			slog.Error("live reindex failed; the old index is still served", "err", err)
		default:
			slog.Info("live reindex done: the new index is served", "summary", reindexSummary(res))
		}
	}()
}

type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// reportWhenIdle prints one line about the data directory once nothing is
// queued or being read: what the --ingest paths added up to. It ends then,
// or when ctx is cancelled.
func reportWhenIdle(ctx context.Context, pool *ingest.Pool, stdout io.Writer, data string) error {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if pool.Ledger().QueueLen() > 0 {
			continue // still waiting or being parsed
		}
		sum, err := pool.Summarize(0)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, idleReport(sum, data))
		return nil
	}
}

// idleReport is the line serve prints once its --ingest paths are read: the
// counts, and commands that show exactly those files — search for the
// indexed ones, status for the ones not indexed, with the reason.
func idleReport(sum *ingest.Summary, data string) string {
	dataFlag := ""
	if data != defaultData {
		dataFlag = " --data " + shellQuote(data)
	}
	indexed, failed, ocr := sum.ByStatus[ingest.StatusIndexed], sum.ByStatus[ingest.StatusFailed], sum.ByStatus[ingest.StatusNeedsOCR]
	out := fmt.Sprintf("ingested: %d files in the index (%d pages/sheets), %d failed, %d need OCR", indexed, sum.Pages, failed, ocr)
	if indexed > 0 {
		out += fmt.Sprintf("; 'vanban search%s WORDS' searches them", dataFlag)
	}
	if n := failed + ocr; n > 0 {
		what := "the one not indexed"
		if n > 1 {
			what = fmt.Sprintf("the %d not indexed", n)
		}
		out += fmt.Sprintf("; 'vanban status%s' lists %s, with the reason", dataFlag, what)
	}
	return out
}
