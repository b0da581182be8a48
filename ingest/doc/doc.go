// Package doc reads Word binary documents (.doc: Word 97–2003, and Word
// 6.0/95) on the OLE2 container (ingest/ole2), with a reader of our own:
//
//   - the FIB (file information block): version, encryption, where the
//     tables are, the length of each story (body, footnotes, headers,
//     endnotes, text boxes);
//   - the piece table (Clx): where each stretch of text lies, as 8-bit
//     (cp1252, "compressed") or UTF-16 pieces;
//   - paragraph properties (PAPX in FKP pages): the style of a paragraph,
//     and whether its mark ends a table cell or a table row, so that tables
//     come out as rows and cells; nested tables are flattened into the
//     outer cell with a warning;
//   - character properties (CHPX in FKP pages) with the stylesheet and the
//     font table: the font name of every run (".VnTime", "VNI-Times"…), so
//     that TCVN3 and VNI text is repaired by font name downstream, as for
//     workbooks; hidden text and deleted revisions are left out;
//   - fields: the result is kept, the field code ("HYPERLINK …", "PAGE") is
//     not;
//   - embedded objects (an EMBED field's separator, or an object
//     character, names its storage in ObjectPool by sprmCPicLocation) are
//     read by Options.Storage, their content after the paragraph or table
//     that holds them.
//
// Encrypted files are refused with format.ErrEncrypted, Word 2.0 and older
// with ErrOldFormat. Read never panics and bounds what a hostile file can
// make it allocate.
//
//	d, err := doc.Read(data)
//	if err != nil { … }
//	fmt.Print(d.Text())
package doc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"vanban/ingest/format"
	"vanban/ingest/ole2"
	"vanban/model"
)

var (
	// ErrNotWord is returned for an OLE2 file without a WordDocument stream.
	ErrNotWord = fmt.Errorf("%w: not a Word document (no WordDocument stream in the OLE2 file)", format.ErrUnsupported)
	// ErrOldFormat is returned for Word 2.0 and older.
	ErrOldFormat = fmt.Errorf("%w: a Word 2.0 (or older) document, which vanban cannot read: open it in Word or LibreOffice and save it as .docx", format.ErrUnsupported)
)

// Limits against hostile files.
const (
	maxChars  = 4 << 20 // characters over all stories (a 2000-page document holds ~4M)
	maxPieces = 1 << 20
	maxRuns   = 1 << 21
)

// IsWord reports whether data is an OLE2 file holding a Word document.
func IsWord(data []byte) bool {
	f, err := ole2.Open(data)
	return err == nil && f.Has("WordDocument")
}

// Options tune a read.
type Options struct {
	// Storage reads an object embedded in the document (an Excel sheet or
	// a Word document pasted into it, often the appendix, of which the
	// text shows only a picture): its storage in the document's
	// ObjectPool, and its class when the storage names it
	// ("Excel.Sheet.8"). Its content follows the paragraph or table that
	// holds the object. Nil: objects are passed over.
	Storage func(class string, st *ole2.File) (*model.Document, error)
}

// Read parses a .doc held in memory; embedded objects are passed over
// (ReadWith reads them).
func Read(data []byte) (*model.Document, error) { return ReadWith(data, Options{}) }

// ReadWith parses a .doc held in memory.
func ReadWith(data []byte, opt Options) (d *model.Document, err error) {
	if len(data) == 0 {
		return nil, format.ErrEmpty
	}
	f, err := ole2.Open(data)
	if errors.Is(err, ole2.ErrCutShort) {
		return nil, fmt.Errorf("%w: an Office 97–2003 file cut short (%v)", format.ErrTruncated, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: doc: %v", format.ErrCorrupt, err)
	}
	return ReadStorage(f, opt)
}

// ReadStorage parses the Word document of a compound file, or of one of
// its storages (a Word 97–2003 document embedded in another).
func ReadStorage(f *ole2.File, opt Options) (d *model.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			d = nil
			err = fmt.Errorf("%w: doc: %v", format.ErrCorrupt, r)
		}
	}()
	if !f.Has("WordDocument") {
		if f.HasAny("EncryptionInfo") || f.HasAny("EncryptedPackage") {
			return nil, fmt.Errorf("%w: an encrypted Office file (password protected)", format.ErrEncrypted)
		}
		return nil, ErrNotWord
	}
	wd, err := f.Stream("WordDocument")
	if err != nil && len(wd) == 0 {
		return nil, streamErr("WordDocument", err)
	}
	r := &reader{wd: wd, file: f, opt: opt}
	if err := r.fib(); err != nil {
		return nil, err
	}
	if r.word6 {
		r.table = wd
	} else {
		name := "0Table"
		if r.flags&0x0200 != 0 {
			name = "1Table"
		}
		r.table, err = f.Stream(name)
		if err != nil && len(r.table) == 0 {
			return nil, streamErr(name, err)
		}
	}
	if err := r.load(); err != nil {
		return nil, err
	}
	return r.document(), nil
}

