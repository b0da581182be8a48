package extract

import (
	"strings"

	"vanban/extract/vntext"
	"vanban/model"
)

// Text is the document's reading-order text (model.Document.Text) with the
// lines and cells drawn in legacy fonts (TCVN3 .VnTime, VNI-Times…)
// repaired to Unicode by their font names, so that search, provinces and
// figures read "Sắc lệnh", not "S¾c lÖnh". A document without legacy fonts
// gives exactly doc.Text().
func Text(doc *model.Document) string {
	if doc == nil {
		return ""
	}
	if !hasLegacyFont(doc) {
		return doc.Text()
	}
	return repaired(doc).Text()
}

// repaired is a copy of the document whose line and cell texts are
// repaired; words and fonts are shared with doc, never changed.
func repaired(doc *model.Document) *model.Document {
	c := *doc
	c.Pages = make([]model.Page, len(doc.Pages))
	for i, p := range doc.Pages {
		c.Pages[i] = repairedPage(p)
	}
	c.Sheets = make([]model.Sheet, len(doc.Sheets))
	for i, s := range doc.Sheets {
		c.Sheets[i] = s
		c.Sheets[i].Rows = make([][]model.Cell, len(s.Rows))
		for r, row := range s.Rows {
			out := make([]model.Cell, len(row))
			for k, cell := range row {
				out[k] = cell
				out[k].Text = cellText(cell)
			}
			c.Sheets[i].Rows[r] = out
		}
	}
	return &c
}

// repairedPage is a copy of the page whose line texts are repaired.
func repairedPage(p model.Page) model.Page {
	lines := make([]model.Line, len(p.Lines))
	for i, l := range p.Lines {
		lines[i] = l
		lines[i].Text = repairLine(l)
	}
	p.Lines = lines
	return p
}

func hasLegacyFont(doc *model.Document) bool {
	for _, p := range doc.Pages {
		for _, l := range p.Lines {
			for _, w := range l.Words {
				if w.Font != "" && vntext.FontEncoding(w.Font) != vntext.Unicode {
					return true
				}
			}
		}
	}
	for _, s := range doc.Sheets {
		for _, row := range s.Rows {
			for _, c := range row {
				if c.Font != "" && vntext.FontEncoding(c.Font) != vntext.Unicode {
					return true
				}
			}
		}
	}
	return false
}

// repairLine is the line's text with each word in a legacy font decoded;
// the gaps between words (a table row's tabs) are kept when the words match
// the text's fields one for one.
func repairLine(l model.Line) string {
	legacy := false
	for _, w := range l.Words {
		if vntext.FontEncoding(w.Font) != vntext.Unicode {
			legacy = true
			break
		}
	}
	if !legacy {
		return l.Text
	}
	if len(strings.Fields(l.Text)) != len(l.Words) {
		return lineText(l)
	}
	var b strings.Builder
	s := l.Text
	for _, w := range l.Words {
		i := strings.Index(s, w.Text)
		if i < 0 {
			return lineText(l)
		}
		b.WriteString(s[:i])
		b.WriteString(vntext.Decode(w.Text, vntext.FontEncoding(w.Font)))
		s = s[i+len(w.Text):]
	}
	b.WriteString(s)
	return b.String()
}
