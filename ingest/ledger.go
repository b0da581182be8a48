package ingest

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"vanban/model"
)

// Status is where a file stands in the ledger.
type Status string

const (
	// StatusQueued: copied into the originals store, waiting for a worker.
	StatusQueued Status = "queued"
	// StatusParsing: a worker has taken it. Left behind by a crash, it is
	// retried on the next start.
	StatusParsing Status = "parsing"
	// StatusIndexed: parsed, extracted and in the index.
	StatusIndexed Status = "indexed"
	// StatusFailed: could not be read; Reason says why.
	StatusFailed Status = "failed"
	// StatusNeedsOCR: a scan without a text layer, and OCR was off or not
	// installed; not in the index until it is read again with OCR.
	StatusNeedsOCR Status = "needs_ocr"
)

// NotIndexed are the statuses of the files that ended without a record:
// the ledger lists them as its failures (Summary.Failures), and they are
// what may be read again (Retry: vanban ingest --retry, POST
// /api/ingest/retry, the staff pages' retry form).
var NotIndexed = []Status{StatusFailed, StatusNeedsOCR}

// Source is one place a file came from: a path on disk or an upload.
type Source struct {
	Kind string    `json:"kind"`           // "path", "watch" or "upload"
	Path string    `json:"path,omitempty"` // absolute path for path/watch
	Name string    `json:"name"`           // file name shown to people
	Seen time.Time `json:"seen"`
}

// Entry is the ledger's record of one file content (one SHA-256). A file that
// was refused before it could be read (too large, unreadable) has no ID; its
// Key is derived from its path.
type Entry struct {
	Key      string   `json:"key"`
	ID       string   `json:"id,omitempty"` // sha256 hex of the bytes; the document id
	Status   Status   `json:"status"`
	Reason   string   `json:"reason,omitempty"`
	Cause    string   `json:"cause,omitempty"` // encrypted, truncated, corrupt, too_large, …
	Sources  []Source `json:"sources"`
	Attempts int      `json:"attempts"`
	// Stage is where a file being read is: "parse" (in its parse child)
	// or "store" (extraction and indexing, in vanban itself).
	Stage string `json:"stage,omitempty"`
	// Stops counts the times vanban stopped while storing this file (a
	// stop while its parse child ran is not the file's doing).
	Stops  int          `json:"stops,omitempty"`
	Size   int64        `json:"size"`
	Format model.Format `json:"format,omitempty"`
	Pages  int          `json:"pages,omitempty"`
	OCR    bool         `json:"ocr,omitempty"`
	// Identity as the sink extracted it (số ký hiệu, cơ quan ban hành, ngày).
	Number string `json:"number,omitempty"`
	Issuer string `json:"issuer,omitempty"`
	Date   string `json:"date,omitempty"`
	// ProbableDuplicates are other documents with the same number, issuer
	// and date but different bytes. Both are kept.
	ProbableDuplicates []string `json:"probable_duplicates,omitempty"`

	Queued     time.Time `json:"queued"`
	Started    time.Time `json:"started,omitzero"`
	Finished   time.Time `json:"finished,omitzero"`
	ParseMs    int64     `json:"parse_ms,omitempty"`
	StoreMs    int64     `json:"store_ms,omitempty"`
	QueueSeq   uint64    `json:"queue_seq,omitempty"`
	LastUpdate time.Time `json:"updated"`
}

// Name is the name of the first source.
func (e *Entry) Name() string {
	if len(e.Sources) == 0 {
		return e.Key
	}
	return e.Sources[0].Name
}

// ErrLedgerBusy means another vanban process holds the data directory.
var ErrLedgerBusy = errors.New("the data directory is in use by another vanban process (ingest or serve); wait for it to finish or stop it")

var (
	bucketFiles  = []byte("files")  // key → Entry JSON
	bucketQueue  = []byte("queue")  // seq (8 bytes, big-endian) → key
	bucketPaths  = []byte("paths")  // absolute path → pathInfo JSON
	bucketIdents = []byte("idents") // number|issuer|date → JSON []id
)

