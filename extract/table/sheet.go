package table

import (
	"vanban/model"
)

// Limits on the grid built from a sheet.
const (
	maxGridRows = 100_000
	maxGridCols = 512
)

// FromSheet finds the tables of a worksheet. Cell text in legacy fonts
// (TCVN3 .VnTime …) is repaired; merged areas count as one cell spanning
// their rows and columns; hidden rows are left out.
func FromSheet(s *model.Sheet) []*Table {
	g := sheetGrid(s)
	if g == nil {
		return nil
	}
	tables := g.find()
	for _, t := range tables {
		t.Sheet = s.Name
		t.Hidden = s.Hidden
	}
	return tables
}

func sheetGrid(s *model.Sheet) *grid {
	rows := min(len(s.Rows), maxGridRows)
	cols := 0
	for r := 0; r < rows; r++ {
		cols = max(cols, len(s.Rows[r]))
	}
	cols = min(cols, maxGridCols)
	if rows == 0 || cols == 0 {
		return nil
	}
	g := &grid{rows: rows, cols: cols, at: make([][]*gcell, rows), line: make([]int, rows), page: make([]int, rows), hidden: make([]bool, rows)}
	for r := 0; r < rows; r++ {
		g.at[r] = make([]*gcell, cols)
		g.line[r] = r
	}
	for _, h := range s.HiddenRows {
		if h >= 0 && h < rows {
			g.hidden[h] = true
		}
	}
	for r := 0; r < rows; r++ {
		for c, cell := range s.Rows[r] {
			if c >= cols || cell.Text == "" {
				continue
			}
			x := &gcell{r0: r, c0: c, r1: r, c1: c, bold: cell.Bold}
			switch cell.Kind {
			case model.CellNumber:
				if n, ok := parseRaw(cell.Text); ok {
					x.num = &n
				}
				x.text = cell.Text
			case model.CellError, model.CellBool:
				continue
			default:
				x.text = repairText(cell.Text, cell.Font)
				if n, ok := ParseNumber(x.text); ok && looksNumeric(x.text) {
					x.num = &n
				}
			}
			g.at[r][c] = x
		}
	}
	for _, m := range s.Merges {
		if m.Row0 < 0 || m.Col0 < 0 || m.Row0 >= rows || m.Col0 >= cols {
			continue
		}
		r1, c1 := min(m.Row1, rows-1), min(m.Col1, cols-1)
		x := g.at[m.Row0][m.Col0]
		if x == nil {
			x = &gcell{}
		}
		x.r0, x.c0, x.r1, x.c1 = m.Row0, m.Col0, r1, c1
		for r := m.Row0; r <= r1; r++ {
			for c := m.Col0; c <= c1; c++ {
				g.at[r][c] = x
			}
		}
	}
	return g
}

// looksNumeric keeps text cells such as "2.994.047" as numbers but not
// "1" in an STT column written as text (which ParseNumber also reads):
// those are numbers too, harmless; what it rejects is text with letters.
func looksNumeric(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && r != '\u00a0' {
			return false
		}
	}
	return true
}
