// Package store owns the data directory: its lock, its ledger, its kept
// originals, its index and the swaps of a reindex. Every vanban command goes
// through it (CONVENTIONS.md habit 13); cmd/vanban only wires.
//
// Layout of DIR:
//
//	ledger.db            every file seen (ingest.Ledger); its bbolt file lock is the directory's lock
//	originals/ab/ab…     every file kept byte for byte under its SHA-256 (ingest.Originals)
//	index.bleve          the records (index.Index)
//	allocations.bleve    the allocation rows
//	tmp/                 parse children's temporary files, swept by Open
//	.reindex/            the index a reindex builds, dropped unless swapped in
//	reindex.swap         journal of a swap under way, finished forward by Open
//	serve.pid, serve.url the running server, while `vanban serve` holds DIR
//
// Opening and writing:
//
//	s, err := store.Open("vanban-data") // ingest.ErrLedgerBusy when another vanban holds it
//	defer s.Close()
//	pool := s.NewPool(ingest.Config{Workers: 4}) // parse, extract (Record), write in batches
//	pool.AddPath(ctx, "qd-4768.pdf", "path")
//	err = pool.Run(ctx, drain)
//	err = s.CompactAfterLoad(ctx) // after a bulk load
//
// A one-shot load (vanban ingest) opens with OpenForLoad instead: Bleve
// then merges segments only once they are many, and CompactAfterLoad at
// the end does the merging a large load needs (index.OpenForLoad).
//
// The pool prepares each parsed document through Sink (extraction, one
// document at a time) and writes them in batches that close at
// ingest.Config.BatchSize documents, BatchBytes bytes or BatchWait after
// the first (defaults measured with BenchmarkIngestVsExtract, cmd/vanban);
// the files of a batch are recorded in the ledger, in one transaction, only
// once the batch is durable in the index. A write that fails inside Bleve
// (a full disk) can leave the open index unusable (index.ErrNeedsReopen):
// Add then reopens it from disk, and the batch's files, still queued, are
// written again once the disk takes them.
//
// Another source of records (a cluster hub reading outcomes that workers
// elsewhere parsed and extracted) writes through PutRecords: a batch of
// Put (file id, size, source, outcome and, when indexed, the record) is
// indexed in one batch and recorded in the ledger in one transaction, and
// PutRecords returns only once both are durable — acknowledge the batch
// upstream after it returns; on an error deliver it again (the same
// outcome twice does no harm).
//
//	err = s.PutRecords(ctx, []store.Put{{ID: id, Size: n, Source: src, Result: res, Record: rec}})
//
// A search replica (vanban serve --nats URL --follow) holds its data
// directory through Open as well — the lock (a second vanban gets
// ingest.ErrLedgerBusy and leaves DIR/tmp alone), an interrupted swap, the
// sweep of DIR/tmp, the index reopened after a failed write — and writes
// the records of the cluster's stream with Add; its ledger and originals
// stay empty (the files are the cluster's).
//
//	s, err := store.Open(dir)
//	err = s.Add(ctx, recs...) // one batch, durable when it returns
//
// Reading: Search, Get, Allocations, FindNumbers and Count read the current
// index (a Store is the api.Config Store). Reindex builds a new index from
// the kept originals beside the served one and swaps it in whole (the same
// code for `vanban reindex` and a running server's SIGHUP), compacted;
// CompactWhenIdle compacts a serving index that is idle and fragmented.
// Check verifies every part of a stopped directory (segment checksums,
// ledger and index structure, originals against their SHA-256) and Repair
// mends what it found (damaged originals set aside, the ledger rebuilt, the
// index rebuilt by Reindex).
//
// While `vanban serve` holds DIR (Announce writes serve.pid and serve.url),
// the other commands reach it: OpenReader and OpenLedger give the server
// (a Server, asking its JSON API) instead of the files, Dial gives it to
// vanban ingest (Server.Upload sends a file, Server.Retry has it read again
// the files that failed), and SignalReindex asks it to reindex while
// serving.
package store
