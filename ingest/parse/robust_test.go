package parse_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanban/ingest/format"
	"vanban/ingest/parse"
	"vanban/ingest/sandbox"
)

func TestMain(m *testing.M) {
	sandbox.RunWorkerIfRequested(parse.Bytes)
	os.Exit(m.Run())
}

const corpus = "../../../shared/corpus"

var sentinels = []error{format.ErrUnsupported, format.ErrEncrypted, format.ErrTruncated, format.ErrCorrupt,
	format.ErrTooLarge, format.ErrEmpty, format.ErrTimeout, format.ErrMemory}

// TestIsolatedDamagedPDFs runs every malformed PDF of the corpus, and
// truncated and byte-flipped copies of the real ones, through the isolated
// worker: no hang, no crash of the caller, and every file gives a document or
// an error with a clear cause.
func TestIsolatedDamagedPDFs(t *testing.T) {
	malformed, _ := filepath.Glob(filepath.Join(corpus, "malformed", "pdf", "*.pdf"))
	real, _ := filepath.Glob(filepath.Join(corpus, "pdf", "*.pdf"))
	if len(malformed) == 0 || len(real) == 0 {
		t.Skipf("corpus not found at %s (see ../shared/corpus/README.md)", corpus)
	}
	files := damagedCopies(t, malformed, real)
	runIsolated(t, files)
}

// TestIsolatedDamagedWord does the same for Word: the odd files of
// malformed/doc (WinWord 2.0, WordPerfect, DisplayWrite, RTF, ODT…) and
// truncated and byte-flipped copies of every corpus Word file.
func TestIsolatedDamagedWord(t *testing.T) {
	malformed, _ := filepath.Glob(filepath.Join(corpus, "malformed", "doc", "*"))
	real, _ := filepath.Glob(filepath.Join(corpus, "doc", "*.doc*"))
	if len(malformed) == 0 || len(real) == 0 {
		t.Skipf("corpus not found at %s (see ../shared/corpus/README.md)", corpus)
	}
	runIsolated(t, damagedCopies(t, malformed, real))
}

// damagedCopies returns the malformed files and, for each real one, copies
// cut at 10, 50 and 95 % and two copies with 40 bytes flipped.
func damagedCopies(t *testing.T, malformed, real []string) []string {
	dir := t.TempDir()
	files := append([]string(nil), malformed...)
	rng := rand.New(rand.NewSource(1))
	for _, f := range real {
		if strings.Contains(f, "SCAN") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ext := filepath.Ext(f)
		base := strings.TrimSuffix(filepath.Base(f), ext)
		for _, frac := range []float64{0.1, 0.5, 0.95} {
			p := filepath.Join(dir, fmt.Sprintf("%s_trunc%d%s", base, int(frac*100), ext))
			os.WriteFile(p, data[:int(float64(len(data))*frac)], 0o644)
			files = append(files, p)
		}
		for k := 0; k < 2; k++ {
			flipped := append([]byte(nil), data...)
			for i := 0; i < 40; i++ {
				flipped[rng.Intn(len(flipped))] ^= byte(1 + rng.Intn(255))
			}
			p := filepath.Join(dir, base+"_flip"+string(rune('a'+k))+ext)
			os.WriteFile(p, flipped, 0o644)
			files = append(files, p)
		}
	}
	return files
}

// runIsolated parses each file in the worker sandbox: no hang, no crash,
// a document or an error with a known cause.
func runIsolated(t *testing.T, files []string) {
	lim := sandbox.Limits{Memory: 512 << 20, Timeout: 60 * time.Second}
	sb := sandbox.New()
	defer sb.Close()
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			doc, err := sb.Parse(context.Background(), f, name, format.ParseOptions{NoOCR: true}, lim)
			took := time.Since(start)
			if took > 30*time.Second {
				t.Errorf("took %s", took)
			}
			if err != nil {
				msg := err.Error()
				known := false
				for _, s := range sentinels {
					if errors.Is(err, s) {
						known = true
					}
				}
				if !known {
					t.Errorf("error without a known cause: %v", err)
				}
				if strings.Contains(msg, "goroutine ") || strings.Contains(msg, "runtime error") || strings.HasPrefix(msg, "panic") {
					t.Errorf("error is a Go panic text: %v", err)
				}
				t.Logf("error: %v (%s)", err, took.Round(time.Millisecond))
				return
			}
			if doc == nil {
				t.Fatal("no document and no error")
			}
			t.Logf("ok: %d pages, %d chars, %d warnings (%s)", len(doc.Pages), len(doc.Text()), len(doc.Warnings), took.Round(time.Millisecond))
		})
	}
}
