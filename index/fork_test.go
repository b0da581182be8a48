package index

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// untar unpacks a .tar.gz of testdata into dir.
func untar(t *testing.T, archive, dir string) {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(p, 0o755)
		case tar.TypeReg:
			var b []byte
			if b, err = io.ReadAll(tr); err == nil {
				err = os.WriteFile(p, b, 0o600)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestOpenRefusesForkIndex: a data directory indexed by a vanban that used
// its own patched copy of zapx (segments in chunk mode 1027, which released
// zapx cannot read; testdata/fork-chunkmode-1027.tar.gz, 3 documents written
// by that vanban) is refused when opened, with the command that rebuilds it
// from the originals, instead of failing in the middle of a search.
func TestOpenRefusesForkIndex(t *testing.T) {
	dir := t.TempDir()
	untar(t, "testdata/fork-chunkmode-1027.tar.gz", dir)
	ix, err := Open(dir)
	if err == nil {
		ix.Close()
		t.Fatal("Open succeeded on an index written in chunk mode 1027")
	}
	if !errors.Is(err, ErrStaleIndex) || !strings.Contains(err.Error(), "vanban reindex") {
		t.Fatalf("error %q: want ErrStaleIndex saying to run vanban reindex", err)
	}
	// The lock is released: the directory can be rebuilt in place.
	if err := os.RemoveAll(filepath.Join(dir, "index.bleve")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "allocations.bleve")); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatalf("a new index in the same directory: %v", err)
	}
	ix.Close()
}
