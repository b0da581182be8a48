package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	zapx "github.com/blevesearch/zapx/v17"
	bolt "go.etcd.io/bbolt"
)

// ErrDamaged means a part of the data directory does not hold what was
// written there (a flipped byte, a truncated file).
var ErrDamaged = errors.New("damaged")

// repairHint is what a clerk runs when the index is damaged.
const repairHint = "run 'vanban check' to see which part is damaged and 'vanban check --repair' to rebuild the index from the kept originals"

// damagedError names a damaged file and says how to repair it.
type damagedError struct {
	path string
	err  error
}

func (e *damagedError) Error() string {
	return fmt.Sprintf("index: %s is damaged: %v; %s", e.path, e.err, repairHint)
}

func (e *damagedError) Unwrap() []error { return []error{ErrDamaged, e.err} }

func damaged(path string, err error) error { return &damagedError{path: path, err: err} }

// Parts are the Bleve indexes of a data directory.
var Parts = []string{"index.bleve", "allocations.bleve"}

// Check verifies the index in dir without changing it: every segment
// file's CRC-32 (the zap footer holds the checksum of all bytes before
// it), the structure of each root.bolt, and that the index opens. It
// returns one error per damaged part (each wrapping ErrDamaged and naming
// its file), nil when all is well. A missing index is not damage (a new
// data directory). ErrInUse when another process holds the index.
func Check(dir string) []error {
	var problems []error
	present := false
	for _, part := range Parts {
		store := filepath.Join(dir, part, "store")
		if _, err := os.Stat(filepath.Join(dir, part)); errors.Is(err, os.ErrNotExist) {
			continue
		}
		present = true
		segs, err := liveSegments(store)
		if errors.Is(err, ErrInUse) {
			return []error{err}
		}
		for _, seg := range segs {
			if err := checkSegment(seg); err != nil {
				problems = append(problems, damaged(seg, err))
			}
		}
		if err := checkBolt(filepath.Join(store, "root.bolt")); err != nil {
			if errors.Is(err, ErrInUse) {
				return []error{err}
			}
			problems = append(problems, err)
		}
	}
	if !present || len(problems) > 0 {
		return problems
	}
	ix, err := Open(dir)
	if err != nil {
		if errors.Is(err, ErrInUse) {
			return []error{err}
		}
		var de *damagedError
		if !errors.As(err, &de) {
			err = damaged(dir, err)
		}
		return []error{err}
	}
	if err := ix.Close(); err != nil {
		return []error{damaged(dir, err)}
	}
	return nil
}

// checkSegment compares a zap segment's stored CRC-32 with its bytes.
func checkSegment(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() < zapx.FooterSize {
		return fmt.Errorf("%d bytes, shorter than a segment's footer (truncated)", fi.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, fi.Size()-4)); err != nil {
		return err
	}
	var stored [4]byte
	if _, err := f.ReadAt(stored[:], fi.Size()-4); err != nil {
		return err
	}
	if got, want := h.Sum32(), binary.BigEndian.Uint32(stored[:]); got != want {
		return fmt.Errorf("checksum %08x, the footer says %08x (changed or truncated bytes)", got, want)
	}
	return nil
}

// checkBolt verifies a bbolt file's pages and free list.
func checkBolt(path string) (err error) {
	if _, serr := os.Stat(path); errors.Is(serr, os.ErrNotExist) {
		return damaged(path, errors.New("missing"))
	}
	defer func() {
		if v := recover(); v != nil {
			err = damaged(path, fmt.Errorf("reading it failed: %v", v))
		}
	}()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: openTimeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return fmt.Errorf("index: %s is %w", path, ErrInUse)
	}
	if err != nil {
		return damaged(path, err)
	}
	defer db.Close()
	var msgs []string
	err = db.View(func(tx *bolt.Tx) error {
		for e := range tx.Check() { // read to the end: the checker runs until then
			if len(msgs) < 5 {
				msgs = append(msgs, e.Error())
			}
		}
		return nil
	})
	if err == nil && len(msgs) > 0 {
		err = errors.New(strings.Join(msgs, "; "))
	}
	if err != nil {
		return damaged(path, err)
	}
	return nil
}

