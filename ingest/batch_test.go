package ingest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"vanban/model"
)

// batchSink is memSink through the batched path: Prepare reads the
// identity (and panics where Store would), Write stores a batch.
type batchSink struct {
	*memSink
	ledger  *Ledger
	mu      sync.Mutex
	batches []int // size of each successful Write
	early   []string
}

func (s *batchSink) Prepare(ctx context.Context, f *File, doc *model.Document) (Prepared, error) {
	text := doc.Text()
	if strings.Contains(text, "PANIC") {
		panic("extractor bug")
	}
	var id Identity
	if i := strings.Index(text, "ID:"); i >= 0 {
		parts := strings.SplitN(strings.Fields(text[i+3:])[0], "|", 3)
		id = Identity{Number: parts[0], Issuer: parts[1], Date: parts[2]}
	}
	return Prepared{Ident: id, Bytes: len(text), Value: f.ID}, nil
}

func (s *batchSink) Write(ctx context.Context, batch []Prepared) error {
	// No file of a batch is recorded as indexed before its batch is written.
	for _, p := range batch {
		if e, _ := s.ledger.Get(p.Value.(string)); e != nil && e.Status == StatusIndexed {
			s.mu.Lock()
			s.early = append(s.early, e.Name())
			s.mu.Unlock()
		}
	}
	if s.fail != nil && (s.failures == nil || s.failures.Add(-1) >= 0) {
		return s.fail
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range batch {
		s.stored[p.Value.(string)]++
	}
	s.batches = append(s.batches, len(batch))
	return nil
}

// TestBatchedPool: with a BatchSink, files are written many at a time, each
// recorded in the ledger only once its batch is written; a failed write
// puts the whole batch back in the queue and none is lost; a document the
// sink cannot prepare fails alone.
func TestBatchedPool(t *testing.T) {
	for _, tc := range []struct {
		name     string
		failures int32
	}{
		{"writes succeed", 0},
		{"disk full for two writes", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t)
			sink := &batchSink{memSink: fx.sink, ledger: fx.ledger}
			if tc.failures > 0 {
				sink.fail = fmt.Errorf("index: write segment: %w", syscall.ENOSPC)
				sink.failures = new(atomic.Int32)
				sink.failures.Store(tc.failures)
			}
			p := NewPool(fx.ledger, fx.orig, sink, Config{Workers: 2, Parser: fx.parser.parse,
				BatchSize: 4, BatchWait: time.Second, RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond})
			var paths []string
			for i := range 10 {
				paths = append(paths, fx.write(t, fmt.Sprintf("d%d.pdf", i), fmt.Sprintf("PDF %d", i)))
			}
			paths = append(paths, fx.write(t, "panic.pdf", "PDF PANIC"), fx.write(t, "scan.pdf", "SCAN"))
			start := time.Now()
			ingestAll(t, p, paths...)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("ingest took %s: the last batch waited for its timer instead of closing when the queue emptied", took)
			}
			n := map[Status]int{}
			fx.ledger.Each(func(e *Entry) bool {
				n[e.Status]++
				if e.Status == StatusIndexed && fx.sink.stored[e.ID] != 1 {
					t.Errorf("%s indexed but written %d times", e.Name(), fx.sink.stored[e.ID])
				}
				return true
			})
			if n[StatusIndexed] != 10 || n[StatusFailed] != 1 || n[StatusNeedsOCR] != 1 {
				t.Errorf("statuses %v: want 10 indexed, 1 failed, 1 needs_ocr", n)
			}
			if len(sink.early) > 0 {
				t.Errorf("recorded as indexed before their batch was written: %v", sink.early)
			}
			if len(sink.batches) >= 10 {
				t.Errorf("%d writes for 10 documents: not batched (%v)", len(sink.batches), sink.batches)
			}
			for _, b := range sink.batches {
				if b > 4 {
					t.Errorf("a batch of %d documents: BatchSize is 4", b)
				}
			}
			if fx.ledger.QueueLen() != 0 {
				t.Errorf("queue not empty: %d", fx.ledger.QueueLen())
			}
		})
	}
}
