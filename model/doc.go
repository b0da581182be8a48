// Package model holds the document model every layer passes around: a
// Document read from one file, as pages of positioned lines and words
// (PDF, OCR, the single logical page of a Word document) or sheets of cells
// (XLSX, XLS, the data tables of a Word document).
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
package model
