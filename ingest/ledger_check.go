package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// ErrLedgerDamaged means ledger.db does not hold what was written there.
var ErrLedgerDamaged = errors.New("the ledger is damaged")

const ledgerRepair = "run 'vanban check --repair' to rebuild it from the kept originals and the index"

type ledgerError struct {
	path string
	err  error
}

func (e *ledgerError) Error() string {
	return fmt.Sprintf("ledger: %s is damaged: %v; %s", e.path, e.err, ledgerRepair)
}

func (e *ledgerError) Unwrap() []error { return []error{ErrLedgerDamaged, e.err} }

func damagedLedger(path string, err error) error { return &ledgerError{path: path, err: err} }

// recoverLedger turns a panic while reading a damaged ledger (bbolt
// trusts its pages) into an error naming the file and the repair.
func recoverLedger(path string, err *error) {
	if v := recover(); v != nil {
		*err = damagedLedger(path, fmt.Errorf("reading it failed: %v", v))
	}
}

// boltFile opens bbolt's file through Options.OpenFile and keeps it, so
// that a bbolt.Open that panics on damaged pages can have it closed (with
// its lock: otherwise the ledger stays "in use" by this very process).
type boltFile struct{ f *os.File }

func (b *boltFile) open(name string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(name, flag, perm)
	b.f = f
	return f, err
}

// closeOnPanic closes the file when a panic is under way (recovered by a
// recoverLedger deferred before it).
func (b *boltFile) closeOnPanic() {
	if v := recover(); v != nil {
		if b.f != nil {
			// The mapping bbolt made keeps the file, and its lock, alive
			// after Close (it leaks: a damaged ledger is rare); unlock first.
			unlockFile(b.f)
			b.f.Close()
		}
		panic(v)
	}
}

// CheckLedger verifies ledger.db in dir: that it opens (its meta pages and
// free list), that every page reachable from its buckets reads, every
// entry decodes and every queued key has an entry. (bbolt's own Tx.Check
// reads in a goroutine of its own, where a damaged page's panic cannot be
// recovered.) A missing ledger is not damage (a new data directory). It
// returns ErrLedgerBusy when another process holds it.
func CheckLedger(dir string) (err error) {
	path := filepath.Join(dir, LedgerFile)
	if _, serr := os.Stat(path); errors.Is(serr, os.ErrNotExist) {
		return nil
	}
	l, err := OpenLedger(dir)
	if err != nil {
		return err
	}
	defer l.Close()
	defer recoverLedger(path, &err)
	err = l.db.View(func(tx *bolt.Tx) error {
		files := tx.Bucket(bucketFiles)
		if files == nil {
			return errors.New("no files bucket")
		}
		// Every bucket's every key and value: each page is read.
		if err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error { return nil })
		}); err != nil {
			return err
		}
		if err := files.ForEach(func(k, v []byte) error {
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("entry %q: %w", k, err)
			}
			return nil
		}); err != nil {
			return err
		}
		if q := tx.Bucket(bucketQueue); q != nil {
			return q.ForEach(func(k, v []byte) error {
				if files.Get(v) == nil {
					return fmt.Errorf("the queue names %q, which has no entry", v)
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		var le *ledgerError
		if !errors.As(err, &le) {
			err = damagedLedger(path, err)
		}
	}
	return err
}
