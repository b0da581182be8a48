package pdf

import (
	"bytes"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
)

// font is what the content-stream reader needs of a PDF font: how to split a
// string into codes, each code's Unicode text and advance width.
type font struct {
	base   string // BaseFont without the subset prefix
	bold   bool
	cid    bool  // Type0 (composite): codes of 1–4 bytes, widths by CID
	enc    *cmap // encoding CMap of a Type0 font; nil means Identity (2 bytes)
	ucs2   bool  // Type0 with a predefined UCS-2/UTF-16 encoding
	toUni  *cmap
	simple [256]rune // simple fonts: base encoding with Differences applied

	first   int
	widths  []float64 // simple fonts, in text-space units (already /1000)
	missing float64
	cidW    map[int]float64
	dw      float64
	scale   float64 // glyph space → text space (1/1000, or FontMatrix[0] for Type3)
}

// objKey identifies the indirect object a Value was read from. The library
// keeps it unexported; fonts and CMaps are cached by it so that pages sharing
// a font parse it once, while two fonts that share a resource name on
// different pages stay apart.
func objKey(v lpdf.Value) (uint64, bool) {
	f := reflect.ValueOf(v).FieldByName("ptr")
	if !f.IsValid() || f.Kind() != reflect.Struct || f.NumField() < 2 {
		return 0, false
	}
	id, gen := f.Field(0), f.Field(1)
	if id.Kind() < reflect.Uint || id.Kind() > reflect.Uint64 || gen.Kind() < reflect.Uint || gen.Kind() > reflect.Uint64 {
		return 0, false
	}
	if id.Uint() == 0 {
		return 0, false
	}
	return id.Uint()<<16 | gen.Uint(), true
}

// readStream returns a stream's decoded bytes, at most limit of them.
func readStream(v lpdf.Value, limit int64) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errPanic(r)
		}
	}()
	if v.Kind() != lpdf.Stream {
		return nil, nil
	}
	rc := v.Reader()
	defer rc.Close()
	data, err = io.ReadAll(io.LimitReader(rc, limit))
	if len(data) > 0 {
		// A damaged or truncated stream still gives its decodable part.
		err = nil
	}
	return data, err
}

const maxStream = 64 << 20

