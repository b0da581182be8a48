// Package rtf reads Rich Text Format documents — what Word writes when a
// document is saved as RTF, often under a .doc name — into the document
// model through format.Flow, as the .doc and .docx readers do: paragraphs
// with the font and weight of their runs (so that TCVN3 and VNI text is
// repaired by font name downstream), tables as rows and cells (merged
// cells as spans, nested tables flattened with a warning), running headers
// and footers apart from the body, footnotes after it.
//
// What it reads of the syntax: groups, control words and symbols, \uN
// (with \ucN replacement characters skipped) and \'hh bytes decoded with
// the code page of the run's font (\fcharset) or of the document
// (\ansicpg), \binN data skipped, and every destination that holds no
// text of the document (font and colour tables, style sheet, pictures,
// field instructions, any {\* …} destination) passed over. Hidden text
// (\v) is left out. An embedded object (\object with \objdata, shown as a
// picture: often the whole appendix) is read by Options.Embedded and its
// content takes the object's place (after the table, inside one).
//
//	d, err := rtf.Read(data)
//	d, err := rtf.ReadWith(data, rtf.Options{Embedded: read})
package rtf

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/unicode/norm"

	"vanban/ingest/format"
	"vanban/model"
)

// ErrNotRTF is returned for data that does not start with "{\rtf".
var ErrNotRTF = fmt.Errorf("%w: not an RTF document", format.ErrUnsupported)

// Limits for hostile input.
const (
	maxDepth = 512      // nested groups
	maxText  = 16 << 20 // bytes of text kept
)

// IsRTF tells an RTF document by its first bytes (after a byte-order mark
// and white space).
func IsRTF(data []byte) bool {
	head := data[:min(len(data), 64)]
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	return bytes.HasPrefix(head, []byte(`{\rtf`))
}

// Options tune a read.
type Options struct {
	// Embedded reads the objects embedded in the document (\object with
	// \objdata: a workbook or Word document pasted into it, often the
	// appendix, of which the text shows only a picture); their content
	// takes the object's place. Nil: objects are passed over.
	Embedded format.EmbedReader
}

// maxObject bounds the hexadecimal data of one embedded object.
const maxObject = 128 << 20

// Read parses an RTF document held in memory; embedded objects are passed
// over (ReadWith reads them).
func Read(data []byte) (*model.Document, error) { return ReadWith(data, Options{}) }

// ReadWith parses an RTF document held in memory.
func ReadWith(data []byte, opt Options) (d *model.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("%w: rtf: %v", format.ErrCorrupt, r)
		}
	}()
	if len(data) == 0 {
		return nil, format.ErrEmpty
	}
	if !IsRTF(data) {
		return nil, ErrNotRTF
	}
	// Start at the document's group (after a byte-order mark or blanks);
	// a reader without Unicode skips one character after each \uN unless
	// \ucN says otherwise.
	p := &parser{src: data, pos: bytes.IndexByte(data, '{'), fonts: map[int]*font{}, codepage: 1252,
		st: state{uc: 1}, flow: format.NewFlow(model.FormatRTF), embedded: opt.Embedded}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.flow.Finish(), nil
}

// dest is where a group's text goes.
type dest int

const (
	destBody dest = iota
	destFontTable
	destSkip
	destHeaderFooter
	destFootnote
	destObjData // an embedded object's data (hexadecimal)
)

// state is what a group inherits from its parent and restores on leaving.
type state struct {
	dest   dest
	font   int
	bold   bool
	hidden bool
	uc     int  // characters that stand for a \uN in readers without Unicode
	object bool // inside an \object group
}

type font struct {
	name    string
	charset int
}

// cellDef is one \cellx of the current row definition with its merge
// flags.
type cellDef struct {
	hcont bool // \clmrg: merged into the cell on its left
	vcont bool // \clvmrg: merged into the cell above
}

