package table

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"vanban/model"
)

// Tables printed without rules ("stream" tables) are read the way a clerk
// reads them by eye:
//
//   - A band is a run of lines close together, most of them split into
//     several chunks by wide white gaps; a line or two of one chunk inside
//     it (a wrapped name, a group heading) belongs to it, a wide line of
//     prose or a wide vertical gap ends it. A few short lines right above
//     it are its header or its unit line.
//   - Columns are the white gaps that run down the band: x positions no
//     word of the band's tabular lines covers, or that only a few lines
//     cross (a header cell wider than its column, a centred title) between
//     two columns that most lines fill.
//   - A chunk that crosses a gap spans the columns it covers; a header
//     cell centred over empty neighbours whose columns have sub-headers
//     below spans them ("2018" over "Tổng số | Bổ sung vốn đầu tư | Bổ
//     sung vốn sự nghiệp").
//   - A header line whose cells all stand under cells of the line above,
//     close under it, is their next line ("Bổ sung vốn" / "đầu tư"); a
//     body line with no figure and no index whose cells all continue text
//     cells of the row above is that row's next line (a wrapped name).

// streamBand is the grid of one band and the top of the band.
type streamBand struct {
	g  *grid
	y0 float64
}

// srow is a physical line of a band.
type srow struct {
	y0, y1 float64
	words  []model.Word // left to right
	cells  []scell
}

// scell is a cell of a stream row: its columns and words.
type scell struct {
	c0, c1 int
	x0, x1 float64
	words  []model.Word
	text   string
}

var captionRe = regexp.MustCompile(`(?i)^(table|tab\.|figure|fig\.|bảng|biểu|hình|sơ đồ)\s*[0-9ivxa-z]+[.:]?(\s|$)`)

// noteRe is a line under a table that is not part of it: its source, a
// note, a footnote, or the next section's numbered heading.
var noteRe = regexp.MustCompile(`(?i)^(source|sources|note|notes|nguồn|ghi chú|chú thích|\*|\(\d+\)|\d+\)|\d+(\.\d+)+\.?\s+\p{Lu})`)

// streamGrids finds the unruled tables of a page among the words not yet
// used by a ruled table.
func streamGrids(p *model.Page, words []model.Word, used []bool, frames []box) []streamBand {
	rows := streamRows(words, used)
	if len(rows) < 2 {
		return nil
	}
	lineH := medianHeight(rows)
	var out []streamBand
	for _, b := range bands(rows, lineH, frames) {
		if g := bandGrid(rows[b[0]:b[1]], lineH); g != nil {
			for r := range g.page {
				g.page[r] = p.Number
			}
			g.title = linesAbove(p, rows[b[0]].y0, nil)
			out = append(out, streamBand{g: g, y0: rows[b[0]].y0})
		}
	}
	return out
}

// streamRows groups the words into lines by their vertical middle.
func streamRows(words []model.Word, used []bool) []srow {
	var ws []model.Word
	for i, w := range words {
		if !used[i] && strings.TrimSpace(w.Text) != "" {
			ws = append(ws, w)
		}
	}
	sort.SliceStable(ws, func(a, b int) bool { return ws[a].Y0+ws[a].Y1 < ws[b].Y0+ws[b].Y1 })
	var rows []srow
	for _, w := range ws {
		cy := (w.Y0 + w.Y1) / 2
		h := math.Max(w.Y1-w.Y0, 1)
		if n := len(rows); n > 0 {
			r := &rows[n-1]
			rcy := (r.y0 + r.y1) / 2
			if math.Abs(cy-rcy) < 0.4*math.Min(h, r.y1-r.y0) {
				r.words = append(r.words, w)
				r.y0, r.y1 = math.Min(r.y0, w.Y0), math.Max(r.y1, w.Y1)
				continue
			}
		}
		rows = append(rows, srow{y0: w.Y0, y1: w.Y1, words: []model.Word{w}})
	}
	for i := range rows {
		sort.Slice(rows[i].words, func(a, b int) bool { return rows[i].words[a].X0 < rows[i].words[b].X0 })
	}
	return rows
}