func glyphRune(name string) rune {
	if r, ok := nameToRune[name]; ok {
		return r
	}
	if i := strings.IndexByte(name, '.'); i > 0 { // "a.sc", "one.oldstyle"
		if r, ok := nameToRune[name[:i]]; ok {
			return r
		}
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 {
		if v, err := strconv.ParseUint(name[3:7], 16, 32); err == nil {
			return rune(v)
		}
	}
	if len(name) >= 5 && len(name) <= 7 && name[0] == 'u' {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && v <= 0x10FFFF {
			return rune(v)
		}
	}
	return 0
}

// fontFor returns the font named name in the resource dictionary fonts. A
// font written directly inside fonts (not as an object of its own) shares
// that object's key, so the name is part of the cache key then.
func (d *docReader) fontFor(fonts, fv lpdf.Value, name string) *font {
	k, cacheable := objKey(fv)
	ck := fontKey{k: k}
	if pk, _ := objKey(fonts); pk == k {
		ck.name = name
	}
	if cacheable {
		if f, ok := d.fonts[ck]; ok {
			return f
		}
	}
	f := d.buildFont(fv)
	if cacheable {
		d.fonts[ck] = f
	}
	return f
}

type fontKey struct {
	k    uint64
	name string
}

func (d *docReader) cmapOf(v lpdf.Value) *cmap {
	if v.Kind() != lpdf.Stream {
		return nil
	}
	k, cacheable := objKey(v)
	if cacheable {
		if m, ok := d.cmaps[k]; ok {
			return m
		}
	}
	data, _ := readStream(v, maxStream)
	var m *cmap
	if len(data) > 0 {
		m = parseCMap(data)
	}
	if cacheable {
		d.cmaps[k] = m
	}
	return m
}

func (d *docReader) buildFont(v lpdf.Value) *font {
	f := &font{scale: 0.001, dw: 1}
	base := v.Key("BaseFont").Name()
	if i := strings.IndexByte(base, '+'); i == 6 {
		base = base[i+1:]
	}
	f.base = base
	lb := strings.ToLower(base)
	f.bold = strings.Contains(lb, "bold") || strings.Contains(lb, "black") || strings.Contains(lb, "heavy")
	f.toUni = d.cmapOf(v.Key("ToUnicode"))
	subtype := v.Key("Subtype").Name()
	if subtype == "Type0" {
		f.cid = true
		enc := v.Key("Encoding")
		switch enc.Kind() {
		case lpdf.Name:
			n := enc.Name()
			if strings.Contains(n, "UCS2") || strings.Contains(n, "UTF16") {
				f.ucs2 = true
			}
		case lpdf.Stream:
			f.enc = d.cmapOf(enc)
		}
		desc := v.Key("DescendantFonts").Index(0)
		if dw := desc.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
			f.dw = dw.Float64() / 1000
		}
		f.cidW = readW(desc.Key("W"))
		if fd := desc.Key("FontDescriptor"); !fd.IsNull() && f.base == "" {
			f.base = fd.Key("FontName").Name()
		}
		if f.bold == false {
			if w := desc.Key("FontDescriptor").Key("FontWeight").Float64(); w >= 600 {
				f.bold = true
			}
		}
		return f
	}

	// Simple font: the base encoding, then Differences.
	table := &winAnsiEncoding
	symbolic := false
	fd := v.Key("FontDescriptor")
	if fl := fd.Key("Flags").Int64(); fl&4 != 0 && fl&32 == 0 {
		symbolic = true
	}
	enc := v.Key("Encoding")
	applyBase := func(n string) {
		switch n {
		case "MacRomanEncoding":
			table = &macRomanEncoding
		case "PDFDocEncoding":
			table = &pdfDocEncoding
		case "WinAnsiEncoding", "StandardEncoding":
			table = &winAnsiEncoding
		}
	}
	switch enc.Kind() {
	case lpdf.Name:
		applyBase(enc.Name())
	case lpdf.Dict:
		applyBase(enc.Key("BaseEncoding").Name())
	}
	for i := range f.simple {
		f.simple[i] = table[i]
		if symbolic && enc.IsNull() {
			f.simple[i] = rune(i)
		}
	}
	// An embedded Type 1 program carries its own encoding (TeX fonts:
	// code 12 is "fi"); it is the base when /Encoding names none.
	if enc.IsNull() || (enc.Kind() == lpdf.Dict && enc.Key("BaseEncoding").IsNull()) {
		if ff := fd.Key("FontFile"); ff.Kind() == lpdf.Stream {
			for code, name := range type1Encoding(ff) {
				if r := glyphRune(name); r != 0 {
					f.simple[code] = r
				}
			}
		}
	}
	if enc.Kind() == lpdf.Dict {
		diff := enc.Key("Differences")
		code := -1
		for i := 0; i < diff.Len() && i < 1024; i++ {
			x := diff.Index(i)
			switch x.Kind() {
			case lpdf.Integer:
				code = int(x.Int64())
			case lpdf.Name:
				if code >= 0 && code < 256 {
					if r := glyphRune(x.Name()); r != 0 {
						f.simple[code] = r
					}
				}
				code++
			}
		}
	}
	if subtype == "Type3" {
		if fm := v.Key("FontMatrix"); fm.Len() >= 4 {
			f.scale = fm.Index(0).Float64()
		}
	}
	f.first = int(v.Key("FirstChar").Int64())
	w := v.Key("Widths")
	n := w.Len()
	if n > 256 {
		n = 256
	}
	for i := 0; i < n; i++ {
		f.widths = append(f.widths, w.Index(i).Float64()*f.scale)
	}
	f.missing = fd.Key("MissingWidth").Float64() * f.scale
	if n == 0 {
		// Standard 14 fonts may come without widths.
		standardWidths(f, lb)
	}
	if !f.bold {
		// FontWeight, or the ForceBold flag.
		if fw := fd.Key("FontWeight").Float64(); fw >= 600 || fd.Key("Flags").Int64()&(1<<18) != 0 {
			f.bold = true
		}
	}
	return f
}

