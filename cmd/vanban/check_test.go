package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/index"
	"vanban/ingest"
	"vanban/store"
)

// damage functions break one part of a data directory and return the file
// they broke.
type damage func(t *testing.T, data string) string

func segmentOf(t *testing.T, data string) string {
	t.Helper()
	segs, _ := filepath.Glob(filepath.Join(data, "index.bleve", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment")
	}
	return segs[len(segs)-1]
}

func flipAt(t *testing.T, path string, at func(size int) int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o644)
	b[at(len(b))] ^= 0x5a
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckAndRepair breaks each part of a data directory as a disk or a
// careless copy would; check names the damaged file and the repair,
// opening never panics, and --repair gives back a directory that checks
// clean and finds every document again.
func TestCheckAndRepair(t *testing.T) {
	cases := []struct {
		name   string
		damage damage
	}{
		{"byte in each segment's footer", func(t *testing.T, data string) string {
			segs, _ := filepath.Glob(filepath.Join(data, "*.bleve", "store", "*.zap"))
			for _, seg := range segs {
				flipAt(t, seg, func(n int) int { return n - 4 - 4 - 4 - 1 }) // the sections index offset
			}
			return segs[0]
		}},
		{"byte in each segment's middle", func(t *testing.T, data string) string {
			segs, _ := filepath.Glob(filepath.Join(data, "index.bleve", "store", "*.zap"))
			for _, seg := range segs {
				flipAt(t, seg, func(n int) int { return n / 2 })
			}
			return segs[0]
		}},
		{"truncated segment", func(t *testing.T, data string) string {
			seg := segmentOf(t, data)
			fi, _ := os.Stat(seg)
			os.Truncate(seg, fi.Size()/2)
			return seg
		}},
		{"page flags in the ledger", func(t *testing.T, data string) string {
			path := filepath.Join(data, ingest.LedgerFile)
			b, _ := os.ReadFile(path)
			for p := 2 * 4096; p+10 < len(b); p += 4096 {
				b[p+8], b[p+9] = 0xff, 0xff
			}
			os.WriteFile(path, b, 0o644)
			return path
		}},
		{"a kept original", func(t *testing.T, data string) string {
			var path string
			ingest.NewOriginals(data).Each(func(id string) error { path = ingest.NewOriginals(data).Path(id); return nil })
			flipAt(t, path, func(n int) int { return n / 3 })
			return path
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, _ := ingestFixtures(t)
			want := nFixtures(t)
			var out bytes.Buffer
			if err := run(context.Background(), []string{"check", "--data", data}, &out, &out); err != nil || !strings.Contains(out.String(), "all well") {
				t.Fatalf("healthy: %v\n%s", err, out.String())
			}
			broken := c.damage(t, data)

			d, err := store.Open(data)
			if err == nil {
				d.Close()
			}
			// A damaged segment is found at open (footer and checksum); other
			// damage when the part is read. Either way an error (never a
			// panic) that says what to run.
			if err == nil && strings.Contains(c.name, "segment") {
				t.Errorf("opening the directory with a damaged segment succeeded")
			}
			if err != nil && !strings.Contains(err.Error(), "vanban check") {
				t.Errorf("opening the damaged directory: %v; want an error saying to run vanban check", err)
			}
			var status bytes.Buffer
			if err := run(context.Background(), []string{"status", "--data", data}, &status, &status); strings.Contains(c.name, "ledger") &&
				(err == nil || !errors.Is(err, ingest.ErrLedgerDamaged)) {
				t.Errorf("status on a damaged ledger: %v", err)
			}

			out.Reset()
			err = run(context.Background(), []string{"check", "--data", data}, &out, &out)
			if err == nil || !strings.Contains(out.String(), broken) || !strings.Contains(out.String(), "--repair") {
				t.Fatalf("check: %v\n%s\nwant %s named with the repair", err, out.String(), broken)
			}
			out.Reset()
			if err := run(context.Background(), []string{"check", "--repair", "--no-ocr", "--data", data}, &out, &out); err != nil {
				t.Fatalf("repair: %v\n%s", err, out.String())
			}
			ix, err := index.Open(data)
			if err != nil {
				t.Fatalf("after repair: %v", err)
			}
			defer ix.Close()
			n, _ := ix.Count(context.Background())
			l, err := ingest.OpenLedger(data)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			sum, _ := l.Summarize(10)
			lost := 0
			if strings.Contains(c.name, "original") {
				lost = 1 // set aside: its file must be added again
			}
			if int(n) != want-lost || sum.ByStatus[ingest.StatusIndexed] != want-lost {
				t.Errorf("after repair: %d records, %d indexed in the ledger; want %d", n, sum.ByStatus[ingest.StatusIndexed], want-lost)
			}
			l.Each(func(e *ingest.Entry) bool {
				if e.Status == ingest.StatusIndexed && (len(e.Sources) == 0 || e.Name() == e.ID) {
					t.Errorf("entry %s lost its name: %+v", e.ID, e.Sources)
				}
				return true
			})
		})
	}
}