type parser struct {
	src      []byte
	pos      int
	st       state
	stack    []state
	fonts    map[int]*font
	deff     int
	codepage int // \ansicpg
	flow     *format.Flow
	text     int // bytes of text kept
	words    int // pieces of kept text that are not only blanks
	skipN    int // replacement characters still to skip after a \uN
	pendHigh rune

	bytesBuf []byte // \'hh bytes waiting to be decoded together
	bytesCP  int

	// The paragraph being read, per destination.
	para     map[dest]*paraBuf
	intbl    bool // the body paragraph is inside a table (\intbl)
	cell     []format.FlowPara
	row      []format.FlowCell
	defs     []cellDef
	pendDef  cellDef
	table    format.FlowTable
	nested   bool
	notes    []format.FlowPara
	fontName strings.Builder // the font table entry being read
	fontNum  int

	// Embedded objects: the reader, the object being read (its data as
	// read so far, p.words when it began, what was read of it) and the
	// documents read from objects inside a table, added after the table.
	embedded  format.EmbedReader
	objHex    []byte
	objBin    []byte
	objWords  int
	objInBody bool
	objDocs   []embeddedDoc
	objQueued []embeddedDoc
}

// embeddedDoc is a document read from an embedded object, and what it was.
type embeddedDoc struct {
	doc  *model.Document
	what string
}

func (p *parser) run() error {
	p.para = map[dest]*paraBuf{}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch c {
		case '{':
			p.flushBytes()
			if len(p.stack) >= maxDepth {
				return fmt.Errorf("%w: rtf: groups nested deeper than %d", format.ErrCorrupt, maxDepth)
			}
			p.stack = append(p.stack, p.st)
			p.skipN = 0
			p.pos++
		case '}':
			p.flushBytes()
			p.skipN = 0
			p.pos++
			if len(p.stack) == 0 {
				p.pos = len(p.src) // the document's group is closed: what follows is not RTF
				break
			}
			prev := p.st
			p.st = p.stack[len(p.stack)-1]
			p.stack = p.stack[:len(p.stack)-1]
			p.leave(prev)
		case '\\':
			if err := p.control(); err != nil {
				return err
			}
		case '\r', '\n':
			p.pos++
		default:
			p.flushBytes()
			// Plain text up to the next special byte.
			j := p.pos
			for j < len(p.src) && p.src[j] != '\\' && p.src[j] != '{' && p.src[j] != '}' && p.src[j] != '\r' && p.src[j] != '\n' {
				j++
			}
			chunk := p.src[p.pos:j]
			p.pos = j
			if p.st.dest == destObjData {
				if len(p.objHex)+len(chunk) <= maxObject {
					p.objHex = append(p.objHex, chunk...)
				}
				continue
			}
			for len(chunk) > 0 && p.skipN > 0 {
				chunk = chunk[1:]
				p.skipN--
			}
			if len(chunk) > 0 {
				p.addBytes(chunk, p.fontCodepage())
			}
		}
		if p.text > maxText {
			return fmt.Errorf("%w: rtf: more than %d bytes of text", format.ErrTooLarge, maxText)
		}
	}
	p.flushBytes()
	p.endPara(destBody, true)
	p.endTable()
	for _, n := range p.notes {
		p.flow.Para(n)
	}
	if p.nested {
		p.flow.Warn("a table inside a table cell was flattened into the cell's text")
	}
	return nil
}

// leave ends a group whose state was prev: a font table entry is recorded,
// a footnote's or header's last paragraph kept, an embedded object read.
func (p *parser) leave(prev state) {
	switch {
	case prev.dest == destFontTable:
		p.endFont()
	case (prev.dest == destFootnote || prev.dest == destHeaderFooter) && p.st.dest != prev.dest:
		p.endPara(prev.dest, false)
	case prev.dest == destObjData && p.st.dest != destObjData:
		p.endObjData()
	case prev.object && !p.st.object:
		p.endObject()
	}
}

// endObjData reads the embedded object whose data has just been read; its
// content waits for the end of the \object group (endObject).
func (p *parser) endObjData() {
	data := p.objBin
	if len(p.objHex) > 0 {
		data = make([]byte, 0, len(p.objHex)/2)
		var hi byte
		half := false
		for _, c := range p.objHex {
			v, ok := hexVal(c)
			if !ok {
				continue
			}
			if half {
				data = append(data, hi<<4|v)
			} else {
				hi = v
			}
			half = !half
		}
	}
	p.objHex, p.objBin = nil, nil
	if len(data) == 0 || !p.objInBody {
		return
	}
	class, native, err := format.OLE1Object(data)
	d, what := p.flow.ReadObject(class, func() (*model.Document, error) {
		if err != nil {
			return nil, err
		}
		return p.embedded(class, native)
	})
	if d != nil {
		p.objDocs = append(p.objDocs, embeddedDoc{d, what})
	}
}

