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
// document, and writes the batch at once. A file is recorded as indexed in
// the ledger only after Write has returned: a crash before that leaves it
// queued (stage "store") and it is read again on the next start.
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
}

// Defaults of batched writes, measured with BenchmarkIngestVsExtract
// (cmd/vanban): see Config.BatchSize.
const (
	DefaultBatchSize  = 64
	DefaultBatchWait  = 250 * time.Millisecond
	DefaultBatchBytes = 32 << 20
)

// batcher gathers prepared documents into batches and writes each batch on
// a goroutine of its own, one batch at a time, in the order they closed.
type batcher struct {
	sink  BatchSink
	ctx   context.Context // the run's: a cancelled run fails the writes
	size  int
	bytes int
	wait  time.Duration

	mu      sync.Mutex
	open    *batch
	writeMu sync.Mutex     // one Write at a time
	wg      sync.WaitGroup // batches not yet written and acknowledged
}

type batch struct {
	items []Prepared
	acks  []func(error)
	bytes int
	timer *time.Timer
}

func newBatcher(ctx context.Context, sink BatchSink, cfg Config) *batcher {
	return &batcher{sink: sink, ctx: ctx, size: cfg.BatchSize, bytes: cfg.BatchBytes, wait: cfg.BatchWait}
}

// add puts a prepared document in the open batch (opening one when none
// is); ack is called with Write's error once its batch has been written.
func (b *batcher) add(p Prepared, ack func(error)) {
	b.mu.Lock()
	bt := b.open
	if bt == nil {
		bt = &batch{}
		b.open = bt
		b.wg.Add(1)
		bt.timer = time.AfterFunc(b.wait, func() { b.close(bt) })
	}
	bt.items = append(bt.items, p)
	bt.acks = append(bt.acks, ack)
	bt.bytes += p.Bytes
	full := len(bt.items) >= b.size || bt.bytes >= b.bytes
	b.mu.Unlock()
	if full {
		b.close(bt)
	}
}

// flush closes the open batch now, if any (nothing more is coming soon).
func (b *batcher) flush() {
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
	// are written in the order they closed.
	b.writeMu.Lock()
	b.mu.Unlock()
	// Ends when the batch is written and every file acknowledged.
	go func() {
		defer b.wg.Done()
		err := b.sink.Write(b.ctx, bt.items)
		b.writeMu.Unlock()
		for _, ack := range bt.acks {
			ack(err)
		}
	}()
}

// wait flushes and waits until every batch is written and acknowledged.
func (b *batcher) waitAll() {
	b.flush()
	b.wg.Wait()
}