// pathInfo remembers what a path held when last read, so an unchanged file
// is not hashed again.
type pathInfo struct {
	Key   string    `json:"key"`
	Size  int64     `json:"size"`
	MTime time.Time `json:"mtime"`
}

// Ledger is the durable record of every file vanban has seen: a bbolt
// database in the data directory. Every change is one transaction, fsynced
// before the method returns, so a crash leaves it consistent.
type Ledger struct {
	db *bolt.DB
	// MaxAttempts is how many times vanban may stop while storing a file
	// (extracting and indexing it, in its own process) before the ledger
	// gives up on it. A stop while the file's parse child runs does not
	// count: the child died with vanban, not because of the file (a child
	// that dies on its own is recorded as that file's failure at once).
	MaxAttempts int
}

// LedgerFile is the ledger's file name inside the data directory.
const LedgerFile = "ledger.db"

// OpenLedger opens (creating) the ledger in dir. It waits at most two
// seconds for another process holding it, then returns ErrLedgerBusy.
func OpenLedger(dir string) (l *Ledger, err error) {
	defer recoverLedger(filepath.Join(dir, LedgerFile), &err)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open ledger: %w", err)
	}
	path := filepath.Join(dir, LedgerFile)
	bf := &boltFile{}
	defer bf.closeOnPanic()
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second, OpenFile: bf.open})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open ledger %s: %w", path, ErrLedgerBusy)
	}
	if err != nil {
		return nil, damagedLedger(path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketFiles, bucketQueue, bucketPaths, bucketIdents} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if err := startCounts(tx); err != nil {
			return err
		}
		return startChangeLog(tx)
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	return &Ledger{db: db, MaxAttempts: 3}, nil
}

// Close closes the ledger.
func (l *Ledger) Close() error { return l.db.Close() }

func getEntry(tx *bolt.Tx, key string) (*Entry, error) {
	v := tx.Bucket(bucketFiles).Get([]byte(key))
	if v == nil {
		return nil, nil
	}
	var e Entry
	if err := json.Unmarshal(v, &e); err != nil {
		return nil, fmt.Errorf("ledger entry %s: %w", key, err)
	}
	return &e, nil
}

// putEntry writes e, and what the summary counts of it (summary.go).
func putEntry(tx *bolt.Tx, e *Entry) error {
	old, err := getEntry(tx, e.Key)
	if err != nil {
		return err
	}
	e.LastUpdate = time.Now().UTC()
	v, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketFiles).Put([]byte(e.Key), v); err != nil {
		return err
	}
	return recount(tx, old, e)
}

func seqKey(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

func enqueue(tx *bolt.Tx, e *Entry) error {
	q := tx.Bucket(bucketQueue)
	n, err := q.NextSequence()
	if err != nil {
		return err
	}
	e.QueueSeq = n
	e.Status = StatusQueued
	e.Queued = time.Now().UTC()
	return q.Put(seqKey(n), []byte(e.Key))
}

func dequeue(tx *bolt.Tx, e *Entry) error {
	if e.QueueSeq == 0 {
		return nil
	}
	err := tx.Bucket(bucketQueue).Delete(seqKey(e.QueueSeq))
	e.QueueSeq = 0
	return err
}

func addSource(e *Entry, src Source) {
	for i, s := range e.Sources {
		if s.Kind == src.Kind && s.Path == src.Path && s.Name == src.Name {
			e.Sources[i].Seen = src.Seen
			return
		}
	}
	e.Sources = append(e.Sources, src)
}

// Add records that the content id (size bytes, already in the originals
// store) came from src. New content is queued; known content only gains
// the source ("same bytes twice → one document with both paths"). It returns
// the entry and whether a worker has new work.
func (l *Ledger) Add(id string, size int64, src Source, info *PathStat) (*Entry, bool, error) {
	var out *Entry
	var queued bool
	err := l.db.Update(func(tx *bolt.Tx) error {
		var err error
		out, queued, err = add(tx, id, size, src, info)
		return err
	})
	return out, queued, err
}

func add(tx *bolt.Tx, id string, size int64, src Source, info *PathStat) (*Entry, bool, error) {
	e, err := getEntry(tx, id)
	if err != nil {
		return nil, false, err
	}
	if src.Seen.IsZero() {
		src.Seen = time.Now().UTC()
	}
	queued := false
	if e == nil {
		e = &Entry{Key: id, ID: id, Size: size}
		if err := enqueue(tx, e); err != nil {
			return nil, false, err
		}
		queued = true
	}
	addSource(e, src)
	if err := putEntry(tx, e); err != nil {
		return nil, false, err
	}
	if info != nil && src.Path != "" {
		if err := putPath(tx, src.Path, pathInfo{Key: id, Size: info.Size, MTime: info.MTime}); err != nil {
			return nil, false, err
		}
	}
	return e, queued, nil
}

// PathStat is what a path's size and modification time were when read.
type PathStat struct {
	Size  int64
	MTime time.Time
}

func putPath(tx *bolt.Tx, path string, pi pathInfo) error {
	v, err := json.Marshal(pi)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketPaths).Put([]byte(path), v)
}