func streamErr(name string, err error) error {
	if errors.Is(err, ole2.ErrStreamTooLarge) {
		return fmt.Errorf("%w: doc: %v", format.ErrTooLarge, err)
	}
	return fmt.Errorf("%w: doc: reading the %s stream: %v", format.ErrTruncated, name, err)
}

// reader holds one document's streams and decoded tables.
type reader struct {
	wd, table []byte
	word6     bool
	flags     int
	ccp       [8]int // text, footnotes, headers, macros, annotations, endnotes, text boxes, header text boxes
	fcMin     int

	pieces []piece
	chpx   []run
	papx   []run
	fonts  []string
	styles []style
	defFtc int

	chpCache map[[2]int]chp
	nested   bool

	// Embedded objects: the file (its ObjectPool), the reader of an
	// object, and the objects met in the paragraph or table being read
	// (their sprmCPicLocation: the storage "_<n>" in ObjectPool).
	file    *ole2.File
	opt     Options
	objects []uint32
}

// piece is a stretch of text: characters [cp0, cp1) from byte offset fc.
type piece struct {
	cp0, cp1 int
	fc       int
	eightBit bool
}

// run is an FKP entry: properties for bytes [fc0, fc1) of WordDocument.
type run struct {
	fc0, fc1 int
	istd     int // paragraph runs only
	grpprl   []byte
}

// style is a stylesheet entry.
type style struct {
	name string
	stk  int // 1 paragraph, 2 character
	base int
	chpx []byte
	papx []byte
}

// chp is what we need of a run's character properties.
type chp struct {
	font                 string
	bold, hidden, delete bool
	special              bool
	ole                  bool   // sprmCFOle2 or sprmCFObj: the character is an embedded object
	picLocation          uint32 // sprmCPicLocation: which object (ObjectPool "_<n>")
}

// pap is what we need of a paragraph's properties.
type pap struct {
	istd           int
	inTable, ttp   bool
	itap           int
	innerTTP       bool
	innerTableCell bool
}

func u16(b []byte, o int) int {
	if o < 0 || o+2 > len(b) {
		return 0
	}
	return int(binary.LittleEndian.Uint16(b[o:]))
}

func u32(b []byte, o int) int {
	if o < 0 || o+4 > len(b) {
		return 0
	}
	return int(binary.LittleEndian.Uint32(b[o:]))
}

func slice(b []byte, o, n int) []byte {
	if o < 0 || n < 0 || o > len(b) || n > len(b)-o {
		return nil
	}
	return b[o : o+n]
}

// fib reads the file information block.
func (r *reader) fib() error {
	wd := r.wd
	if len(wd) < 0x200 {
		return fmt.Errorf("%w: doc: the WordDocument stream is %d bytes", format.ErrTruncated, len(wd))
	}
	ident, nFib := u16(wd, 0), u16(wd, 2)
	r.flags = u16(wd, 0x0A)
	switch {
	case ident != 0xA5EC && ident != 0xA5DC:
		return fmt.Errorf("%w: doc: not a Word 6–2003 document (signature %#04x)", format.ErrUnsupported, ident)
	case nFib < 101:
		return ErrOldFormat
	}
	if r.flags&0x0100 != 0 {
		return fmt.Errorf("%w: the Word document is password protected", format.ErrEncrypted)
	}
	r.fcMin = u32(wd, 0x18)
	if nFib < 193 {
		r.word6 = true
		for i := range r.ccp {
			r.ccp[i] = u32(wd, 0x34+4*i)
		}
	} else {
		if r.flags&0x8000 != 0 {
			return fmt.Errorf("%w: the Word document is obfuscated (password protected)", format.ErrEncrypted)
		}
		for i := range r.ccp {
			r.ccp[i] = u32(wd, 0x4C+4*i)
		}
	}
	total := 0
	for _, n := range r.ccp {
		if n < 0 || n > maxChars {
			return fmt.Errorf("%w: doc: a story of %d characters", format.ErrCorrupt, n)
		}
		total += n
	}
	if total > maxChars {
		return fmt.Errorf("%w: doc: %d characters", format.ErrTooLarge, total)
	}
	return nil
}