// endObject ends an \object group: the documents read from it take its
// place, unless the object's result (what Word shows of it) was text, which
// is read already; inside a table they follow the table.
func (p *parser) endObject() {
	docs := p.objDocs
	p.objDocs = nil
	if p.words > p.objWords || len(docs) == 0 {
		return
	}
	if p.intbl {
		p.objQueued = append(p.objQueued, docs...)
		return
	}
	p.endPara(destBody, false) // the text before the object comes first
	p.addObjects(docs)
}

// addObjects adds documents read from embedded objects to the flow.
func (p *parser) addObjects(docs []embeddedDoc) {
	for _, e := range docs {
		p.flow.Embed(e.doc, e.what)
	}
}

// control reads one control word or symbol at p.pos (a backslash).
func (p *parser) control() error {
	p.pos++
	if p.pos >= len(p.src) {
		return nil
	}
	c := p.src[p.pos]
	if !isLetter(c) {
		// A control symbol.
		p.pos++
		switch c {
		case '\'':
			if p.pos+2 > len(p.src) {
				return nil
			}
			v, ok := hexByte(p.src[p.pos], p.src[p.pos+1])
			p.pos += 2
			if !ok {
				return nil
			}
			if p.skipN > 0 {
				p.skipN--
				return nil
			}
			cp := p.fontCodepage()
			if len(p.bytesBuf) > 0 && cp != p.bytesCP {
				p.flushBytes()
			}
			p.bytesBuf, p.bytesCP = append(p.bytesBuf, v), cp
			return nil
		case '*':
			p.flushBytes()
			p.st.dest = destSkip // an optional destination we do not know
			return nil
		case '\\', '{', '}':
			p.flushBytes()
			if p.skipN > 0 {
				p.skipN--
				return nil
			}
			p.addText(string(c))
		case '~':
			p.addSymbol("\u00a0")
		case '_':
			p.addSymbol("-")
		case '-':
			// optional hyphen: not part of the text
		case '\r', '\n':
			p.flushBytes()
			p.endPara(p.st.dest, false) // \<newline> is \par
		case '\t':
			p.addSymbol("\t")
		}
		return nil
	}
	// A control word: letters, an optional signed number, an optional
	// space that belongs to it.
	j := p.pos
	for j < len(p.src) && isLetter(p.src[j]) && j-p.pos < 32 {
		j++
	}
	word := string(p.src[p.pos:j])
	neg := false
	if j < len(p.src) && p.src[j] == '-' {
		neg = true
		j++
	}
	num, hasNum := 0, false
	for k := 0; j < len(p.src) && p.src[j] >= '0' && p.src[j] <= '9'; j++ {
		if k < 10 {
			num = num*10 + int(p.src[j]-'0')
		}
		k++
		hasNum = true
	}
	if neg {
		num = -num
	}
	if j < len(p.src) && p.src[j] == ' ' {
		j++
	}
	p.pos = j
	if word != "u" && word != "bin" {
		p.flushBytes()
	}
	return p.word(word, num, hasNum)
}

