package web

import (
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"

	"vanban/extract/vntext"
)

// formatMillions writes an amount of đồng in triệu đồng, exactly: whole
// millions without decimals, otherwise with the decimals that are needed
// after a ",": 2994047000000 → "2.994.047", 1500000 → "1,5".
func formatMillions(vnd int64) string {
	neg := vnd < 0
	u := uint64(vnd)
	if neg {
		u = uint64(-(vnd + 1)) + 1 // safe for MinInt64
	}
	whole, frac := u/1_000_000, u%1_000_000
	s := vntext.GroupDigits(strconv.FormatUint(whole, 10))
	if frac != 0 {
		f := strings.TrimRight(strconv.FormatUint(frac+1_000_000, 10)[1:], "0")
		s += "," + f
	}
	if neg {
		s = "-" + s
	}
	return s
}

// formatDate shows an ISO date as dd/mm/yyyy and a month-only one
// ("2025-11") as mm/yyyy, the way a clerk writes them; anything else is
// shown as is.
func formatDate(iso string) string {
	if t, err := time.Parse("2006-01-02", iso); err == nil {
		return t.Format("02/01/2006")
	}
	if t, err := time.Parse("2006-01", iso); err == nil {
		return t.Format("01/2006")
	}
	return iso
}

// parseDate reads a date a clerk typed: ISO (what links and older forms send)
// or day/month/year with "/", "-" or ".". It answers ISO 8601.
func parseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("2006-01-02"), true
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(f) != 3 {
		return "", false
	}
	d, err1 := strconv.Atoi(f[0])
	m, err2 := strconv.Atoi(f[1])
	y, err3 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || err3 != nil || y < 1000 || y > 9999 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// markOpen and markClose are what Bleve's html highlighter puts around a
// match; once the fragment is escaped they read as below.
const (
	escMarkOpen  = "&lt;mark&gt;"
	escMarkClose = "&lt;/mark&gt;"
)

// safeHighlight turns a highlight fragment into HTML where only <mark> and
// </mark> survive: everything else, document text included, is escaped.
// Bleve's html formatter has escaped the text already; the fragment is read
// back to plain text first, so it is escaped exactly once whether or not
// that held. Marks are balanced so that a fragment cut inside a match cannot
// leave a <mark> open on the page.
func safeHighlight(frag string) template.HTML {
	esc := html.EscapeString(html.UnescapeString(frag))
	var b strings.Builder
	open := false
	for len(esc) > 0 {
		switch {
		case strings.HasPrefix(esc, escMarkOpen):
			if !open {
				b.WriteString("<mark>")
				open = true
			}
			esc = esc[len(escMarkOpen):]
		case strings.HasPrefix(esc, escMarkClose):
			if open {
				b.WriteString("</mark>")
				open = false
			}
			esc = esc[len(escMarkClose):]
		default:
			i := strings.Index(esc[1:], "&lt;")
			if i < 0 {
				b.WriteString(esc)
				esc = ""
			} else {
				b.WriteString(esc[:i+1])
				esc = esc[i+1:]
			}
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

var numericCell = regexp.MustCompile(`^[-+−(]?\s*\d[\d.,\s]*\)?\s*%?$`)

// isNumeric tells whether a table cell holds a number, to right-align it.
func isNumeric(s string) bool { return numericCell.MatchString(strings.TrimSpace(s)) }

// headerCell is one <th> of a table head rebuilt from column paths.
type headerCell struct {
	Label            string
	ColSpan, RowSpan int
	Group            bool // spans several columns: scope="colgroup"
}

// headerRows rebuilds a multi-row table head from column paths
// ("DỰ TOÁN / BỔ SUNG CÓ MỤC TIÊU / TỔNG SỐ"): neighbouring columns that share
// a parent share one cell spanning them, and a column whose path is shorter
// than the deepest one spans the rows below it. ncols pads the head to the
// widest row of the body.
func headerRows(columns []string, ncols int) [][]headerCell {
	if ncols < len(columns) {
		ncols = len(columns)
	}
	if ncols == 0 {
		return nil
	}
	segs := make([][]string, ncols)
	depth := 1
	for i := range segs {
		var p []string
		if i < len(columns) {
			for _, s := range strings.Split(columns[i], "/") {
				if s = strings.TrimSpace(s); s != "" {
					p = append(p, s)
				}
			}
		}
		if len(p) == 0 {
			p = []string{""}
		}
		segs[i] = p
		depth = max(depth, len(p))
	}
	rows := make([][]headerCell, depth)
	for l := 0; l < depth; l++ {
		for i := 0; i < ncols; {
			p := segs[i]
			switch {
			case len(p) <= l:
				i++
			case len(p) == l+1:
				rows[l] = append(rows[l], headerCell{Label: p[l], ColSpan: 1, RowSpan: depth - l})
				i++
			default:
				j := i + 1
				for j < ncols && len(segs[j]) > l+1 && samePrefix(p, segs[j], l+1) {
					j++
				}
				rows[l] = append(rows[l], headerCell{Label: p[l], ColSpan: j - i, RowSpan: 1, Group: true})
				i = j
			}
		}
	}
	return rows
}

func samePrefix(a, b []string, n int) bool {
	for k := 0; k < n; k++ {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}