// fcLcb returns the i-th (fc, lcb) pair of the FIB (FibRgFcLcb97 order,
// which Word 6 shares for the pairs we read).
func (r *reader) fcLcb(i int) (int, int) {
	base := 0x9A
	if r.word6 {
		base = 0x58
	}
	return u32(r.wd, base+8*i), u32(r.wd, base+8*i+4)
}

const (
	fibStshf       = 1
	fibPlcfBteChpx = 12
	fibPlcfBtePapx = 13
	fibSttbfFfn    = 15
	fibClx         = 33
)

func (r *reader) load() error {
	if err := r.loadPieces(); err != nil {
		return err
	}
	r.loadFonts()
	r.loadStyles()
	r.chpx = r.loadFKPs(fibPlcfBteChpx, false)
	r.papx = r.loadFKPs(fibPlcfBtePapx, true)
	r.chpCache = map[[2]int]chp{}
	return nil
}

// loadPieces reads the piece table; a Word 6 file saved without fast save
// has none: its text is one 8-bit stretch from fcMin.
func (r *reader) loadPieces() error {
	total := 0
	for _, n := range r.ccp {
		total += n
	}
	if r.word6 && r.flags&0x0004 == 0 {
		r.pieces = []piece{{cp0: 0, cp1: total + 1, fc: r.fcMin, eightBit: true}}
		return nil
	}
	fc, lcb := r.fcLcb(fibClx)
	clx := slice(r.table, fc, lcb)
	if clx == nil {
		return fmt.Errorf("%w: doc: the piece table lies outside the file", format.ErrTruncated)
	}
	i := 0
	for i < len(clx) && clx[i] == 0x01 { // Prc: skip its grpprl
		i += 3 + u16(clx, i+1)
	}
	if i >= len(clx) || clx[i] != 0x02 {
		return fmt.Errorf("%w: doc: no piece table", format.ErrCorrupt)
	}
	n := u32(clx, i+1)
	plc := slice(clx, i+5, n)
	if plc == nil || n < 4 {
		return fmt.Errorf("%w: doc: the piece table is cut short", format.ErrTruncated)
	}
	count := (n - 4) / 12
	if count > maxPieces {
		return fmt.Errorf("%w: doc: %d pieces", format.ErrCorrupt, count)
	}
	for k := 0; k < count; k++ {
		cp0, cp1 := u32(plc, 4*k), u32(plc, 4*k+4)
		pcd := 4*(count+1) + 8*k
		fcv := u32(plc, pcd+2)
		p := piece{cp0: cp0, cp1: cp1}
		if r.word6 {
			p.fc, p.eightBit = fcv, true
		} else if fcv&0x40000000 != 0 {
			p.fc, p.eightBit = (fcv&^0x40000000)/2, true
		} else {
			p.fc = fcv
		}
		if cp1 <= cp0 || cp1-cp0 > maxChars {
			continue
		}
		r.pieces = append(r.pieces, p)
	}
	sort.SliceStable(r.pieces, func(a, b int) bool { return r.pieces[a].cp0 < r.pieces[b].cp0 })
	// Pieces tile the text: one that overlaps the one before is damage
	// (and would make a character be read many times over).
	kept := r.pieces[:0]
	end := 0
	for _, p := range r.pieces {
		if p.cp0 < end {
			continue
		}
		kept = append(kept, p)
		end = p.cp1
	}
	r.pieces = kept
	return nil
}

// loadFonts reads the font table (SttbfFfn): font names by index (ftc).
func (r *reader) loadFonts() {
	fc, lcb := r.fcLcb(fibSttbfFfn)
	b := slice(r.table, fc, lcb)
	if len(b) < 4 {
		return
	}
	if r.word6 {
		end := min(u16(b, 0), len(b))
		for o := 2; o < end && len(r.fonts) < 4096; {
			cb := int(b[o]) + 1
			name := slice(b, o+6, cb-6)
			if k := indexByte(name, 0); k >= 0 {
				name = name[:k]
			}
			r.fonts = append(r.fonts, latin1(name))
			o += cb
		}
		return
	}
	count := u16(b, 0)
	o := 4
	for k := 0; k < count && o < len(b) && k < 4096; k++ {
		cb := int(b[o]) + 1
		name := slice(b, o+40, cb-40)
		var u []uint16
		for j := 0; j+1 < len(name); j += 2 {
			c := binary.LittleEndian.Uint16(name[j:])
			if c == 0 {
				break
			}
			u = append(u, c)
		}
		r.fonts = append(r.fonts, string(utf16.Decode(u)))
		o += cb
	}
}