func medianHeight(rows []srow) float64 {
	var hs []float64
	for _, r := range rows {
		hs = append(hs, r.y1-r.y0)
	}
	sort.Float64s(hs)
	return math.Max(hs[len(hs)/2], 4)
}

// chunkGap is the white space that separates two cells on a line: wider
// than a word space.
func chunkGap(lineH float64) float64 { return math.Max(3, 0.8*lineH) }

// chunksOf splits a line at its wide gaps.
func chunksOf(ws []model.Word, lineH float64) [][]model.Word {
	var out [][]model.Word
	for i, w := range ws {
		if i == 0 || w.X0-ws[i-1].X1 > chunkGap(lineH) {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], w)
	}
	return out
}

func (r srow) x0() float64 { return r.words[0].X0 }
func (r srow) x1() float64 {
	x := r.words[0].X1
	for _, w := range r.words {
		x = math.Max(x, w.X1)
	}
	return x
}

// bands returns [from, to) ranges of rows that form tables.
func bands(rows []srow, lineH float64, frames []box) [][2]int {
	tab := make([]bool, len(rows))
	for i, r := range rows {
		// A line of superscripts ("rd", "th" over a sentence) is not one;
		// nor is a line whose words stand in different drawn frames (the
		// axis labels of two charts side by side).
		tab[i] = len(chunksOf(r.words, lineH)) >= 2 && r.y1-r.y0 >= 0.7*lineH && oneFrame(r.words, frames)
	}
	gapOK := func(i int) bool { // rows i and i+1 are close
		return rows[i+1].y0-rows[i].y1 <= 2.2*lineH
	}
	var out [][2]int
	for i := 0; i < len(rows); {
		if !tab[i] {
			i++
			continue
		}
		x0, x1 := rows[i].x0(), rows[i].x1()
		j := i // last row of the band
		ntab := 1
		for j+1 < len(rows) && gapOK(j) {
			if tab[j+1] {
				j++
				ntab++
				x0, x1 = math.Min(x0, rows[j].x0()), math.Max(x1, rows[j].x1())
				continue
			}
			// One or two lines of one chunk, narrower than the band,
			// followed by a tabular line.
			k := j + 1
			for k < len(rows) && k <= j+2 && !tab[k] && gapOK(k-1) && rows[k].x1()-rows[k].x0() < 0.6*(x1-x0) && rows[k].x0() >= x0-lineH && rows[k].x1() <= x1+lineH && !noteRe.MatchString(rowText(rows[k])) {
				k++
			}
			if k < len(rows) && k > j+1 && tab[k] && gapOK(k-1) {
				j = k
				ntab++
				continue
			}
			break
		}
		if ntab >= 2 {
			// Header lines above: short, within the band, close.
			from := i
			for k := i - 1; k >= 0 && k >= i-3 && !tab[k]; k-- {
				r := rows[k]
				if !gapOK(k) || captionRe.MatchString(rowText(r)) || r.x0() < x0-lineH || r.x1() > x1+lineH || r.x1()-r.x0() > 0.9*(x1-x0) {
					break
				}
				from = k
			}
			if n := len(out); n > 0 && out[n-1][1] > from {
				from = out[n-1][1]
			}
			out = append(out, [2]int{from, j + 1})
		}
		i = j + 1
	}
	return out
}

// oneFrame tells words that all stand in the same innermost drawn frame,
// or all outside any.
func oneFrame(ws []model.Word, frames []box) bool {
	in := func(w model.Word) int {
		best, area := -1, math.Inf(1)
		cx, cy := (w.X0+w.X1)/2, (w.Y0+w.Y1)/2
		for i, f := range frames {
			if cx >= f.x0 && cx <= f.x1 && cy >= f.y0 && cy <= f.y1 {
				if a := (f.x1 - f.x0) * (f.y1 - f.y0); a < area {
					best, area = i, a
				}
			}
		}
		return best
	}
	if len(ws) == 0 || len(frames) == 0 {
		return true
	}
	first := in(ws[0])
	for _, w := range ws[1:] {
		if in(w) != first {
			return false
		}
	}
	return true
}

