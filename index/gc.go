package index

// Garbage collector settings vanban's commands run with, and the benchmarks
// with them (they measure what vanban does).
//
// Indexing and searching make much short-lived garbage (tokens, postings
// of a new segment, hits) on a small live heap: with Go's default GOGC of
// 100 the collector ran on almost every batch and took 17% of the indexing
// time of 5000 documents; at 400 it runs a quarter as often. The soft memory
// limit bounds the heap all the same: near it the collector works harder
// whatever GOGC says.
const (
	// GCPercent is GOGC unless $GOGC is set.
	GCPercent = 400
	// ServeMemoryLimit is vanban serve's default soft memory limit
	// (--soft-memory; $GOMEMLIMIT wins): the server indexes uploads,
	// watched folders and live reindexes while it answers searches. Bulk
	// indexing in batches of 500 holds up to ~190 MiB live: under a
	// 192 MiB limit the collector ran without pause (453 docs/s against
	// 640–710 with this one).
	ServeMemoryLimit = 512 << 20
	// BatchMemoryLimit is the default of vanban ingest and reindex, which
	// extract one file at a time and write small batches (rows 250 at a
	// time, ingest.DefaultBatchBytes of text): their live heap on the
	// shared corpus peaks at ~55 MB. With 192 MiB the heap simply grew to
	// it (GOGC 400): 220 MiB resident, 3.3 times vanban extract of the
	// same files; with 80 MiB, 110–114 MiB (1.8–1.9 times), for 3–8% more
	// time (BenchmarkIngestVsExtract, issue 17). A file whose analysis
	// needs more gets it: the limit is soft, the collector works harder.
	BatchMemoryLimit = 80 << 20
)
