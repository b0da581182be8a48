package ingest

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// The staff's ingest page, GET /api/ingest and vanban status show the
// ledger's counts and its latest failures on every view. Counting them by
// reading every entry took 0.46 s at 100 000 files (and grows with the
// ledger); the ledger keeps them instead, in the transaction that changes
// an entry (putEntry): the counts in bucketCounts, and the failed and
// needs_ocr entries indexed newest first in bucketFailures. A ledger
// written before them gets them from one reading of every entry when it
// is opened.

var (
	bucketCounts   = []byte("counts")   // countsKey → counts JSON
	bucketFailures = []byte("failures") // newest-first time (8 bytes) + key → nothing
	countsKey      = []byte("counts")
)

// counts is what Summary counts, kept up to date.
type counts struct {
	Files    int            `json:"files"`
	ByStatus map[Status]int `json:"by_status"`
	Pages    int            `json:"pages"`
	Bytes    int64          `json:"bytes"`
	Sources  int            `json:"sources"`
	Dups     int            `json:"dups"`
}

// add counts e sign times (1: e is written, -1: its former version goes).
func (c *counts) add(e *Entry, sign int) {
	if c.ByStatus == nil {
		c.ByStatus = map[Status]int{}
	}
	c.Files += sign
	c.ByStatus[e.Status] += sign
	if c.ByStatus[e.Status] == 0 {
		delete(c.ByStatus, e.Status)
	}
	c.Pages += sign * e.Pages
	if e.ID != "" {
		c.Bytes += int64(sign) * e.Size
	}
	c.Sources += sign * len(e.Sources)
	if len(e.ProbableDuplicates) > 0 {
		c.Dups += sign
	}
}

func isFailure(e *Entry) bool { return slices.Contains(NotIndexed, e.Status) }

// failureKey orders failures newest first (then by key).
func failureKey(e *Entry) []byte {
	k := make([]byte, 8, 8+len(e.Key))
	binary.BigEndian.PutUint64(k, math.MaxUint64-uint64(e.Finished.UnixNano()))
	return append(k, e.Key...)
}

func readCounts(tx *bolt.Tx) (*counts, error) {
	c := &counts{ByStatus: map[Status]int{}}
	if v := tx.Bucket(bucketCounts).Get(countsKey); v != nil {
		if err := json.Unmarshal(v, c); err != nil {
			return nil, fmt.Errorf("ledger counts: %w", err)
		}
	}
	return c, nil
}

func writeCounts(tx *bolt.Tx, c *counts) error {
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketCounts).Put(countsKey, v)
}

// recount is what putEntry does to the counts and the failure index when
// old (nil for a new entry) becomes e.
func recount(tx *bolt.Tx, old, e *Entry) error {
	c, err := readCounts(tx)
	if err != nil {
		return err
	}
	fails := tx.Bucket(bucketFailures)
	if old != nil {
		c.add(old, -1)
		if isFailure(old) {
			if err := fails.Delete(failureKey(old)); err != nil {
				return err
			}
		}
	}
	c.add(e, 1)
	if isFailure(e) {
		if err := fails.Put(failureKey(e), nil); err != nil {
			return err
		}
	}
	return writeCounts(tx, c)
}

// startCounts makes the counts of a ledger written before them, reading
// every entry once.
func startCounts(tx *bolt.Tx) error {
	if tx.Bucket(bucketCounts) != nil && tx.Bucket(bucketFailures) != nil {
		return nil
	}
	return rebuildCounts(tx)
}

// rebuildCounts counts every entry again (startCounts).
func rebuildCounts(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketCounts, bucketFailures} {
		if tx.Bucket(b) != nil {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucket(b); err != nil {
			return err
		}
	}
	c := &counts{ByStatus: map[Status]int{}}
	fails := tx.Bucket(bucketFailures)
	err := tx.Bucket(bucketFiles).ForEach(func(k, v []byte) error {
		var e Entry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("entry %q: %w", k, err)
		}
		c.add(&e, 1)
		if isFailure(&e) {
			return fails.Put(failureKey(&e), nil)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return writeCounts(tx, c)
}
