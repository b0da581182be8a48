package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
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

func (l *liveIndex) Allocations(ctx context.Context, q index.AllocationQuery) (*index.AllocationResult, error) {
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
	if err := os.WriteFile(p, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		slog.Warn("vanban reindex will not reach this server", "err", err)
	}
	return func() { os.Remove(p) }
}

func readPID(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, pidFile))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}

// urlFile holds the running server's base URL ("http://127.0.0.1:8080"),
// so that `vanban search` and `vanban status`, which cannot open a data
// directory the server holds, ask the server instead.
const urlFile = "serve.url"

// writeURL records base in dir; the returned function removes it.
func writeURL(dir, base string) func() {
	p := filepath.Join(dir, urlFile)
	if err := os.WriteFile(p, []byte(base+"\n"), 0o644); err != nil {
		slog.Warn("vanban search and status will not reach this server", "err", err)
	}
	return func() { os.Remove(p) }
}

// errNoServer: no server answers for the data directory (none recorded,
// or the recorded one is gone).
var errNoServer = errors.New("no vanban serve answers for this data directory")

// askServer GETs pathAndQuery from the server recorded in dir and decodes
// its JSON answer into v; base is the server's URL. $VANBAN_TOKEN goes
// along when set, for a server whose reads need it.
func askServer(ctx context.Context, dir, pathAndQuery string, v any) (base string, err error) {
	b, err := os.ReadFile(filepath.Join(dir, urlFile))
	if err != nil {
		return "", errNoServer
	}
	base = strings.TrimSpace(string(b))
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+pathAndQuery, nil)
	if err != nil {
		return "", fmt.Errorf("%w (%s holds %q)", errNoServer, urlFile, base)
	}
	if tok := os.Getenv("VANBAN_TOKEN"); tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("%w: %v", errNoServer, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20)) // a page of hits or a ledger summary
	if err != nil {
		return base, fmt.Errorf("the server at %s: %w", base, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		json.Unmarshal(body, &e)
		if resp.StatusCode == http.StatusUnauthorized {
			e.Error += " (set VANBAN_TOKEN to the server's token)"
		}
		return base, fmt.Errorf("the server at %s answered %s: %s", base, resp.Status, e.Error)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return base, fmt.Errorf("the server at %s: %w", base, err)
	}
	return base, nil
}