func rowText(r srow) string {
	var parts []string
	for _, w := range r.words {
		parts = append(parts, w.Text)
	}
	return strings.Join(parts, " ")
}

// columnsOf finds the column boundaries of a band: bounds[i] is where
// column i ends and i+1 starts.
func columnsOf(rows []srow, lineH float64) []float64 {
	x0, x1 := math.Inf(1), math.Inf(-1)
	var tabRows []srow
	for _, r := range rows {
		if len(chunksOf(r.words, lineH)) >= 2 {
			tabRows = append(tabRows, r)
		}
		x0, x1 = math.Min(x0, r.x0()), math.Max(x1, r.x1())
	}
	const step = 0.5
	n := int((x1-x0)/step) + 2
	if n <= 2 || n > 40000 {
		return nil
	}
	cover := make([]int, n)
	for _, r := range tabRows {
		seen := make([]bool, n)
		for _, w := range r.words {
			for k := int((w.X0 - x0) / step); k <= int((w.X1-x0)/step) && k < n; k++ {
				if k >= 0 && !seen[k] {
					seen[k] = true
					cover[k]++
				}
			}
		}
	}
	minGap := math.Max(4.5, 0.5*lineH)
	// Runs of positions covered by at most limit rows.
	runs := func(from, to, limit int) [][2]int {
		var out [][2]int
		s := -1
		for k := from; k <= to; k++ {
			low := k < to && cover[k] <= limit
			if low && s < 0 {
				s = k
			}
			if !low && s >= 0 {
				if float64(k-s)*step >= minGap && s > from && k < to {
					out = append(out, [2]int{s, k})
				}
				s = -1
			}
		}
		return out
	}
	seps := runs(0, n-1, 0)
	// Valleys: gaps only a few rows cross, between columns most rows fill.
	limit := max(1, len(tabRows)/5)
	edges := []int{0}
	for _, s := range seps {
		edges = append(edges, s[0], s[1])
	}
	edges = append(edges, n-1)
	var more [][2]int
	for k := 0; k+1 < len(edges); k += 2 {
		a, b := edges[k], edges[k+1]
		for _, v := range runs(a, b, limit) {
			inRun, left, right := 0, 0, 0
			for q := v[0]; q < v[1]; q++ {
				inRun = max(inRun, cover[q])
			}
			for q := a; q < v[0]; q++ {
				left = max(left, cover[q])
			}
			for q := v[1]; q <= b; q++ {
				right = max(right, cover[q])
			}
			if need := max(2, 3*inRun); left >= need && right >= need {
				more = append(more, v)
			}
		}
	}
	seps = append(seps, more...)
	sort.Slice(seps, func(a, b int) bool { return seps[a][0] < seps[b][0] })
	var bounds []float64
	for _, s := range seps {
		bounds = append(bounds, x0+float64(s[0]+s[1])/2*step)
	}
	return bounds
}

// colOf is the column of x.
func colOf(bounds []float64, x float64) int {
	return sort.SearchFloat64s(bounds, x)
}

