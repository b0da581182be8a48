package pdf

import (
	"math"

	lpdf "github.com/ledongthuc/pdf"

	"vanban/model"
)

// matrix is a PDF affine matrix [a b c d e f]: a point (x, y) maps to
// (a·x + c·y + e, b·x + d·y + f).
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (m applied first, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// glyph is one shown code, in the frame of its writing direction: u along the
// baseline, v the baseline position growing downwards (see frame).
type glyph struct {
	text   string
	u0, u1 float64
	v      float64
	size   float64
	font   *font
	dir    uint8 // 0 left→right, 1 top→bottom, 2 upside down, 3 bottom→top
	space  bool
	// cs is the character spacing (Tc) added after the glyph, in page
	// units: letter-spaced text is not a run of one-letter words.
	cs float64
}

// frame maps page coordinates (top-left origin, y down) into the frame of
// direction dir, where text runs along +u and lines follow along +v.
func frame(dir uint8, x, y float64) (u, v float64) {
	switch dir {
	case 1:
		return y, -x
	case 2:
		return -x, -y
	case 3:
		return -y, x
	}
	return x, y
}

// unframe is the inverse of frame.
func unframe(dir uint8, u, v float64) (x, y float64) {
	switch dir {
	case 1:
		return -v, u
	case 2:
		return -u, -v
	case 3:
		return v, -u
	}
	return u, v
}

type gstate struct {
	ctm      matrix
	font     *font
	fontSize float64
	tc, tw   float64
	th       float64
	tl       float64
	rise     float64
	lineW    float64
}

type pathPt struct{ x, y float64 }

// pageReader interprets the content streams of one page.
type pageReader struct {
	d      *docReader
	glyphs []glyph
	rules  []model.Rule
	width  float64
	height float64
	ops    int
	forms  map[uint64]bool // form XObjects on the current Do chain
	images int             // images drawn (XObjects and inline)
	codes  []glyphCode
	// current path, in page coordinates
	sub  [][]pathPt
	isRe []bool
}

const (
	maxOpsPerPage   = 4 << 20
	maxGlyphs       = 1 << 20
	maxRules        = 1 << 15
	maxFormDepth    = 12
	maxPathSegments = 1 << 16
)

// run interprets one content stream with its resources.
func (p *pageReader) run(data []byte, res lpdf.Value, ctm matrix, depth int) {
	l := &lexer{b: data}
	gs := gstate{ctm: ctm, th: 1}
	var stack []gstate
	var tm, tlm matrix = identity, identity
	ops := make([]operand, 0, 16)
	fontsDict := res.Key("Font")
	fontCache := map[string]*font{}

	num := func(i int) float64 {
		if i < len(ops) && ops[i].kind == tNum {
			return ops[i].num
		}
		return 0
	}
	show := func(s []byte) {
		f := gs.font
		if f == nil {
			f = defaultFont
		}
		p.codes = f.decode(s, p.codes[:0])
		fs := gs.fontSize
		for _, g := range p.codes {
			m := tm.mul(gs.ctm)
			adv := g.width * fs * gs.th
			x0, y0 := m.apply(0, gs.rise)
			x1, y1 := m.apply(adv, gs.rise)
			size := math.Hypot(m[2], m[3]) * math.Abs(fs)
			if len(p.glyphs) < maxGlyphs && size > 0.5 && size < 2000 && finite(x0, y0, x1, y1) {
				dx, dy := x1-x0, y1-y0
				if dx == 0 && dy == 0 {
					dx, dy = m[0], m[1]
				}
				var dir uint8
				if math.Abs(dx) >= math.Abs(dy) {
					if dx < 0 {
						dir = 2
					}
				} else if dy > 0 {
					dir = 1
				} else {
					dir = 3
				}
				u0, v := frame(dir, x0, y0)
				u1, _ := frame(dir, x1, y1)
				if u1 < u0 {
					u0, u1 = u1, u0
				}
				cs := gs.tc * gs.th * math.Hypot(m[0], m[1])
				p.glyphs = append(p.glyphs, glyph{text: g.text, u0: u0, u1: u1, v: v, size: size, font: f, dir: dir, space: g.space, cs: cs})
			}
			tx := (g.width*fs + gs.tc) * gs.th
			if g.space {
				tx += gs.tw * gs.th
			}
			tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
		}
	}
	nextLine := func(tx, ty float64) {
		tlm = matrix{1, 0, 0, 1, tx, ty}.mul(tlm)
		tm = tlm
	}

	for {
		t := l.next()
		switch t.kind {
		case tEOF:
			return
		case tArrOpen:
			ops = append(ops, operand{kind: tArrOpen, arr: l.readArray(1)})
			continue
		case tDictOpen:
			l.skipDict(1)
			ops = append(ops, operand{kind: tDictOpen})
			continue
		case tArrClose, tDictClose:
			continue
		case tNum, tName, tStr:
			if len(ops) < maxOperands {
				ops = append(ops, operand{kind: t.kind, num: t.num, s: t.s})
			}
			continue
		}
		p.ops++
		if p.ops > maxOpsPerPage {
			return
		}
		switch string(t.s) {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, gs)
			}
		case "Q":
			if n := len(stack); n > 0 {
				gs = stack[n-1]
				stack = stack[:n-1]
			}
		case "cm":
			if len(ops) >= 6 {
				gs.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(gs.ctm)
			}
		case "w":
			gs.lineW = num(0)
		case "BT":
			tm, tlm = identity, identity
		case "ET":
		case "Tf":
			if len(ops) >= 2 && ops[0].kind == tName {
				name := string(ops[0].s)
				f, ok := fontCache[name]
				if !ok {
					fv := fontsDict.Key(name)
					if fv.Kind() == lpdf.Dict {
						f = p.d.fontFor(fontsDict, fv, name)
					}
					fontCache[name] = f
				}
				gs.font = f
				gs.fontSize = num(1)
			}
		case "Tc":
			gs.tc = num(0)
		case "Tw":
			gs.tw = num(0)
		case "Tz":
			gs.th = num(0) / 100
		case "TL":
			gs.tl = num(0)
		case "Ts":
			gs.rise = num(0)
		case "Td":
			nextLine(num(0), num(1))
		case "TD":
			gs.tl = -num(1)
			nextLine(num(0), num(1))
		case "Tm":
			if len(ops) >= 6 {
				tlm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				tm = tlm
			}
		case "T*":
			nextLine(0, -gs.tl)
		case "Tj":
			if len(ops) >= 1 && ops[0].kind == tStr {
				show(ops[0].s)
			}
		case "'":
			nextLine(0, -gs.tl)
			if len(ops) >= 1 && ops[len(ops)-1].kind == tStr {
				show(ops[len(ops)-1].s)
			}
		case "\"":
			if len(ops) >= 3 {
				gs.tw, gs.tc = num(0), num(1)
				nextLine(0, -gs.tl)
				if ops[2].kind == tStr {
					show(ops[2].s)
				}
			}
		case "TJ":
			if len(ops) >= 1 && ops[0].kind == tArrOpen {
				for _, e := range ops[0].arr {
					switch e.kind {
					case tStr:
						show(e.s)
					case tNum:
						tx := -e.num / 1000 * gs.fontSize * gs.th
						tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
					}
				}
			}
		case "BI":
			p.images++
		case "Do":
			if len(ops) >= 1 && ops[0].kind == tName && depth < maxFormDepth {
				p.doXObject(res, string(ops[0].s), gs.ctm, depth)
			}
		// Paths, for ruling lines and filled rectangles.
		case "m":
			if len(p.sub) < maxPathSegments {
				x, y := gs.ctm.apply(num(0), num(1))
				p.sub = append(p.sub, []pathPt{{x, y}})
				p.isRe = append(p.isRe, false)
			}
		case "l", "c", "v", "y":
			if n := len(p.sub); n > 0 && len(ops) >= 2 && len(p.sub[n-1]) < maxPathSegments {
				x, y := gs.ctm.apply(num(len(ops)-2), num(len(ops)-1))
				p.sub[n-1] = append(p.sub[n-1], pathPt{x, y})
			}
		case "h":
			if n := len(p.sub); n > 0 && len(p.sub[n-1]) > 0 {
				p.sub[n-1] = append(p.sub[n-1], p.sub[n-1][0])
			}
		case "re":
			if len(ops) >= 4 && len(p.sub) < maxPathSegments {
				x, y, w, h := num(0), num(1), num(2), num(3)
				var pts []pathPt
				for _, c := range [][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}} {
					px, py := gs.ctm.apply(c[0], c[1])
					pts = append(pts, pathPt{px, py})
				}
				p.sub = append(p.sub, pts)
				p.isRe = append(p.isRe, true)
			}
		case "S", "s":
			p.strokePath(gs)
		case "f", "F", "f*", "B", "B*", "b", "b*":
			p.fillPath()
		case "n":
			p.sub, p.isRe = p.sub[:0], p.isRe[:0]
		}
		ops = ops[:0]
	}
}

