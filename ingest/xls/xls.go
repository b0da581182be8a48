package xls

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"vanban/ingest/format"
	"vanban/ingest/ole2"
	"vanban/model"
)

// Limits that keep a hostile file from taking the machine.
const (
	maxCells  = 4_000_000 // cells over the whole workbook
	maxSheets = 1024
	maxSST    = 4_000_000 // shared strings
)

var (
	// ErrNotXLS says the OLE2 file holds no Workbook stream (an encrypted
	// .xlsx, a .doc, …).
	ErrNotXLS = fmt.Errorf("%w: an Office 97–2003 (OLE2) file that holds neither an Excel workbook nor a Word document", format.ErrUnsupported)
	// ErrOldFormat is returned for BIFF2–BIFF4 files (Excel 4.0 and older).
	ErrOldFormat = errors.New("old Excel 4.0 or earlier format is not supported; open it in Excel or LibreOffice and save as .xlsx")
)

// Read parses a BIFF8 (Excel 97–2003) or BIFF5 (Excel 5.0/95) workbook held
// in memory. It never panics: a damaged file gives an error wrapping
// format.ErrCorrupt, a password-protected one format.ErrEncrypted.
func Read(data []byte) (doc *model.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = fmt.Errorf("%w: xls: %v", format.ErrCorrupt, r)
		}
	}()
	if len(data) == 0 {
		return nil, format.ErrEmpty
	}
	if isRawBIFF(data) {
		return nil, ErrOldFormat
	}
	stream, err := workbookStream(data)
	if err != nil {
		return nil, err
	}
	return parseWorkbook(stream)
}

// IsEncryptedOOXML reports whether an OLE2 file is an encrypted .xlsx
// (it holds an EncryptionInfo stream) rather than a legacy workbook.
func IsEncryptedOOXML(data []byte) bool {
	return bytes.Contains(data, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o"))
}

// isRawBIFF tells a BIFF2–4 worksheet/workbook, which is a bare record
// stream (no OLE2 container) starting with a BOF record.
func isRawBIFF(data []byte) bool {
	if len(data) < 4 {
		return false
	}
	switch binary.LittleEndian.Uint16(data) {
	case 0x0009, 0x0209, 0x0409:
		return true
	}
	return false
}

// ReadStorage parses the workbook of an OLE2 storage: an Excel 97–2003
// object embedded in a Word document (its ObjectPool).
func ReadStorage(f *ole2.File) (doc *model.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = fmt.Errorf("%w: xls: %v", format.ErrCorrupt, r)
		}
	}()
	stream, err := storageWorkbook(f)
	if err != nil {
		return nil, err
	}
	return parseWorkbook(stream)
}

