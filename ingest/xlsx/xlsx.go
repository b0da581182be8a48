package xlsx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"vanban/ingest/format"
	"vanban/model"
)

// Limits.
const (
	unzipSizeLimit    = 100 << 20 // whole package, uncompressed
	unzipXMLSizeLimit = 50 << 20  // one part kept in memory; larger parts spill to temp files
	maxRows           = 1_048_576
	maxCells          = 5_000_000
	// smallSheet is the row count up to which a sheet's cells are looked up
	// one by one for their style (font, bold, date format), formula and
	// merges; beyond it only values and hidden rows are streamed, so a huge
	// sheet is read in bounded memory.
	smallSheet = 20_000
	// maxLookupArea bounds the cells excelize fills in when cells are
	// looked up one by one: it loads the worksheet with every row up to the
	// last and every cell of a row up to its last, so that cost follows the
	// addresses (one cell at XFD1 is 16 384 cells there), not the cells.
	maxLookupArea = 1_000_000
)

// Options tune Read.
type Options struct {
	// Password opens an encrypted workbook.
	Password string
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Read parses a workbook held in memory: values streamed row by row (raw
// numbers, exact), cached formula results (computed when a formula has no
// cached value), merged areas in Sheet.Merges, hidden sheets and rows
// noted, each cell's font name and boldness.
func Read(ctx context.Context, data []byte, opt Options) (doc *model.Document, err error) {
	if len(data) == 0 {
		return nil, format.ErrEmpty
	}
	if bytes.HasPrefix(data, oleMagic) && opt.Password == "" {
		return nil, fmt.Errorf("%w: this .xlsx is password-protected; give its password to open it", format.ErrEncrypted)
	}
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = fmt.Errorf("%w: xlsx: %v", format.ErrCorrupt, r)
		}
	}()
	data, realNames := standInSheetNames(data)
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		Password:          opt.Password,
		UnzipSizeLimit:    unzipSizeLimit,
		UnzipXMLSizeLimit: unzipXMLSizeLimit,
		RawCellValue:      true,
	})
	if err != nil {
		switch {
		case errors.Is(err, excelize.ErrWorkbookPassword):
			return nil, fmt.Errorf("%w: the password given for this .xlsx is not correct", format.ErrEncrypted)
		case strings.Contains(err.Error(), "unzip size exceeds"):
			return nil, fmt.Errorf("%w: xlsx unpacks to more than %d MiB", format.ErrTooLarge, unzipSizeLimit>>20)
		}
		return nil, fmt.Errorf("%w: xlsx: %v", format.ErrCorrupt, err)
	}
	defer f.Close()
	doc = &model.Document{Format: model.FormatXLSX}
	r := &reader{f: f, styles: map[int]style{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	for _, name := range f.GetSheetList() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sh, warn, err := r.sheet(ctx, name)
		if real, ok := realNames[name]; ok {
			sh.Name = real
			warn = strings.ReplaceAll(warn, strconv.Quote(name), strconv.Quote(real))
			name = real
		}
		if err != nil {
			return nil, &format.FileError{Sheet: name, Err: err}
		}
		if warn != "" {
			doc.Warnings = append(doc.Warnings, warn)
		}
		doc.Sheets = append(doc.Sheets, sh)
	}
	return doc, nil
}

type style struct {
	font string
	bold bool
	date format.FormatDateKind // NotDate, DateOnly, DateAndTime, TimeOfDayFmt
	num  format.NumberFormat   // what a number shows (Cell.Shown)
}

type reader struct {
	f        *excelize.File
	styles   map[int]style // by style id
	date1904 bool          // the workbook counts dates from 1904
	cells    int
}

func (r *reader) style(id int) style {
	if s, ok := r.styles[id]; ok {
		return s
	}
	var s style
	if st, err := r.f.GetStyle(id); err == nil && st != nil {
		if st.Font != nil {
			s.font, s.bold = st.Font.Family, st.Font.Bold
		}
		switch {
		case st.CustomNumFmt != nil:
			s.date = format.ClassifyNumberFormat(*st.CustomNumFmt)
			s.num = format.ParseNumberFormat(*st.CustomNumFmt)
		default:
			s.date = format.BuiltinDateFormat(st.NumFmt)
			s.num = format.ParseNumberFormat(format.BuiltinNumberFormat(st.NumFmt))
		}
	}
	r.styles[id] = s
	return s
}

