package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
)

// ErrReindexRunning: a reindex of this store is already running.
var ErrReindexRunning = errors.New("a reindex is already running")

// Reindexed is what a reindex did.
type Reindexed struct {
	// Originals is how many kept originals were read again; ByStatus how
	// they came out (indexed, failed, needs_ocr).
	Originals int
	ByStatus  map[ingest.Status]int
	// Changed counts the documents whose indexed record differs from the
	// one the index held before (each logged "replaced" in the change
	// log), or that entered or left the index.
	Changed int
	Took    time.Duration
}

// buildIndex is the index a reindex writes, beside the served one.
type buildIndex struct{ ix *index.Index }

func (b buildIndex) Add(ctx context.Context, recs ...*extract.Record) error {
	return b.ix.Add(ctx, recs...)
}

// Reindex rebuilds the whole index from the kept originals (after a mapping
// or extraction change) and publishes it all or nothing. The new index is
// built in DIR/.reindex with cfg's workers while the current one keeps
// answering and taking writes; originals that arrive meanwhile are read in
// catch-up rounds; the new index is compacted into one segment, then swapped
// in (readers and writers wait only for the close, rename and open), and
// the ledger records each outcome. The same method serves `vanban reindex`
// on a stopped directory and a running server (SIGHUP). On an error or a
// cancelled ctx nothing changes: the build is dropped. progress, when set,
// is called after each original with how many are done and the total so
// far.
func (s *Store) Reindex(ctx context.Context, cfg ingest.Config, progress func(done, total int)) (*Reindexed, error) {
	if !s.reindexing.CompareAndSwap(false, true) {
		return nil, ErrReindexRunning
	}
	defer s.reindexing.Store(false)
	start := time.Now()
	build := filepath.Join(s.dir, reindexBuild)
	if err := os.RemoveAll(build); err != nil {
		return nil, fmt.Errorf("reindex: %w", err)
	}
	// A one-shot load into a new index, compacted at its end.
	nix, err := index.OpenForLoad(build)
	if err != nil {
		return nil, fmt.Errorf("reindex: %w", err)
	}
	closed := false
	defer func() {
		if !closed {
			nix.Close()
			os.RemoveAll(build)
		}
	}()
	if cfg.TempDir == "" {
		cfg.TempDir = TempDir(s.dir)
	}
	to := sink{buildIndex{nix}}
	pool := ingest.NewPool(s.ledger, s.orig, to, cfg)
	done := map[string]bool{}
	var results []ingest.Rebuilt
	total := 0
	// Catch up with files that arrived meanwhile until none is left; the
	// last round is short, so the swap waits for little.
	for round := 0; ; round++ {
		var ids []string
		err := s.orig.Each(func(id string) error {
			if !done[id] {
				ids = append(ids, id)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reindex: list the originals: %w", err)
		}
		if len(ids) == 0 || round == 5 {
			break
		}
		total += len(ids)
		rb, err := pool.Rebuild(ctx, to, ids, func(rb ingest.Rebuilt) {
			slog.Debug("reindexed", "id", rb.Key, "status", rb.Result.Status, "reason", rb.Result.Reason)
			if progress != nil {
				progress(len(done)+1, total)
			}
			done[rb.Key] = true
		})
		if err != nil {
			return nil, fmt.Errorf("reindex: nothing changed, the old index is still in place: %w", err)
		}
		results = append(results, rb...)
	}
	// A new index is read far more than it is written: one segment.
	if err := nix.Compact(ctx); err != nil {
		return nil, fmt.Errorf("reindex: nothing changed, the old index is still in place: %w", err)
	}
	if err := s.swap(nix, build); err != nil {
		closed = true
		return nil, err
	}
	closed = true
	changed, err := s.ledger.Record(results)
	if err != nil {
		return nil, fmt.Errorf("reindex: the new index is in place but the ledger was not updated: %w", err)
	}
	out := &Reindexed{Originals: len(results), ByStatus: map[ingest.Status]int{}, Changed: changed, Took: time.Since(start)}
	for _, r := range results {
		out.ByStatus[r.Result.Status]++
	}
	return out, nil
}

// swap closes the built index and the current one, puts the built one in
// place and opens it; readers and writers wait meanwhile.
func (s *Store) swap(nix *index.Index, build string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := nix.Close(); err != nil {
		os.RemoveAll(build)
		return fmt.Errorf("reindex: nothing changed, the old index is still in place: %w", err)
	}
	if s.ix != nil {
		if err := s.ix.Close(); err != nil {
			slog.Warn("closing the old index", "err", err)
		}
		s.ix = nil
	}
	swapErr := swapIndex(s.dir, build)
	ix, err := s.openIndexAgain(s.dir)
	if err != nil {
		return fmt.Errorf("reindex: open the index after the swap: %w", errors.Join(swapErr, err))
	}
	s.ix = ix
	s.added.Store(0)
	if swapErr != nil {
		return fmt.Errorf("reindex: %w", swapErr)
	}
	return nil
}