func workbookStream(data []byte) ([]byte, error) {
	f, err := ole2.Open(data)
	if errors.Is(err, ole2.ErrCutShort) {
		return nil, fmt.Errorf("%w: an Office 97–2003 file cut short (%v)", format.ErrTruncated, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: xls: %v", format.ErrCorrupt, err)
	}
	return storageWorkbook(f)
}

// storageWorkbook is the BIFF record stream of a compound file or storage.
func storageWorkbook(f *ole2.File) ([]byte, error) {
	name := "Workbook" // prefer the BIFF8 stream when both exist
	if !f.Has(name) {
		name = "Book"
	}
	if !f.Has(name) {
		if f.HasAny("EncryptionInfo") || f.HasAny("EncryptedPackage") {
			return nil, fmt.Errorf("%w: an encrypted .xlsx inside an OLE2 file (%w)", ErrNotXLS, format.ErrEncrypted)
		}
		return nil, ErrNotXLS
	}
	book, err := f.Stream(name)
	switch {
	case errors.Is(err, ole2.ErrStreamTooLarge):
		return nil, fmt.Errorf("%w: xls: %v", format.ErrTooLarge, err)
	case err != nil && len(book) == 0:
		return nil, fmt.Errorf("%w: xls: reading the %s stream: %v", format.ErrTruncated, name, err)
	case len(book) == 0:
		return nil, ErrNotXLS
	}
	return book, nil
}

// record is one BIFF record; data is only valid until the next read.
type record struct {
	typ  uint16
	data []byte
}

type recReader struct {
	b   []byte
	pos int
}

func (r *recReader) next() (record, bool) {
	if r.pos+4 > len(r.b) {
		return record{}, false
	}
	typ := binary.LittleEndian.Uint16(r.b[r.pos:])
	n := int(binary.LittleEndian.Uint16(r.b[r.pos+2:]))
	start := r.pos + 4
	end := start + n
	if end > len(r.b) {
		end = len(r.b) // truncated last record: give what there is
	}
	r.pos = start + n
	return record{typ, r.b[start:end]}, true
}

func (r *recReader) peekType() uint16 {
	if r.pos+4 > len(r.b) {
		return 0
	}
	return binary.LittleEndian.Uint16(r.b[r.pos:])
}

const (
	recBOF        = 0x0809
	recEOF        = 0x000A
	recBoundSheet = 0x0085
	recFilePass   = 0x002F
	recCodepage   = 0x0042
	recDateMode   = 0x0022
	recSST        = 0x00FC
	recContinue   = 0x003C
	recLabelSST   = 0x00FD
	recLabel      = 0x0204
	recRString    = 0x00D6
	recNumber     = 0x0203
	recRK         = 0x027E
	recMulRK      = 0x00BD
	recFormula    = 0x0006
	recString     = 0x0207
	recBoolErr    = 0x0205
	recMerged     = 0x00E5
	recFont       = 0x0031
	recXF         = 0x00E0
	recFormat     = 0x041E
	recRow        = 0x0208
)

type font struct {
	name string
	bold bool
}

type xf struct {
	font   int
	format int
}

type workbook struct {
	biff5    bool
	codepage uint16
	date1904 bool
	sst      []string
	fonts    []font
	xfs      []xf
	formats  map[int]string
	numFmts  map[int]format.NumberFormat // parsed formats, by id
	cells    int
}

type boundSheet struct {
	name   string
	offset int
	hidden bool
	kind   byte
}

func parseWorkbook(stream []byte) (*model.Document, error) {
	rr := &recReader{b: stream}
	first, ok := rr.next()
	if !ok || first.typ != recBOF || len(first.data) < 4 {
		if ok && (first.typ == 0x0009 || first.typ == 0x0209 || first.typ == 0x0409) {
			return nil, ErrOldFormat
		}
		return nil, fmt.Errorf("%w: xls: the Workbook stream does not start with a BOF record", format.ErrCorrupt)
	}
	wb := &workbook{formats: map[int]string{}, codepage: 1252}
	switch v := binary.LittleEndian.Uint16(first.data); v {
	case 0x0600:
	case 0x0500:
		wb.biff5 = true
	default:
		// Some writers put 0 here; BIFF8 is the best guess for a Workbook stream.
		if v < 0x0500 && v != 0 {
			return nil, ErrOldFormat
		}
	}
	var sheets []boundSheet
	// Globals substream.
globals:
	for {
		rec, ok := rr.next()
		if !ok {
			return nil, fmt.Errorf("%w: xls: workbook globals end without EOF", format.ErrTruncated)
		}
		d := rec.data
		switch rec.typ {
		case recEOF:
			break globals
		case recFilePass:
			return nil, fmt.Errorf("%w: this .xls is password-protected; remove the password in Excel (File › Info › Protect Workbook) and save it again", format.ErrEncrypted)
		case recCodepage:
			if len(d) >= 2 {
				wb.codepage = binary.LittleEndian.Uint16(d)
			}
		case recDateMode:
			if len(d) >= 2 {
				wb.date1904 = binary.LittleEndian.Uint16(d) == 1
			}
		case recBoundSheet:
			if len(d) < 8 || len(sheets) >= maxSheets {
				continue
			}
			s := boundSheet{
				offset: int(binary.LittleEndian.Uint32(d)),
				hidden: d[4]&3 != 0,
				kind:   d[5],
			}
			s.name, _ = wb.shortString(d[6:])
			sheets = append(sheets, s)
		case recFont:
			wb.fonts = append(wb.fonts, wb.parseFont(d))
		case recXF:
			if len(d) >= 4 {
				wb.xfs = append(wb.xfs, xf{font: int(binary.LittleEndian.Uint16(d)), format: int(binary.LittleEndian.Uint16(d[2:]))})
			}
		case recFormat:
			if len(d) >= 3 {
				id := int(binary.LittleEndian.Uint16(d))
				var s string
				if wb.biff5 {
					s, _ = wb.byteString(d[2:])
				} else {
					s, _ = wb.unicodeString(d[2:])
				}
				wb.formats[id] = s
			}
		case recSST:
			segs := [][]byte{d}
			for rr.peekType() == recContinue {
				c, _ := rr.next()
				segs = append(segs, c.data)
			}
			wb.sst = parseSST(segs)
		}
	}

	doc := &model.Document{Format: model.FormatXLS}
	for _, s := range sheets {
		if s.kind != 0 {
			continue // chart, macro or VB module
		}
		sh, warn, err := wb.readSheet(stream, s)
		if err != nil {
			return nil, err
		}
		if warn != "" {
			doc.Warnings = append(doc.Warnings, warn)
		}
		doc.Sheets = append(doc.Sheets, sh)
	}
	if len(doc.Sheets) == 0 && len(sheets) == 0 {
		return nil, fmt.Errorf("%w: xls: the workbook lists no sheets", format.ErrCorrupt)
	}
	return doc, nil
}

// sparse cell while reading a sheet.
type pcell struct {
	row, col int
	cell     model.Cell
}

func (wb *workbook) readSheet(stream []byte, s boundSheet) (model.Sheet, string, error) {
	sh := model.Sheet{Name: s.name, Hidden: s.hidden}
	if s.offset < 0 || s.offset >= len(stream) {
		return sh, fmt.Sprintf("sheet %q: its data lies outside the file and was skipped", s.name), nil
	}
	rr := &recReader{b: stream, pos: s.offset}
	bof, ok := rr.next()
	if !ok || bof.typ != recBOF {
		return sh, fmt.Sprintf("sheet %q: no BOF record where the workbook says it starts; skipped", s.name), nil
	}
	var cells []pcell
	hidden := map[int]bool{}
	var pendingFormula *pcell // FORMULA waiting for its STRING record
	add := func(row, col int, c model.Cell) error {
		if row < 0 || col < 0 || row > 1<<20 || col > 1<<14 {
			return nil
		}
		wb.cells++
		if wb.cells > maxCells {
			return fmt.Errorf("%w: xls: more than %d cells", format.ErrTooLarge, maxCells)
		}
		cells = append(cells, pcell{row, col, c})
		return nil
	}
	depth := 0
loop:
	for {
		rec, ok := rr.next()
		if !ok {
			break // truncated sheet: keep what was read
		}
		d := rec.data
		switch rec.typ {
		case recBOF:
			depth++ // embedded chart substream
			continue
		case recEOF:
			if depth == 0 {
				break loop
			}
			depth--
			continue
		}
		if depth > 0 {
			continue
		}
		switch rec.typ {
		case recString, recContinue, 0x04BC, 0x0221, 0x0236: // SHRFMLA, ARRAY, TABLE sit between FORMULA and STRING
		default:
			pendingFormula = nil
		}
		switch rec.typ {
		case recLabelSST:
			if len(d) < 10 {
				continue
			}
			row, col, ix := rc(d)
			i := int(binary.LittleEndian.Uint32(d[6:]))
			text := ""
			if i >= 0 && i < len(wb.sst) {
				text = wb.sst[i]
			}
			if err := add(row, col, wb.styled(model.Cell{Kind: model.CellString, Text: text}, ix)); err != nil {
				return sh, "", err
			}
		case recLabel, recRString:
			if len(d) < 8 {
				continue
			}
			row, col, ix := rc(d)
			var text string
			if wb.biff5 {
				text, _ = wb.byteString16(d[6:])
			} else {
				text, _ = wb.unicodeString(d[6:])
			}
			if err := add(row, col, wb.styled(model.Cell{Kind: model.CellString, Text: text}, ix)); err != nil {
				return sh, "", err
			}
		case recNumber:
			if len(d) < 14 {
				continue
			}
			row, col, ix := rc(d)
			v := math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))
			if err := add(row, col, wb.number(v, ix, false)); err != nil {
				return sh, "", err
			}
		case recRK:
			if len(d) < 10 {
				continue
			}
			row, col, ix := rc(d)
			v := rkValue(binary.LittleEndian.Uint32(d[6:]))
			if err := add(row, col, wb.number(v, ix, false)); err != nil {
				return sh, "", err
			}
		case recMulRK:
			if len(d) < 6 {
				continue
			}
			row := int(binary.LittleEndian.Uint16(d))
			col := int(binary.LittleEndian.Uint16(d[2:]))
			for p := 4; p+6 <= len(d)-2; p += 6 {
				ix := int(binary.LittleEndian.Uint16(d[p:]))
				v := rkValue(binary.LittleEndian.Uint32(d[p+2:]))
				if err := add(row, col, wb.number(v, ix, false)); err != nil {
					return sh, "", err
				}
				col++
			}
		case recFormula:
			if len(d) < 20 {
				continue
			}
			row, col, ix := rc(d)
			val := d[6:14]
			if val[6] == 0xFF && val[7] == 0xFF {
				c := model.Cell{Formula: true}
				switch val[0] {
				case 0: // string in the next STRING record
					c.Kind = model.CellString
					if err := add(row, col, wb.styled(c, ix)); err != nil {
						return sh, "", err
					}
					pendingFormula = &cells[len(cells)-1]
					continue
				case 1:
					c.Kind = model.CellBool
					c.Text = boolText(val[2] != 0)
				case 2:
					c.Kind = model.CellError
					c.Text = errorText(val[2])
				case 3:
					c.Kind = model.CellString // empty string
				}
				if err := add(row, col, wb.styled(c, ix)); err != nil {
					return sh, "", err
				}
			} else {
				v := math.Float64frombits(binary.LittleEndian.Uint64(val))
				if err := add(row, col, wb.number(v, ix, true)); err != nil {
					return sh, "", err
				}
			}
		case recString:
			if pendingFormula == nil {
				continue
			}
			segs := [][]byte{d}
			for rr.peekType() == recContinue {
				c, _ := rr.next()
				segs = append(segs, c.data)
			}
			if wb.biff5 {
				pendingFormula.cell.Text, _ = wb.byteString16(d)
			} else {
				sr := &segReader{segs: segs}
				pendingFormula.cell.Text = sr.xlString(false)
			}
			pendingFormula = nil
		case recBoolErr:
			if len(d) < 8 {
				continue
			}
			row, col, ix := rc(d)
			c := model.Cell{Kind: model.CellBool, Text: boolText(d[6] != 0)}
			if d[7] == 1 {
				c = model.Cell{Kind: model.CellError, Text: errorText(d[6])}
			}
			if err := add(row, col, wb.styled(c, ix)); err != nil {
				return sh, "", err
			}
		case recMerged:
			if len(d) < 2 {
				continue
			}
			n := int(binary.LittleEndian.Uint16(d))
			for i := 0; i < n && 2+8*i+8 <= len(d); i++ {
				p := d[2+8*i:]
				m := model.Merge{
					Row0: int(binary.LittleEndian.Uint16(p)),
					Row1: int(binary.LittleEndian.Uint16(p[2:])),
					Col0: int(binary.LittleEndian.Uint16(p[4:])),
					Col1: int(binary.LittleEndian.Uint16(p[6:])),
				}
				if m.Row1 >= m.Row0 && m.Col1 >= m.Col0 && len(sh.Merges) < 100000 {
					sh.Merges = append(sh.Merges, m)
				}
			}
		case recRow:
			if len(d) >= 16 && binary.LittleEndian.Uint32(d[12:])&0x20 != 0 {
				hidden[int(binary.LittleEndian.Uint16(d))] = true
			}
		}
	}
	// Densify: rows from 0 to the last used row, each as long as its last cell.
	maxRow := -1
	for _, c := range cells {
		if c.row > maxRow {
			maxRow = c.row
		}
	}
	if maxRow >= 0 {
		sh.Rows = make([][]model.Cell, maxRow+1)
		width := make([]int, maxRow+1)
		for _, c := range cells {
			if c.col+1 > width[c.row] {
				width[c.row] = c.col + 1
			}
		}
		for r, w := range width {
			if w > 0 {
				sh.Rows[r] = make([]model.Cell, w)
			}
		}
		for _, c := range cells {
			sh.Rows[c.row][c.col] = c.cell
		}
	}
	for r := range hidden {
		sh.HiddenRows = append(sh.HiddenRows, r)
	}
	sort.Ints(sh.HiddenRows)
	return sh, "", nil
}

