package model

import "strings"

// Format names the container a document came in.
type Format string

const (
	FormatPDF  Format = "pdf"
	FormatXLSX Format = "xlsx"
	FormatXLS  Format = "xls"
	FormatDOC  Format = "doc"  // Word 97–2003 (and Word 6.0/95) binary
	FormatDOCX Format = "docx" // WordprocessingML
	FormatRTF  Format = "rtf"  // Rich Text Format (Word saves it, often under a .doc name)
)

// IsWord reports whether f is a word-processor format, whose documents have
// no pages: one logical page holds the flow (see Flow).
func (f Format) IsWord() bool { return f == FormatDOC || f == FormatDOCX || f == FormatRTF }

// Document is the format-neutral result of reading one file: pages of
// positioned lines for PDF, sheets of cells for spreadsheets. It holds plain
// data only, so it can cross a process boundary as JSON.
type Document struct {
	Name   string  `json:"name"`
	Format Format  `json:"format"`
	Pages  []Page  `json:"pages,omitempty"`
	Sheets []Sheet `json:"sheets,omitempty"`
	// OCR is true when at least one page's text came from OCR.
	OCR bool `json:"ocr,omitempty"`
	// Signatures are e-signature stamps ("Ký bởi: …") found on pages; they
	// are metadata, not body text.
	Signatures []Signature `json:"signatures,omitempty"`
	// Warnings are problems that did not stop the read (a page that could not
	// be decoded, OCR unavailable, …), phrased for a clerk.
	Warnings []string `json:"warnings,omitempty"`
	// HeaderFooter holds the text of a word-processor document's running
	// headers and footers, kept apart from the body.
	HeaderFooter []string `json:"header_footer,omitempty"`
	// OCRUnread counts pages that needed OCR but were not read because the
	// OCR time ran out (not because they are blank).
	OCRUnread int `json:"ocr_unread,omitempty"`
}