// Known reports whether path was already recorded with this size and
// modification time, and the entry it led to.
func (l *Ledger) Known(path string, st PathStat) (*Entry, bool) {
	var out *Entry
	l.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPaths).Get([]byte(path))
		if v == nil {
			return nil
		}
		var pi pathInfo
		if json.Unmarshal(v, &pi) != nil || pi.Size != st.Size || !pi.MTime.Equal(st.MTime) {
			return nil
		}
		out, _ = getEntry(tx, pi.Key)
		return nil
	})
	return out, out != nil
}

// Refuse records a file that was refused before its bytes were read (too
// large, unreadable). Its key is derived from the path.
func (l *Ledger) Refuse(src Source, size int64, st *PathStat, reason error) (*Entry, error) {
	key := "path:" + src.Path
	if src.Path == "" {
		key = "upload:" + src.Name + ":" + time.Now().UTC().Format(time.RFC3339Nano)
	}
	var out *Entry
	err := l.db.Update(func(tx *bolt.Tx) error {
		e, err := getEntry(tx, key)
		if err != nil {
			return err
		}
		if e == nil {
			e = &Entry{Key: key, Queued: time.Now().UTC()}
		}
		if src.Seen.IsZero() {
			src.Seen = time.Now().UTC()
		}
		addSource(e, src)
		e.Size = size
		e.Status = StatusFailed
		e.Reason = reason.Error()
		e.Cause = causeName(reason)
		e.Finished = time.Now().UTC()
		out = e
		if st != nil && src.Path != "" {
			if err := putPath(tx, src.Path, pathInfo{Key: key, Size: st.Size, MTime: st.MTime}); err != nil {
				return err
			}
		}
		return putEntry(tx, e)
	})
	return out, err
}

// Pending returns up to n keys waiting in the queue, oldest first, skipping
// those for which skip returns true (already taken by a worker).
func (l *Ledger) Pending(n int, skip func(key string) bool) ([]string, error) {
	var keys []string
	err := l.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketQueue).Cursor()
		for k, v := c.First(); k != nil && len(keys) < n; k, v = c.Next() {
			if skip != nil && skip(string(v)) {
				continue
			}
			keys = append(keys, string(v))
		}
		return nil
	})
	return keys, err
}

// QueueLen is the number of files waiting or being parsed.
func (l *Ledger) QueueLen() int {
	n := 0
	l.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketQueue).Stats().KeyN
		return nil
	})
	return n
}

// errGaveUp is the reason recorded when a file used up its attempts.
var errGaveUp = errors.New("gave up")

// The stages of a file being read (Entry.Stage).
const (
	stageParse = "parse"
	stageStore = "store"
)