func rc(d []byte) (row, col, xf int) {
	return int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:])), int(binary.LittleEndian.Uint16(d[4:]))
}

func rkValue(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&0xFFFFFFFC) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

func boolText(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

func errorText(code byte) string {
	switch code {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	}
	return "#ERR!"
}

// styled sets the cell's font from its XF record.
func (wb *workbook) styled(c model.Cell, ix int) model.Cell {
	if ix < 0 || ix >= len(wb.xfs) {
		return c
	}
	fi := wb.xfs[ix].font
	if fi >= 4 {
		fi-- // font index 4 does not exist in BIFF
	}
	if fi >= 0 && fi < len(wb.fonts) {
		c.Font = wb.fonts[fi].name
		c.Bold = wb.fonts[fi].bold
	}
	return c
}

// number builds a number cell, or a date cell when its format is a date.
func (wb *workbook) number(v float64, ix int, formula bool) model.Cell {
	c := model.Cell{Kind: model.CellNumber, Formula: formula}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		c.Kind = model.CellError
		c.Text = "#NUM!"
		return wb.styled(c, ix)
	}
	if ix >= 0 && ix < len(wb.xfs) && v >= 0 && v < 2958466 {
		if kind := dateKind(wb.xfs[ix].format, wb.formats); kind != format.NotDate {
			c.Kind = model.CellDate
			c.Text = format.SerialDateText(v, wb.date1904, kind)
			return wb.styled(c, ix)
		}
	}
	c.Text = format.NumberText(v)
	if ix >= 0 && ix < len(wb.xfs) {
		if shown := wb.numberFormat(wb.xfs[ix].format).Shown(c.Text); shown != c.Text {
			c.Shown = shown
		}
	}
	return wb.styled(c, ix)
}