// loadStyles reads the stylesheet (STSH).
func (r *reader) loadStyles() {
	fc, lcb := r.fcLcb(fibStshf)
	b := slice(r.table, fc, lcb)
	if len(b) < 4 {
		return
	}
	cbStshi := u16(b, 0)
	stshi := slice(b, 2, cbStshi)
	cstd, cbBase := u16(stshi, 0), u16(stshi, 2)
	r.defFtc = u16(stshi, 12)
	if cbBase == 0 {
		cbBase = 10 // Word 97 without the field; Word 6 writes 8
	}
	o := 2 + cbStshi
	for k := 0; k < cstd && k < 4096 && o+2 <= len(b); k++ {
		cb := u16(b, o)
		std := slice(b, o+2, cb)
		o += 2 + cb
		if cb == 0 || std == nil {
			r.styles = append(r.styles, style{base: 0xFFF})
			continue
		}
		s := style{stk: u16(std, 2) & 0xF, base: u16(std, 2) >> 4}
		cupx := u16(std, 4) & 0xF
		p := cbBase
		if r.word6 {
			n := 0
			if p < len(std) {
				n = int(std[p])
			}
			s.name = latin1(slice(std, p+1, n))
			p += 1 + n + 1
		} else {
			n := u16(std, p)
			var u []uint16
			for j := 0; j < n; j++ {
				u = append(u, uint16(u16(std, p+2+2*j)))
			}
			s.name = string(utf16.Decode(u))
			p += 2 + 2*n + 2
		}
		for j := 0; j < cupx; j++ {
			if p%2 == 1 {
				p++
			}
			n := u16(std, p)
			upx := slice(std, p+2, n)
			p += 2 + n
			switch {
			case s.stk == 1 && j == 0:
				if len(upx) >= 2 {
					s.papx = upx[2:]
				}
			case s.stk == 1 && j == 1, s.stk == 2 && j == 0:
				s.chpx = upx
			}
		}
		r.styles = append(r.styles, s)
	}
}

// loadFKPs reads the bin table of character (para false) or paragraph
// runs and the FKP pages it points to.
func (r *reader) loadFKPs(which int, para bool) []run {
	fc, lcb := r.fcLcb(which)
	b := slice(r.table, fc, lcb)
	if len(b) < 4 {
		return nil
	}
	pnSize := 4
	if r.word6 {
		pnSize = 2
	}
	n := (len(b) - 4) / (4 + pnSize)
	var pns []int
	for k := 0; k < n; k++ {
		o := 4*(n+1) + pnSize*k
		if pnSize == 4 {
			pns = append(pns, u32(b, o)&0x3FFFFF)
		} else {
			pns = append(pns, u16(b, o))
		}
	}
	if r.word6 {
		// A Word 6 bin table may list fewer pages than there are: the
		// rest follow the last one listed.
		cpnOff, firstOff := 0x18E, 0x18A
		if para {
			cpnOff, firstOff = 0x190, 0x18C
		}
		cpn := u16(r.wd, cpnOff)
		if len(pns) > 0 && len(pns) < cpn && cpn < 1<<15 {
			next := u16(r.wd, firstOff) + 1
			for len(pns) < cpn {
				pns = append(pns, next)
				next++
			}
		}
	}
	var out []run
	seen := map[int]bool{}
	for _, pn := range pns {
		if seen[pn] {
			continue
		}
		seen[pn] = true
		page := slice(r.wd, pn*512, 512)
		if page == nil {
			continue
		}
		cnt := int(page[511])
		if 4*(cnt+1) > 511 {
			continue
		}
		for i := 0; i < cnt && len(out) < maxRuns; i++ {
			ru := run{fc0: u32(page, 4*i), fc1: u32(page, 4*i+4)}
			if para {
				bx := 7
				if !r.word6 {
					bx = 13
				}
				off := 2 * int(page[min(4*(cnt+1)+bx*i, 511)])
				if off > 0 {
					if r.word6 {
						cw := int(page[off])
						ru.istd = u16(page, off+1)
						ru.grpprl = slice(page, off+3, max(0, min(2*cw-2, 511-off-3)))
					} else {
						cb := int(page[off])
						var content []byte
						if cb == 0 && off+1 < 512 {
							content = slice(page, off+2, min(2*int(page[off+1]), 510-off))
						} else {
							content = slice(page, off+1, min(2*cb-1, 511-off))
						}
						ru.istd = u16(content, 0)
						if len(content) > 2 {
							ru.grpprl = content[2:]
						}
					}
				}
			} else {
				off := 2 * int(page[min(4*(cnt+1)+i, 511)])
				if off > 0 {
					cb := int(page[off])
					ru.grpprl = slice(page, off+1, min(cb, 511-off))
				}
			}
			out = append(out, ru)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].fc0 < out[b].fc0 })
	return out
}

