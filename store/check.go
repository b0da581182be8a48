package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"vanban/index"
	"vanban/ingest"
)

// CheckReport is what Check found in a data directory.
type CheckReport struct {
	Originals int      // kept originals verified
	Damaged   []string // ids of damaged originals
	origErrs  []error
	ledger    error
	index     []error
}

// Problems lists every damaged part, each error naming the file and its
// repair.
func (r *CheckReport) Problems() []error {
	var ps []error
	ps = append(ps, r.origErrs...)
	if r.ledger != nil {
		ps = append(ps, r.ledger)
	}
	return append(ps, r.index...)
}

// Check verifies the ledger, the index (each segment's checksum) and the
// originals (each against its SHA-256) of dir. An error means the check
// itself could not run (a server holds dir).
func Check(dir string) (*CheckReport, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	r := &CheckReport{}
	r.ledger = ingest.CheckLedger(dir)
	if errors.Is(r.ledger, ingest.ErrLedgerBusy) {
		return nil, fmt.Errorf("%w: stop 'vanban serve' first", r.ledger)
	}
	r.index = index.Check(dir)
	for _, err := range r.index {
		if errors.Is(err, index.ErrInUse) {
			return nil, fmt.Errorf("%w: stop 'vanban serve' first", err)
		}
	}
	orig := ingest.NewOriginals(dir)
	err := orig.Each(func(id string) error {
		r.Originals++
		if err := orig.Verify(id); err != nil {
			r.Damaged = append(r.Damaged, id)
			r.origErrs = append(r.origErrs, fmt.Errorf("%w; --repair sets it aside in %s and the file must be added again",
				err, filepath.Join(dir, "damaged")))
		}
		return nil
	})
	return r, err
}

// Repair mends what Check found: damaged originals are set aside in
// DIR/damaged (their files must be added again), a damaged ledger is set
// aside and rebuilt with an entry for every kept original (named as the
// index knows it, when it can be read), and the index is rebuilt from the
// originals (Reindex, with cfg's workers), which records every outcome in
// the ledger. say is told each step, for the person who asked.
func Repair(ctx context.Context, dir string, r *CheckReport, cfg ingest.Config, say func(string)) (*Reindexed, error) {
	orig := ingest.NewOriginals(dir)
	for _, id := range r.Damaged {
		dst, err := orig.SetAside(id)
		if err != nil {
			return nil, err
		}
		say(fmt.Sprintf("set aside the damaged original %s in %s", id, dst))
	}
	if r.ledger != nil {
		if err := rebuildLedger(dir, r.index == nil, say); err != nil {
			return nil, err
		}
	}
	s, err := OpenForRebuild(dir)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	for _, id := range r.Damaged {
		if e, _ := s.ledger.Get(id); e != nil {
			s.ledger.Finish(id, ingest.Result{Status: ingest.StatusFailed, Cause: "missing",
				Reason: "the kept original was damaged (set aside in " + filepath.Join(dir, "damaged") + "); add the file again"})
		}
	}
	// Every original read again into a new index, swapped in whole.
	return s.Reindex(ctx, cfg, nil)
}

// rebuildLedger sets a damaged ledger aside and starts a new one with an
// entry for every kept original, named as the index knows it when it can
// be read (the reindex that follows records each outcome).
func rebuildLedger(dir string, indexOK bool, say func(string)) error {
	path := filepath.Join(dir, ingest.LedgerFile)
	aside := path + ".damaged-" + time.Now().UTC().Format("20060102T150405")
	if err := os.Rename(path, aside); err != nil {
		return err
	}
	say("set aside the damaged ledger as " + aside)
	l, err := ingest.OpenLedger(dir)
	if err != nil {
		return err
	}
	defer l.Close()
	var ix *index.Index
	if indexOK {
		if ix, err = index.Open(dir); err != nil {
			ix = nil
		} else {
			defer ix.Close()
		}
	}
	orig := ingest.NewOriginals(dir)
	n := 0
	err = orig.Each(func(id string) error {
		src := ingest.Source{Kind: "repair", Name: id}
		if ix != nil {
			if rec, err := ix.Get(id); err == nil && rec.Source.Name != "" {
				src.Name = rec.Source.Name
			}
		}
		var size int64
		if fi, err := os.Stat(orig.Path(id)); err == nil {
			size = fi.Size()
		}
		n++
		_, _, err := l.Add(id, size, src, nil)
		return err
	})
	if err != nil {
		return err
	}
	say(fmt.Sprintf("rebuilt the ledger: %d originals", n))
	return nil
}