// numberFormat is what format id shows of a number (Cell.Shown): a FORMAT
// record of the file, else the built-in format of that id.
func (wb *workbook) numberFormat(id int) format.NumberFormat {
	if nf, ok := wb.numFmts[id]; ok {
		return nf
	}
	code, ok := wb.formats[id]
	if !ok {
		code = format.BuiltinNumberFormat(id)
	}
	nf := format.ParseNumberFormat(code)
	if wb.numFmts == nil {
		wb.numFmts = map[int]format.NumberFormat{}
	}
	wb.numFmts[id] = nf
	return nf
}

// dateKind is the date kind (format.NotDate, DateOnly, …) of format id.
func dateKind(id int, custom map[int]string) format.FormatDateKind {
	if k := format.BuiltinDateFormat(id); k != format.NotDate {
		return k
	}
	f, ok := custom[id]
	if !ok {
		return format.NotDate
	}
	return format.ClassifyNumberFormat(f)
}

func (wb *workbook) parseFont(d []byte) font {
	var f font
	if len(d) < 15 {
		return f
	}
	f.bold = binary.LittleEndian.Uint16(d[6:]) >= 700
	if wb.biff5 {
		f.name, _ = wb.byteString(d[14:])
	} else {
		f.name, _ = wb.shortString(d[14:])
	}
	return f
}

