package pdf

import (
	"sort"
	"unicode/utf16"
)

// cmap is a parsed CMap: codespace ranges that split a string into codes,
// and the code → Unicode (ToUnicode: bfchar/bfrange) or code → CID
// (encoding CMaps: cidchar/cidrange) mappings.
type cmap struct {
	space  []codespace
	uni    map[uint64][]rune // key: nbytes<<32 | code
	ranges []uniRange
	cids   map[uint64]int
	cidRng []cidRange
}

type codespace struct {
	n      int
	lo, hi [4]byte
}

type uniRange struct {
	n      int
	lo, hi uint32
	base   []rune   // string form: last rune is incremented by code-lo
	arr    [][]rune // array form: one entry per code
}

type cidRange struct {
	n      int
	lo, hi uint32
	cid    int
}

func key(n int, code uint32) uint64 { return uint64(n)<<32 | uint64(code) }

func codeOf(b []byte) uint32 {
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return c
}

// utf16Runes decodes big-endian UTF-16 bytes; an odd trailing byte is kept
// as a code unit of its own.
func utf16Runes(b []byte) []rune {
	u := make([]uint16, 0, (len(b)+1)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	if len(b)%2 == 1 {
		u = append(u, uint16(b[len(b)-1]))
	}
	return utf16.Decode(u)
}

const (
	maxCMapEntries = 1 << 17
	maxRangeSpan   = 1 << 16
)

// parseCMap reads a CMap program. Malformed parts are skipped.
func parseCMap(data []byte) *cmap {
	m := &cmap{uni: map[uint64][]rune{}}
	l := &lexer{b: data}
	var stack []operand
	entries := 0
	for {
		t := l.next()
		switch t.kind {
		case tEOF:
			sort.Slice(m.ranges, func(i, j int) bool { return m.ranges[i].lo < m.ranges[j].lo })
			return m
		case tArrOpen:
			stack = append(stack, operand{kind: tArrOpen, arr: l.readArray(1)})
		case tDictOpen:
			l.skipDict(1)
		case tOp:
			op := string(t.s)
			switch op {
			case "endcodespacerange":
				for i := 0; i+1 < len(stack); i += 2 {
					lo, hi := stack[i].s, stack[i+1].s
					if len(lo) == 0 || len(lo) > 4 || len(lo) != len(hi) {
						continue
					}
					cs := codespace{n: len(lo)}
					copy(cs.lo[:], lo)
					copy(cs.hi[:], hi)
					m.space = append(m.space, cs)
				}
			case "endbfchar":
				for i := 0; i+1 < len(stack) && entries < maxCMapEntries; i += 2 {
					src, dst := stack[i], stack[i+1]
					if len(src.s) == 0 || len(src.s) > 4 {
						continue
					}
					m.uni[key(len(src.s), codeOf(src.s))] = dstRunes(dst)
					entries++
				}
			case "endbfrange":
				for i := 0; i+2 < len(stack) && entries < maxCMapEntries; i += 3 {
					lo, hi, dst := stack[i].s, stack[i+1].s, stack[i+2]
					if len(lo) == 0 || len(lo) > 4 || len(lo) != len(hi) {
						continue
					}
					r := uniRange{n: len(lo), lo: codeOf(lo), hi: codeOf(hi)}
					if r.hi < r.lo || r.hi-r.lo > maxRangeSpan {
						continue
					}
					if dst.kind == tArrOpen {
						for _, d := range dst.arr {
							r.arr = append(r.arr, dstRunes(d))
						}
					} else {
						r.base = dstRunes(dst)
					}
					m.ranges = append(m.ranges, r)
					entries++
				}
			case "endcidchar":
				for i := 0; i+1 < len(stack) && entries < maxCMapEntries; i += 2 {
					src := stack[i].s
					if len(src) == 0 || len(src) > 4 {
						continue
					}
					if m.cids == nil {
						m.cids = map[uint64]int{}
					}
					m.cids[key(len(src), codeOf(src))] = int(stack[i+1].num)
					entries++
				}
			case "endcidrange":
				for i := 0; i+2 < len(stack) && entries < maxCMapEntries; i += 3 {
					lo, hi := stack[i].s, stack[i+1].s
					if len(lo) == 0 || len(lo) > 4 || len(lo) != len(hi) {
						continue
					}
					m.cidRng = append(m.cidRng, cidRange{n: len(lo), lo: codeOf(lo), hi: codeOf(hi), cid: int(stack[i+2].num)})
					entries++
				}
			}
			stack = stack[:0]
		default:
			if len(stack) < maxCMapEntries {
				stack = append(stack, operand{kind: t.kind, num: t.num, s: t.s})
			}
		}
	}
}

func dstRunes(d operand) []rune {
	switch d.kind {
	case tStr:
		return utf16Runes(d.s)
	case tName:
		if r := glyphRune(string(d.s)); r != 0 {
			return []rune{r}
		}
	case tNum:
		return []rune{rune(d.num)}
	}
	return nil
}

// split returns the length of the code at the start of s: by the codespace
// ranges when there are any, else def bytes.
func (m *cmap) split(s []byte, def int) int {
	if m != nil && len(m.space) > 0 {
		for n := 1; n <= 4 && n <= len(s); n++ {
			for i := range m.space {
				cs := &m.space[i]
				if cs.n != n {
					continue
				}
				ok := true
				for k := 0; k < n; k++ {
					if s[k] < cs.lo[k] || s[k] > cs.hi[k] {
						ok = false
						break
					}
				}
				if ok {
					return n
				}
			}
		}
		// No range matches: take the shortest code length in use.
		short := 4
		for _, cs := range m.space {
			if cs.n < short {
				short = cs.n
			}
		}
		def = short
	}
	if def > len(s) {
		def = len(s)
	}
	if def < 1 {
		def = 1
	}
	return def
}

// lookup maps a code of n bytes to Unicode; ok is false when unmapped.
func (m *cmap) lookup(n int, code uint32) ([]rune, bool) {
	if m == nil {
		return nil, false
	}
	if r, ok := m.uni[key(n, code)]; ok {
		return r, true
	}
	i := sort.Search(len(m.ranges), func(i int) bool { return m.ranges[i].lo > code })
	// Ranges may overlap; scan back from the last one starting at or below code.
	for j := i - 1; j >= 0; j-- {
		r := &m.ranges[j]
		if r.n != n || code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.arr != nil {
			if int(off) < len(r.arr) {
				return r.arr[off], true
			}
			return nil, false
		}
		if len(r.base) == 0 {
			return nil, false
		}
		out := make([]rune, len(r.base))
		copy(out, r.base)
		out[len(out)-1] += rune(off)
		return out, true
	}
	return nil, false
}

// cid maps a code to a CID through an encoding CMap; identity when unmapped.
func (m *cmap) cid(n int, code uint32) int {
	if m == nil {
		return int(code)
	}
	if c, ok := m.cids[key(n, code)]; ok {
		return c
	}
	for _, r := range m.cidRng {
		if r.n == n && code >= r.lo && code <= r.hi {
			return r.cid + int(code-r.lo)
		}
	}
	return int(code)
}
