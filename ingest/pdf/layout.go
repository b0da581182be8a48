package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"vanban/model"
)

// Layout parameters, as fractions of the font size.
const (
	// wordGap: a gap between two glyphs wider than this starts a new word.
	wordGap = 0.15
	// columnGap: a gap wider than this splits a baseline row into separate
	// lines (the two halves of an official header, table cells).
	columnGap = 4.0
	// softGap: a gap wider than this splits a row when a row nearby has a
	// column gutter at the same place (header halves set close together).
	softGap = 0.8
	// rowTolerance: glyphs whose baselines differ by less than this share a row.
	rowTolerance = 0.45
	ascent       = 0.85
	descent      = 0.25
)

// segment is a run of words on one baseline, not interrupted by a wide gap.
type segment struct {
	words  []model.Word
	u0, u1 float64
	v      float64
	size   float64
	dir    uint8
}

// layout turns the glyphs of a page into lines in reading order.
func layout(glyphs []glyph, rules []model.Rule, pageWidth float64) []model.Line {
	var byDir [4][]glyph
	for _, g := range glyphs {
		byDir[g.dir&3] = append(byDir[g.dir&3], g)
	}
	var lines []model.Line
	block := 0
	for dir := uint8(0); dir < 4; dir++ {
		gs := byDir[dir]
		if len(gs) == 0 {
			continue
		}
		lines, block = layoutRows(rowsOf(gs), dir, rules, pageWidth, lines, block)
	}
	renumberBlocks(lines)
	return lines
}

// renumberBlocks makes block numbers 0, 1, 2… in reading order.
func renumberBlocks(lines []model.Line) {
	next := 0
	last := -1
	for i := range lines {
		if lines[i].Block != last {
			last = lines[i].Block
			lines[i].Block = next
			next++
		} else {
			lines[i].Block = next - 1
		}
	}
}

// layoutRows splits rows of glyphs into segments and orders them.
func layoutRows(rows [][]glyph, dir uint8, rules []model.Rule, pageWidth float64, lines []model.Line, block int) ([]model.Line, int) {
	{
		var vrules []vrule
		if dir == 0 {
			vrules = verticalRules(rules)
		}
		var segRows [][]segment
		for _, row := range rows {
			if segs := splitRow(row, dir, vrules); len(segs) > 0 {
				segRows = append(segRows, segs)
			}
		}
		if dir == 0 {
			segRows = splitAtGutters(segRows)
			segRows = splitAtColumns(segRows)
		}
		center := pageWidth / 2
		if dir != 0 {
			center = math.NaN()
		}
		lines, block = order(segRows, lines, block, center, vrules)
	}
	return lines, block
}

// rowsOf clusters glyphs by baseline; each row is sorted along the baseline.
func rowsOf(gs []glyph) [][]glyph {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].v < gs[j].v })
	var rows [][]glyph
	start := 0
	for i := 1; i <= len(gs); i++ {
		if i < len(gs) {
			tol := rowTolerance * math.Max(gs[start].size, gs[i].size)
			if tol < 1 {
				tol = 1
			}
			if gs[i].v-gs[start].v <= tol {
				continue
			}
		}
		row := gs[start:i]
		sort.SliceStable(row, func(a, b int) bool { return row[a].u0 < row[b].u0 })
		rows = append(rows, dedupe(row))
		start = i
	}
	return rows
}

// dedupe drops glyphs drawn twice at (almost) the same place, as writers do
// for fake bold and shadows.
func dedupe(row []glyph) []glyph {
	out := row[:0:0]
	for _, g := range row {
		dup := false
		for k := len(out) - 1; k >= 0 && k >= len(out)-4; k-- {
			o := out[k]
			if o.text == g.text && math.Abs(o.u0-g.u0) < 0.2*g.size && math.Abs(o.v-g.v) < 0.2*g.size {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, g)
		}
	}
	return out
}

type vrule struct{ x, y0, y1 float64 }

func verticalRules(rules []model.Rule) []vrule {
	var out []vrule
	for _, r := range rules {
		if r.X1-r.X0 <= 3 && r.Y1-r.Y0 >= 4 {
			out = append(out, vrule{(r.X0 + r.X1) / 2, r.Y0, r.Y1})
		}
	}
	return out
}

