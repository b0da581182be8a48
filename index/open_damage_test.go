package index

import (
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	zapx "github.com/blevesearch/zapx/v17"
)

// damagedIndex builds a small index in a new folder, closes it, and
// returns the folder and the live segment of its document part.
func damagedIndex(t *testing.T) (dir, seg string) {
	t.Helper()
	dir = t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(context.Background(), facetRecords()...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	segs, err := liveSegments(filepath.Join(dir, "index.bleve", "store"))
	if err != nil || len(segs) == 0 {
		t.Fatalf("live segments: %v %v", segs, err)
	}
	return dir, segs[len(segs)-1]
}

// A byte changed in the middle of a segment is found when the index is
// opened (its checksum), not only by vanban check: the error names the
// segment and the repair. An unchanged index opens, and its segments are
// not read again at the next open (they are listed as verified).
func TestOpenFindsChangedSegment(t *testing.T) {
	dir, seg := damagedIndex(t)
	b, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatalf("open of an undamaged index: %v", err)
	}
	ix.Close()
	if known := readVerified(filepath.Join(dir, "index.bleve")); len(known) == 0 {
		t.Error("no segment listed as verified after an open")
	}
	mid := len(b) / 2
	b[mid] ^= 0x10
	if err := os.WriteFile(seg, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err == nil {
		ix.Close()
		t.Fatalf("a byte changed at %d of %d in %s: Open succeeded", mid, len(b), seg)
	}
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), filepath.Base(seg)) || !strings.Contains(err.Error(), "vanban check --repair") {
		t.Errorf("Open = %v; want ErrDamaged naming %s and the repair", err, filepath.Base(seg))
	}
}

// When Bleve panics while opening a damaged index (bytes that pass the
// footer and checksum checks, as a careful forger or a bug would leave),
// the error names the repair and nothing of the index stays held by this
// process: no descriptor, lock or memory map under it, so that a repair in
// the same process can open the mended index.
func TestOpenReleasesFilesAfterPanic(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("releasing a panicked open's files needs /proc/self (Linux)")
	}
	dir, seg := damagedIndex(t)
	orig, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	// Change the start of the sections index (its offset is in the footer)
	// and write a matching checksum: Bleve then reads field offsets that
	// point nowhere.
	n := len(orig)
	sections := int(binary.BigEndian.Uint64(orig[n-20:]))
	panicked := false
	for off := sections; off < sections+64 && off < n-zapx.FooterSize && !panicked; off++ {
		for _, v := range []byte{0xff, 0x7f, 0x00} {
			b := append([]byte(nil), orig...)
			if b[off] == v {
				continue
			}
			b[off] = v
			binary.BigEndian.PutUint32(b[n-4:], crc32.ChecksumIEEE(b[:n-4]))
			if err := os.WriteFile(seg, b, 0o644); err != nil {
				t.Fatal(err)
			}
			ix, err := Open(dir)
			if err == nil {
				ix.Close()
				continue
			}
			if !strings.Contains(err.Error(), "opening it failed") {
				continue // Bleve refused it with an error of its own
			}
			panicked = true
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "vanban check --repair") {
				t.Errorf("Open after a panic = %v; want ErrDamaged with the repair", err)
			}
			break
		}
	}
	if !panicked {
		t.Fatalf("no change of the sections index of %s made Bleve panic: the test needs another way to reach the recovered panic", seg)
	}
	abs, _ := filepath.Abs(dir)
	if fds := heldUnder(t, abs); len(fds) > 0 {
		t.Errorf("after a panicked open, still open under the index: %v", fds)
	}
	if maps := mappingsUnder(abs + string(filepath.Separator)); len(maps) > 0 {
		t.Errorf("after a panicked open, %d memory maps of index files remain", len(maps))
	}
	// Mended (as --repair would), it opens in this same process.
	if err := os.WriteFile(seg, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatalf("open of the mended index in the same process: %v", err)
	}
	ix.Close()
}

// heldUnder lists the files under dir that this process has open.
func heldUnder(t *testing.T, dir string) []string {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, fd := range fds {
		target, err := os.Readlink("/proc/self/fd/" + fd.Name())
		if err == nil && strings.HasPrefix(target, dir+string(filepath.Separator)) {
			out = append(out, target)
		}
	}
	return out
}
