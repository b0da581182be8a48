package ingest

import (
	"bytes"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// MinIDPrefix is the shortest id prefix Find looks up (as in the index).
const MinIDPrefix = 6

// AmbiguousError is an id prefix that several files' ids start with.
type AmbiguousError struct {
	Prefix string
	Keys   []string // some of them
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("the id prefix %q names more than one file (%s…); give more of the id", e.Prefix, strings.Join(e.Keys, ", "))
}

// Find returns the entry of key, or, as in git, of the one key that starts
// with it (MinIDPrefix characters or more: vanban search prints 12). nil
// when there is none; *AmbiguousError when several start with it.
func (l *Ledger) Find(key string) (*Entry, error) {
	var out *Entry
	err := l.db.View(func(tx *bolt.Tx) error {
		var err error
		if out, err = getEntry(tx, key); err != nil || out != nil || len(key) < MinIDPrefix {
			return err
		}
		c := tx.Bucket(bucketFiles).Cursor()
		var found [][]byte
		for k, _ := c.Seek([]byte(key)); k != nil && bytes.HasPrefix(k, []byte(key)) && len(found) < 3; k, _ = c.Next() {
			found = append(found, bytes.Clone(k))
		}
		switch len(found) {
		case 0:
			return nil
		case 1:
			out, err = getEntry(tx, string(found[0]))
			return err
		}
		amb := &AmbiguousError{Prefix: key}
		for _, k := range found {
			amb.Keys = append(amb.Keys, string(k[:min(len(k), len(key)+4)]))
		}
		return amb
	})
	return out, err
}
