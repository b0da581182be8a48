package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"vanban/extract"
	"vanban/index"
	"vanban/model"
)

// TestAddOnFullDisk writes to an index whose disk fills up (a 12 MB tmpfs;
// root with mount permission only, as in CI). Bleve takes a batch in and
// then fails to write it: its segment is closed while the index still
// holds it, and the next write or search would panic. Add reports the
// failure (a full disk, ErrNeedsReopen) and reopens the index from disk;
// writes go on failing cleanly while the disk is full, and once space is
// freed every record is written and found.
func TestAddOnFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: mounting a small tmpfs needs root (CI runs this as root)")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (no mount permission?): %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	ctx := context.Background()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := func(i int) *extract.Record {
		subject := "Kế hoạch khuyến công số " + string(rune('A'+i))
		return &extract.Record{ID: strings.Repeat(string(rune('a'+i)), 64), Source: extract.Source{Name: "kh.pdf"},
			Number: string(rune('1'+i)) + "/KH-UBND", Type: "Kế hoạch", Date: model.MustParseDate("2024-03-05"),
			Subject: subject, Text: subject + strings.Repeat(" kinh phí khuyến công địa phương", 50)}
	}
	if err := s.Add(ctx, rec(0)); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	for {
		if _, err := f.Write(chunk[:512]); err != nil {
			break
		}
	}
	f.Close()
	failed := 0
	for i := 1; i <= 3; i++ {
		err := s.Add(ctx, rec(i))
		if err == nil {
			continue
		}
		failed++
		if !strings.Contains(err.Error(), "no space left") && !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("add %d on a full disk: %v; want it to say the disk is full", i, err)
		}
		if errors.Is(err, index.ErrNeedsReopen) {
			if _, err := s.Search(ctx, index.Query{Q: "khuyến công"}); err != nil && !errors.Is(err, ErrNoIndex) {
				t.Errorf("search after a failed write: %v", err)
			}
		}
	}
	if failed == 0 {
		t.Fatal("no write failed on a full disk: the test did not fill it")
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if err := s.Add(ctx, rec(i)); err != nil {
			t.Fatalf("add %d after space was freed: %v", i, err)
		}
	}
	if n, err := s.Count(ctx); err != nil || n != 4 {
		t.Errorf("count after space was freed: %d, %v; want 4", n, err)
	}
	res, err := s.Search(ctx, index.Query{Q: "khuyến công", Size: 10})
	if err != nil || res.Total != 4 {
		t.Errorf("search after space was freed: %v, %+v", err, res)
	}
}
