package index

// Garbage collector settings vanban's commands run with, and the benchmarks
// with them (they measure what vanban does).
//
// Indexing and searching make much short-lived garbage (tokens, postings
// of a new segment, hits) on a small live heap: with Go's default GOGC of
// 100 the collector ran on almost every batch and took 17% of the indexing
// time of 5000 documents; at 400 it runs a quarter as often. The soft memory
// limit keeps the heap bounded all the same: near it the collector works
// harder whatever GOGC says.
const (
	// GCPercent is GOGC unless $GOGC is set.
	GCPercent = 400
	// SoftMemoryLimit is the default soft memory limit (--soft-memory)
	// unless $GOMEMLIMIT is set. Ingesting the shared corpus with 2
	// workers peaked at ~240 MiB without a limit, ~130 MiB with one.
	SoftMemoryLimit = 512 << 20
)