// bandGrid reads one band into a grid.
func bandGrid(rows []srow, lineH float64) *grid {
	bounds := columnsOf(rows, lineH)
	nc := len(bounds) + 1
	if nc < 2 || nc > 200 {
		return nil
	}
	rows = append([]srow(nil), rows...)
	for i := range rows {
		rows[i].cells = rowCells(rows[i].words, bounds, lineH)
	}
	// Where the body starts: the first line with a figure that is not a
	// year or a column number.
	body := len(rows)
	for i, r := range rows {
		if figureRow(r) {
			body = i
			break
		}
	}
	if body == len(rows) {
		body = min(1, len(rows))
	} else if b := headerOnlyColumns(rows, body, bounds, lineH); len(b) < len(bounds) {
		bounds = b
		nc = len(bounds) + 1
		for i := range rows {
			rows[i].cells = rowCells(rows[i].words, bounds, lineH)
		}
	}
	// Wrapped header lines.
	for i := 1; i < body; i++ {
		if wrapsInto(rows[i-1], rows[i], lineH) {
			rows[i-1] = joinRows(rows[i-1], rows[i])
			rows = append(rows[:i], rows[i+1:]...)
			body--
			i--
		}
	}
	bx0, bx1 := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		bx0, bx1 = math.Min(bx0, r.x0()), math.Max(bx1, r.x1())
	}
	for i := 0; i < body; i++ {
		centreSpans(rows, i, body, bounds, bx0, bx1)
	}
	// Wrapped body lines.
	pitch := bodyPitch(rows[body:])
	for i := max(body, 1); i < len(rows); i++ {
		if continuesRow(rows[i-1], rows[i], pitch) {
			rows[i-1] = joinRows(rows[i-1], rows[i])
			rows = append(rows[:i], rows[i+1:]...)
			i--
		}
	}
	// A table fills its grid: its body lines have a cell in most
	// columns (figures scattered over a chart do not).
	filled := 0
	for _, r := range rows[body:] {
		for _, c := range r.cells {
			filled += c.c1 - c.c0 + 1
		}
	}
	if n := len(rows) - body; n == 0 || float64(filled) < 0.4*float64(n*nc) {
		return nil
	}
	g := &grid{rows: len(rows), cols: nc, at: make([][]*gcell, len(rows)), line: make([]int, len(rows)), page: make([]int, len(rows)), hidden: make([]bool, len(rows))}
	for i, r := range rows {
		g.at[i] = make([]*gcell, nc)
		g.line[i] = i
		for _, c := range r.cells {
			x := &gcell{r0: i, c0: c.c0, r1: i, c1: c.c1}
			x.text, x.bold = cellText(c.words)
			if c.text != "" {
				x.text = c.text
			}
			x.num, x.display = printedNumber(clean(x.text))
			for k := c.c0; k <= c.c1; k++ {
				g.at[i][k] = x
			}
		}
	}
	return g
}

// headerOnlyColumns drops the bound between a column with nothing under
// its header and its neighbour when the header words on either side of it
// are as close as words of one title ("Fraction   of" over one column).
func headerOnlyColumns(rows []srow, body int, bounds []float64, lineH float64) []float64 {
	nc := len(bounds) + 1
	inBody := make([]bool, nc)
	for _, r := range rows[body:] {
		for _, c := range r.cells {
			for k := c.c0; k <= c.c1; k++ {
				inBody[k] = true
			}
		}
	}
	drop := map[int]bool{} // bound index
	for k := 0; k < nc; k++ {
		if inBody[k] {
			continue
		}
		// The header cells of column k and the nearest cells beside them.
		left, right, seen := true, true, false
		for _, r := range rows[:body] {
			for i, c := range r.cells {
				if c.c0 != k || c.c1 != k {
					continue
				}
				seen = true
				if i == 0 || r.cells[i-1].c1 != k-1 || c.x0-r.cells[i-1].x1 > 1.5*chunkGap(lineH) {
					left = false
				}
				if i+1 == len(r.cells) || r.cells[i+1].c0 != k+1 || r.cells[i+1].x0-c.x1 > 1.5*chunkGap(lineH) {
					right = false
				}
			}
		}
		switch {
		case !seen:
		case left && k > 0:
			drop[k-1] = true
		case right && k+1 < nc:
			drop[k] = true
		}
	}
	var out []float64
	for i, b := range bounds {
		if !drop[i] {
			out = append(out, b)
		}
	}
	return out
}

