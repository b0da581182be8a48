// Package sandbox parses untrusted files in child processes: this
// executable run again as a parse worker (RunWorkerIfRequested, first thing
// in main and in the TestMain of packages whose tests parse through it),
// each child the leader of its own process group, dying with vanban
// (DieWithParent, also used by ingest/ocr for pdftoppm and tesseract), at a
// lower CPU priority when asked, with a memory limit (its resident set,
// and GOGC WorkerGCPercent under a soft limit of 3/4 of it) and a time
// limit, and a temporary folder of its own under Limits.TempDir removed
// after each file. A parser crash, a stack overflow or a runaway
// allocation ends the child, not the program: the caller gets an error
// wrapping a format cause (format.ErrCorrupt, ErrTimeout, ErrMemory).
//
// A Sandbox is a value whose owner (an ingest.Pool, vanban extract, a
// cluster worker) keeps its idle children and ends them with Close. It
// imports model and ingest/format, never the queue.
//
//	sb := sandbox.New()
//	defer sb.Close()
//	doc, err := sb.Parse(ctx, path, name, format.ParseOptions{}, sandbox.Limits{})
package sandbox
