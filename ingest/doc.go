// Package ingest turns files into format-neutral Documents (package model)
// and keeps track of every file it has seen.
//
// A model.Document holds pages of positioned lines and words (PDF) or sheets
// of cells (XLSX, XLS). The adapters in ingest/pdf, ingest/xlsx, ingest/xls,
// ingest/doc, ingest/docx, ingest/rtf and ingest/ocr are the only packages
// that import a parser library or run an external program; ingest/parse
// picks one by content (format.Sniff), never by file name. What they share
// (the causes of a file that cannot be read, FileError, Sniff, Flow) is in
// ingest/format, so that they compile without this package's queue and
// ledger (bbolt). Untrusted files are parsed in a child process (package
// ingest/sandbox) so that a parser crash, a stack overflow or a runaway
// allocation ends the child, not the program.
//
// Every file vanban is given goes through one queue, whatever its source (a
// path on the command line, a watched folder, an upload):
//
//   - Originals copies its bytes into DATA/originals/<sha256[:2]>/<sha256>
//     (temporary name, fsync, rename; never modified), so the index can be
//     rebuilt from them at any time.
//   - Ledger (bbolt, DATA/ledger.db) records it by content hash: every path
//     and upload it came from, status (queued, parsing, indexed, failed with
//     a reason, needs_ocr), attempts, timings, size, format, pages, and the
//     number/issuer/date the sink read, to flag probable duplicates. The
//     queue itself lives in the ledger, so memory stays bounded however many
//     files wait, and a crash loses nothing: entries left queued or parsing
//     are taken again on the next start (an attempt the program did not
//     survive counts; after Ledger.MaxAttempts the file is failed with the
//     reason).
//   - Pool runs Config.Workers workers (runtime.NumCPU() by default) that
//     parse each file in a child process (a Sandbox of its own) with a memory limit and
//     a time limit — DefaultParseTimeout, plus DefaultOCRTimePerPage per
//     estimated page (size/100 KiB) for a PDF when OCR is on — and hand the
//     Document to a Sink owned by the caller (cmd/vanban extracts and
//     indexes). A parse failure is data (an entry with a reason); only a
//     failing Sink or ledger stops a run. Pool.Retry (Ledger.Requeue and a
//     wake-up) has a running pool read again the files that failed or
//     need OCR.
//
// ingest imports model, ingest/format and ingest/sandbox, never extract or
// index; nothing under ingest/ imports ingest.
//
//	doc, err := parse.Bytes(ctx, "779-QD.pdf", data, parse.Options{})
//	if err != nil { /* a *format.FileError saying why */ }
//	fmt.Println(doc.Text())
package ingest