// rowCells places a line's words in columns: a chunk inside one column is
// a cell; a chunk whose words each lie in one column is split at the
// column bounds; a chunk with a word across a bound spans its columns.
func rowCells(ws []model.Word, bounds []float64, lineH float64) []scell {
	var out []scell
	add := func(c scell) {
		if n := len(out); n > 0 && out[n-1].c1 >= c.c0 {
			p := &out[n-1]
			p.c1 = max(p.c1, c.c1)
			p.x1 = math.Max(p.x1, c.x1)
			p.words = append(p.words, c.words...)
			return
		}
		out = append(out, c)
	}
	for _, ch := range chunksOf(ws, lineH) {
		across := false
		for _, w := range ch {
			if colOf(bounds, w.X0+0.5) != colOf(bounds, w.X1-0.5) {
				across = true
			}
		}
		if across {
			c := scell{c0: colOf(bounds, ch[0].X0+0.5), c1: colOf(bounds, ch[len(ch)-1].X1-0.5), x0: ch[0].X0, x1: ch[len(ch)-1].X1, words: ch}
			add(c)
			continue
		}
		for _, w := range ch {
			k := colOf(bounds, (w.X0+w.X1)/2)
			if n := len(out); n > 0 && out[n-1].c0 <= k && k <= out[n-1].c1 {
				out[n-1].words = append(out[n-1].words, w)
				out[n-1].x1 = math.Max(out[n-1].x1, w.X1)
				continue
			}
			add(scell{c0: k, c1: k, x0: w.X0, x1: w.X1, words: []model.Word{w}})
		}
	}
	return out
}

func isNumberCell(c scell) bool {
	n, _ := printedNumber(clean(wordsText(c.words)))
	return n != nil
}

func wordsText(ws []model.Word) string {
	var parts []string
	for _, w := range ws {
		parts = append(parts, w.Text)
	}
	return strings.Join(parts, " ")
}

var fourDigits = regexp.MustCompile(`^\d{4}$`)

// figureRow tells a line with a figure that is not a year heading
// ("2018") or a column number ("1", "(2)", "3=1+2").
func figureRow(r srow) bool {
	for _, c := range r.cells {
		t := clean(wordsText(c.words))
		n, _ := printedNumber(t)
		if n == nil {
			continue
		}
		if fourDigits.MatchString(t) && n.Mant >= 1945 && n.Mant <= 2100 {
			continue
		}
		if colNumToken.MatchString(t) && len(r.cells) >= 3 && allColNums(r) {
			continue
		}
		return true
	}
	return false
}

func allColNums(r srow) bool {
	for _, c := range r.cells {
		if !colNumToken.MatchString(clean(wordsText(c.words))) {
			return false
		}
	}
	return true
}

