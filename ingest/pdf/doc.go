// Package pdf reads a PDF into a model.Document: for every page, the words
// in reading order with their boxes, fonts and sizes, grouped into lines and
// layout blocks, the ruling lines and filled rectangles of its tables, and
// the e-signature stamps printed on it. It is the only package that imports
// github.com/ledongthuc/pdf, and uses it for the object layer only (cross-
// reference table, objects, streams, decryption).
//
// The text comes from a content-stream reader of our own: text state and
// matrices (Tm Td TD T* Tc Tw Tz TL Ts, Tj TJ ' "), glyph widths from
// /Widths and /W, ToUnicode CMaps with multi-byte ranges, simple-font
// encodings with /Differences, fonts resolved per page, form XObjects and
// annotation appearances, page /Rotate and /CropBox. Layout clusters glyphs
// into words by the gaps between them (not only by space glyphs), into rows
// by baseline, and rows into blocks: the two halves of an official header
// ("ỦY BAN NHÂN DÂN / … / Số: 329/BC-UBND" left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA
// VIỆT NAM / …" right) are separate lines in separate blocks, left first.
//
// Coordinates are PDF points with the origin at the top left of the page as
// displayed (after /Rotate), y growing downwards.
//
// Pages without a usable text layer (a scan; a scan under a watermark or a
// signature stamp; a scan whose OCR layer lost the Vietnamese diacritics)
// are OCRed through ingest/ocr when tesseract and pdftoppm are installed and
// Options.NoOCR is false (two pages at a time, within Options.OCRBudget);
// otherwise the document keeps what text it has and a warning names the
// packages to install. Document.OCR, Page.OCR and Page.Confidence say which
// text came from OCR.
//
// Read never panics on bad input it can survive: a page that fails is a
// warning, the rest is read; files it cannot open give errors wrapping
// format.ErrEncrypted, ErrTruncated, ErrCorrupt or ErrEmpty. The library
// underneath can still recurse without bound on some corrupt files, so
// untrusted files must be read through a sandbox.Sandbox.
//
//	doc, err := pdf.Read(ctx, data, pdf.Options{NoOCR: true})
//	if err != nil {
//		return err // e.g. "file is encrypted: PDF is encrypted with AES-256, …"
//	}
//	for _, l := range doc.Pages[0].Lines {
//		fmt.Println(l.Block, l.Text) // 0 ỦY BAN NHÂN DÂN …
//	}
//	fmt.Print(doc.Text()) // pages separated by \f, lines by \n
package pdf
