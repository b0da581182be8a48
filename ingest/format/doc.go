// Package format is what the format readers (ingest/pdf, ingest/xlsx,
// ingest/xls, ingest/doc, ingest/docx, ingest/rtf) and ingest/parse share,
// and nothing else: the sentinel causes of a file that cannot be read
// (ErrCorrupt, ErrEncrypted, …; CauseName and Cause carry them across a
// process boundary and into the ledger) and FileError, which says where;
// Sniff, which tells a format from the content, never the name;
// ParseOptions; Flow, which turns a word processor's paragraphs and tables
// into the one logical page of a model.Document; the number formats of
// spreadsheets (serial dates, numbers as Excel shows them).
//
// It imports model alone, so that a reader compiles without the queue and
// its ledger (package ingest, bbolt): TestReadersLeaveTheQueueOut in
// ingest/parse keeps it so.
//
//	kind, err := format.Sniff(data) // model.FormatPDF, …, or an error wrapping ErrUnsupported
//	if err != nil {
//		return nil, &format.FileError{Name: name, Err: err}
//	}
package format
