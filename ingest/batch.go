package ingest

import (
	"context"
	"sync"
	"time"

	"vanban/model"
)

// BatchSink is a Sink that stores documents many at a time. Writing an
// index durably costs about the same for one document as for dozens (a
// segment written and synced, twice): the pool prepares each document as
// it is parsed (one at a time, so memory holds one document's analysis),
// gathers the prepared ones into a batch that closes at Config.BatchSize
// documents, Config.BatchBytes bytes or Config.BatchWait after its first
// document, and writes the batch at once. The files of a batch are
// recorded in the ledger (one transaction) only after Write has returned:
// a crash before that leaves them queued (stage "store") and they are read
// again on the next start.
type BatchSink interface {
	Sink
	// Prepare reads what to store from a parsed document (for vanban, the
	// extracted record). A panic fails only that file.
	Prepare(ctx context.Context, f *File, doc *model.Document) (Prepared, error)
	// Write stores prepared documents, all of them or none, and returns
	// once they are durable. An error is the storage's, as for Store.
	Write(ctx context.Context, batch []Prepared) error
}

// Prepared is a document made ready for Write.
type Prepared struct {
	Ident Identity // recorded in the ledger once written
	Bytes int      // about what it holds in memory, for Config.BatchBytes
	Value any      // the sink's own (an extracted record)

	// What the pool needs to record the file once its batch is written.
	key    string
	entry  *Entry
	result Result
	staged time.Time
}

// Defaults of batched writes, measured with BenchmarkIngestVsExtract
// (cmd/vanban): see Config.BatchSize. A batch of text is analyzed and
// built into a segment in memory at once, several times its size: 256 KiB
// (about a fifth of a second of indexing, against the few milliseconds a
// batch's sync costs) kept the peak memory of vanban ingest of the corpus
// ~15 MB lower than 32 MiB did, at the same speed (issue 17).
const (
	DefaultBatchSize  = 64
	DefaultBatchWait  = 250 * time.Millisecond
	DefaultBatchBytes = 256 << 10
)

// batcher gathers prepared documents into batches that close at a number
// of documents, a number of bytes or a time after their first document,
// and writes each batch on a goroutine of its own, one batch at a time, in
// the order they closed; then it hands the batch and the write's error to
// settle. Pool.Run and Pool.Rebuild batch with it.
type batcher struct {
	write  func(ctx context.Context, batch []Prepared) error
	settle func(batch []Prepared, err error)
	ctx    context.Context // a cancelled ctx fails the writes
	size   int
	bytes  int
	wait   time.Duration

	mu      sync.Mutex
	open    *batch
	writeMu sync.Mutex     // one write at a time
	wg      sync.WaitGroup // batches not yet written and settled
}

type batch struct {
	items []Prepared
	bytes int
	timer *time.Timer
}

// newBatcher makes a batcher: write stores a batch durably; settle is
// told each batch's outcome (err nil once written), one batch at a time.
// size, bytes and wait close a batch (zero: DefaultBatchSize,
// DefaultBatchBytes, DefaultBatchWait).
func newBatcher(ctx context.Context, write func(context.Context, []Prepared) error, settle func([]Prepared, error), size, bytes int, wait time.Duration) *batcher {
	if size <= 0 {
		size = DefaultBatchSize
	}
	if bytes <= 0 {
		bytes = DefaultBatchBytes
	}
	if wait <= 0 {
		wait = DefaultBatchWait
	}
	return &batcher{write: write, settle: settle, ctx: ctx, size: size, bytes: bytes, wait: wait}
}

// Add puts a prepared document in the open batch (opening one when none
// is); the batch closes when full or wait after its first document.
func (b *batcher) Add(p Prepared) {
	b.mu.Lock()
	bt := b.open
	if bt == nil {
		bt = &batch{}
		b.open = bt
		b.wg.Add(1)
		bt.timer = time.AfterFunc(b.wait, func() { b.close(bt) })
	}
	bt.items = append(bt.items, p)
	bt.bytes += p.Bytes
	full := len(bt.items) >= b.size || bt.bytes >= b.bytes
	b.mu.Unlock()
	if full {
		b.close(bt)
	}
}

// Flush closes the open batch now, if any (nothing more is coming soon).
func (b *batcher) Flush() {
	b.mu.Lock()
	bt := b.open
	b.mu.Unlock()
	if bt != nil {
		b.close(bt)
	}
}

// close writes bt unless it was closed already (by size and timer both).
func (b *batcher) close(bt *batch) {
	b.mu.Lock()
	if b.open != bt {
		b.mu.Unlock()
		return
	}
	b.open = nil
	bt.timer.Stop()
	// Take the write turn before letting the next batch open, so batches
	// are written and settled in the order they closed.
	b.writeMu.Lock()
	b.mu.Unlock()
	// Ends when the batch is written and settled.
	go func() {
		defer b.wg.Done()
		defer b.writeMu.Unlock()
		err := b.write(b.ctx, bt.items)
		b.settle(bt.items, err)
	}()
}

// Wait flushes and waits until every batch is written and settled.
func (b *batcher) Wait() {
	b.Flush()
	b.wg.Wait()
}
