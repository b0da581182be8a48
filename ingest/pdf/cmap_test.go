package pdf

import (
	"testing"
)

func TestCMapDecode(t *testing.T) {
	mixed := parseCMap([]byte(`2 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange
2 beginbfchar <41> <0041> <8140> <4E00> endbfchar
2 beginbfrange <8141> <8143> <00FE> <42> <43> [<D835DC00> /Adieresis] endbfrange`))
	tests := []struct {
		name string
		m    *cmap
		in   []byte
		def  int
		want string
	}{
		{"one-byte code in a mixed codespace", mixed, []byte{0x41}, 2, "A"},
		{"two-byte code in a mixed codespace", mixed, []byte{0x81, 0x40}, 2, "一"},
		{"mixed run splits by codespace", mixed, []byte{0x41, 0x81, 0x40, 0x41}, 2, "A一A"},
		{"range carries past U+00FF", mixed, []byte{0x81, 0x42, 0x81, 0x43}, 2, "ÿĀ"},
		{"array range with a surrogate pair", mixed, []byte{0x42}, 2, "𝐀"},
		{"array range with a glyph name", mixed, []byte{0x43}, 2, "Ä"},
		{"ToUnicode of the test font", parseCMap([]byte(toUnicodeCMap)), []byte{0, 4, 0, 0x10, 0, 0x12, 0, 0x22}, 2, "ĐẠẢự"},
		{"no codespace: default length", parseCMap([]byte("1 beginbfchar <0041> <0061> endbfchar")), []byte{0, 0x41}, 2, "a"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []rune
			s := tc.in
			for len(s) > 0 {
				n := tc.m.split(s, tc.def)
				r, ok := tc.m.lookup(n, codeOf(s[:n]))
				if !ok {
					r = []rune{'?'}
				}
				got = append(got, r...)
				s = s[n:]
			}
			if string(got) != tc.want {
				t.Errorf("decoded %q, want %q", string(got), tc.want)
			}
		})
	}
}

func TestLexer(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []token
	}{
		{"literal escapes", `(a\(b\)\n\101\
c)`, []token{{kind: tStr, s: []byte("a(b)\nAc")}}},
		{"nested parentheses", "(a(b)c)", []token{{kind: tStr, s: []byte("a(b)c")}}},
		{"hex with odd digits and spaces", "<41 4>", []token{{kind: tStr, s: []byte{0x41, 0x40}}}},
		{"name escapes", "/A#20B", []token{{kind: tName, s: []byte("A B")}}},
		{"numbers", "-1.5 .5 +3 --2", []token{{kind: tNum, num: -1.5}, {kind: tNum, num: 0.5}, {kind: tNum, num: 3}, {kind: tNum, num: -2}}},
		{"comment skipped", "1 % comment\n2", []token{{kind: tNum, num: 1}, {kind: tNum, num: 2}}},
		{"inline image data skipped", "BI /W 1 ID \x00EI\x01 EI Tj", []token{{kind: tOp, s: []byte("BI")}, {kind: tName, s: []byte("W")}, {kind: tNum, num: 1}, {kind: tOp, s: []byte("ID")}, {kind: tOp, s: []byte("EI")}, {kind: tOp, s: []byte("Tj")}}},
		{"unterminated string ends at EOF", "(abc", []token{{kind: tStr, s: []byte("abc")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := &lexer{b: []byte(tc.in)}
			var got []token
			for tok := l.next(); tok.kind != tEOF; tok = l.next() {
				got = append(got, tok)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("tokens %v, want %v", got, tc.want)
			}
			for i := range got {
				g, w := got[i], tc.want[i]
				if g.kind != w.kind || g.num != w.num || string(g.s) != string(w.s) {
					t.Errorf("token %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}