// find returns the run holding byte offset fc, or nil.
func find(runs []run, fc int) *run {
	i := sort.Search(len(runs), func(i int) bool { return runs[i].fc1 > fc })
	if i < len(runs) && runs[i].fc0 <= fc {
		return &runs[i]
	}
	return nil
}

// sprms calls fn for every sprm of a grpprl with its operand.
func (r *reader) sprms(g []byte, fn func(op int, arg []byte)) {
	for i := 0; i < len(g); {
		if r.word6 {
			n := sprm6Len(g, i)
			if op, ok := sprm6To97[g[i]]; ok {
				fn(op, slice(g, i+1, n-1))
			}
			i += n
			continue
		}
		if i+2 > len(g) {
			return
		}
		op := u16(g, i)
		var n int
		switch op >> 13 {
		case 0, 1:
			n = 3
		case 2, 4, 5:
			n = 4
		case 3:
			n = 6
		case 7:
			n = 5
		case 6:
			if op == 0xD608 || op == 0xD606 { // sprmTDefTable(10): 2-byte length
				n = 4 + u16(g, i+2) - 1
			} else {
				l := 0
				if i+2 < len(g) {
					l = int(g[i+2])
				}
				if op == 0xC615 && l == 255 && i+3 < len(g) { // sprmPChgTabs
					del := int(g[i+3])
					add := 0
					if j := i + 4 + del*4; j < len(g) {
						add = int(g[j])
					}
					l = 2 + del*4 + add*3
				}
				n = 3 + l
			}
		}
		if n < 3 {
			n = 3
		}
		fn(op, slice(g, i+2, n-2))
		i += n
	}
}

// sprm6Len is the size of a Word 6 sprm with its operand.
func sprm6Len(g []byte, i int) int {
	at := func(j int) int {
		if j < len(g) {
			return int(g[j])
		}
		return 0
	}
	switch at(i) {
	case 2, 16, 17, 18, 19, 21, 22, 26, 27, 28, 30, 31, 32, 33, 34, 35, 36, 38, 39, 40, 41, 42, 43, 45, 46,
		47, 48, 49, 69, 72, 80, 93, 96, 97, 99, 101, 105, 106, 107, 109, 110, 121, 122, 123, 124, 140, 141,
		144, 145, 148, 149, 154, 155, 156, 157, 160, 161, 164, 165, 166, 167, 168, 169, 170, 171, 182, 183,
		184, 189, 195, 197, 198:
		return 3
	case 3, 12, 15, 81, 103, 108, 188, 190, 191:
		return 2 + at(i+1)
	case 20, 70, 74, 192, 194, 196, 200:
		return 5
	case 23:
		n := at(i + 1)
		if n == 255 {
			del := at(i + 2)
			add := at(i + 3 + del*4)
			n = 2 + del*4 + add*3
		}
		return 2 + n
	case 68, 193, 199:
		return 6
	case 73, 95, 136, 137:
		return 4
	case 120:
		return 14
	case 187:
		return 13
	}
	return 2
}

// The sprms we read, in Word 97 numbering.
const (
	sprmCFRMarkDel   = 0x0800
	sprmCFBold       = 0x0835
	sprmCFVanish     = 0x083C
	sprmCFSpec       = 0x0855
	sprmCFObj        = 0x0856
	sprmCFOle2       = 0x080A
	sprmCPicLocation = 0x6A03
	sprmCIstd        = 0x4A30
	sprmCRgFtc0      = 0x4A4F
	sprmCFtcDef      = 0x4A3D

	sprmPFInTable        = 0x2416
	sprmPFTtp            = 0x2417
	sprmPItap            = 0x6649
	sprmPFInnerTableCell = 0x244B
	sprmPFInnerTtp       = 0x244C
)

