package ingest

import (
	"errors"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestChangeLog follows documents through the ledger as ingest and reindex
// move them, and checks the log a mirroring client reads: in order, with
// cursors that survive closing and opening the ledger again.
func TestChangeLog(t *testing.T) {
	dir := t.TempDir()
	l, err := OpenLedger(dir)
	if err != nil {
		t.Fatal(err)
	}
	finish := func(id string, st Status) {
		t.Helper()
		if _, _, err := l.Add(id, 1, Source{Kind: "upload", Name: id}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Finish(id, Result{Status: st}); err != nil {
			t.Fatal(err)
		}
	}
	finish("aa", StatusIndexed)  // added
	finish("bb", StatusFailed)   // never in the index: no change
	finish("cc", StatusIndexed)  // added
	finish("aa", StatusIndexed)  // read again (reindex): replaced
	finish("cc", StatusNeedsOCR) // left the index on reindex: removed
	finish("bb", StatusIndexed)  // read at last: added
	finish("cc", StatusNeedsOCR) // still out: no change
	want := []struct {
		id   string
		kind ChangeKind
	}{{"aa", ChangeAdded}, {"cc", ChangeAdded}, {"aa", ChangeReplaced}, {"cc", ChangeRemoved}, {"bb", ChangeAdded}}
	check := func(l *Ledger, since uint64, from int) uint64 {
		t.Helper()
		got, next, more, err := l.Changes(since, 100)
		if err != nil || more {
			t.Fatalf("Changes(%d): %v more=%v", since, err, more)
		}
		if len(got) != len(want)-from {
			t.Fatalf("Changes(%d) = %+v, want %v", since, got, want[from:])
		}
		for i, c := range got {
			if c.ID != want[from+i].id || c.Change != want[from+i].kind || c.At.IsZero() {
				t.Errorf("change %d = %+v, want %v", from+i, c, want[from+i])
			}
		}
		return next
	}
	end := check(l, 0, 0)
	page, cur, more, err := l.Changes(0, 2)
	if err != nil || len(page) != 2 || !more {
		t.Fatalf("a page of 2: %+v more=%v err=%v", page, more, err)
	}
	check(l, cur, 2)
	if _, _, _, err := l.Changes(end+1, 10); !errors.Is(err, ErrCursor) {
		t.Errorf("a cursor past the end: %v", err)
	}
	// Restart: the cursors keep their meaning, and nothing new is there.
	l.Close()
	if l, err = OpenLedger(dir); err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if n := check(l, end, len(want)); n != end {
		t.Errorf("nothing new, cursor %d → %d", end, n)
	}
	check(l, cur, 2)
}

// TestChangeLogStartsFromOldLedger: a ledger written before the change log
// existed gets one listing every indexed document as added.
func TestChangeLogStartsFromOldLedger(t *testing.T) {
	dir := t.TempDir()
	l, err := OpenLedger(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id string
		st Status
	}{{"aa", StatusIndexed}, {"bb", StatusFailed}, {"cc", StatusIndexed}} {
		l.Add(c.id, 1, Source{Kind: "upload", Name: c.id}, nil)
		if _, err := l.Finish(c.id, Result{Status: c.st}); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	db, err := bolt.Open(filepath.Join(dir, LedgerFile), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		tx.DeleteBucket(bucketChanges)
		return tx.DeleteBucket(bucketLive)
	})
	db.Close()
	if l, err = OpenLedger(dir); err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	got, _, _, err := l.Changes(0, 10)
	if err != nil || len(got) != 2 || got[0].ID != "aa" || got[1].ID != "cc" || got[0].Change != ChangeAdded {
		t.Fatalf("backfilled log %+v (%v)", got, err)
	}
	l.Finish("aa", Result{Status: StatusIndexed})
	got, _, _, _ = l.Changes(2, 10)
	if len(got) != 1 || got[0].Change != ChangeReplaced {
		t.Fatalf("after backfill, a re-read is %+v, want replaced", got)
	}
}