// Start marks key as taken by a worker and counts the attempt. A file left
// "parsing" by a vanban that stopped is blamed only when it stopped while
// storing it; when that has happened MaxAttempts times, the file is marked
// failed and Start returns ok=false.
func (l *Ledger) Start(key string) (e *Entry, ok bool, err error) {
	err = l.db.Update(func(tx *bolt.Tx) error {
		e, err = getEntry(tx, key)
		if err != nil {
			return err
		}
		if e == nil {
			return fmt.Errorf("ledger: no entry %s", key)
		}
		if e.Status != StatusQueued && e.Status != StatusParsing {
			// Finished meanwhile; drop the stale queue item.
			return dequeue(tx, e)
		}
		if e.Status == StatusParsing && e.Stage == stageStore {
			e.Stops++
		}
		if l.MaxAttempts > 0 && e.Stops >= l.MaxAttempts {
			e.Status = StatusFailed
			e.Cause = "gave_up"
			e.Stage = ""
			e.Reason = fmt.Sprintf("%v after %d attempts: vanban stopped each time while extracting and indexing this file (its parse had finished)", errGaveUp, e.Stops)
			e.Finished = time.Now().UTC()
			if err := dequeue(tx, e); err != nil {
				return err
			}
			return putEntry(tx, e)
		}
		e.Attempts++
		e.Status = StatusParsing
		e.Stage = stageParse
		e.Started = time.Now().UTC()
		ok = true
		return putEntry(tx, e)
	})
	return e, ok, err
}

// Storing records that key's parse has finished and vanban itself now
// extracts and indexes it.
func (l *Ledger) Storing(key string) error {
	return l.update(key, func(e *Entry) {
		if e.Status == StatusParsing {
			e.Stage = stageStore
		}
	})
}

// Abort puts a file a worker was interrupted on (cancellation) back in the
// queue without counting the attempt.
func (l *Ledger) Abort(key string) error { return l.Postpone(key, "") }

// Postpone puts a file back in the queue without counting the attempt,
// with reason saying why it waits (a storage error), or none.
func (l *Ledger) Postpone(key, reason string) error {
	return l.update(key, func(e *Entry) {
		if e.Status != StatusParsing {
			return
		}
		e.Status, e.Stage, e.Reason = StatusQueued, "", reason
		if e.Attempts > 0 {
			e.Attempts--
		}
	})
}

// update changes the entry of key, if any, in one transaction.
func (l *Ledger) update(key string, change func(e *Entry)) error {
	return l.db.Update(func(tx *bolt.Tx) error {
		e, err := getEntry(tx, key)
		if err != nil || e == nil {
			return err
		}
		change(e)
		return putEntry(tx, e)
	})
}

// Result is what a worker learnt about a file.
type Result struct {
	Status  Status
	Reason  string
	Cause   string
	Format  model.Format
	Pages   int
	OCR     bool
	Ident   Identity
	ParseMs int64
	StoreMs int64
}

// Finish records the outcome of a worker's attempt and takes the file out
// of the queue. For an indexed document with a number, issuer and date, it
// records the identity and flags other documents that share it as probable
// duplicates (both ways).
func (l *Ledger) Finish(key string, r Result) (*Entry, error) {
	var out *Entry
	err := l.db.Update(func(tx *bolt.Tx) error {
		var err error
		out, _, err = finish(tx, key, r)
		return err
	})
	return out, err
}

// Outcome is the result of one file, for FinishAll.
type Outcome struct {
	Key    string
	Result Result
}

// FinishAll records the outcomes of many files as Finish does, in one
// transaction (one commit for a batch of files): all of them or none.
func (l *Ledger) FinishAll(outs []Outcome) ([]*Entry, error) {
	es := make([]*Entry, len(outs))
	err := l.db.Update(func(tx *bolt.Tx) error {
		for i, o := range outs {
			var err error
			if es[i], _, err = finish(tx, o.Key, o.Result); err != nil {
				return err
			}
		}
		return nil
	})
	return es, err
}