// sprm6To97 gives the Word 97 number of the Word 6 sprms we read (Word 6
// numbers them in one byte); the others are skipped.
var sprm6To97 = map[byte]int{
	65: sprmCFRMarkDel, 80: sprmCIstd, 85: sprmCFBold, 92: sprmCFVanish, 93: sprmCFtcDef, 117: sprmCFSpec,
	24: sprmPFInTable, 25: sprmPFTtp,
}

// applyChp applies a character grpprl to c; styled holds the style's
// values for the toggles (0x80 keeps it, 0x81 negates it).
func (r *reader) applyChp(c *chp, g []byte, styled chp) {
	toggle := func(arg []byte, cur *bool, style bool) {
		if len(arg) == 0 {
			return
		}
		switch arg[0] {
		case 0:
			*cur = false
		case 1:
			*cur = true
		case 0x80:
			*cur = style
		case 0x81:
			*cur = !style
		}
	}
	r.sprms(g, func(op int, arg []byte) {
		switch op {
		case sprmCFRMarkDel:
			toggle(arg, &c.delete, styled.delete)
		case sprmCFBold:
			toggle(arg, &c.bold, styled.bold)
		case sprmCFVanish:
			toggle(arg, &c.hidden, styled.hidden)
		case sprmCFSpec:
			toggle(arg, &c.special, false)
		case sprmCFOle2, sprmCFObj:
			toggle(arg, &c.ole, false)
		case sprmCPicLocation:
			c.picLocation = uint32(u32(arg, 0))
		case sprmCRgFtc0, sprmCFtcDef:
			c.font = r.font(u16(arg, 0))
		}
	})
}

func (r *reader) font(ftc int) string {
	if ftc >= 0 && ftc < len(r.fonts) {
		return r.fonts[ftc]
	}
	return ""
}

// styleChp is the character properties a style gives, with its bases.
func (r *reader) styleChp(istd, depth int) chp {
	if istd < 0 || istd >= len(r.styles) || depth > 16 {
		return chp{font: r.font(r.defFtc)}
	}
	s := r.styles[istd]
	var c chp
	if s.base != 0xFFF && s.base != istd {
		c = r.styleChp(s.base, depth+1)
	} else {
		c = chp{font: r.font(r.defFtc)}
	}
	base := c
	r.applyChp(&c, s.chpx, base)
	return c
}

// charProps resolves a character's properties from its paragraph style and
// its CHPX run (with its character style).
func (r *reader) charProps(istd int, ru *run, idx int) chp {
	key := [2]int{istd, idx}
	if c, ok := r.chpCache[key]; ok {
		return c
	}
	c := r.styleChp(istd, 0)
	if ru != nil && len(ru.grpprl) > 0 {
		// A character style applies first.
		r.sprms(ru.grpprl, func(op int, arg []byte) {
			if op == sprmCIstd {
				cs := u16(arg, 0)
				if cs > 0 && cs < len(r.styles) && r.styles[cs].stk == 2 {
					sc := c
					r.applyChp(&c, r.styles[cs].chpx, sc)
				}
			}
		})
		styled := c
		r.applyChp(&c, ru.grpprl, styled)
	}
	if len(r.chpCache) < 1<<16 {
		r.chpCache[key] = c
	}
	return c
}

func (r *reader) paraProps(fc int) pap {
	p := pap{}
	ru := find(r.papx, fc)
	if ru == nil {
		return p
	}
	p.istd = ru.istd
	apply := func(g []byte) {
		r.sprms(g, func(op int, arg []byte) {
			v := 0
			if len(arg) > 0 {
				v = int(arg[0])
			}
			switch op {
			case sprmPFInTable:
				p.inTable = v&1 == 1
			case sprmPFTtp:
				p.ttp = v&1 == 1
			case sprmPItap:
				p.itap = u32(arg, 0)
			case sprmPFInnerTableCell:
				p.innerTableCell = v&1 == 1
			case sprmPFInnerTtp:
				p.innerTTP = v&1 == 1
			}
		})
	}
	if p.istd >= 0 && p.istd < len(r.styles) {
		apply(r.styles[p.istd].papx)
	}
	apply(ru.grpprl)
	if p.itap == 0 && p.inTable {
		p.itap = 1
	}
	return p
}

// char is one decoded character with the byte offset it came from.
type char struct {
	r  rune
	fc int
}

