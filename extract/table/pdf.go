package table

import (
	"math"
	"regexp"
	"sort"
	"strings"

	"vanban/model"
)

const (
	ruleThin = 2.5 // a rule thinner than this is a line, not a shaded box
	snap     = 2.0 // positions closer than this are the same grid line
)

// FromPages finds the tables drawn on PDF pages: a grid from the ruling
// lines when the page has them, from the alignment of words otherwise. A
// table continued on the next page with its header repeated (or with its
// numbering continuing) is stitched into one.
func FromPages(pages []model.Page) []*Table {
	var out []*Table
	var prev *pageTable // last table of the previous page
	var tail []string   // text under the last table of the previous page
	for i := range pages {
		p := &pages[i]
		pts, rest := pageTables(p, tail)
		tail = rest
		for k, pt := range pts {
			if k == 0 && prev != nil && prev.page == p.Number-1 && continues(prev, pt) {
				carryOver(prev.t, pt.t)
				prev.t.Rows = append(prev.t.Rows, pt.t.Rows...)
				prev.t.parts = append(prev.t.parts, pt.t.parts...)
				classify(prev.t, prev.t.Rows) // one numbering and grouping over the pages
				prev.textBelow = pt.textBelow
				prev.page = p.Number
				continue
			}
			out = append(out, pt.t)
			prev = pt
		}
		if len(pts) == 0 {
			prev = nil
		}
	}
	return out
}

type pageTable struct {
	t         *Table
	page      int
	textAbove bool    // a title or other text between the page top and the table
	textBelow bool    // text between the table and the page bottom
	header    bool    // the grid had header rows
	y0        float64 // top of the table's frame or band on its page
}

// continues tells a table on the next page that carries on prev.
func continues(prev, next *pageTable) bool {
	if len(prev.t.Columns) != len(next.t.Columns) {
		return false
	}
	if prev.textBelow || next.textAbove {
		return false
	}
	same, extended := true, true
	for i := range prev.t.Columns {
		a, b := fold(prev.t.Columns[i]), fold(next.t.Columns[i])
		if a != b {
			same = false
		}
		if !strings.HasPrefix(b, a) {
			extended = false
		}
	}
	if same || extended && len(prev.t.Rows) > 0 {
		return true
	}
	// Numbering that carries on: the next table's first index follows
	// the last one.
	last, first := lastIndex(prev.t), firstIndex(next.t)
	return last > 0 && first == last+1
}

func lastIndex(t *Table) int {
	for i := len(t.Rows) - 1; i >= 0; i-- {
		if n, ok := ParseNumber(t.Rows[i].Index); ok && n.Scale == 0 {
			return int(n.Mant)
		}
	}
	return 0
}

func firstIndex(t *Table) int {
	for _, r := range t.Rows {
		if n, ok := ParseNumber(r.Index); ok && n.Scale == 0 {
			return int(n.Mant)
		}
	}
	return 0
}

type box struct{ x0, y0, x1, y1 float64 }

func (b box) cx() float64 { return (b.x0 + b.x1) / 2 }
func (b box) cy() float64 { return (b.y0 + b.y1) / 2 }

func (b box) touches(o box, tol float64) bool {
	return b.x0 <= o.x1+tol && o.x0 <= b.x1+tol && b.y0 <= o.y1+tol && o.y0 <= b.y1+tol
}

var pageNumber = regexp.MustCompile(`^[-–\s]*\d{1,3}[-–\s]*$`)

// pageTables finds the tables of one page.
func pageTables(p *model.Page, prevTail []string) ([]*pageTable, []string) {
	var words []model.Word
	for _, l := range p.Lines {
		words = append(words, l.Words...)
	}
	if len(words) == 0 {
		return nil, nil
	}
	var out []*pageTable
	regions, frames := ruledRegions(p.Rules)
	used := make([]bool, len(words))
	for _, reg := range regions {
		if !reg.columnRuled() {
			continue // rows ruled, columns not: read by its white gaps
		}
		g := reg.grid(words, used)
		if g == nil {
			continue
		}
		for r := range g.page {
			g.page[r] = p.Number
		}
		g.title = linesAbove(p, reg.bbox.y0, out)
		if len(out) == 0 && !hasText(p, 0, reg.bbox.y0, true) {
			g.title = append(append([]string(nil), prevTail...), g.title...)
		}
		for _, t := range g.find() {
			t.Page = p.Number
			out = append(out, &pageTable{t: t, page: p.Number, y0: reg.bbox.y0})
			pt := out[len(out)-1]
			pt.textAbove = hasText(p, 0, reg.bbox.y0, true)
			pt.textBelow = hasText(p, reg.bbox.y1, p.Height+1, false)
		}
	}
	for _, b := range streamGrids(p, words, used, frames) {
		for _, t := range b.g.find() {
			t.Page = p.Number
			out = append(out, &pageTable{t: t, page: p.Number, y0: b.y0})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].y0 < out[b].y0 })
	// The text under the last ruled table, a title for the next page's.
	var tail []string
	bottom := 0.0
	if len(regions) > 0 {
		bottom = regions[len(regions)-1].bbox.y1
	}
	for _, l := range p.Lines {
		if (l.Y0+l.Y1)/2 > bottom && !pageNumber.MatchString(strings.TrimSpace(l.Text)) {
			tail = append(tail, l.Text)
		}
	}
	if len(tail) > 6 {
		tail = tail[len(tail)-6:]
	}
	return out, tail
}