// checkFooters runs before Bleve opens an index: it reads the footer of
// every live segment (a few bytes each) and refuses one whose offsets
// point outside its file — Bleve would trust them and fail deep inside (a
// slice out of range while loading fields) — and it verifies the CRC-32 of
// every segment that no earlier open has verified, so that a byte changed
// in a segment's middle is found at open rather than silently changing
// results. Segments never change once written, so each is read once:
// verifiedFile, beside the store, lists those verified by name, size and
// modification time, and an open reads only what is new or was modified
// since (after a bulk load or a merge, the new segments: ~0.6 s per GB).
// Damage that keeps a file's size and time (decay on the disk itself) is
// left to a full check (Check), which reads every byte.
func checkFooters(path string) error {
	segs, err := liveSegments(filepath.Join(path, "store"))
	if err != nil {
		return nil // Bleve says what is wrong with root.bolt
	}
	known := readVerified(path)
	var keys []string
	fresh := false
	for _, seg := range segs {
		if err := checkFooter(seg); err != nil {
			return damaged(seg, err)
		}
		fi, err := os.Stat(seg)
		if err != nil {
			return damaged(seg, err)
		}
		key := fmt.Sprintf("%s %d %d", filepath.Base(seg), fi.Size(), fi.ModTime().UnixNano())
		if !known[key] {
			if err := checkSegment(seg); err != nil {
				return damaged(seg, err)
			}
			fresh = true
		}
		keys = append(keys, key)
	}
	if fresh || len(keys) != len(known) {
		writeVerified(path, keys)
	}
	return nil
}

// verifiedFile lists, in an index's folder, the segments whose checksum an
// open has verified: one "name size mtime-ns" line each.
const verifiedFile = "vanban-verified"

func readVerified(path string) map[string]bool {
	b, err := os.ReadFile(filepath.Join(path, verifiedFile))
	if err != nil {
		return nil // none yet: every segment is verified
	}
	known := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" {
			known[line] = true
		}
	}
	return known
}

// writeVerified replaces the list (a temporary file renamed over it). A
// list that cannot be written (a read-only or full disk) only means the
// next open verifies those segments again, so its error is not the open's.
func writeVerified(path string, keys []string) {
	tmp, err := os.CreateTemp(path, "."+verifiedFile+"-*")
	if err != nil {
		return
	}
	_, werr := tmp.WriteString(strings.Join(keys, "\n") + "\n")
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if err := os.Rename(tmp.Name(), filepath.Join(path, verifiedFile)); err != nil {
		os.Remove(tmp.Name())
	}
}

func checkFooter(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	if size < zapx.FooterSize {
		return fmt.Errorf("%d bytes, shorter than a segment's footer (truncated)", size)
	}
	var ft [zapx.FooterSize]byte
	if _, err := f.ReadAt(ft[:], size-zapx.FooterSize); err != nil {
		return err
	}
	// From the end: crc, version, chunk mode (4 bytes each), the sections
	// index, stored index and document count (8 each), the id length (4).
	n := len(ft)
	version := binary.BigEndian.Uint32(ft[n-8:])
	sections := binary.BigEndian.Uint64(ft[n-20:])
	stored := binary.BigEndian.Uint64(ft[n-28:])
	idLen := uint64(binary.BigEndian.Uint32(ft[n-40:]))
	body := uint64(size) - zapx.FooterSize
	switch {
	case version != zapx.Version:
		return fmt.Errorf("format version %d, not %d (changed or truncated bytes)", version, zapx.Version)
	case idLen > body || sections >= body-idLen || stored >= body-idLen:
		return errors.New("its footer points outside the file (changed or truncated bytes)")
	}
	return nil
}

// liveSegments lists the segment files that scorch's root.bolt refers to
// (the snapshots it keeps). Other *.zap files in the store are not part of
// the index: one that a killed process was writing is removed by Bleve on
// the next open.
func liveSegments(store string) (segs []string, err error) {
	root := filepath.Join(store, "root.bolt")
	if _, serr := os.Stat(root); serr != nil {
		return nil, serr
	}
	var file *os.File
	defer func() {
		if v := recover(); v != nil {
			if file != nil {
				unlockFile(file)
				file.Close()
			}
			segs, err = nil, damaged(root, fmt.Errorf("reading it failed: %v", v))
		}
	}()
	db, err := bolt.Open(root, 0o644, &bolt.Options{ReadOnly: true, Timeout: openTimeout,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, perm)
			file = f
			return f, err
		}})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("index: %s is %w", root, ErrInUse)
	}
	if err != nil {
		return nil, damaged(root, err)
	}
	defer db.Close()
	seen := map[string]bool{}
	err = db.View(func(tx *bolt.Tx) error {
		snaps := tx.Bucket([]byte{'s'})
		if snaps == nil {
			return nil
		}
		return snaps.ForEach(func(k, v []byte) error {
			snap := snaps.Bucket(k)
			if v != nil || snap == nil {
				return nil
			}
			return snap.ForEach(func(k, v []byte) error {
				seg := snap.Bucket(k)
				if v != nil || seg == nil || len(k) == 0 || k[0] == 'm' || k[0] == 'i' {
					return nil
				}
				if p := seg.Get([]byte{'p'}); p != nil && !seen[string(p)] {
					seen[string(p)] = true
					segs = append(segs, filepath.Join(store, filepath.Base(string(p))))
				}
				return nil
			})
		})
	})
	sort.Strings(segs)
	return segs, err
}
