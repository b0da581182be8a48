// Package cluster spreads vanban over several machines on NATS JetStream:
// files accepted anywhere are parsed by workers anywhere, one hub writes
// them to its index and ledger, and search replicas build their own index
// from the same records. It is the only importer of nats.go. With no NATS
// URL configured nothing here runs: vanban stays a single machine.
//
// What JetStream holds (every stream on file storage, Config.Replicas
// copies: 1 for one nats-server, 3 in a cluster of three or more):
//
//   - VANBAN_ORIGINALS, an object store bucket: every file, named by the
//     SHA-256 of its bytes, kept until deleted (no TTL). Workers fetch
//     from it; replicas serve originals from it.
//   - VANBAN_JOBS, a work-queue stream (retention: a message leaves once a
//     worker acknowledges it), subjects vanban.jobs.text and
//     vanban.jobs.ocr, each with its own durable pull consumer
//     (workers-text, workers-ocr; explicit acks, AckWait with progress
//     heartbeats every AckWait/4, deliveries bounded by the workers: past
//     MaxDeliveries the file is recorded failed with the reason). Every
//     new file is a text job; a file whose pages carry no text goes on to
//     the OCR subject, so a backlog of scans never holds typed documents
//     back (a worker with two slots or more keeps one for text jobs).
//     Duplicate window 10 min: the same file submitted twice meanwhile is
//     one job.
//   - VANBAN_RECORDS, a limits stream (kept for ever) with one subject per
//     file, vanban.records.<sha256>, and at most one message per subject:
//     the latest outcome of each file (its extracted record, or failed /
//     needs_ocr with the reason), like a compacted log. Message id = file
//     hash, so a job read twice is not a second record. The hub reads it
//     through the durable consumer "hub" and acknowledges a batch only
//     after its index and ledger have it; a replica reads it from the
//     beginning with an ordered consumer (no server state) and keeps the
//     last sequence it made durable in DIR/follow.seq.
//   - VANBAN_RECORD_BODIES, an object store bucket for the rare record
//     larger than a message (max_payload, 1 MiB by default), gzipped.
//   - VANBAN_WORKERS, a key-value bucket with a 30 s TTL: each
//     worker's host name, slots and the jobs it reads, refreshed every 5 s.
//
// Only features of nats-server 2.9 are used (one filter subject per
// consumer, object store, key-value, MaxMsgsPerSubject).
//
// A minimal run:
//
//	c, err := cluster.Connect(ctx, cluster.Config{URL: "nats://hub:4222"})
//	sub, err := c.SubmitFile(ctx, path, src, maxSize)    // anyone
//	err = c.RunWorker(ctx, cluster.WorkerConfig{...})    // workers
//	err = c.RunHub(ctx, dir, sink, cluster.BatchConfig{}) // the hub
//	err = c.Follow(ctx, dir, sink, cluster.BatchConfig{}) // replicas
package cluster