// finish is Finish within tx; changed says whether the change log got a
// line.
func finish(tx *bolt.Tx, key string, r Result) (*Entry, bool, error) {
	e, err := getEntry(tx, key)
	if err != nil {
		return nil, false, err
	}
	if e == nil {
		return nil, false, fmt.Errorf("ledger: no entry %s", key)
	}
	e.Status, e.Reason, e.Cause = r.Status, r.Reason, r.Cause
	e.Stage = ""
	if r.Format != "" {
		e.Format = r.Format
	}
	e.Pages, e.OCR = r.Pages, r.OCR
	e.ParseMs, e.StoreMs = r.ParseMs, r.StoreMs
	e.Finished = time.Now().UTC()
	e.Number, e.Issuer, e.Date = r.Ident.Number, r.Ident.Issuer, r.Ident.Date
	if err := dequeue(tx, e); err != nil {
		return nil, false, err
	}
	if r.Status == StatusIndexed && r.Ident.complete() {
		if err := linkIdentity(tx, e); err != nil {
			return nil, false, err
		}
	}
	changed, err := logChange(tx, e, r.Ident.Digest)
	if err != nil {
		return nil, false, err
	}
	return e, changed, putEntry(tx, e)
}

// Identity is what the sink read from a document that tells two editions of
// the same document apart from two different documents.
type Identity struct {
	Number string `json:"number,omitempty"`
	Issuer string `json:"issuer,omitempty"`
	Date   string `json:"date,omitempty"`
	// Digest is a hash of what was indexed: reading a file again (a
	// reindex) that gives the same record is no change for the change log.
	Digest string `json:"-"`
}

func (id Identity) complete() bool { return id.Number != "" && id.Issuer != "" && id.Date != "" }

func (id Identity) key() []byte {
	fold := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return []byte(fold(id.Number) + "|" + fold(id.Issuer) + "|" + id.Date)
}

