package format

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/model"
)

// A word-processor document (.doc, .docx) has no pages: it is a flow of
// paragraphs and tables. Flow turns that flow into the format-neutral
// Document so that extraction works on it as on a PDF or a workbook:
//
//   - the body is one logical page (Number 1); each paragraph is a Line in
//     reading order, its Words carrying the font of their runs (for TCVN3
//     and VNI repair downstream) and Line.Style the paragraph style;
//   - a layout table (a few columns, no cell that is a bare number: the
//     official header with the issuer and "Số: …" on the left and the Quốc
//     hiệu, place and date on the right, or the signature block) is read
//     as text: each cell's paragraphs are lines, row by row, left to right,
//     with Block set to the cell's column;
//   - any other table is a data table: each of its rows is a Line (cells
//     separated by tabs, so the text stays in place) and the whole table is
//     also a Sheet named "Bảng N" (N counting every data table from 1) whose
//     cells and merged areas the table reader reads like a workbook's;
//   - running headers and footers go to Document.HeaderFooter, never into
//     the body; footnotes and text boxes follow the body as lines.
//
// Positions: a figure's page is 1, a table's sheet is "Bảng N" and a line's
// index on the page is its place in the flow.

// FlowRun is a run of text in one font.
type FlowRun struct {
	Text string
	Font string
	Bold bool
}

// FlowPara is one paragraph: its runs and its style name. A "\n" inside a
// run is a line break within the paragraph and starts a new Line.
type FlowPara struct {
	Runs  []FlowRun
	Style string
}

// FlowCell is one table cell. Span is the number of grid columns it covers
// (1 when 0); Continue marks the lower part of a vertically merged cell
// (its text, if any, is kept in the cell above).
type FlowCell struct {
	Paras    []FlowPara
	Span     int
	Continue bool
}

// FlowTable is a table as rows of cells.
type FlowTable struct {
	Rows [][]FlowCell
}

// Flow builds a Document from paragraphs and tables in reading order.
type Flow struct {
	doc    *model.Document
	page   *model.Page
	tables int
	lines  lineBuilder
}

// NewFlow starts a document of the given format.
func NewFlow(format model.Format) *Flow {
	d := &model.Document{Format: format, Pages: []model.Page{{Number: 1}}}
	return &Flow{doc: d, page: &d.Pages[0]}
}

// Para adds a body paragraph.
func (f *Flow) Para(p FlowPara) { f.addPara(p, 0) }

// Warn adds a warning for a clerk.
func (f *Flow) Warn(format string, args ...any) {
	f.doc.Warnings = append(f.doc.Warnings, fmt.Sprintf(format, args...))
}

// HeaderFooter adds the text of a running header or footer.
func (f *Flow) HeaderFooter(p FlowPara) {
	var b strings.Builder
	for _, r := range p.Runs {
		b.WriteString(r.Text)
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if t := cleanSpace(l); t != "" {
			f.doc.HeaderFooter = append(f.doc.HeaderFooter, t)
		}
	}
}

func (f *Flow) addPara(p FlowPara, block int) {
	// Split the runs at line breaks: each piece is a Line.
	var cur []FlowRun
	flush := func() {
		f.addLine(cur, p.Style, block)
		cur = nil
	}
	for _, r := range p.Runs {
		for {
			i := strings.IndexByte(r.Text, '\n')
			if i < 0 {
				break
			}
			if i > 0 {
				cur = append(cur, FlowRun{Text: r.Text[:i], Font: r.Font, Bold: r.Bold})
			}
			flush()
			r.Text = r.Text[i+1:]
		}
		if r.Text != "" {
			cur = append(cur, r)
		}
	}
	flush()
}

// addLine adds one line made of runs; blank lines are dropped.
func (f *Flow) addLine(runs []FlowRun, style string, block int) {
	text, words := f.lines.line(runs)
	if len(words) == 0 {
		return
	}
	f.appendLine(model.Line{Text: text, Words: words, Block: block, Style: style})
}

// appendLine adds a line at the end of the page, placed below the one
// before it (its words too). A blank line is dropped.
func (f *Flow) appendLine(l model.Line) {
	if len(l.Words) == 0 && strings.TrimSpace(l.Text) == "" {
		return
	}
	y := float64(len(f.page.Lines)) * 14
	for i := range l.Words {
		l.Words[i].Y0, l.Words[i].Y1 = y, y+12
	}
	l.Y0, l.Y1 = y, y+12
	f.page.Lines = append(f.page.Lines, l)
}