// Page is one PDF page, coordinates in PDF points with the origin at the top
// left of the (rotated) page, y growing downwards.
type Page struct {
	Number int     `json:"number"` // 1-based
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	// Lines in reading order.
	Lines []Line `json:"lines,omitempty"`
	// Rules are ruling lines and filled rectangles, for table grids.
	Rules []Rule `json:"rules,omitempty"`
	// OCR marks a page whose text came from OCR; Confidence is tesseract's
	// mean word confidence (0–100) then.
	OCR        bool    `json:"ocr,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
}

// Line is a run of words sharing a baseline, in reading order.
type Line struct {
	Text  string  `json:"text"`
	X0    float64 `json:"x0"`
	Y0    float64 `json:"y0"`
	X1    float64 `json:"x1"`
	Y1    float64 `json:"y1"`
	Words []Word  `json:"words,omitempty"`
	// Block numbers the layout block the line belongs to (0-based, in
	// reading order); the two halves of an official header are two blocks.
	Block int `json:"block"`
	// Style is the paragraph style of a word-processor line ("Heading 1",
	// "Normal"); empty for PDF.
	Style string `json:"style,omitempty"`
}

// Word is a word with its box and the font it was drawn in. Font is the base
// font name as written in the PDF ("TimesNewRomanPSMT", ".VnTime", …) so that
// legacy encodings can be detected downstream.
type Word struct {
	Text string  `json:"text"`
	X0   float64 `json:"x0"`
	Y0   float64 `json:"y0"`
	X1   float64 `json:"x1"`
	Y1   float64 `json:"y1"`
	Font string  `json:"font,omitempty"`
	Size float64 `json:"size,omitempty"`
	Bold bool    `json:"bold,omitempty"`
}

// Rule is a stroked segment or a filled rectangle (its bounding box).
type Rule struct {
	X0 float64 `json:"x0"`
	Y0 float64 `json:"y0"`
	X1 float64 `json:"x1"`
	Y1 float64 `json:"y1"`
}

// Signature is an e-signature stamp printed on a page.
type Signature struct {
	Page         int    `json:"page"`
	SignedBy     string `json:"signed_by,omitempty"`    // "Ký bởi"
	Organization string `json:"organization,omitempty"` // "Cơ quan"
	Time         string `json:"time,omitempty"`         // "Thời gian ký", as printed
	Email        string `json:"email,omitempty"`
}

// Sheet is one worksheet. Rows is dense from row 0 to the last used row;
// a row is as long as its last used cell.
type Sheet struct {
	Name   string   `json:"name"`
	Hidden bool     `json:"hidden,omitempty"`
	Rows   [][]Cell `json:"rows,omitempty"`
	Merges []Merge  `json:"merges,omitempty"`
	// HiddenRows lists 0-based indexes of hidden rows.
	HiddenRows []int `json:"hidden_rows,omitempty"`
}

// CellKind says what a cell holds.
type CellKind string

const (
	CellEmpty  CellKind = ""
	CellString CellKind = "s"
	CellNumber CellKind = "n"
	CellBool   CellKind = "b"
	CellError  CellKind = "e"
	CellDate   CellKind = "d"
)

// Cell is one spreadsheet cell. Text is what the cell shows as text: for a
// number, its raw value written with '.' as decimal point and no grouping
// ("2994047", "181946.9"), so amounts stay exact; for a date, ISO 8601.
type Cell struct {
	Kind CellKind `json:"k,omitempty"`
	Text string   `json:"t,omitempty"`
	// Shown is how a number cell reads in its number format, as Excel
	// shows it in Vietnamese, when that differs from Text: the decimals
	// the format shows, a percent as a percent, thousands grouped ("9,28"
	// for a stored 9.2832250595092773 in format "0.00", "18,71%" for
	// 0.18709677 in "0.00%", "2.994.047" in "#,##0"). The reading-order
	// text (Document.Text), and so search, reads Shown; tables and
	// amounts read the exact Text.
	Shown string `json:"sh,omitempty"`
	// Font is the cell's font name (".VnTime", "Times New Roman"), for
	// legacy-encoding repair.
	Font    string `json:"f,omitempty"`
	Bold    bool   `json:"bold,omitempty"`
	Formula bool   `json:"fx,omitempty"`
}

// Merge is a merged area, 0-based inclusive corners.
type Merge struct {
	Row0 int `json:"r0"`
	Col0 int `json:"c0"`
	Row1 int `json:"r1"`
	Col1 int `json:"c1"`
}

// Text returns the page's lines joined with newlines.
func (p *Page) Text() string {
	var b strings.Builder
	for i, l := range p.Lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Text)
	}
	return b.String()
}

// Text returns the reading-order text of the document: pages separated by a
// form feed; sheets as rows of tab-separated cells, a number as its format
// shows it (Cell.Shown).
func (d *Document) Text() string {
	var b strings.Builder
	for i := range d.Pages {
		if i > 0 {
			b.WriteByte('\f')
		}
		b.WriteString(d.Pages[i].Text())
	}
	for i, s := range d.Sheets {
		if d.Format.IsWord() {
			break
		}
		if i > 0 || len(d.Pages) > 0 {
			b.WriteByte('\f')
		}
		for _, row := range s.Rows {
			empty := true
			for _, c := range row {
				if c.Text != "" {
					empty = false
					break
				}
			}
			if empty {
				continue
			}
			for j, c := range row {
				if j > 0 {
					b.WriteByte('\t')
				}
				if c.Shown != "" {
					b.WriteString(c.Shown)
				} else {
					b.WriteString(c.Text)
				}
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// PageCount is the number of pages, or of sheets for a workbook; 0 for a
// word-processor document, whose pages are not known.
func (d *Document) PageCount() int {
	if d.Format.IsWord() {
		return 0
	}
	if d.Format == FormatPDF {
		return len(d.Pages)
	}
	return len(d.Sheets)
}