// chars decodes characters [cp0, cp1) through the piece table.
func (r *reader) chars(cp0, cp1 int) []char {
	var out []char
	for _, p := range r.pieces {
		a, b := max(cp0, p.cp0), min(cp1, p.cp1)
		if a >= b {
			continue
		}
		for cp := a; cp < b; cp++ {
			if p.eightBit {
				fc := p.fc + (cp - p.cp0)
				if fc >= len(r.wd) {
					break
				}
				out = append(out, char{r: cp1252(r.wd[fc]), fc: fc})
			} else {
				fc := p.fc + 2*(cp-p.cp0)
				if fc+2 > len(r.wd) {
					break
				}
				u := rune(binary.LittleEndian.Uint16(r.wd[fc:]))
				if u >= 0xD800 && u < 0xDC00 && fc+4 <= len(r.wd) && cp+1 < b {
					lo := rune(binary.LittleEndian.Uint16(r.wd[fc+2:]))
					if lo >= 0xDC00 && lo < 0xE000 {
						out = append(out, char{r: utf16.DecodeRune(u, lo), fc: fc})
						cp++
						continue
					}
				}
				out = append(out, char{r: u, fc: fc})
			}
		}
	}
	return out
}

// cp1252Hi maps bytes 0x80–0x9F of Windows-1252; other bytes are Latin-1.
var cp1252Hi = [32]rune{
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
}

func cp1252(b byte) rune {
	if b >= 0x80 && b < 0xA0 {
		return cp1252Hi[b-0x80]
	}
	return rune(b)
}

func latin1(b []byte) string {
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = cp1252(c)
	}
	return string(rs)
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// story is one part of the document to be read: [cp0, cp1).
// story is a range of characters; main marks the document's body, whose
// embedded objects are read.
type story struct {
	cp0, cp1 int
	main     bool
}

// document builds the model.Document: the body, then footnotes and
// endnotes, then text boxes; headers and footers apart.
func (r *reader) document() *model.Document {
	f := format.NewFlow(model.FormatDOC)
	at := 0
	var stories [8]story
	for i, n := range r.ccp {
		stories[i] = story{at, at + n, i == 0}
		at += n
	}
	r.readStory(f, stories[0], f.Para)
	r.embedObjects(f)
	r.readStory(f, stories[1], f.Para) // footnotes
	r.readStory(f, stories[5], f.Para) // endnotes
	r.readStory(f, stories[6], f.Para) // text boxes
	r.readStory(f, stories[2], f.HeaderFooter)
	if r.nested {
		f.Warn("a table inside a table cell was flattened into the cell's text")
	}
	return f.Finish()
}

// object notes an embedded object met in the text: its storage is
// ObjectPool "_<picture location>". Word marks an EMBED field's separator,
// an object outside a field its character; one object is noted once.
func (r *reader) object(loc uint32) {
	if !slices.Contains(r.objects, loc) {
		r.objects = append(r.objects, loc)
	}
}

// embedObjects reads the objects met in the paragraph or table just added
// to the body (their storages in ObjectPool, by picture location) and adds
// their content after it; an object that cannot be read is a warning. An
// object without a storage (a link, a picture) is passed over. Objects of
// footnotes, headers and text boxes are not read.
func (r *reader) embedObjects(f *format.Flow) {
	objs := r.objects
	r.objects = nil
	if r.opt.Storage == nil || r.file == nil {
		return
	}
	for _, loc := range objs {
		st := r.file.Storage("ObjectPool", "_"+strconv.FormatUint(uint64(loc), 10))
		if st == nil {
			continue
		}
		class := ""
		if b, err := st.Stream("\x01CompObj"); err == nil {
			class = format.CompObjClass(b)
		}
		d, what := f.ReadObject(class, func() (*model.Document, error) { return r.opt.Storage(class, st) })
		if d != nil {
			f.Embed(d, what)
		}
	}
}