func linkIdentity(tx *bolt.Tx, e *Entry) error {
	b := tx.Bucket(bucketIdents)
	k := Identity{Number: e.Number, Issuer: e.Issuer, Date: e.Date}.key()
	var ids []string
	if v := b.Get(k); v != nil {
		if err := json.Unmarshal(v, &ids); err != nil {
			return err
		}
	}
	for _, other := range ids {
		if other == e.Key {
			continue
		}
		e.ProbableDuplicates = appendUnique(e.ProbableDuplicates, other)
		o, err := getEntry(tx, other)
		if err != nil {
			return err
		}
		if o != nil {
			o.ProbableDuplicates = appendUnique(o.ProbableDuplicates, e.Key)
			if err := putEntry(tx, o); err != nil {
				return err
			}
		}
	}
	ids = appendUnique(ids, e.Key)
	v, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return b.Put(k, v)
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// Requeue puts entries with one of the given statuses back in the queue
// (e.g. needs_ocr after installing tesseract) with their attempts reset. It
// returns the entries queued as they were before (their status and reason
// say why each is read again).
func (l *Ledger) Requeue(statuses ...Status) ([]*Entry, error) {
	var before []*Entry
	err := l.db.Update(func(tx *bolt.Tx) error {
		var todo []*Entry
		err := tx.Bucket(bucketFiles).ForEach(func(k, v []byte) error {
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			if e.ID == "" {
				return nil // refused before reading: nothing stored to retry
			}
			for _, s := range statuses {
				if e.Status == s {
					todo = append(todo, &e)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, e := range todo {
			was := *e
			e.Attempts = 0
			e.Reason, e.Cause = "", ""
			if err := enqueue(tx, e); err != nil {
				return err
			}
			if err := putEntry(tx, e); err != nil {
				return err
			}
			before = append(before, &was)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: queue again: %w", err)
	}
	return before, nil
}

// Get returns the entry for a key (a document id), or nil.
func (l *Ledger) Get(key string) (e *Entry, err error) {
	defer recoverLedger(l.db.Path(), &err)
	err = l.db.View(func(tx *bolt.Tx) error {
		var err error
		e, err = getEntry(tx, key)
		return err
	})
	return e, err
}

// Each calls fn for every entry, in key order, until fn returns false.
func (l *Ledger) Each(fn func(e *Entry) bool) (err error) {
	defer recoverLedger(l.db.Path(), &err)
	return l.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketFiles).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return damagedLedger(l.db.Path(), fmt.Errorf("entry %q: %w", k, err))
			}
			if !fn(&e) {
				return nil
			}
		}
		return nil
	})
}

// Summary is the ledger at a glance.
type Summary struct {
	Files    int            `json:"files"`
	ByStatus map[Status]int `json:"by_status"`
	Pages    int            `json:"pages"`
	// Bytes is the size of the files held (refused files are not held).
	Bytes int64 `json:"bytes"`
	// Sources counts every path and upload seen (a file seen twice counts
	// twice here and once in Files).
	Sources int `json:"sources"`
	// ProbableDuplicates counts documents flagged as sharing a number,
	// issuer and date with another.
	ProbableDuplicates int `json:"probable_duplicates"`
	// Failures are the most recent failed or needs_ocr entries, newest first.
	Failures []*Entry `json:"failures"`
}

// Summarize counts entries by status and lists up to maxFailures recent
// failures (and needs_ocr entries); maxFailures < 0 lists them all. It
// reads the counts the ledger keeps and the failures listed, not every
// entry (summary.go).
func (l *Ledger) Summarize(maxFailures int) (s *Summary, err error) {
	defer recoverLedger(l.db.Path(), &err)
	s = &Summary{ByStatus: map[Status]int{}, Failures: []*Entry{}}
	err = l.db.View(func(tx *bolt.Tx) error {
		c, err := readCounts(tx)
		if err != nil {
			return damagedLedger(l.db.Path(), err)
		}
		s.Files, s.Pages, s.Bytes, s.Sources, s.ProbableDuplicates = c.Files, c.Pages, c.Bytes, c.Sources, c.Dups
		for st, n := range c.ByStatus {
			s.ByStatus[st] = n
		}
		cur := tx.Bucket(bucketFailures).Cursor()
		for k, _ := cur.First(); k != nil && (maxFailures < 0 || len(s.Failures) < maxFailures); k, _ = cur.Next() {
			e, err := getEntry(tx, string(k[8:]))
			if err != nil {
				return damagedLedger(l.db.Path(), err)
			}
			if e != nil {
				s.Failures = append(s.Failures, e)
			}
		}
		return nil
	})
	return s, err
}

// IDs returns the ids of every entry with the given status.
func (l *Ledger) IDs(status Status) ([]string, error) {
	var ids []string
	err := l.Each(func(e *Entry) bool {
		if e.Status == status && e.ID != "" {
			ids = append(ids, e.ID)
		}
		return true
	})
	return ids, err
}

// Received is the outcome of a file read elsewhere (a cluster worker):
// the file's content id and size, where it came from, and how it came out.
type Received struct {
	ID     string
	Size   int64
	Source Source
	Result Result
}

// RecordReceived records outcomes of files read elsewhere, in one
// transaction: each file gets an entry (or its entry the source) and its
// outcome, as Finish records it. Recording the same outcome twice does no
// harm.
func (l *Ledger) RecordReceived(rs []Received) error {
	return l.db.Update(func(tx *bolt.Tx) error {
		for _, r := range rs {
			if _, _, err := add(tx, r.ID, r.Size, r.Source, nil); err != nil {
				return err
			}
			if _, _, err := finish(tx, r.ID, r.Result); err != nil {
				return err
			}
		}
		return nil
	})
}

// Record writes rebuilt outcomes into the ledger (after the new index is
// published), in one transaction. Originals without an entry get one. It
// returns how many documents changed in the index (a new record, one that
// differs from what was indexed before, or one that entered or left it):
// the lines added to the change log.
func (l *Ledger) Record(rbs []Rebuilt) (changed int, err error) {
	err = l.db.Update(func(tx *bolt.Tx) error {
		changed = 0
		for _, rb := range rbs {
			e, err := getEntry(tx, rb.Key)
			if err != nil {
				return err
			}
			if e == nil {
				if _, _, err := add(tx, rb.Key, 0, Source{Kind: "reindex", Name: rb.Key}, nil); err != nil {
					return err
				}
			}
			_, c, err := finish(tx, rb.Key, rb.Result)
			if err != nil {
				return err
			}
			if c {
				changed++
			}
		}
		return nil
	})
	return changed, err
}