// word acts on one control word.
func (p *parser) word(w string, n int, hasNum bool) error {
	if p.skipN > 0 && w != "bin" {
		p.skipN-- // a control word stands for one replacement character too
		return nil
	}
	on := !hasNum || n != 0
	switch w {
	case "ansicpg":
		if hasNum && n > 0 {
			p.codepage = n
		}
	case "deff":
		p.deff = n
		p.st.font = n
	case "bin":
		p.flushBytes()
		if n > 0 {
			end := min(len(p.src), p.pos+n)
			if p.st.dest == destObjData && n <= maxObject {
				p.objBin = append(p.objBin, p.src[p.pos:end]...)
			}
			p.pos = end
		}
	case "fonttbl":
		p.st.dest = destFontTable
	case "object":
		if p.st.dest == destBody && p.embedded != nil && !p.st.object {
			p.st.object = true
			p.objWords, p.objDocs = p.words, nil
		}
	case "objdata":
		// Only the data of an object in the body's text is read.
		if p.st.object && p.embedded != nil {
			parent := destSkip
			if len(p.stack) > 0 {
				parent = p.stack[len(p.stack)-1].dest
			}
			p.objInBody = parent == destBody
			p.st.dest = destObjData
			p.objHex, p.objBin = p.objHex[:0], nil
		} else {
			p.st.dest = destSkip
		}
	case "colortbl", "stylesheet", "info", "pict", "listtable", "listoverridetable", "revtbl",
		"rsidtbl", "generator", "xmlnstbl", "themedata", "colorschememapping", "datastore",
		"latentstyles", "pgdsctbl", "filetbl", "fldinst", "bkmkstart", "bkmkend", "xe", "tc",
		"txe", "objclass", "objname", "nonshppict", "shpinst", "sp", "sn", "sv",
		"template", "mmathPr", "userprops", "docvar", "atnid", "atnauthor", "annotation",
		"falt", "panose", "fname", "private":
		p.st.dest = destSkip
	case "header", "footer", "headerl", "headerr", "headerf", "footerl", "footerr", "footerf", "firstheader", "firstfooter":
		if p.st.dest != destSkip {
			p.st.dest = destHeaderFooter
			p.para[destHeaderFooter] = nil
		}
	case "footnote":
		if p.st.dest != destSkip {
			p.st.dest = destFootnote
			p.para[destFootnote] = nil
		}
	case "f":
		if p.st.dest == destFontTable {
			p.endFont()
			p.fontNum = n
			p.fonts[n] = &font{}
		} else {
			p.st.font = n
		}
	case "fcharset":
		if p.st.dest == destFontTable {
			if f := p.fonts[p.fontNum]; f != nil {
				f.charset = n
			}
		}
	case "plain":
		p.st.font, p.st.bold, p.st.hidden = p.deff, false, false
	case "b":
		p.st.bold = on
	case "v":
		p.st.hidden = on
	case "uc":
		if n >= 0 && n < 10 {
			p.st.uc = n
		}
	case "u":
		p.flushBytes()
		r := rune(n)
		if r < 0 {
			r += 65536
		}
		p.addRune(r)
		p.skipN = p.st.uc
	case "par":
		p.endPara(p.st.dest, false)
	case "sect", "page":
		// page and section breaks end no paragraph of their own
	case "line":
		p.addSymbol("\n")
	case "tab":
		p.addSymbol("\t")
	case "emdash":
		p.addSymbol("—")
	case "endash":
		p.addSymbol("–")
	case "bullet":
		p.addSymbol("•")
	case "lquote":
		p.addSymbol("‘")
	case "rquote":
		p.addSymbol("’")
	case "ldblquote":
		p.addSymbol("“")
	case "rdblquote":
		p.addSymbol("”")
	case "emspace", "enspace", "qmspace":
		p.addSymbol(" ")
	case "pard":
		if p.st.dest == destBody {
			p.intbl = false
		}
	case "intbl":
		if p.st.dest == destBody {
			p.intbl = true
		}
	case "itap":
		if p.st.dest == destBody && n > 1 {
			p.nested = true
		}
	case "trowd":
		if p.st.dest == destBody {
			p.defs, p.pendDef = p.defs[:0], cellDef{}
		}
	case "clmrg":
		p.pendDef.hcont = true
	case "clvmrg":
		p.pendDef.vcont = true
	case "cellx":
		p.defs = append(p.defs, p.pendDef)
		p.pendDef = cellDef{}
	case "cell":
		if p.st.dest == destBody {
			p.endCell()
		}
	case "nestcell":
		p.nested = true
		if p.st.dest == destBody {
			p.endPara(destBody, false) // the nested cell's text stays in the outer cell
		}
	case "row":
		if p.st.dest == destBody {
			p.endRow()
		}
	case "nestrow":
		p.nested = true
	}
	return nil
}