func ruleBetween(vr []vrule, x0, x1, y float64) bool {
	for _, r := range vr {
		if r.x > x0 && r.x < x1 && y >= r.y0 && y <= r.y1 {
			return true
		}
	}
	return false
}

func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && r != 0xA0 && r != 0x200B && r != 0xFEFF && !unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// splitRow cuts a row into segments of words.
func splitRow(row []glyph, dir uint8, vr []vrule) []segment {
	var segs []segment
	var cur *segment
	var word strings.Builder
	var wg []glyph // glyphs of the current word
	lastInk := -1  // index in row of the last non-blank glyph
	flushWord := func() {
		if len(wg) == 0 {
			return
		}
		text := norm.NFC.String(word.String())
		if text != "" {
			first := wg[0]
			u0, u1 := first.u0, wg[len(wg)-1].u1
			for _, g := range wg {
				u0, u1 = math.Min(u0, g.u0), math.Max(u1, g.u1)
			}
			w := model.Word{Text: text, Font: first.font.base, Size: round2(first.size), Bold: first.font.bold}
			w.X0, w.Y0, w.X1, w.Y1 = box(dir, u0, u1, first.v, first.size)
			cur.words = append(cur.words, w)
			if len(cur.words) == 1 {
				cur.u0 = u0
			}
			cur.u1 = math.Max(cur.u1, u1)
		}
		word.Reset()
		wg = wg[:0]
	}
	for i, g := range row {
		blank := isBlank(g.text) // code 32 is not always a space (subset fonts)
		if lastInk >= 0 && !blank {
			prev := row[lastInk]
			gap := g.u0 - prev.u1
			size := math.Max(math.Min(prev.size, g.size), 1)
			newSeg := gap > columnGap*size
			if !newSeg && dir == 0 && len(vr) > 0 && gap > -0.1*size {
				newSeg = ruleBetween(vr, prev.u1-0.5, g.u0+0.5, g.v-0.3*g.size)
			}
			if newSeg {
				flushWord()
				cur = nil
			} else if gap-math.Max(prev.cs, 0) > wordGap*size || gap < -0.6*size || spaceBetween(row[lastInk+1:i], prev.u1, g.u0) {
				flushWord()
			}
		}
		if blank {
			continue
		}
		if cur == nil {
			segs = append(segs, segment{v: g.v, size: g.size, dir: dir})
			cur = &segs[len(segs)-1]
		}
		for _, r := range g.text {
			if r >= 0xFB00 && r <= 0xFB06 {
				word.WriteString(ligatures[r-0xFB00])
				continue
			}
			if r >= 0x20 && r != 0xFFFD && !unicode.IsControl(r) {
				word.WriteRune(r)
			}
		}
		wg = append(wg, g)
		lastInk = i
	}
	flushWord()
	out := segs[:0]
	for _, s := range segs {
		if len(s.words) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// ligatures spell out U+FB00–FB06, as poppler does.
var ligatures = [...]string{"ff", "fi", "fl", "ffi", "ffl", "st", "st"}

// spaceBetween tells whether one of the blank glyphs stands between two
// inked ones. Blanks elsewhere (text drawn over a run of spaces, as signing
// tools fill in a number) do not break words.
func spaceBetween(blanks []glyph, u0, u1 float64) bool {
	for _, b := range blanks {
		if c := (b.u0 + b.u1) / 2; c >= u0-0.01 && c <= u1+0.01 {
			return true
		}
	}
	return false
}

// box converts a word's extent in its direction frame to page coordinates.
func box(dir uint8, u0, u1, v, size float64) (x0, y0, x1, y1 float64) {
	ax, ay := unframe(dir, u0, v-ascent*size)
	bx, by := unframe(dir, u1, v+descent*size)
	return round2(math.Min(ax, bx)), round2(math.Min(ay, by)), round2(math.Max(ax, bx)), round2(math.Max(ay, by))
}

func lineOf(s segment, block int) model.Line {
	l := model.Line{Words: s.words, Block: block}
	texts := make([]string, len(s.words))
	l.X0, l.Y0 = math.Inf(1), math.Inf(1)
	l.X1, l.Y1 = math.Inf(-1), math.Inf(-1)
	for i, w := range s.words {
		texts[i] = w.Text
		l.X0, l.Y0 = math.Min(l.X0, w.X0), math.Min(l.Y0, w.Y0)
		l.X1, l.Y1 = math.Max(l.X1, w.X1), math.Max(l.Y1, w.Y1)
	}
	l.Text = strings.Join(texts, " ")
	return l
}

// order puts rows of segments in reading order and numbers blocks. Runs of
// rows that hold two column clusters (the header of an official document:
// issuer on the left, national motto on the right) are read column by
// column; other rows top to bottom, left to right.
func order(rows [][]segment, lines []model.Line, block int, pageCenter float64, vr []vrule) ([]model.Line, int) {
	prevV := math.Inf(-1)
	prevSize := 0.0
	started := len(lines) > 0
	for i := 0; i < len(rows); {
		row := rows[i]
		if len(row) == 2 {
			// Collect a two-column region.
			cols := [2][2]float64{{row[0].u0, row[0].u1}, {row[1].u0, row[1].u1}}
			j := i + 1
			last := row[0].v
			for j < len(rows) {
				r := rows[j]
				if r[0].v-last > 2.4*r[0].size {
					break
				}
				if len(r) == 2 && overlaps(r[0], cols[0]) && overlaps(r[1], cols[1]) && !overlaps(r[0], cols[1]) && !overlaps(r[1], cols[0]) {
					cols[0] = widen(cols[0], r[0])
					cols[1] = widen(cols[1], r[1])
				} else if len(r) == 1 && (overlaps(r[0], cols[0]) != overlaps(r[0], cols[1])) && nearColumn(r[0], cols, pageCenter) {
					c := 0
					if overlaps(r[0], cols[1]) {
						c = 1
					}
					cols[c] = widen(cols[c], r[0])
				} else {
					break
				}
				last = r[0].v
				j++
			}
			// A ruled table is read row by row, not column by column.
			if j-i >= 2 && !ruleBetween(vr, cols[0][1], cols[1][0], row[0].v-0.3*row[0].size) {
				if started {
					block++
				}
				for c := 0; c < 2; c++ {
					if c == 1 {
						block++
					}
					for _, r := range rows[i:j] {
						for _, s := range r {
							if c == 0 && overlaps(s, cols[0]) && !overlaps(s, cols[1]) || c == 1 && overlaps(s, cols[1]) && !overlaps(s, cols[0]) {
								lines = append(lines, lineOf(s, block))
							}
						}
					}
				}
				started = true
				prevV = rows[j-1][0].v
				prevSize = rows[j-1][0].size
				block++
				i = j
				continue
			}
		}
		// One row: a new block after a wide vertical gap or for a row of
		// several cells.
		if started && (len(row) > 1 || row[0].v-prevV > 2.2*math.Max(prevSize, row[0].size)) {
			block++
		}
		for k, s := range row {
			if k > 0 {
				block++
			}
			lines = append(lines, lineOf(s, block))
		}
		if len(row) > 1 {
			block++
		}
		started = true
		prevV, prevSize = row[0].v, row[0].size
		i++
	}
	return lines, block
}

func overlaps(s segment, c [2]float64) bool { return s.u0 < c[1] && s.u1 > c[0] }

func widen(c [2]float64, s segment) [2]float64 {
	return [2]float64{math.Min(c[0], s.u0), math.Max(c[1], s.u1)}
}

// nearColumn tells whether a lone segment belongs to a column rather than
// being a title centred on the page.
func nearColumn(s segment, cols [2][2]float64, pageCenter float64) bool {
	c := 0
	if overlaps(s, cols[1]) {
		c = 1
	}
	mid := (s.u0 + s.u1) / 2
	colMid := (cols[c][0] + cols[c][1]) / 2
	if math.IsNaN(pageCenter) {
		return true
	}
	return math.Abs(mid-colMid) < math.Abs(mid-pageCenter)
}

// splitAtGutters splits a segment at a wide word gap when a row nearby is
// already split by a column gutter at that place: the two halves of an
// official header often sit closer than columnGap on their first line.
func splitAtGutters(rows [][]segment) [][]segment {
	type gutter struct{ v, u0, u1, size float64 }
	var gutters []gutter
	for _, r := range rows {
		for k := 1; k < len(r); k++ {
			gutters = append(gutters, gutter{r[k].v, r[k-1].u1, r[k].u0, r[k].size})
		}
	}
	if len(gutters) == 0 {
		return rows
	}
	for i, r := range rows {
		var out []segment
		changed := false
		for _, s := range r {
			start := 0
			for j := 1; j < len(s.words); j++ {
				a, b := s.words[j-1], s.words[j]
				gap := b.X0 - a.X1
				if gap < softGap*s.size {
					continue
				}
				for _, g := range gutters {
					if math.Abs(g.v-s.v) < 4*math.Max(s.size, g.size) && a.X1 < g.u1 && b.X0 > g.u0 {
						out = append(out, subSegment(s, start, j))
						start = j
						changed = true
						break
					}
				}
			}
			out = append(out, subSegment(s, start, len(s.words)))
		}
		if changed {
			rows[i] = out
		}
	}
	return rows
}

func subSegment(s segment, from, to int) segment {
	t := s
	t.words = s.words[from:to]
	t.u0, t.u1 = t.words[0].X0, t.words[len(t.words)-1].X1
	return t
}

type interval struct{ a, b float64 }

// minColumnRows is how many rows must share a vertical gutter for it to
// count as a column boundary (multi-column text, tables without rules).
const minColumnRows = 6

// freeIn returns the widest part of c not covered by the row's words.
func freeIn(r []segment, c interval) (interval, bool) {
	lo := c.a
	best, ok := interval{}, false
	consider := func(a, b float64) {
		if b-a >= 1 && (!ok || b-a > best.b-best.a) {
			best, ok = interval{a, b}, true
		}
	}
	for _, s := range r {
		for _, w := range s.words {
			if w.X1 <= c.a || w.X0 >= c.b {
				continue
			}
			consider(lo, math.Min(w.X0, c.b))
			lo = math.Max(lo, w.X1)
		}
	}
	consider(lo, c.b)
	return best, ok
}

// sides tells whether the row has words left and right of x.
func sides(r []segment, x float64) (left, right bool) {
	for _, s := range r {
		for _, w := range s.words {
			if w.X1 <= x {
				left = true
			}
			if w.X0 >= x {
				right = true
			}
		}
	}
	return
}

// gapAround is the width of the empty space around x in the row.
func gapAround(r []segment, x float64) float64 {
	left, right := math.Inf(-1), math.Inf(1)
	for _, s := range r {
		for _, w := range s.words {
			if w.X1 <= x && w.X1 > left {
				left = w.X1
			}
			if w.X0 >= x && w.X0 < right {
				right = w.X0
			}
		}
	}
	return right - left
}

// splitAtColumns finds vertical gutters that run through at least
// minColumnRows consecutive rows with words on both sides, and splits those
// rows there: the columns of two-column text or of a table without rules
// become separate lines.
func splitAtColumns(rows [][]segment) [][]segment {
	cuts := make([][]float64, len(rows))
	hasCut := func(i int, x0, x1 float64) bool {
		for _, x := range cuts[i] {
			if x >= x0 && x <= x1 {
				return true
			}
		}
		return false
	}
	for i, r := range rows {
		for _, s := range r {
			for k := 1; k < len(s.words); k++ {
				a, b := s.words[k-1], s.words[k]
				if b.X0-a.X1 < 0.6*s.size || hasCut(i, a.X1, b.X0) {
					continue
				}
				c := interval{a.X1, b.X0}
				support := []int{i}
				for j := i + 1; j < len(rows); j++ {
					if rows[j][0].v-rows[j-1][0].v > 3*math.Max(rows[j][0].size, rows[j-1][0].size) {
						break
					}
					f, ok := freeIn(rows[j], c)
					if !ok {
						break
					}
					c = f
					x := (c.a + c.b) / 2
					if l, r := sides(rows[j], x); l && r {
						// Words on both sides: the gap must be wider than a
						// word space, or the gutter has ended.
						if gapAround(rows[j], x) < 0.6*rows[j][0].size {
							break
						}
						support = append(support, j)
					}
				}
				if len(support) < minColumnRows {
					continue
				}
				x := (c.a + c.b) / 2
				for _, j := range support {
					cuts[j] = append(cuts[j], x)
				}
			}
		}
	}
	for i, r := range rows {
		if len(cuts[i]) == 0 {
			continue
		}
		var out []segment
		for _, s := range r {
			start := 0
			for k := 1; k < len(s.words); k++ {
				if hasCut(i, s.words[k-1].X1, s.words[k].X0) {
					out = append(out, subSegment(s, start, k))
					start = k
				}
			}
			out = append(out, subSegment(s, start, len(s.words)))
		}
		rows[i] = out
	}
	return rows
}