// flowWords splits runs into words at white space; a word takes the font of
// the run that holds most of its letters.
func flowWords(runs []FlowRun) []model.Word {
	var lb lineBuilder
	_, words := lb.line(runs)
	return words
}

// lineBuilder reads lines (line) with a scratch list of word spans
// kept from one line to the next: a document's lines cost no allocation
// beyond their text and words.
type lineBuilder struct{ spans []wordSpan }

// wordSpan is a word being read: where it lies in the line's text, the
// font of most of its letters and whether most are bold.
type wordSpan struct {
	start, end int
	font       string
	bold       bool
}

// line reads runs once into the line's text — trimmed, each stretch of
// white space one space, or one tab when it holds a tab (between table
// cells) — and its words, split at white space, each
// taking the font of the run that holds most of its letters and bold when
// most of its letters are. A word's text is a part of the line's text: one
// string for the line, not one per word (a Word document is mostly lines;
// this pass was a third of reading a .docx).
func (lb *lineBuilder) line(runs []FlowRun) (string, []model.Word) {
	size := 0
	for _, r := range runs {
		size += len(r.Text)
	}
	var b strings.Builder
	b.Grow(size)
	spans := lb.spans[:0]
	gap, tab := false, false
	in := false         // inside a word
	start := 0          // where the word starts in b
	font, best := "", 0 // the font with most letters so far in the word
	cur, n := "", 0     // the current run's font and its letters in the word
	bold, letters := 0, 0
	end := func() {
		if !in {
			return
		}
		if n > best {
			font = cur
		}
		spans = append(spans, wordSpan{start, b.Len(), font, bold*2 > letters})
		in = false
		font, best, n = "", 0, 0
		bold, letters = 0, 0
	}
	for _, r := range runs {
		if r.Font != cur {
			if n > best {
				font, best = cur, n
			}
			cur, n = r.Font, 0
		}
		t := r.Text
		for i := 0; i < len(t); {
			c, w := rune(t[i]), 1
			if c >= utf8.RuneSelf {
				c, w = utf8.DecodeRuneInString(t[i:])
			}
			if isFlowSpace(c) {
				end()
				gap = true
				tab = tab || c == '\t'
				i += w
				continue
			}
			if !in {
				if gap && b.Len() > 0 {
					if tab {
						b.WriteByte('\t')
					} else {
						b.WriteByte(' ')
					}
				}
				gap, tab = false, false
				in, start = true, b.Len()
			}
			if c == utf8.RuneError && w == 1 {
				b.WriteRune(c) // a byte that is not UTF-8, as ranging over it reads it
			} else {
				b.WriteString(t[i : i+w])
			}
			i += w
			n++
			letters++
			if r.Bold {
				bold++
			}
		}
	}
	end()
	lb.spans = spans
	text := b.String()
	words := make([]model.Word, len(spans))
	for i, sp := range spans {
		words[i] = model.Word{Text: text[sp.start:sp.end], Font: sp.font, Bold: sp.bold}
	}
	return text, words
}

// isFlowSpace is the white space that separates words: Unicode's and the
// no-break space.
func isFlowSpace(c rune) bool {
	if c < utf8.RuneSelf {
		return c == ' ' || c >= '\t' && c <= '\r'
	}
	return c == 0xA0 || unicode.IsSpace(c)
}

