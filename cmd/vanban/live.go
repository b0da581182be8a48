package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
)

// liveIndex is the index a running server reads and writes. A live reindex
// builds a new index beside it while it keeps answering, and swaps it in
// whole: readers see the old index until the new one is complete, then the
// new one; during the swap itself (close, rename, open: well under a second)
// they wait.
type liveIndex struct {
	mu sync.RWMutex
	d  *dataDir // d.ix is the current index
}

func (l *liveIndex) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.d.ix.Search(ctx, q)
}

func (l *liveIndex) Get(id string) (*extract.Record, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.d.ix.Get(id)
}

func (l *liveIndex) Allocations(ctx context.Context, q index.Query) (*index.AllocationResult, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.d.ix.Allocations(ctx, q)
}

func (l *liveIndex) FindNumbers(ctx context.Context, numbers []string) (map[string]string, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.d.ix.FindNumbers(ctx, numbers)
}

func (l *liveIndex) Count(ctx context.Context) (uint64, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.d.ix.Count(ctx)
}

// Add is the ingest workers' write (through indexSink).
func (l *liveIndex) Add(ctx context.Context, recs ...*extract.Record) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.d.ix.Add(ctx, recs...)
}

// reindexer runs one live reindex at a time.
type reindexer struct {
	live    *liveIndex
	cfg     ingest.Config
	running atomic.Bool
}

// start begins a live reindex in the background unless one is running. It
// ends when done or when ctx is cancelled (the build is then dropped).
func (r *reindexer) start(ctx context.Context, wg *sync.WaitGroup) {
	if !r.running.CompareAndSwap(false, true) {
		slog.Info("reindex already running")
		return
	}
	wg.Add(1)
	// Ends when the reindex is published or abandoned.
	go func() {
		defer wg.Done()
		defer r.running.Store(false)
		start := time.Now()
		n, err := r.run(ctx)
		if err != nil {
			slog.Error("live reindex failed; the old index is still served", "err", err)
			return
		}
		slog.Info("live reindex done: the new index is served", "documents", n, "took", time.Since(start).Round(time.Millisecond))
	}()
}

func (r *reindexer) run(ctx context.Context) (int, error) {
	d := r.live.d
	build := filepath.Join(d.dir, reindexBuild)
	if err := os.RemoveAll(build); err != nil {
		return 0, err
	}
	nix, err := index.Open(build)
	if err != nil {
		return 0, err
	}
	closed := false
	defer func() {
		if !closed {
			nix.Close()
			os.RemoveAll(build)
		}
	}()
	pool := ingest.NewPool(d.ledger, d.orig, indexSink{nix}, r.cfg)
	done := map[string]bool{}
	var results []ingest.Rebuilt
	// Catch up with files that arrived meanwhile until none is left; the
	// last round is short, so the swap waits for little.
	for round := 0; ; round++ {
		var ids []string
		err := d.orig.Each(func(id string) error {
			if !done[id] {
				ids = append(ids, id)
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
		if len(ids) == 0 || round == 5 {
			break
		}
		rb, err := pool.Rebuild(ctx, indexSink{nix}, ids, func(rb ingest.Rebuilt) {
			slog.Debug("reindexed", "id", rb.Key, "status", rb.Result.Status)
		})
		if err != nil {
			return 0, err
		}
		for _, x := range rb {
			done[x.Key] = true
		}
		results = append(results, rb...)
	}
	// Writers (ingest workers) and readers wait from here until the new
	// index is open.
	r.live.mu.Lock()
	defer r.live.mu.Unlock()
	closed = true
	if err := nix.Close(); err != nil {
		return 0, err
	}
	if err := d.ix.Close(); err != nil {
		slog.Warn("closing the old index", "err", err)
	}
	swapErr := swapIndex(d.dir, build)
	ix, err := index.Open(d.dir)
	if err != nil {
		return 0, fmt.Errorf("open the index after the swap: %w", errors.Join(swapErr, err))
	}
	d.ix = ix
	if swapErr != nil {
		return 0, swapErr
	}
	if err := d.ledger.Record(results); err != nil {
		return 0, fmt.Errorf("the new index is served but the ledger was not updated: %w", err)
	}
	return len(results), nil
}

// pidFile names the running server so `vanban reindex` can ask it.
const pidFile = "serve.pid"

func writePID(dir string) func() {
	p := filepath.Join(dir, pidFile)
	os.WriteFile(p, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
	return func() { os.Remove(p) }
}

func readPID(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, pidFile))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}