// fontCodepage is the code page of \'hh bytes in the current font.
func (p *parser) fontCodepage() int {
	if f := p.fonts[p.st.font]; f != nil {
		if cp := charsetCodepage(f.charset); cp != 0 {
			return cp
		}
	}
	return p.codepage
}

// charsetCodepage maps \fcharset to a Windows code page; 0 for "the
// document's" (ANSI, default).
func charsetCodepage(cs int) int {
	switch cs {
	case 77:
		return 10000
	case 128:
		return 932
	case 129:
		return 949
	case 134:
		return 936
	case 136:
		return 950
	case 161:
		return 1253
	case 162:
		return 1254
	case 163:
		return 1258
	case 177:
		return 1255
	case 178:
		return 1256
	case 186:
		return 1257
	case 204:
		return 1251
	case 222:
		return 874
	case 238:
		return 1250
	case 255:
		return 437
	}
	return 0
}

// decoder is the decoder of a Windows code page; Windows-1252 for one we
// do not know.
func decoder(cp int) *encoding.Decoder {
	var e encoding.Encoding = charmap.Windows1252
	switch cp {
	case 1250:
		e = charmap.Windows1250
	case 1251:
		e = charmap.Windows1251
	case 1253:
		e = charmap.Windows1253
	case 1254:
		e = charmap.Windows1254
	case 1255:
		e = charmap.Windows1255
	case 1256:
		e = charmap.Windows1256
	case 1257:
		e = charmap.Windows1257
	case 1258:
		e = charmap.Windows1258
	case 874:
		e = charmap.Windows874
	case 437:
		e = charmap.CodePage437
	case 850:
		e = charmap.CodePage850
	case 866:
		e = charmap.CodePage866
	case 10000:
		e = charmap.Macintosh
	case 932:
		e = japanese.ShiftJIS
	case 936:
		e = simplifiedchinese.GBK
	case 949:
		e = korean.EUCKR
	case 950:
		e = traditionalchinese.Big5
	}
	return e.NewDecoder()
}

