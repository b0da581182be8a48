package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"vanban/ingest/format"
)

// Originals keeps every ingested file, byte for byte, under
// DIR/originals/<sha256[:2]>/<sha256>. A file is written to a temporary name,
// synced and renamed, so a crash never leaves half a file under its hash; it
// is never modified afterwards. `vanban reindex` rebuilds the index from here.
type Originals struct {
	dir string
	// create makes the temporary file (os.CreateTemp); tests inject a
	// full disk here.
	create func(dir, pattern string) (*os.File, error)
}

// NewOriginals returns the store under dataDir/originals.
func NewOriginals(dataDir string) *Originals {
	return &Originals{dir: filepath.Join(dataDir, "originals")}
}

// Path is where the original with this id is (or would be) kept.
func (o *Originals) Path(id string) string {
	if len(id) < 2 {
		return filepath.Join(o.dir, "_", id)
	}
	return filepath.Join(o.dir, id[:2], id)
}

func validID(id string) bool {
	if len(id) != 64 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil && strings.ToLower(id) == id
}

// Put copies r into the store while hashing it. It reads at most max bytes
// (max <= 0: no limit) and returns format.ErrTooLarge beyond that, keeping nothing.
func (o *Originals) Put(r io.Reader, max int64) (id string, size int64, err error) {
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return "", 0, fmt.Errorf("originals: %w: %w", ErrStorage, err)
	}
	create := o.create
	if create == nil {
		create = os.CreateTemp
	}
	tmp, err := create(o.dir, ".incoming-*")
	if err != nil {
		return "", 0, fmt.Errorf("originals: %w: %w", ErrStorage, err)
	}
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	src := r
	if max > 0 {
		src = io.LimitReader(r, max+1)
	}
	size, err = io.Copy(io.MultiWriter(storageWriter{tmp}, h), src)
	if IsStorageError(err) {
		return "", size, fmt.Errorf("originals: %w", err)
	}
	if err != nil {
		return "", size, fmt.Errorf("%w: %w", errCopy, err)
	}
	if max > 0 && size > max {
		return "", size, fmt.Errorf("%w: more than %s (the limit)", format.ErrTooLarge, HumanBytes(max))
	}
	if size == 0 {
		return "", 0, format.ErrEmpty
	}
	id = hex.EncodeToString(h.Sum(nil))
	dst := o.Path(id)
	if _, err := os.Stat(dst); err == nil {
		return id, size, nil // same bytes already kept
	}
	if err := tmp.Sync(); err != nil {
		return "", size, fmt.Errorf("originals: sync: %w", storageErr(err))
	}
	if err := tmp.Close(); err != nil {
		return "", size, fmt.Errorf("originals: %w", storageErr(err))
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", size, fmt.Errorf("originals: %w", storageErr(err))
	}
	if err := os.Chmod(tmp.Name(), 0o444); err != nil {
		return "", size, fmt.Errorf("originals: %w", storageErr(err))
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", size, fmt.Errorf("originals: %w", storageErr(err))
	}
	tmp = nil
	syncDir(filepath.Dir(dst))
	return id, size, nil
}

// storageErr tags an error of the data directory itself.
func storageErr(err error) error { return fmt.Errorf("%w: %w", ErrStorage, err) }

// errCopy marks a failure while reading the incoming bytes (or writing
// them): the file is refused, the run goes on.
var errCopy = errors.New("copy into the originals store failed")

// syncDir makes a rename durable; errors are ignored (not every file
// system supports it).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Has reports whether the original with this id is kept.
func (o *Originals) Has(id string) bool {
	_, err := os.Stat(o.Path(id))
	return err == nil
}

// ErrNoOriginal is returned by OpenFile for an unknown id; it wraps
// fs.ErrNotExist.
var ErrNoOriginal = fmt.Errorf("no original file with that id: %w", fs.ErrNotExist)

// OpenFile opens the original with this id (api.Config.Files).
func (o *Originals) OpenFile(id string) (*os.File, error) {
	if !validID(id) {
		return nil, ErrNoOriginal
	}
	f, err := os.Open(o.Path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoOriginal
	}
	return f, err
}

// Each calls fn with the id of every kept original.
func (o *Originals) Each(fn func(id string) error) error {
	err := filepath.WalkDir(o.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || !validID(d.Name()) {
			return nil
		}
		return fn(d.Name())
	})
	return err
}

// HumanBytes writes a byte count for people: "200 MiB".
func HumanBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// ErrOriginalDamaged means a kept original's bytes no longer hash to its
// name.
var ErrOriginalDamaged = errors.New("the kept original does not match its SHA-256 (damaged)")

// Verify hashes the original with this id and compares it with the id.
func (o *Originals) Verify(id string) error {
	f, err := os.Open(o.Path(id))
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("%s: %w", o.Path(id), err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != id {
		return fmt.Errorf("%s: %w (its bytes hash to %s…)", o.Path(id), ErrOriginalDamaged, got[:12])
	}
	return nil
}

// SetAside moves a damaged original out of the store into dataDir/damaged,
// kept for whoever wants to look at it, and returns where it went.
func (o *Originals) SetAside(id string) (string, error) {
	dst := filepath.Join(filepath.Dir(o.dir), "damaged", id)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", err
	}
	return dst, os.Rename(o.Path(id), dst)
}