func (r *reader) sheet(ctx context.Context, name string) (model.Sheet, string, error) {
	sh := model.Sheet{Name: name}
	if visible, err := r.f.GetSheetVisible(name); err == nil {
		sh.Hidden = !visible
	}
	rows, err := r.f.Rows(name)
	if err != nil {
		return sh, "", fmt.Errorf("%w: %v", format.ErrCorrupt, err)
	}
	defer rows.Close()
	// First pass: stream the raw values (bounded memory whatever the size),
	// keeping only rows that hold something: a sheet costs what its cells
	// cost, not what their addresses imply (one cell at XFD1048576 is one
	// row of one cell, not a million rows).
	var raws []rawRow
	var hidden []int
	rowIdx := -1
	area := 0 // cells a lookup would make excelize fill in
	for rows.Next() {
		rowIdx++
		if rowIdx%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return sh, "", err
			}
		}
		if rowIdx >= maxRows {
			break
		}
		if rows.GetRowOpts().Hidden {
			hidden = append(hidden, rowIdx)
		}
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return sh, "", fmt.Errorf("%w: row %d: %v", format.ErrCorrupt, rowIdx+1, err)
		}
		area += 1 + len(vals)
		cols := usedColumns(vals)
		// A row of empty cells may hold formulas without cached values,
		// computed on a small sheet; it is kept while the sheet may be small.
		if len(cols) == 0 && (len(vals) == 0 || rowIdx >= smallSheet || area > maxLookupArea) {
			continue
		}
		r.cells += len(cols)
		if r.cells > maxCells {
			return sh, "", fmt.Errorf("%w: more than %d cells", format.ErrTooLarge, maxCells)
		}
		rr := rawRow{idx: rowIdx, width: len(vals), cols: cols, vals: make([]string, len(cols))}
		for i, c := range cols {
			rr.vals[i] = vals[c]
		}
		raws = append(raws, rr)
	}
	if err := rows.Error(); err != nil {
		return sh, "", fmt.Errorf("%w: %v", format.ErrCorrupt, err)
	}
	// A small sheet (in rows as stored, and in the cells a lookup fills
	// in) gets each cell's style, type and formula looked up.
	small := rowIdx+1 <= smallSheet && area <= maxLookupArea
	var merges []excelize.MergeCell
	if small {
		merges, _ = r.f.GetMergeCells(name, true)
		// Formulas without a cached value are empty in the stream; on a
		// small sheet they are computed, so their cells count as used.
		r.addFormulaCells(name, raws)
	}
	raws = slices.DeleteFunc(raws, func(rr rawRow) bool { return len(rr.cols) == 0 })
	rowMap, colMap := newGapMap(raws, merges)
	// Second pass: cells at their place with long blank runs shortened; a
	// small sheet also gets styles, types and formulas looked up cell by
	// cell (that loads the whole worksheet).
	sh.Rows = make([][]model.Cell, rowMap.size())
	for i := range raws {
		rr := &raws[i]
		last := rr.cols[len(rr.cols)-1]
		row := make([]model.Cell, colMap.pos(last)+1)
		if small {
			// Empty cells get their font too, as they did when every
			// stored cell was read.
			next := 0
			for c := 0; c <= last; c++ {
				v := ""
				if rr.cols[next] == c {
					v = rr.vals[next]
					next++
				}
				if p, ok := colMap.exact(c); ok {
					row[p] = r.cell(name, rr.idx, c, v, small)
				}
			}
		} else {
			for k, c := range rr.cols {
				row[colMap.pos(c)] = r.cell(name, rr.idx, c, rr.vals[k], small)
			}
		}
		n := len(row)
		for n > 0 && row[n-1].Text == "" {
			n--
		}
		sh.Rows[rowMap.pos(rr.idx)] = row[:n]
		rr.vals = nil
	}
	// Drop trailing empty rows.
	n := len(sh.Rows)
	for n > 0 && len(sh.Rows[n-1]) == 0 {
		n--
	}
	sh.Rows = sh.Rows[:n]
	for i := range sh.Rows {
		if sh.Rows[i] == nil {
			sh.Rows[i] = []model.Cell{} // a blank row, as read before (no allocation)
		}
	}
	for _, h := range hidden {
		if p, ok := rowMap.exact(h); ok && p < n && (len(sh.HiddenRows) == 0 || sh.HiddenRows[len(sh.HiddenRows)-1] != p) {
			sh.HiddenRows = append(sh.HiddenRows, p)
		}
	}
	for _, m := range merges {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 == nil && err2 == nil {
			sh.Merges = append(sh.Merges, model.Merge{Row0: rowMap.pos(r0 - 1), Col0: colMap.pos(c0 - 1),
				Row1: rowMap.pos(r1 - 1), Col1: colMap.pos(c1 - 1)})
		}
	}
	var warns []string
	if !small {
		warns = append(warns, fmt.Sprintf("sheet %q is large (%d rows, %d cells as addressed): read without cell fonts, date formats, formulas without cached values or merged areas", name, rowIdx+1, area-rowIdx-1))
	}
	if w := gapWarning(name, rowMap, colMap); w != "" {
		warns = append(warns, w)
	}
	return sh, strings.Join(warns, "; "), nil
}

