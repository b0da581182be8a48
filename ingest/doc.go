// Package ingest turns files into format-neutral Documents and keeps track
// of every file it has seen.
//
// A Document holds pages of positioned lines and words (PDF) or sheets of
// cells (XLSX, XLS). The adapters in ingest/pdf, ingest/xlsx, ingest/xls and
// ingest/ocr are the only packages that import a parser library or run an
// external program; ingest/parse picks one by content (Sniff), never by file
// name. Untrusted files are parsed in a child process (see Isolated) so that a
// parser crash, a stack overflow or a runaway allocation ends the child, not
// the program.
//
// ingest never imports extract or index.
//
//	doc, err := parse.Bytes(ctx, "779-QD.pdf", data, parse.Options{})
//	if err != nil { /* a *FileError saying why */ }
//	fmt.Println(doc.Text())
package ingest
