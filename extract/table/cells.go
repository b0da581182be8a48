package table

import "strings"

// Cell is one cell of a table as printed, header and body alike: the grid
// rows and columns it covers (0-based from the table's first row and
// column, End inclusive) and its text, lines joined with a space.
type Cell struct {
	Row, Col, EndRow, EndCol int
	Page                     int // PDF page (1-based), 0 for a sheet
	Text                     string
}

// part is a grid area a table was read from: rows r0 to r1 (exclusive),
// columns c0 to c1 (inclusive).
type part struct {
	g              *grid
	r0, r1, c0, c1 int
}

// Cells lists the table's non-empty cells, row by row. A table stitched
// over pages continues its rows on the next page's part; a merged cell is
// listed once, clipped to the table.
func (t *Table) Cells() []Cell {
	var out []Cell
	base := 0
	for _, p := range t.parts {
		seen := map[*gcell]bool{}
		for r := p.r0; r < p.r1; r++ {
			for c := p.c0; c <= p.c1; c++ {
				x := p.g.cell(r, c)
				if x == nil || seen[x] {
					continue
				}
				seen[x] = true
				text := strings.Join(strings.Fields(clean(x.text)), " ")
				if text == "" {
					continue
				}
				r0, r1 := max(x.r0, p.r0), min(x.r1, p.r1-1)
				c0, c1 := max(x.c0, p.c0), min(x.c1, p.c1)
				out = append(out, Cell{Row: base + r0 - p.r0, Col: c0 - p.c0, EndRow: base + r1 - p.r0, EndCol: c1 - p.c0, Page: p.g.page[r], Text: text})
			}
		}
		base += p.r1 - p.r0
	}
	return out
}
