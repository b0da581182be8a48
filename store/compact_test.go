package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"vanban/extract"
)

// TestCompactWhenIdle: a serving index written in small batches (uploads,
// a watched folder) is compacted into one segment once it has not been
// written for the idle time — not before, and not again until it is
// written again.
func TestCompactWhenIdle(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	write := func(k int) {
		t.Helper()
		for range k {
			n++
			rec := &extract.Record{ID: fmt.Sprintf("%064x", n), Source: extract.Source{Name: fmt.Sprintf("cv-%d.pdf", n)},
				Subject: fmt.Sprintf("về việc số %d", n), Text: "công văn"}
			if err := s.Add(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 30 s (%d compactions, %d segments)", what, s.compactions.Load(), s.ix.Segments())
			}
		}
	}
	write(12)
	const idle = 1500 * time.Millisecond
	done := make(chan struct{})
	// Any segment counts as fragmented here (threshold 0), so that the
	// test does not depend on how far Bleve's own merging went.
	go func() { defer close(done); s.CompactWhenIdle(ctx, idle, 0) }()
	time.Sleep(idle / 2)
	if c := s.compactions.Load(); c != 0 {
		t.Fatalf("compacted %s after the last write (%d compactions)", idle/2, c)
	}
	waitFor("a compaction once idle", func() bool { return s.compactions.Load() == 1 })
	if segs := s.ix.Segments(); segs != 1 {
		t.Errorf("%d segments after the compaction, want 1", segs)
	}
	if got, err := s.Count(ctx); err != nil || got != uint64(n) {
		t.Errorf("after compaction: %d records (%v), want %d", got, err, n)
	}
	time.Sleep(2 * idle)
	if c := s.compactions.Load(); c != 1 {
		t.Errorf("%d compactions without a write in between, want 1", c)
	}
	write(3)
	waitFor("a second compaction after more writes", func() bool { return s.compactions.Load() == 2 })
	cancel()
	<-done
}