// defaultFont stands in when text is shown before any Tf.
var defaultFont = &font{missing: 0.5, scale: 0.001, dw: 1, simple: func() (t [256]rune) {
	for i := range t {
		t[i] = winAnsiEncoding[i]
	}
	return t
}()}

func (p *pageReader) addRule(x0, y0, x1, y1 float64) {
	if len(p.rules) >= maxRules || !finite(x0, y0, x1, y1) {
		return
	}
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	// Backgrounds covering the page are not rules.
	if x1-x0 > 0.9*p.width && y1-y0 > 0.9*p.height {
		return
	}
	if x1 < -1 || y1 < -1 || x0 > p.width+1 || y0 > p.height+1 {
		return
	}
	p.rules = append(p.rules, model.Rule{X0: round2(x0), Y0: round2(y0), X1: round2(x1), Y1: round2(y1)})
}

func (p *pageReader) strokePath(gs gstate) {
	for _, pts := range p.sub {
		for i := 1; i < len(pts); i++ {
			a, b := pts[i-1], pts[i]
			// Only axis-aligned segments make table grids.
			if math.Abs(a.x-b.x) < 0.5 || math.Abs(a.y-b.y) < 0.5 {
				if a.x == b.x && a.y == b.y {
					continue
				}
				p.addRule(a.x, a.y, b.x, b.y)
			}
		}
	}
	p.sub, p.isRe = p.sub[:0], p.isRe[:0]
}

