package ingest

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The change log: every document that entered the index, was read again
// into it, or left it, in order, so that another program can mirror the
// index by polling (GET /api/changes). It lives in the ledger, so its
// sequence numbers — the cursors a client keeps — survive restarts and
// reindexing.

// ChangeKind says what happened to a document in the index.
type ChangeKind string

const (
	ChangeAdded    ChangeKind = "added"    // in the index for the first time
	ChangeReplaced ChangeKind = "replaced" // read again (reindex, OCR): fetch it again
	ChangeRemoved  ChangeKind = "removed"  // no longer in the index
)

// Change is one line of the change log.
type Change struct {
	Seq    uint64     `json:"-"`
	ID     string     `json:"id"`
	Change ChangeKind `json:"change"`
	At     time.Time  `json:"at"`
}

var (
	bucketChanges = []byte("changes") // seq (8 bytes, big-endian) → Change JSON
	bucketLive    = []byte("live")    // document id → digest of its record while it is in the index
)

// ErrCursor is a change-log cursor this ledger never gave.
var ErrCursor = errors.New("not a cursor of this data directory")

// logChange appends what Finish did to e's document to the change log:
// added when it is indexed for the first time, replaced when it is indexed
// again with a record whose digest differs (or is unknown: a ledger
// written before digests), removed when a document that was in the index
// no longer is. Reading a file again into the same record (a reindex that
// changed nothing for it) logs nothing. It reports whether a line was
// added.
func logChange(tx *bolt.Tx, e *Entry, digest string) (bool, error) {
	if e.ID == "" {
		return false, nil
	}
	live := tx.Bucket(bucketLive)
	prev := live.Get([]byte(e.ID))
	was := prev != nil
	var kind ChangeKind
	switch {
	case e.Status == StatusIndexed && was && digest != "" && string(prev) == digest:
		return false, nil
	case e.Status == StatusIndexed:
		kind = ChangeAdded
		if was {
			kind = ChangeReplaced
		}
		if err := live.Put([]byte(e.ID), []byte(digest)); err != nil {
			return false, err
		}
	case was:
		kind = ChangeRemoved
		if err := live.Delete([]byte(e.ID)); err != nil {
			return false, err
		}
	default:
		return false, nil
	}
	return true, appendChange(tx, Change{ID: e.ID, Change: kind, At: e.Finished})
}

func appendChange(tx *bolt.Tx, c Change) error {
	b := tx.Bucket(bucketChanges)
	n, err := b.NextSequence()
	if err != nil {
		return err
	}
	if c.At.IsZero() {
		c.At = time.Now().UTC()
	}
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return b.Put(seqKey(n), v)
}

// startChangeLog creates the change log of a ledger that has none (one
// written before it existed): every indexed document is logged as added,
// oldest first, so a client starting from the beginning misses nothing.
func startChangeLog(tx *bolt.Tx) error {
	if tx.Bucket(bucketChanges) != nil {
		return nil
	}
	if _, err := tx.CreateBucket(bucketChanges); err != nil {
		return err
	}
	live, err := tx.CreateBucketIfNotExists(bucketLive)
	if err != nil {
		return err
	}
	var indexed []Change
	err = tx.Bucket(bucketFiles).ForEach(func(k, v []byte) error {
		var e Entry
		if err := json.Unmarshal(v, &e); err != nil {
			return err
		}
		if e.Status == StatusIndexed && e.ID != "" {
			indexed = append(indexed, Change{ID: e.ID, Change: ChangeAdded, At: e.Finished})
		}
		return nil
	})
	if err != nil {
		return err
	}
	sortChanges(indexed)
	for _, c := range indexed {
		if err := live.Put([]byte(c.ID), []byte{}); err != nil {
			return err
		}
		if err := appendChange(tx, c); err != nil {
			return err
		}
	}
	return nil
}

// Changes lists the changes after the cursor since (0: from the start),
// at most limit, and the cursor to ask with next time (since itself when
// there is nothing new). A cursor beyond the log's end is ErrCursor.
func (l *Ledger) Changes(since uint64, limit int) (changes []Change, next uint64, more bool, err error) {
	next = since
	err = l.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketChanges)
		if since > b.Sequence() {
			return ErrCursor
		}
		c := b.Cursor()
		for k, v := c.Seek(seqKey(since + 1)); k != nil; k, v = c.Next() {
			if len(changes) == limit {
				more = true
				break
			}
			var ch Change
			if err := json.Unmarshal(v, &ch); err != nil {
				return err
			}
			ch.Seq = binary.BigEndian.Uint64(k)
			next = ch.Seq
			changes = append(changes, ch)
		}
		return nil
	})
	return changes, next, more, err
}

func sortChanges(cs []Change) {
	slices.SortStableFunc(cs, func(a, b Change) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