// readW reads a CIDFont /W array: "c [w1 w2 …]" and "cfirst clast w".
func readW(w lpdf.Value) map[int]float64 {
	n := w.Len()
	if n == 0 {
		return nil
	}
	m := map[int]float64{}
	for i := 0; i < n; {
		c := w.Index(i)
		if i+1 >= n {
			break
		}
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			start := int(c.Int64())
			for j := 0; j < next.Len() && len(m) < 1<<17; j++ {
				m[start+j] = next.Index(j).Float64() / 1000
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		lo, hi := int(c.Int64()), int(next.Int64())
		wd := w.Index(i+2).Float64() / 1000
		for cid := lo; cid <= hi && cid-lo < 1<<16 && len(m) < 1<<17; cid++ {
			m[cid] = wd
		}
		i += 3
	}
	return m
}

// glyphCode is one decoded code of a shown string.
type glyphCode struct {
	text  string
	width float64 // advance in text space, before Tfs/Th
	space bool    // a single-byte code 32 (word spacing applies)
}

// decode splits s into codes and decodes each.
func (f *font) decode(s []byte, out []glyphCode) []glyphCode {
	for len(s) > 0 {
		if f.cid {
			n := 2
			if f.enc != nil {
				n = f.enc.split(s, 2)
			} else if f.toUni != nil && !f.ucs2 && len(f.toUni.space) > 0 {
				// Identity-H is two bytes; but a broken writer may declare a
				// one-byte codespace in ToUnicode. Keep 2 unless only one-byte
				// ranges exist.
				only1 := true
				for _, cs := range f.toUni.space {
					if cs.n != 1 {
						only1 = false
					}
				}
				if only1 {
					n = 1
				}
			}
			if n > len(s) {
				n = len(s)
			}
			code := codeOf(s[:n])
			g := glyphCode{space: n == 1 && code == 32}
			if r, ok := f.toUni.lookup(n, code); ok {
				g.text = string(r)
			} else if f.ucs2 {
				g.text = string(rune(code))
			}
			cid := f.enc.cid(n, code)
			if w, ok := f.cidW[cid]; ok {
				g.width = w
			} else {
				g.width = f.dw
			}
			out = append(out, g)
			s = s[n:]
			continue
		}
		c := s[0]
		g := glyphCode{space: c == 32}
		if r, ok := f.toUni.lookup(1, uint32(c)); ok {
			g.text = string(r)
		} else if r := f.simple[c]; r != 0 && r != noRune {
			g.text = string(r)
		}
		if i := int(c) - f.first; i >= 0 && i < len(f.widths) {
			g.width = f.widths[i]
		} else {
			g.width = f.missing
		}
		out = append(out, g)
		s = s[1:]
	}
	return out
}

var type1EncRe = regexp.MustCompile(`dup\s+(\d{1,3})\s*/([A-Za-z0-9_.\-]+)\s+put`)

// type1Encoding reads the built-in encoding of an embedded Type 1 font from
// the clear-text part of its program.
func type1Encoding(ff lpdf.Value) map[int]string {
	n := ff.Key("Length1").Int64()
	if n <= 0 || n > 1<<20 {
		n = 1 << 16
	}
	data, _ := readStream(ff, n)
	if i := bytes.Index(data, []byte("eexec")); i >= 0 {
		data = data[:i]
	}
	if !bytes.Contains(data, []byte("/Encoding")) {
		return nil
	}
	m := map[int]string{}
	for _, x := range type1EncRe.FindAllSubmatch(data, -1) {
		code, _ := strconv.Atoi(string(x[1]))
		if code < 256 {
			m[code] = string(x[2])
		}
	}
	return m
}
