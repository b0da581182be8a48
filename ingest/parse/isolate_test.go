package parse_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"vanban/ingest/format"
	"vanban/ingest/sandbox"
)

// TestSandboxWorkersRecover: parse children are reused between files, and
// one that is killed (here by a time limit) is never handed a file again —
// the next file gets a fresh child and reads normally, also when several
// files are read at once.
func TestSandboxWorkersRecover(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New()
	defer sb.Close()
	good := filepath.Join("..", "..", "testdata", "corpus", "cv-95-UBND-KT-lam-dong.pdf")
	read := func() error {
		doc, err := sb.Parse(ctx, good, "cv.pdf", format.ParseOptions{NoOCR: true}, sandbox.Limits{})
		if err == nil && len(doc.Pages) != 1 {
			t.Errorf("pages = %d, want 1", len(doc.Pages))
		}
		return err
	}
	for i := range 3 {
		if err := read(); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
	}
	// A limit no child can meet, however fast the machine: a warm child
	// read this one-page file within 1 ms on CI.
	_, err := sb.Parse(ctx, good, "cv.pdf", format.ParseOptions{NoOCR: true}, sandbox.Limits{Timeout: time.Nanosecond})
	if !errors.Is(err, format.ErrTimeout) {
		t.Fatalf("1 ns limit: err = %v, want ErrTimeout", err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() { errs <- read() })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("after a killed child: %v", err)
		}
	}
	// A file that vanishes is an error of its own, and the child survives it.
	if _, err := sb.Parse(ctx, filepath.Join(t.TempDir(), "gone.pdf"), "gone.pdf", format.ParseOptions{}, sandbox.Limits{}); err == nil {
		t.Errorf("missing file: err = %v", err)
	}
	if err := read(); err != nil {
		t.Errorf("after a missing file: %v", err)
	}
}