// Table adds a table: as text when it is the page layout (header,
// signature block), as a data table otherwise.
func (f *Flow) Table(t FlowTable) {
	grid := flowGrid(t)
	if len(grid) == 0 {
		return
	}
	if layoutTable(grid) {
		for _, row := range t.Rows {
			col := 0
			for _, c := range row {
				if !c.Continue {
					for _, p := range c.Paras {
						f.addPara(p, col)
					}
				}
				col += max(c.Span, 1)
			}
		}
		return
	}
	f.tables++
	sheet := model.Sheet{Name: fmt.Sprintf("Bảng %d", f.tables)}
	for r, row := range t.Rows {
		var runs []FlowRun
		cells := make([]model.Cell, 0, len(row))
		col := 0
		for i, c := range row {
			span := max(c.Span, 1)
			text, font, bold := cellContent(c)
			if i > 0 {
				runs = append(runs, FlowRun{Text: "\t"})
			}
			if !c.Continue {
				for _, p := range c.Paras {
					if len(runs) > 0 && runs[len(runs)-1].Text != "\t" {
						runs = append(runs, FlowRun{Text: " "})
					}
					for _, run := range p.Runs {
						runs = append(runs, FlowRun{Text: strings.ReplaceAll(run.Text, "\n", " "), Font: run.Font, Bold: run.Bold})
					}
				}
			}
			cell := model.Cell{Font: font, Bold: bold}
			if text != "" && !c.Continue {
				cell.Kind, cell.Text = model.CellString, text
			}
			for len(cells) < col {
				cells = append(cells, model.Cell{})
			}
			cells = append(cells, cell)
			for k := 1; k < span; k++ {
				cells = append(cells, model.Cell{})
			}
			if span > 1 {
				sheet.Merges = append(sheet.Merges, model.Merge{Row0: r, Col0: col, Row1: r, Col1: col + span - 1})
			}
			if c.Continue {
				extendMerge(&sheet, r, col, col+span-1)
			}
			col += span
		}
		sheet.Rows = append(sheet.Rows, cells)
		f.addLine(runs, "", 0)
	}
	f.doc.Sheets = append(f.doc.Sheets, sheet)
}

// extendMerge grows the merged area that ends in the row above at these
// columns (or starts one from the cell above) down to row r.
func extendMerge(s *model.Sheet, r, c0, c1 int) {
	if r == 0 {
		return
	}
	for i := range s.Merges {
		m := &s.Merges[i]
		if m.Col0 == c0 && m.Col1 == c1 && m.Row1 == r-1 {
			m.Row1 = r
			return
		}
	}
	s.Merges = append(s.Merges, model.Merge{Row0: r - 1, Col0: c0, Row1: r, Col1: c1})
}

// cellContent is a cell's text (paragraphs joined by a space) and the font
// of most of its letters.
func cellContent(c FlowCell) (string, string, bool) {
	var runs []FlowRun
	for i, p := range c.Paras {
		if i > 0 {
			runs = append(runs, FlowRun{Text: " "})
		}
		runs = append(runs, p.Runs...)
	}
	words := flowWords(runs)
	if len(words) == 0 {
		return "", "", false
	}
	fonts := map[string]int{}
	texts := make([]string, len(words))
	bold := 0
	for i, w := range words {
		texts[i] = w.Text
		fonts[w.Font] += utf8.RuneCountInString(w.Text)
		if w.Bold {
			bold++
		}
	}
	font, best := "", -1
	for fn, n := range fonts {
		if n > best || n == best && fn < font {
			font, best = fn, n
		}
	}
	return strings.Join(texts, " "), font, bold*2 > len(words)
}

// flowGrid is the table's cell texts placed on its grid columns.
func flowGrid(t FlowTable) [][]string {
	var out [][]string
	for _, row := range t.Rows {
		var r []string
		for _, c := range row {
			text, _, _ := cellContent(c)
			if c.Continue {
				text = ""
			}
			r = append(r, text)
			for k := 1; k < c.Span; k++ {
				r = append(r, "")
			}
		}
		out = append(out, r)
	}
	return out
}

// layoutTable tells the page layout from a data table, as a clerk would:
// the header and the signature block are tables of at most three columns
// and a few rows, and none of their cells is a bare number (an STT, an
// amount); a table with a column of numbers, or a wide or long one, holds
// data.
func layoutTable(grid [][]string) bool {
	if len(grid) > 8 {
		return false
	}
	for _, row := range grid {
		if len(row) > 3 {
			return false
		}
		for _, c := range row {
			if bareNumber(c) {
				return false
			}
		}
	}
	return true
}

// bareNumber is text made of digits and number punctuation only ("12",
// "2.994.047", "85,5", "1.a" is not).
func bareNumber(s string) bool {
	s = strings.TrimSpace(s)
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',' || r == ' ' || r == '-' || r == '%' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits > 0
}

// Finish returns the document.
func (f *Flow) Finish() *model.Document { return f.doc }

func cleanSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