// addBytes decodes bytes of the code page cp into text.
func (p *parser) addBytes(b []byte, cp int) {
	if p.st.dest == destFontTable {
		p.fontText(b)
		return
	}
	if !p.keeps() {
		return
	}
	s, err := decoder(cp).Bytes(b)
	if err != nil {
		s = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	p.addText(string(s))
}

// flushBytes decodes the \'hh bytes read so far (together, so that a
// double-byte code page gets its pairs).
func (p *parser) flushBytes() {
	if len(p.bytesBuf) == 0 {
		return
	}
	b := p.bytesBuf
	p.bytesBuf = p.bytesBuf[:0]
	p.addBytes(b, p.bytesCP)
}

// addRune adds a character from \uN, pairing UTF-16 surrogates.
func (p *parser) addRune(r rune) {
	if p.st.dest == destFontTable {
		p.fontText([]byte(string(r)))
		return
	}
	switch {
	case utf16.IsSurrogate(r) && r < 0xDC00:
		p.pendHigh = r
		return
	case utf16.IsSurrogate(r):
		if p.pendHigh != 0 {
			r = utf16.DecodeRune(p.pendHigh, r)
		} else {
			r = utf8.RuneError
		}
	}
	p.pendHigh = 0
	if p.keeps() {
		p.addText(string(r))
	}
}

// addSymbol adds the text of a control word or symbol (not subject to
// \uc skipping: that was counted in word).
func (p *parser) addSymbol(s string) {
	p.flushBytes()
	if p.keeps() {
		p.addText(s)
	}
}

// keeps tells whether text in the current state is part of the document.
func (p *parser) keeps() bool {
	switch p.st.dest {
	case destSkip, destFontTable:
		return false
	}
	return !p.st.hidden
}

// paraBuf is a paragraph being read: its finished runs and the text of
// the run being written (a builder: a paragraph of thousands of \uN must
// not be copied once per character).
type paraBuf struct {
	runs []format.FlowRun
	cur  strings.Builder
	font string
	bold bool
}

// close finishes the run being written.
func (b *paraBuf) close() {
	if b.cur.Len() > 0 {
		b.runs = append(b.runs, format.FlowRun{Text: norm.NFC.String(b.cur.String()), Font: b.font, Bold: b.bold})
		b.cur.Reset()
	}
}

// addText appends text to the current paragraph of the destination, in a
// run of the current font and weight.
func (p *parser) addText(s string) {
	if s == "" || !p.keeps() {
		return
	}
	p.text += len(s)
	if strings.TrimSpace(s) != "" {
		p.words++
	}
	b := p.para[p.st.dest]
	if b == nil {
		b = &paraBuf{}
		p.para[p.st.dest] = b
	}
	name := ""
	if f := p.fonts[p.st.font]; f != nil {
		name = f.name
	}
	if b.cur.Len() > 0 && (b.font != name || b.bold != p.st.bold) {
		b.close()
	}
	b.font, b.bold = name, p.st.bold
	b.cur.WriteString(s)
}

// endPara ends the paragraph of destination d: a body paragraph goes to
// the current table cell or, outside a table, to the flow (after the
// table it follows); a footnote waits for the end of the body; a header's
// or footer's goes apart. At the end of the document (final) the body's
// last paragraph is not in a table.
func (p *parser) endPara(d dest, final bool) {
	b := p.para[d]
	p.para[d] = nil
	var para *format.FlowPara
	if b != nil {
		b.close()
		para = &format.FlowPara{Runs: b.runs}
	}
	switch d {
	case destBody:
		if p.intbl && !final {
			if para != nil {
				p.cell = append(p.cell, *para)
			}
			return
		}
		p.endTable()
		if para != nil {
			p.flow.Para(*para)
		}
	case destFootnote:
		if para != nil {
			p.notes = append(p.notes, *para)
		}
	case destHeaderFooter:
		if para != nil {
			p.flow.HeaderFooter(*para)
		}
	}
}

// endCell ends a table cell (\cell): its last paragraph has no \par.
func (p *parser) endCell() {
	p.intbl = true
	p.endPara(destBody, false)
	p.row = append(p.row, format.FlowCell{Paras: p.cell})
	p.cell = nil
}

// endRow ends a table row (\row): its cells take the merges of the row's
// definition (\clmrg joins a cell to the one on its left, \clvmrg to the
// one above).
func (p *parser) endRow() {
	if len(p.cell) > 0 { // text after the last \cell
		p.row = append(p.row, format.FlowCell{Paras: p.cell})
		p.cell = nil
	}
	var row []format.FlowCell
	for i, c := range p.row {
		var def cellDef
		if i < len(p.defs) {
			def = p.defs[i]
		}
		if def.hcont && len(row) > 0 {
			last := &row[len(row)-1]
			last.Span = max(last.Span, 1) + 1
			last.Paras = append(last.Paras, c.Paras...)
			continue
		}
		c.Continue = def.vcont
		row = append(row, c)
	}
	if len(row) > 0 {
		p.table.Rows = append(p.table.Rows, row)
	}
	p.row = nil
}

// endTable hands the table read so far to the flow.
func (p *parser) endTable() {
	if len(p.row) > 0 || len(p.cell) > 0 {
		p.endRow()
	}
	if len(p.table.Rows) > 0 {
		p.flow.Table(p.table)
	}
	p.table = format.FlowTable{}
	queued := p.objQueued
	p.objQueued = nil
	p.addObjects(queued)
}

// fontText adds to the name of the font table entry being read; ";" ends
// it.
func (p *parser) fontText(b []byte) {
	for _, c := range b {
		if c == ';' {
			p.endFont()
			continue
		}
		p.fontName.WriteByte(c)
	}
}

// endFont records the name read for the current font table entry.
func (p *parser) endFont() {
	if f := p.fonts[p.fontNum]; f != nil && f.name == "" {
		f.name = strings.TrimSpace(p.fontName.String())
	}
	p.fontName.Reset()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func hexByte(a, b byte) (byte, bool) {
	h, ok1 := hexVal(a)
	l, ok2 := hexVal(b)
	return h<<4 | l, ok1 && ok2
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