// hasText tells whether lines other than a page number lie between y0 and
// y1. above restricts to text that is not a running header (first line).
func hasText(p *model.Page, y0, y1 float64, above bool) bool {
	for _, l := range p.Lines {
		cy := (l.Y0 + l.Y1) / 2
		if cy <= y0 || cy >= y1 {
			continue
		}
		t := strings.TrimSpace(l.Text)
		if t == "" || pageNumber.MatchString(t) || strings.HasPrefix(fold(t), "ky boi") || strings.Contains(t, "+07:00") {
			continue
		}
		return true
	}
	return false
}

// linesAbove returns the text lines above y (the title area of a table),
// at most 12, nearest last.
func linesAbove(p *model.Page, y float64, _ []*pageTable) []string {
	var out []string
	for _, l := range p.Lines {
		if l.Y1 <= y+1 && l.Y1 > y-220 && !pageNumber.MatchString(strings.TrimSpace(l.Text)) {
			out = append(out, l.Text)
		}
	}
	if len(out) > 12 {
		out = out[len(out)-12:]
	}
	return out
}

type region struct {
	bbox  box
	h, v  []box // horizontal and vertical rules
	xs    []float64
	ys    []float64
	words []int
}

// ruledRegions groups the page's thin rules into connected table frames.
func ruledRegions(rules []model.Rule) (regions []*region, frames []box) {
	var segs []box
	var rects []box
	for _, r := range rules {
		b := box{math.Min(r.X0, r.X1), math.Min(r.Y0, r.Y1), math.Max(r.X0, r.X1), math.Max(r.Y0, r.Y1)}
		if b.x1-b.x0 > ruleThin && b.y1-b.y0 > ruleThin {
			rects = append(rects, b)
		}
	}
	for _, r := range rules {
		b := box{math.Min(r.X0, r.X1), math.Min(r.Y0, r.Y1), math.Max(r.X0, r.X1), math.Max(r.Y0, r.Y1)}
		w, h := b.x1-b.x0, b.y1-b.y0
		if w > ruleThin && h > ruleThin && len(rects) <= 3000 && shadingInside(b, rects) {
			continue // the shading behind a line of text inside a cell
		}
		if w > ruleThin && h > ruleThin {
			// A rectangle: its four edges, when it is a cell frame.
			segs = append(segs, box{b.x0, b.y0, b.x1, b.y0}, box{b.x0, b.y1, b.x1, b.y1}, box{b.x0, b.y0, b.x0, b.y1}, box{b.x1, b.y0, b.x1, b.y1})
			continue
		}
		if w < 1 && h < 1 {
			continue
		}
		segs = append(segs, b)
	}
	if len(segs) > 20000 {
		segs = segs[:20000]
	}
	// Connected components (union-find over touching segments).
	parent := make([]int, len(segs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	order := make([]int, len(segs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return segs[order[a]].y0 < segs[order[b]].y0 })
	for a := 0; a < len(order); a++ {
		sa := segs[order[a]]
		for b := a + 1; b < len(order); b++ {
			sb := segs[order[b]]
			if sb.y0 > sa.y1+snap {
				break
			}
			if sa.touches(sb, snap) {
				parent[find(order[a])] = find(order[b])
			}
		}
	}
	groups := map[int]*region{}
	var keys []int
	for i, s := range segs {
		k := find(i)
		reg := groups[k]
		if reg == nil {
			reg = &region{bbox: s}
			groups[k] = reg
			keys = append(keys, k)
		}
		reg.bbox = box{math.Min(reg.bbox.x0, s.x0), math.Min(reg.bbox.y0, s.y0), math.Max(reg.bbox.x1, s.x1), math.Max(reg.bbox.y1, s.y1)}
		if s.y1-s.y0 <= ruleThin {
			reg.h = append(reg.h, s)
		} else {
			reg.v = append(reg.v, s)
		}
	}
	var out []*region
	for _, k := range keys {
		reg := groups[k]
		reg.ys = cluster(reg.h, func(b box) float64 { return b.cy() })
		reg.xs = cluster(reg.v, func(b box) float64 { return b.cx() })
		// A frame open at its sides: the row lines reach past the
		// outer column lines, and so do the outer columns.
		if n := len(reg.xs); n >= 2 && len(reg.ys) >= 2 {
			if reg.bbox.x0 < reg.xs[0]-4*snap {
				reg.xs = append([]float64{reg.bbox.x0}, reg.xs...)
			}
			if reg.bbox.x1 > reg.xs[len(reg.xs)-1]+4*snap {
				reg.xs = append(reg.xs, reg.bbox.x1)
			}
		}
		if len(reg.ys) >= 2 && len(reg.xs) >= 3 {
			out = append(out, reg)
		}
		if reg.bbox.x1-reg.bbox.x0 > 20 && reg.bbox.y1-reg.bbox.y0 > 20 {
			frames = append(frames, reg.bbox)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].bbox.y0 < out[b].bbox.y0 })
	return out, frames
}

// shadingInside tells a rectangle drawn inside another one, inset from
// both its sides: the background of a paragraph inside a shaded cell, not
// a cell frame.
func shadingInside(b box, rects []box) bool {
	for _, o := range rects {
		if b.x0 > o.x0+snap && b.x1 < o.x1-snap && b.y0 >= o.y0-snap && b.y1 <= o.y1+snap {
			return true
		}
	}
	return false
}

func cluster(bs []box, at func(box) float64) []float64 {
	var vs []float64
	for _, b := range bs {
		vs = append(vs, at(b))
	}
	sort.Float64s(vs)
	var out []float64
	for _, v := range vs {
		if len(out) > 0 && v-out[len(out)-1] <= snap {
			continue
		}
		out = append(out, v)
	}
	return out
}

// columnRuled tells a frame whose columns are drawn: some inner column
// line runs down most of its height. A frame of row lines only (with a
// shaded header, say) is read by its white gaps instead.
func (reg *region) columnRuled() bool {
	h := reg.bbox.y1 - reg.bbox.y0
	if h <= 0 {
		return false
	}
	for _, x := range reg.xs[1 : len(reg.xs)-1] {
		var spans [][2]float64
		for _, s := range reg.v {
			if math.Abs(s.cx()-x) <= snap {
				spans = append(spans, [2]float64{s.y0, s.y1})
			}
		}
		sort.Slice(spans, func(a, b int) bool { return spans[a][0] < spans[b][0] })
		covered, end := 0.0, math.Inf(-1)
		for _, sp := range spans {
			if sp[1] <= end {
				continue
			}
			covered += sp[1] - math.Max(sp[0], end)
			end = sp[1]
		}
		if covered >= 0.5*h {
			return true
		}
	}
	return false
}

// hasV tells whether a vertical rule at x covers y.
func (reg *region) hasV(x, y float64) bool {
	for _, s := range reg.v {
		if math.Abs(s.cx()-x) <= snap && s.y0-snap <= y && y <= s.y1+snap {
			return true
		}
	}
	return false
}

func (reg *region) hasH(y, x float64) bool {
	for _, s := range reg.h {
		if math.Abs(s.cy()-y) <= snap && s.x0-snap <= x && x <= s.x1+snap {
			return true
		}
	}
	return false
}

// splitLineRows splits a ruled row that holds several table rows: with
// column lines but no row lines, each column cell holds its figures one
// per line. A row is split at its text lines when two or more of its
// cells hold two or more lines of figures; a wrapped name or header beside
// single figures is one row.
func (reg *region) splitLineRows(words []model.Word, used []bool) {
	nr, nc := len(reg.ys)-1, len(reg.xs)-1
	if nr < 1 || nc < 2 || nr > 5000 || nc > 200 {
		return
	}
	type line struct {
		y   float64
		ws  []model.Word
		num bool
	}
	var extra []float64
	for r := 0; r < nr; r++ {
		cells := make([][]line, nc)
		for i, w := range words {
			cx, cy := (w.X0+w.X1)/2, (w.Y0+w.Y1)/2
			if used[i] || cy <= reg.ys[r] || cy >= reg.ys[r+1] || cx <= reg.xs[0] || cx >= reg.xs[nc] {
				continue
			}
			c := sort.SearchFloat64s(reg.xs, cx) - 1
			if c < 0 || c >= nc {
				continue
			}
			h := math.Max(w.Y1-w.Y0, 1)
			k := 0
			for k < len(cells[c]) && math.Abs(cells[c][k].y-cy) > h/2 {
				k++
			}
			if k == len(cells[c]) {
				cells[c] = append(cells[c], line{y: cy})
			}
			cells[c][k].ws = append(cells[c][k].ws, w)
		}
		numeric := 0
		var ys []float64
		for c := range cells {
			if len(cells[c]) < 2 {
				continue
			}
			allNum := true
			for k := range cells[c] {
				text, _ := cellText(cells[c][k].ws)
				if n, _ := printedNumber(text); n == nil {
					allNum = false
				}
			}
			if allNum {
				numeric++
			}
			for _, l := range cells[c] {
				ys = append(ys, l.y)
			}
		}
		if numeric < 2 {
			continue
		}
		sort.Float64s(ys)
		var centres []float64
		for _, y := range ys {
			if n := len(centres); n > 0 && y-centres[n-1] < 3 {
				continue
			}
			centres = append(centres, y)
		}
		for k := 1; k < len(centres); k++ {
			extra = append(extra, (centres[k-1]+centres[k])/2)
		}
	}
	if len(extra) == 0 {
		return
	}
	for _, y := range extra {
		reg.h = append(reg.h, box{reg.xs[0], y, reg.xs[nc], y})
	}
	reg.ys = append(reg.ys, extra...)
	sort.Float64s(reg.ys)
}

// grid builds the table grid of a ruled region: cells between rules, merged
// where a rule is missing, words placed by their centre.
func (reg *region) grid(words []model.Word, used []bool) *grid {
	reg.splitLineRows(words, used)
	nr, nc := len(reg.ys)-1, len(reg.xs)-1
	if nr < 1 || nc < 2 || nr > 5000 || nc > 200 {
		return nil
	}
	// Union-find of base cells.
	id := func(r, c int) int { return r*nc + c }
	parent := make([]int, nr*nc)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for r := 0; r < nr; r++ {
		ym := (reg.ys[r] + reg.ys[r+1]) / 2
		for c := 0; c < nc; c++ {
			xm := (reg.xs[c] + reg.xs[c+1]) / 2
			if c+1 < nc && !reg.hasV(reg.xs[c+1], ym) {
				parent[find(id(r, c))] = find(id(r, c+1))
			}
			if r+1 < nr && !reg.hasH(reg.ys[r+1], xm) {
				parent[find(id(r, c))] = find(id(r+1, c))
			}
		}
	}
	g := &grid{rows: nr, cols: nc, at: make([][]*gcell, nr), line: make([]int, nr), page: make([]int, nr), hidden: make([]bool, nr)}
	cells := map[int]*gcell{}
	for r := 0; r < nr; r++ {
		g.at[r] = make([]*gcell, nc)
		g.line[r] = r
		for c := 0; c < nc; c++ {
			k := find(id(r, c))
			x := cells[k]
			if x == nil {
				x = &gcell{r0: r, c0: c, r1: r, c1: c}
				cells[k] = x
			}
			x.r0, x.c0 = min(x.r0, r), min(x.c0, c)
			x.r1, x.c1 = max(x.r1, r), max(x.c1, c)
			g.at[r][c] = x
		}
	}
	// Words into cells.
	content := map[*gcell][]model.Word{}
	for i, w := range words {
		if used[i] {
			continue
		}
		cx, cy := (w.X0+w.X1)/2, (w.Y0+w.Y1)/2
		if cx < reg.xs[0] || cx > reg.xs[nc] || cy < reg.ys[0] || cy > reg.ys[nr] {
			continue
		}
		r := sort.SearchFloat64s(reg.ys, cy) - 1
		c := sort.SearchFloat64s(reg.xs, cx) - 1
		if r < 0 || c < 0 || r >= nr || c >= nc {
			continue
		}
		used[i] = true
		x := g.at[r][c]
		content[x] = append(content[x], w)
	}
	for x, ws := range content {
		if parts := reg.openColumns(x, ws); parts != nil {
			for c, pws := range parts {
				y := &gcell{r0: x.r0, r1: x.r1, c0: x.c0 + c, c1: x.c0 + c}
				y.text, y.bold = cellText(pws)
				y.num, y.display = printedNumber(y.text)
				g.at[x.r0][x.c0+c] = y
			}
			continue
		}
		x.text, x.bold = cellText(ws)
		x.num, x.display = printedNumber(x.text)
	}
	return g
}

// openColumns splits a one-row cell merged across columns because the
// column lines stop short (drawn in the header only, say) when its words
// stand in two or more of those columns, each column line falling in a
// white gap wider than a word space: one word list per column. It returns
// nil for a real spanning cell (a heading, a sentence across the table).
func (reg *region) openColumns(x *gcell, ws []model.Word) [][]model.Word {
	if x.c1 == x.c0 || x.r1 != x.r0 || len(ws) < 2 {
		return nil
	}
	parts := make([][]model.Word, x.c1-x.c0+1)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, w := range ws {
		c := sort.SearchFloat64s(reg.xs, (w.X0+w.X1)/2) - 1 - x.c0
		if c < 0 || c >= len(parts) {
			return nil
		}
		parts[c] = append(parts[c], w)
		lo, hi = math.Min(lo, w.X0), math.Max(hi, w.X1)
	}
	filled := 0
	for _, p := range parts {
		if len(p) > 0 {
			filled++
		}
	}
	if filled < 2 {
		return nil
	}
	for k := x.c0 + 1; k <= x.c1; k++ {
		b := reg.xs[k]
		if b <= lo || b >= hi {
			continue
		}
		left, right, h := math.Inf(-1), math.Inf(1), 0.0
		for _, w := range ws {
			if w.X0 < b && w.X1 > b {
				return nil // a word across the column line
			}
			if w.X1 <= b {
				left = math.Max(left, w.X1)
			} else {
				right = math.Min(right, w.X0)
			}
			h = math.Max(h, w.Y1-w.Y0)
		}
		if right-left < 0.8*h {
			return nil // a word space, not a column gap
		}
	}
	return parts
}

// cellText joins a cell's words: lines top to bottom, words left to right,
// lines joined with a space ("Sở Văn hoá, Thể thao và Du" / "lịch").
func cellText(ws []model.Word) (string, bool) {
	sort.Slice(ws, func(a, b int) bool {
		ya, yb := (ws[a].Y0+ws[a].Y1)/2, (ws[b].Y0+ws[b].Y1)/2
		h := math.Max(ws[a].Y1-ws[a].Y0, 1) / 2
		if math.Abs(ya-yb) > h {
			return ya < yb
		}
		return ws[a].X0 < ws[b].X0
	})
	var b strings.Builder
	bold := 0
	for i, w := range ws {
		if i > 0 {
			prev := ws[i-1]
			newLine := math.Abs((w.Y0+w.Y1)/2-(prev.Y0+prev.Y1)/2) > math.Max(prev.Y1-prev.Y0, 1)/2
			out := b.String()
			// A line broken after a hyphen or slash inside a word
			// ("1187/QĐ-" / "BNV") joins without a space.
			if !(newLine && len(out) >= 2 && (strings.HasSuffix(out, "-") || strings.HasSuffix(out, "/")) && out[len(out)-2] != ' ') {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.Text)
		if w.Bold {
			bold++
		}
	}
	return clean(b.String()), bold*2 > len(ws)
}

// printedNumber reads a printed cell as a number ("2.994.047", "6,00",
// "83,33%"); display keeps it as printed.
func printedNumber(text string) (*Num, string) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "%"))
	if n, ok := ParseNumber(t); ok && looksNumeric(t) {
		return &n, text
	}
	return nil, ""
}

// carryOver handles a row split by the page break: the repeated header on
// the next page then reads "header + the rest of the split row"; the rest
// goes back to the last row of prev.
func carryOver(prev, next *Table) {
	if len(prev.Rows) == 0 {
		return
	}
	last := &prev.Rows[len(prev.Rows)-1]
	for c := range prev.Columns {
		pw, nw := strings.Fields(prev.Columns[c]), strings.Fields(next.Columns[c])
		if len(nw) <= len(pw) || c >= len(last.Cells) {
			continue
		}
		rest := strings.Join(nw[len(pw):], " ")
		if last.Nums[c] != nil {
			continue
		}
		if last.Cells[c] == "" {
			last.Cells[c] = rest
		} else {
			last.Cells[c] += " " + rest
		}
	}
}