// readStory reads the paragraphs and tables of one story.
func (r *reader) readStory(f *format.Flow, s story, emit func(format.FlowPara)) {
	if s.cp1 <= s.cp0 {
		return
	}
	cs := r.chars(s.cp0, s.cp1)
	var para []char // characters of the paragraph being read
	var table format.FlowTable
	var row []format.FlowCell
	var cell format.FlowCell
	inTable := false
	flushTable := func() {
		if len(cell.Paras) > 0 {
			row = append(row, cell)
			cell = format.FlowCell{}
		}
		if len(row) > 0 {
			table.Rows = append(table.Rows, row)
			row = nil
		}
		if len(table.Rows) > 0 {
			f.Table(table)
		}
		table = format.FlowTable{}
		inTable = false
		if s.main {
			r.embedObjects(f)
		}
	}
	// endTableBefore ends the table before a paragraph just read: the
	// objects noted in the table follow the table, those of the paragraph
	// (from noted on) wait to follow the paragraph.
	endTableBefore := func(noted int) {
		own := slices.Clone(r.objects[noted:])
		r.objects = r.objects[:noted]
		flushTable()
		r.objects = append(r.objects, own...)
	}
	for _, c := range cs {
		switch c.r {
		case 0x0D, 0x07, 0x0C:
		default:
			para = append(para, c)
			continue
		}
		pp := r.paraProps(c.fc)
		noted := len(r.objects) // the objects of the table before p, if any
		p := r.paragraph(para, pp.istd)
		para = para[:0]
		if pp.itap > 1 {
			r.nested = true
		}
		switch {
		case c.r == 0x07 && pp.inTable && pp.ttp:
			// Row end mark: the row's cells are complete.
			inTable = true
			if len(cell.Paras) > 0 || len(p.Runs) > 0 {
				cell.Paras = append(cell.Paras, p)
				row = append(row, cell)
				cell = format.FlowCell{}
			}
			if len(row) > 0 {
				table.Rows = append(table.Rows, row)
			}
			row = nil
		case c.r == 0x07 && pp.inTable:
			inTable = true
			cell.Paras = append(cell.Paras, p)
			row = append(row, cell)
			cell = format.FlowCell{}
		case pp.inTable && c.r == 0x0D:
			inTable = true
			cell.Paras = append(cell.Paras, p)
		default:
			if inTable {
				endTableBefore(noted)
			}
			if emit != nil {
				emit(p)
			}
			if s.main {
				r.embedObjects(f)
			}
		}
	}
	if len(para) > 0 {
		noted := len(r.objects)
		p := r.paragraph(para, -1)
		if inTable {
			endTableBefore(noted)
		}
		emit(p)
	}
	if inTable {
		flushTable()
	}
}

// paragraph turns a paragraph's characters into runs: fields show their
// result, hidden and deleted text is left out, special characters are
// mapped.
func (r *reader) paragraph(cs []char, istd int) format.FlowPara {
	p := format.FlowPara{}
	if istd >= 0 && istd < len(r.styles) {
		p.Style = r.styles[istd].name
	}
	var b strings.Builder
	cur := chp{}
	started := false
	flush := func() {
		if b.Len() > 0 {
			p.Runs = append(p.Runs, format.FlowRun{Text: b.String(), Font: cur.font, Bold: cur.bold})
			b.Reset()
		}
	}
	// Field state: each open field is in its code (false) or result (true).
	var fields []bool
	inCode := func() bool {
		for _, res := range fields {
			if !res {
				return true
			}
		}
		return false
	}
	var last *run
	lastIdx := -1
	for _, c := range cs {
		var ru *run
		idx := -1
		if last != nil && last.fc0 <= c.fc && c.fc < last.fc1 {
			ru, idx = last, lastIdx
		} else {
			i := sort.Search(len(r.chpx), func(i int) bool { return r.chpx[i].fc1 > c.fc })
			if i < len(r.chpx) && r.chpx[i].fc0 <= c.fc {
				ru, idx = &r.chpx[i], i
			}
			last, lastIdx = ru, idx
		}
		props := r.charProps(istd, ru, idx)
		switch c.r {
		case 0x13:
			fields = append(fields, false)
			continue
		case 0x14:
			if len(fields) > 0 {
				fields[len(fields)-1] = true
			}
			// An EMBED field's separator names the object's storage.
			if props.ole && !props.delete {
				r.object(props.picLocation)
			}
			continue
		case 0x15:
			if len(fields) > 0 {
				fields = fields[:len(fields)-1]
			}
			continue
		}
		if inCode() || props.hidden || props.delete {
			continue
		}
		var out rune
		switch {
		case c.r == 0x0B:
			out = '\n'
		case c.r == 0x09:
			out = '\t'
		case c.r == 0x1E:
			out = '-'
		case c.r == 0xA0:
			out = ' '
		case c.r == 0x01 && props.special && props.ole:
			r.object(props.picLocation)
			continue
		case c.r < 0x20:
			continue
		case props.special && c.r < 0x30:
			continue // picture, footnote reference, drawn object
		case c.r >= 0xF020 && c.r <= 0xF0FF:
			out = c.r - 0xF000 // symbol-font private use: the byte the font draws
		default:
			out = c.r
		}
		if !started || props.font != cur.font || props.bold != cur.bold {
			flush()
			cur = props
			started = true
		}
		b.WriteRune(out)
	}
	flush()
	return p
}
