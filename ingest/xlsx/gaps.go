package xlsx

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxBlankRun is the longest run of blank rows (or columns) kept as it is
// in a sheet; a longer run is shortened to this. Past a screenful, more
// blanks say nothing more (what is on either side is apart either way),
// and keeping them would make a sheet cost what its addresses imply — a
// 1.5 KB workbook with one cell at XFD1048576 would be a million rows —
// rather than what its cells cost.
const maxBlankRun = 100

// gapMap maps the 0-based row (or column) numbers of a sheet to their
// place once long blank runs are shortened. Numbers up to the first used
// one and within maxBlankRun after a used one keep their distance; others
// fall on the last blank kept.
type gapMap struct {
	used []int // sorted used numbers
	at   []int // their places
	left int   // numbers left out
}

func newGapMapOf(used []int) *gapMap {
	slices.Sort(used)
	used = slices.Compact(used)
	g := &gapMap{used: used, at: make([]int, len(used))}
	for i, u := range used {
		switch {
		case i == 0 && u <= maxBlankRun:
			g.at[i] = u
		case i == 0:
			g.at[i] = maxBlankRun
			g.left += u - maxBlankRun
		default:
			d := u - used[i-1]
			g.at[i] = g.at[i-1] + min(d, maxBlankRun+1)
			g.left += d - min(d, maxBlankRun+1)
		}
	}
	return g
}

// newGapMap builds the row and column maps of a sheet from its used cells
// and merged areas (whose corners keep their place).
func newGapMap(raws []rawRow, merges []excelize.MergeCell) (rows, cols *gapMap) {
	var rs, cs []int
	for _, rr := range raws {
		rs = append(rs, rr.idx)
		cs = append(cs, rr.cols...)
	}
	for _, m := range merges {
		for _, axis := range []string{m.GetStartAxis(), m.GetEndAxis()} {
			if c, r, err := excelize.CellNameToCoordinates(axis); err == nil {
				rs, cs = append(rs, r-1), append(cs, c-1)
			}
		}
	}
	return newGapMapOf(rs), newGapMapOf(cs)
}

// place returns where n goes and whether it keeps its exact distance to
// the used number before it (false: it fell in a shortened run).
func (g *gapMap) place(n int) (int, bool) {
	i, found := slices.BinarySearch(g.used, n)
	if found {
		return g.at[i], true
	}
	if i == 0 { // before the first used number
		if len(g.used) == 0 || g.used[0] <= maxBlankRun {
			return n, true
		}
		return min(n, maxBlankRun-1), n < maxBlankRun
	}
	d := n - g.used[i-1]
	if d <= maxBlankRun {
		return g.at[i-1] + d, true
	}
	return g.at[i-1] + maxBlankRun, false
}

func (g *gapMap) pos(n int) int { p, _ := g.place(n); return p }

func (g *gapMap) exact(n int) (int, bool) { return g.place(n) }

// size is the number of places up to the last used number.
func (g *gapMap) size() int {
	if len(g.used) == 0 {
		return 0
	}
	return g.at[len(g.at)-1] + 1
}

// gapWarning says what was left out of a sheet, "" when nothing was.
func gapWarning(sheet string, rows, cols *gapMap) string {
	if rows.left == 0 && cols.left == 0 {
		return ""
	}
	var parts []string
	if rows.left > 0 {
		parts = append(parts, fmt.Sprintf("%d blank rows", rows.left))
	}
	if cols.left > 0 {
		parts = append(parts, fmt.Sprintf("%d blank columns", cols.left))
	}
	last := ""
	if len(rows.used) > 0 && len(cols.used) > 0 {
		last, _ = excelize.CoordinatesToCellName(cols.used[len(cols.used)-1]+1, rows.used[len(rows.used)-1]+1)
	}
	return fmt.Sprintf("sheet %q: runs of more than %d blank rows or columns were shortened (%s left out; its last cell is %s, so row and column numbers after a run differ from the file's)",
		sheet, maxBlankRun, strings.Join(parts, " and "), last)
}
