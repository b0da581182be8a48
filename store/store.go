package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
)

// Store is an open data directory: the ledger (opened first: its file lock
// keeps a second vanban out), the originals and the index. The index can be
// swapped for a rebuilt one while the store serves (Reindex): readers see
// the old index until the new one is complete, then the new one; during the
// swap itself (close, rename, open: well under a second) they wait.
type Store struct {
	dir    string
	ledger *ingest.Ledger
	orig   *ingest.Originals

	mu sync.RWMutex // held for writing only while the index is swapped or reopened
	// broken: the index was closed after a failed write and could not be
	// opened again yet (Add retries).
	broken bool
	ix     *index.Index

	reindexing atomic.Bool
	// lastWrite is when the index was last written (unix nanoseconds),
	// for compaction when idle.
	lastWrite atomic.Int64
	// added counts documents written since the last compaction.
	added atomic.Int64
	// openIndex opens the index again after a failed write (index.Open
	// or index.OpenForLoad; nil: index.Open).
	openIndex func(string) (*index.Index, error)
	// compactions counts the compactions done (for tests and logs).
	compactions atomic.Int64
}

// Open opens the data directory dir, creating it when absent. It takes the
// directory's lock (the ledger's; ingest.ErrLedgerBusy when another vanban
// holds it), finishes a reindex swap a crash interrupted, removes what parse
// children left in DIR/tmp, and opens the index.
func Open(dir string) (*Store, error) { return open(dir, index.Open) }

// OpenForLoad opens the data directory as Open does, for a one-shot load
// that calls CompactAfterLoad at its end (vanban ingest): the index merges
// its segments only once they are many (index.OpenForLoad).
func OpenForLoad(dir string) (*Store, error) { return open(dir, index.OpenForLoad) }

func open(dir string, openIndex func(string) (*index.Index, error)) (*Store, error) {
	s, err := OpenForRebuild(dir)
	if err != nil {
		return nil, err
	}
	s.openIndex = openIndex
	if s.ix, err = openIndex(dir); err != nil {
		s.ledger.Close()
		return nil, err
	}
	return s, nil
}

// OpenForRebuild opens the data directory as Open does, but not its index:
// for a reindex or repair of an index that cannot be opened (built by
// another version of vanban, damaged). Until Reindex has put a new index
// in place, reads fail with ErrNoIndex.
func OpenForRebuild(dir string) (*Store, error) {
	l, err := ingest.OpenLedger(dir)
	if err != nil {
		return nil, err
	}
	if err := recoverSwap(dir); err != nil {
		l.Close()
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	if err := os.RemoveAll(TempDir(dir)); err != nil {
		l.Close()
		return nil, fmt.Errorf("store: sweep %s: %w", TempDir(dir), err)
	}
	return &Store{dir: dir, ledger: l, orig: ingest.NewOriginals(dir)}, nil
}

// ErrNoIndex: the store was opened without its index (OpenForRebuild) and
// no reindex has put one in place yet.
var ErrNoIndex = errors.New("the index is not open (a rebuild is under way)")

// NewPool makes the ingest workers of this store: files go through its
// ledger and originals, their documents are extracted and written to its
// index in batches (Sink).
func (s *Store) NewPool(cfg ingest.Config) *ingest.Pool {
	if cfg.TempDir == "" {
		cfg.TempDir = TempDir(s.dir)
	}
	return ingest.NewPool(s.ledger, s.orig, s.Sink(), cfg)
}

// Close closes the index and the ledger (releasing the lock).
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.ix != nil {
		err = s.ix.Close()
		s.ix = nil
	}
	return errors.Join(err, s.ledger.Close())
}

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// Ledger is the ledger of every file seen.
func (s *Store) Ledger() *ingest.Ledger { return s.ledger }

// Originals is the store of kept files (api.Config.Files).
func (s *Store) Originals() *ingest.Originals { return s.orig }

// TempDir is where parse children of dataDir keep temporary files (pages
// rendered for OCR): under the data directory, on its disk, swept by Open.
func TempDir(dataDir string) string { return filepath.Join(dataDir, "tmp") }

// Search, Get, Allocations, FindNumbers and Count read the current index
// (what api.Config.Store needs).

func (s *Store) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil, ErrNoIndex
	}
	return s.ix.Search(ctx, q)
}

func (s *Store) Get(id string) (*extract.Record, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil, ErrNoIndex
	}
	return s.ix.Get(id)
}

func (s *Store) Allocations(ctx context.Context, q index.AllocationQuery) (*index.AllocationResult, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil, ErrNoIndex
	}
	return s.ix.Allocations(ctx, q)
}

func (s *Store) FindNumbers(ctx context.Context, numbers []string) (map[string]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil, ErrNoIndex
	}
	return s.ix.FindNumbers(ctx, numbers)
}

func (s *Store) Count(ctx context.Context) (uint64, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return 0, ErrNoIndex
	}
	return s.ix.Count(ctx)
}

// Add writes records to the current index in one batch, all or none, and
// returns once they are durable (the records a search replica follows).
//
// When a write leaves the index unusable (index.ErrNeedsReopen: a full disk
// while Bleve wrote), the index is closed and opened again from what is on
// disk before anything else reads it; the batch's files stay queued and
// are written again. If it cannot be opened again yet, reads fail with
// ErrNoIndex and the next Add tries again.
func (s *Store) Add(ctx context.Context, recs ...*extract.Record) error {
	s.mu.RLock()
	ix, broken := s.ix, s.broken
	var err error
	if ix != nil {
		err = ix.Add(ctx, recs...)
	}
	s.mu.RUnlock()
	switch {
	case ix == nil && !broken:
		return ErrNoIndex
	case ix == nil:
		if rerr := s.reopen(nil); rerr != nil {
			return rerr
		}
		return s.Add(ctx, recs...)
	case errors.Is(err, index.ErrNeedsReopen):
		if rerr := s.reopen(ix); rerr != nil {
			slog.Error("the index could not be opened again after a failed write", "err", rerr)
		}
		return err
	case err != nil:
		return err
	}
	s.added.Add(int64(len(recs)))
	s.lastWrite.Store(time.Now().UnixNano())
	return nil
}

// closeBroken closes an index left unusable by a failed write: its error
// (or a panic inside Bleve while closing) is the failed write's, already
// reported.
func closeBroken(ix *index.Index) {
	defer func() {
		if v := recover(); v != nil {
			slog.Warn("closing the index after a failed write", "panic", v)
		}
	}()
	_ = ix.Close()
}

// reopen closes the index old (unless another writer did already) and
// opens the data directory's index again. An error is a storage error, so
// that the pool waits and retries.
// openIndexAgain opens the index as the store was opened (Open or
// OpenForLoad).
func (s *Store) openIndexAgain(dir string) (*index.Index, error) {
	if s.openIndex == nil {
		return index.Open(dir)
	}
	return s.openIndex(dir)
}

func (s *Store) reopen(old *index.Index) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ix != old {
		return nil // reopened meanwhile
	}
	if old != nil {
		slog.Warn("reopening the index after a failed write", "dir", s.dir)
		closeBroken(old)
		s.ix, s.broken = nil, true
	}
	ix, err := s.openIndexAgain(s.dir)
	if err != nil {
		return fmt.Errorf("%w: reopen the index: %w", ingest.ErrStorage, err)
	}
	s.ix, s.broken = ix, false
	return nil
}