// shortString reads a ShortXLUnicodeString (1-byte count, flags, chars), or
// a BIFF5 byte string.
func (wb *workbook) shortString(d []byte) (string, int) {
	if wb.biff5 {
		return wb.byteString(d)
	}
	if len(d) < 2 {
		return "", len(d)
	}
	n := int(d[0])
	return decodeChars(d[2:], n, d[1]&1 != 0)
}

// unicodeString reads an XLUnicodeString (2-byte count, flags, chars).
func (wb *workbook) unicodeString(d []byte) (string, int) {
	if len(d) < 3 {
		return "", len(d)
	}
	n := int(binary.LittleEndian.Uint16(d))
	flags := d[2]
	p := 3
	if flags&8 != 0 {
		p += 2
	}
	if flags&4 != 0 {
		p += 4
	}
	if p > len(d) {
		return "", len(d)
	}
	return decodeChars(d[p:], n, flags&1 != 0)
}

// byteString reads a BIFF5 string with a 1-byte count in the file's codepage.
func (wb *workbook) byteString(d []byte) (string, int) {
	if len(d) < 1 {
		return "", 0
	}
	n := int(d[0])
	if 1+n > len(d) {
		n = len(d) - 1
	}
	return wb.decode8(d[1 : 1+n]), 1 + n
}

// byteString16 reads a BIFF5 string with a 2-byte count.
func (wb *workbook) byteString16(d []byte) (string, int) {
	if len(d) < 2 {
		return "", len(d)
	}
	n := int(binary.LittleEndian.Uint16(d))
	if 2+n > len(d) {
		n = len(d) - 2
	}
	return wb.decode8(d[2 : 2+n]), 2 + n
}