// wrapsInto tells a header line that is the next line of the one above:
// close under it, every cell under a cell of the same columns.
func wrapsInto(up, down srow, lineH float64) bool {
	if down.y0-up.y1 > 0.6*lineH {
		return false
	}
	for _, d := range down.cells {
		ok := false
		for _, u := range up.cells {
			if u.c0 == d.c0 && u.c1 == d.c1 {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// continuesRow tells a body line that is the next line of the row above: no
// figure, nothing in the first column where the row above has something
// (its index) unless the line sits closer than rows do, and every cell
// under a text cell of the row above.
func continuesRow(up, down srow, pitch float64) bool {
	if figureRow(down) || len(down.cells) == 0 {
		return false
	}
	first := func(r srow) int { return r.cells[0].c0 }
	tight := pitch > 0 && (down.y0+down.y1)/2-(up.y0+up.y1)/2 < 0.85*pitch
	lower := false
	for _, r := range wordsText(down.cells[0].words) {
		lower = unicode.IsLower(r)
		break
	}
	if !(first(down) > first(up) || tight || lower) {
		return false
	}
	for _, d := range down.cells {
		ok := false
		for _, u := range up.cells {
			if u.c0 <= d.c0 && d.c1 <= u.c1 && !isNumberCell(u) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// bodyPitch is the usual distance between the middles of body lines.
func bodyPitch(rows []srow) float64 {
	var ps []float64
	for i := 1; i < len(rows); i++ {
		ps = append(ps, (rows[i].y0+rows[i].y1)/2-(rows[i-1].y0+rows[i-1].y1)/2)
	}
	if len(ps) == 0 {
		return 0
	}
	sort.Float64s(ps)
	return ps[len(ps)/2]
}

// joinRows puts down's cells under up's: texts joined line by line.
func joinRows(up, down srow) srow {
	out := up
	out.cells = append([]scell(nil), up.cells...)
	out.y1 = math.Max(up.y1, down.y1)
	out.words = append(append([]model.Word(nil), up.words...), down.words...)
	for _, d := range down.cells {
		for k := range out.cells {
			u := &out.cells[k]
			if u.c0 <= d.c0 && d.c1 <= u.c1 {
				if u.text == "" {
					u.text, _ = cellText(u.words)
				}
				dt, _ := cellText(d.words)
				u.text = joinLines(u.text, dt)
				u.words = append(append([]model.Word(nil), u.words...), d.words...)
				break
			}
		}
	}
	return out
}

// joinLines joins a wrapped cell's lines: with a space, or without one
// after a hyphen or slash inside a word ("1187/QĐ-" / "BNV").
func joinLines(a, b string) string {
	if len(a) >= 2 && (strings.HasSuffix(a, "-") || strings.HasSuffix(a, "/")) && a[len(a)-2] != ' ' {
		return a + b
	}
	return a + "\n" + b
}

// centreSpans widens the cells of header line i that stand centred over
// empty neighbours whose columns have sub-headers in the header lines
// below (up to body): "2018" over its three sub-columns.
func centreSpans(rows []srow, i, body int, bounds []float64, x0, x1 float64) {
	nc := len(bounds) + 1
	own := make([]int, nc) // index+1 of the cell of line i in each column
	for k, c := range rows[i].cells {
		for q := c.c0; q <= c.c1; q++ {
			own[q] = k + 1
		}
	}
	below := make([]bool, nc)
	cut := make([]bool, nc+1) // a cell below starts at column q (a range may not cut it)
	for r := i + 1; r < body; r++ {
		for _, c := range rows[r].cells {
			for q := c.c0; q <= c.c1; q++ {
				below[q] = true
			}
			for q := c.c0 + 1; q <= c.c1; q++ {
				cut[q] = true // inside a cell below: a range boundary there cuts it
			}
		}
	}
	// Column extents from the bounds; the outer ones from the words.
	lo := func(q int) float64 {
		if q == 0 {
			return x0
		}
		return bounds[q-1]
	}
	hi := func(q int) float64 {
		if q == nc-1 {
			return x1
		}
		return bounds[q]
	}
	for k := range rows[i].cells {
		c := &rows[i].cells[k]
		if !below[c.c0] || c.c0 != c.c1 {
			continue
		}
		mid := (c.x0 + c.x1) / 2
		best, bestW := [2]int{c.c0, c.c1}, 0.0
		for a := c.c0; a >= 0 && (a == c.c0 || own[a] == 0 && below[a]); a-- {
			for b := c.c1; b < nc && (b == c.c1 || own[b] == 0 && below[b]); b++ {
				if a == c.c0 && b == c.c1 || cut[a] || cut[b+1] {
					continue
				}
				l, h := lo(a), hi(b)
				if w := h - l; math.Abs((l+h)/2-mid) <= math.Max(3, 0.08*w) && w > bestW {
					best, bestW = [2]int{a, b}, w
				}
			}
		}
		if bestW > 0 {
			c.c0, c.c1 = best[0], best[1]
			for q := c.c0; q <= c.c1; q++ {
				own[q] = k + 1
			}
		}
	}
}