func (p *pageReader) fillPath() {
	for i, pts := range p.sub {
		if len(pts) < 3 {
			continue
		}
		x0, y0, x1, y1 := pts[0].x, pts[0].y, pts[0].x, pts[0].y
		axis := true
		for j, q := range pts {
			x0, y0 = math.Min(x0, q.x), math.Min(y0, q.y)
			x1, y1 = math.Max(x1, q.x), math.Max(y1, q.y)
			if j > 0 {
				a := pts[j-1]
				if math.Abs(a.x-q.x) > 0.5 && math.Abs(a.y-q.y) > 0.5 {
					axis = false
				}
			}
		}
		if p.isRe[i] || (axis && len(pts) <= 5) {
			p.addRule(x0, y0, x1, y1)
		}
	}
	p.sub, p.isRe = p.sub[:0], p.isRe[:0]
}

func (p *pageReader) doXObject(res lpdf.Value, name string, ctm matrix, depth int) {
	xo := res.Key("XObject").Key(name)
	if xo.Kind() != lpdf.Stream {
		return
	}
	if st := xo.Key("Subtype").Name(); st != "Form" {
		if st == "Image" {
			p.images++
		}
		return
	}
	p.runForm(xo, res, formMatrix(xo).mul(ctm), depth)
}

func formMatrix(xo lpdf.Value) matrix {
	m := identity
	if mv := xo.Key("Matrix"); mv.Len() == 6 {
		for i := range m {
			m[i] = mv.Index(i).Float64()
		}
	}
	return m
}

// runForm interprets a form XObject whose full matrix (its /Matrix times
// the CTM) is ctm. Forms drawing themselves are cut off.
func (p *pageReader) runForm(xo, parentRes lpdf.Value, ctm matrix, depth int) {
	k, ok := objKey(xo)
	if ok {
		if p.forms[k] {
			return
		}
		p.forms[k] = true
		defer delete(p.forms, k)
	}
	data, _ := readStream(xo, maxStream)
	if len(data) == 0 {
		return
	}
	fres := xo.Key("Resources")
	if fres.Kind() != lpdf.Dict {
		fres = parentRes
	}
	// Paths are per content stream.
	savedSub, savedRe := p.sub, p.isRe
	p.sub, p.isRe = nil, nil
	p.run(data, fres, ctm, depth+1)
	p.sub, p.isRe = savedSub, savedRe
}

// annotations draws the normal appearance of the page's visible
// annotations (signature widgets, stamps, free text), as viewers and
// poppler do: e-signature stamps live there.
func (p *pageReader) annotations(pv lpdf.Value, base matrix) {
	annots := pv.Key("Annots")
	for i := 0; i < annots.Len() && i < 500; i++ {
		a := annots.Index(i)
		switch a.Key("Subtype").Name() {
		case "Link", "Popup":
			continue
		}
		if fl := a.Key("F").Int64(); fl&(2|32) != 0 { // Hidden, NoView
			continue
		}
		ap := a.Key("AP").Key("N")
		if ap.Kind() == lpdf.Dict {
			ap = ap.Key(a.Key("AS").Name())
		}
		if ap.Kind() != lpdf.Stream {
			continue
		}
		rx0, ry0, rx1, ry1, ok := rect(a.Key("Rect"))
		if !ok {
			continue
		}
		bx0, by0, bx1, by1, ok := rect(ap.Key("BBox"))
		if !ok {
			continue
		}
		fm := formMatrix(ap)
		// The bounding box as transformed by the form matrix…
		tx0, ty0 := math.Inf(1), math.Inf(1)
		tx1, ty1 := math.Inf(-1), math.Inf(-1)
		for _, c := range [][2]float64{{bx0, by0}, {bx1, by0}, {bx1, by1}, {bx0, by1}} {
			x, y := fm.apply(c[0], c[1])
			tx0, ty0, tx1, ty1 = math.Min(tx0, x), math.Min(ty0, y), math.Max(tx1, x), math.Max(ty1, y)
		}
		if tx1-tx0 < 1e-6 || ty1-ty0 < 1e-6 {
			continue
		}
		// …is fitted to the annotation rectangle.
		sx, sy := (rx1-rx0)/(tx1-tx0), (ry1-ry0)/(ty1-ty0)
		fit := matrix{sx, 0, 0, sy, rx0 - tx0*sx, ry0 - ty0*sy}
		p.runForm(ap, lpdf.Value{}, fm.mul(fit).mul(base), 0)
	}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e7 {
			return false
		}
	}
	return true
}