// decode8 turns 8-bit text in the workbook's codepage into NFC UTF-8.
func (wb *workbook) decode8(b []byte) string {
	var cm *charmap.Charmap
	switch wb.codepage {
	case 1258:
		cm = charmap.Windows1258
	case 1252, 0x8000, 0:
		cm = charmap.Windows1252
	case 1250:
		cm = charmap.Windows1250
	case 1251:
		cm = charmap.Windows1251
	case 1200, 367:
		cm = nil
	default:
		cm = charmap.Windows1252
	}
	if cm == nil {
		return norm.NFC.String(latin1(b))
	}
	s, err := cm.NewDecoder().Bytes(b)
	if err != nil {
		return norm.NFC.String(latin1(b))
	}
	return norm.NFC.String(string(s))
}

func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// decodeChars reads n characters, 1 byte each (compressed UTF-16, i.e.
// Latin-1) or 2 bytes each, and returns NFC text and the bytes used.
func decodeChars(d []byte, n int, wide bool) (string, int) {
	if wide {
		if 2*n > len(d) {
			n = len(d) / 2
		}
		u := make([]uint16, n)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(d[2*i:])
		}
		return norm.NFC.String(string(utf16.Decode(u))), 2 * n
	}
	if n > len(d) {
		n = len(d)
	}
	return norm.NFC.String(latin1(d[:n])), n
}

// segReader reads across a record and its CONTINUE records.
type segReader struct {
	segs [][]byte
	seg  int
	off  int
}

func (s *segReader) eof() bool {
	for s.seg < len(s.segs) && s.off >= len(s.segs[s.seg]) {
		s.seg++
		s.off = 0
	}
	return s.seg >= len(s.segs)
}

func (s *segReader) byte() byte {
	if s.eof() {
		panic(errShort)
	}
	b := s.segs[s.seg][s.off]
	s.off++
	return b
}

var errShort = errors.New("string runs past the end of its record")

func (s *segReader) u16() int { return int(s.byte()) | int(s.byte())<<8 }
func (s *segReader) u32() int {
	return int(uint32(s.byte()) | uint32(s.byte())<<8 | uint32(s.byte())<<16 | uint32(s.byte())<<24)
}

func (s *segReader) skip(n int) {
	for n > 0 {
		if s.eof() {
			panic(errShort)
		}
		avail := len(s.segs[s.seg]) - s.off
		if avail > n {
			avail = n
		}
		s.off += avail
		n -= avail
	}
}

// xlString reads an XLUnicodeRichExtendedString (rich=true for SST entries,
// whose flags may announce runs and extended data) or an XLUnicodeString.
// When the characters are split over a CONTINUE boundary, the continuation
// starts with a new flags byte that says whether the rest is 1 or 2 bytes a
// character.
func (s *segReader) xlString(rich bool) string {
	n := s.u16()
	flags := s.byte()
	var runs, ext int
	if flags&8 != 0 {
		runs = s.u16()
	}
	if flags&4 != 0 {
		ext = s.u32()
	}
	wide := flags&1 != 0
	u := make([]uint16, 0, min(n, 1<<16))
	for len(u) < n {
		if s.seg < len(s.segs) && s.off >= len(s.segs[s.seg]) {
			// Boundary inside the characters: the continuation restarts
			// with a flags byte.
			s.seg++
			s.off = 0
			if s.seg >= len(s.segs) {
				panic(errShort)
			}
			wide = s.byte()&1 != 0
			continue
		}
		if s.seg >= len(s.segs) {
			panic(errShort)
		}
		if wide {
			u = append(u, uint16(s.u16()))
		} else {
			u = append(u, uint16(s.byte()))
		}
	}
	s.skip(4*runs + ext)
	return norm.NFC.String(string(utf16.Decode(u)))
}

// parseSST reads the shared string table; a damaged tail keeps the strings
// read so far.
func parseSST(segs [][]byte) (out []string) {
	defer func() {
		if r := recover(); r != nil && r != errShort {
			panic(r)
		}
	}()
	s := &segReader{segs: segs}
	s.u32() // total references
	unique := s.u32()
	if unique > maxSST {
		unique = maxSST
	}
	out = make([]string, 0, min(unique, 1<<16))
	for len(out) < unique && !s.eof() {
		out = append(out, s.xlString(true))
	}
	return out
}
