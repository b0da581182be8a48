// Package model holds the document model every layer passes around: a
// Document read from one file, as pages of positioned lines and words
// (PDF, OCR, the single logical page of a Word document) or sheets of cells
// (XLSX, XLS, the data tables of a Word document).
//
// Dates are typed: a Date is a full day, a month only (an illegible day on
// a scan) or a year only, as its Kind says, and is written as ISO 8601 at
// that precision ("2025-12-19", "2025-11", "2025").
//
// It is a leaf: it imports only the standard library, and holds plain data
// that can cross a process boundary as JSON (the parsing sandbox sends a
// Document from its child this way). The readers in ingest/… build
// Documents; extract and extract/table read them without knowing the
// queue, the sandbox or the ledger.
//
//	doc := &model.Document{Name: "cv.pdf", Format: model.FormatPDF,
//		Pages: []model.Page{{Number: 1, Lines: []model.Line{{Text: "Số: 12/CV-UBND"}}}}}
//	fmt.Println(doc.Text(), doc.PageCount()) // Số: 12/CV-UBND 1
//
//	d, _ := model.ParseDate("2025-11")
//	first, last := d.Span()
//	fmt.Println(d.Kind(), first, last) // month 2025-11-01 2025-11-30
package model