// rawRow is a streamed row that holds something: its 0-based index, how
// many cells it stores (width), the 0-based columns of its non-empty
// values, and those values.
type rawRow struct {
	idx, width int
	cols       []int
	vals       []string
}

func usedColumns(vals []string) []int {
	var cols []int
	for c, v := range vals {
		if v != "" {
			cols = append(cols, c)
		}
	}
	return cols
}

// addFormulaCells adds the stored cells that hold a formula but no cached
// value (empty in the stream) to the rows' used cells, so that they are
// computed.
func (r *reader) addFormulaCells(sheet string, raws []rawRow) {
	for i := range raws {
		rr := &raws[i]
		if len(rr.cols) == rr.width {
			continue // every stored cell has a value
		}
		var cols []int
		var vals []string
		next := 0
		for c := range rr.width {
			if next < len(rr.cols) && rr.cols[next] == c {
				cols, vals = append(cols, c), append(vals, rr.vals[next])
				next++
				continue
			}
			axis, _ := excelize.CoordinatesToCellName(c+1, rr.idx+1)
			if fx, err := r.f.GetCellFormula(sheet, axis); err == nil && fx != "" {
				cols, vals = append(cols, c), append(vals, "")
			}
		}
		rr.cols, rr.vals = cols, vals
	}
}

var rawNumber = regexp.MustCompile(`^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)

// cell builds one cell from its raw value; on a small sheet it also looks
// up the style and, for an empty cell, a formula to compute.
func (r *reader) cell(sheet string, row, col int, raw string, small bool) model.Cell {
	var c model.Cell
	var st style
	axis := ""
	if small {
		axis, _ = excelize.CoordinatesToCellName(col+1, row+1)
		if id, err := r.f.GetCellStyle(sheet, axis); err == nil {
			st = r.style(id)
		}
		c.Font, c.Bold = st.font, st.bold
		if raw == "" {
			if fx, err := r.f.GetCellFormula(sheet, axis); err == nil && fx != "" {
				c.Formula = true
				if v, err := r.f.CalcCellValue(sheet, axis, excelize.Options{RawCellValue: true}); err == nil {
					raw = v
				}
			}
		}
	}
	if raw == "" {
		return c
	}
	typ := excelize.CellTypeUnset
	if small {
		typ, _ = r.f.GetCellType(sheet, axis)
	}
	switch {
	case typ == excelize.CellTypeBool:
		c.Kind = model.CellBool
		c.Text = map[bool]string{true: "TRUE", false: "FALSE"}[raw == "1" || strings.EqualFold(raw, "true")]
	case typ == excelize.CellTypeError:
		c.Kind, c.Text = model.CellError, raw
	case typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeFormula && !rawNumber.MatchString(raw):
		c.Kind, c.Text = model.CellString, norm.NFC.String(raw)
	case rawNumber.MatchString(raw) && (typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset || typ == excelize.CellTypeFormula || typ == excelize.CellTypeDate):
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsInf(v, 0) {
			c.Kind, c.Text = model.CellString, raw
			break
		}
		if st.date != format.NotDate && v >= 0 && v < 2958466 {
			c.Kind, c.Text = model.CellDate, format.SerialDateText(v, r.date1904, st.date)
			break
		}
		c.Kind, c.Text = model.CellNumber, NumberText(raw, v)
		if shown := st.num.Shown(c.Text); shown != c.Text {
			c.Shown = shown
		}
	default:
		c.Kind, c.Text = model.CellString, norm.NFC.String(raw)
	}
	return c
}

// NumberText writes a stored number exactly as the file has it when that
// is plain decimal ("2994047", "181946.9"); exponents and binary noise
// beyond Excel's 15 significant digits ("65658017.599999994") are
// rewritten as the shortest decimal at 15 digits ("65658017.6").
func NumberText(raw string, v float64) string {
	if !strings.ContainsAny(raw, "eE") && sigDigits(raw) <= 15 && !strings.HasPrefix(raw, ".") && !strings.HasPrefix(raw, "-.") && !strings.HasSuffix(raw, ".") {
		if raw == "-0" {
			return "0"
		}
		return raw
	}
	if v == 0 {
		return "0"
	}
	return format.NumberText(v)
}

func sigDigits(s string) int {
	s = strings.TrimLeft(strings.TrimPrefix(s, "-"), "0.")
	return len(strings.ReplaceAll(s, ".", ""))
}
