package pdf

import (
	"context"
	"encoding/json"
	"runtime/debug"
	"sync"
	"testing"

	lpdf "github.com/ledongthuc/pdf"
)

var fuzzRes struct {
	once sync.Once
	d    *docReader
	res  lpdf.Value
}

// fuzzResources opens a small PDF once, for its font resources (a simple
// font and an Identity-H font with a ToUnicode CMap).
func fuzzResources(tb testing.TB) (*docReader, lpdf.Value) {
	fuzzRes.once.Do(func() {
		r, err := open(onePage("", ""), "")
		if err != nil {
			tb.Fatal(err)
		}
		d := &docReader{r: r, fonts: map[fontKey]*font{}, cmaps: map[uint64]*cmap{}}
		pages, err := d.pageList()
		if err != nil || len(pages) == 0 {
			tb.Fatal("no page", err)
		}
		fuzzRes.d, fuzzRes.res = d, inherited(pages[0], "Resources")
	})
	return fuzzRes.d, fuzzRes.res
}

// FuzzContentStream runs the tokenizer, the text and path interpreter and
// the layout over arbitrary content streams.
func FuzzContentStream(f *testing.F) {
	for _, s := range []string{
		"BT /F1 12 Tf 72 770 Td (Hello world) Tj ET",
		"BT /F2 12 Tf 14 TL 72 770 Td <00040010> Tj T* [<0020> -300 <0021>] TJ (x) ' 1 2 (y) \" ET",
		"q 0 1 -1 0 300 0 cm BT /F1 9 Tf 3 Tr 2 Tc 5 Tw 80 Tz 2 Ts 1 0 0 1 10 10 Tm (rot) Tj ET Q",
		"0.5 w 72 700 m 500 700 l S 100 600 200 20 re f 1 1 m 2 2 3 3 4 4 c h B* n",
		"BI /W 1 /H 1 ID \x00 EI /X0 Do (unclosed",
		"[[[[[ << /a << /b [1 2 (s)] >> >> ]]]]] Q Q Q q",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, res := fuzzResources(t)
		pr := &pageReader{d: d, forms: map[uint64]bool{}, width: 595, height: 842}
		pr.run(data, res, matrix{1, 0, 0, -1, 0, 842}, 0)
		lines := layout(pr.glyphs, pr.rules, pr.width)
		for _, l := range lines {
			if len(l.Words) == 0 {
				t.Fatalf("line without words: %+v", l)
			}
		}
		if _, err := json.Marshal(lines); err != nil {
			t.Fatalf("lines do not encode: %v", err)
		}
		if _, err := json.Marshal(pr.rules); err != nil {
			t.Fatalf("rules do not encode: %v", err)
		}
	})
}

// FuzzCMap parses arbitrary CMaps and decodes codes through them.
func FuzzCMap(f *testing.F) {
	f.Add([]byte(toUnicodeCMap), []byte{0, 0x10, 0, 0xff, 1, 0})
	f.Add([]byte("1 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange 1 beginbfrange <00> <FF> [<0041> /space 3] endbfrange 1 begincidrange <8140> <817F> 633 endcidrange"), []byte{0x81, 0x40, 0x41})
	f.Fuzz(func(t *testing.T, cm, s []byte) {
		m := parseCMap(cm)
		for len(s) > 0 {
			n := m.split(s, 2)
			if n < 1 || n > len(s) {
				t.Fatalf("split gave %d of %d bytes", n, len(s))
			}
			m.lookup(n, codeOf(s[:n]))
			m.cid(n, codeOf(s[:n]))
			s = s[n:]
		}
	})
}

// FuzzRead reads arbitrary files. The library under Read can still recurse
// without bound on some inputs: production parses run in a sandbox.Sandbox.
func FuzzRead(f *testing.F) {
	f.Add(onePage("BT /F1 12 Tf 72 770 Td (Hello) Tj ET", ""))
	f.Add(onePage("BT /F2 12 Tf 72 770 Td <0004> Tj ET", "/Rotate 270"))
	f.Add(testPDF("%PDF-2.0\n", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"))
	// Die fast on runaway recursion, as the isolated worker does.
	debug.SetMaxStack(64 << 20)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read(context.Background(), data, Options{NoOCR: true})
		if err == nil && doc == nil {
			t.Fatal("nil document without error")
		}
	})
}
