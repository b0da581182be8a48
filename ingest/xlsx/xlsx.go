package xlsx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"vanban/ingest"
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
func Read(ctx context.Context, data []byte, opt Options) (doc *ingest.Document, err error) {
	if len(data) == 0 {
		return nil, ingest.ErrEmpty
	}
	if bytes.HasPrefix(data, oleMagic) && opt.Password == "" {
		return nil, fmt.Errorf("%w: this .xlsx is password-protected; give its password to open it", ingest.ErrEncrypted)
	}
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = fmt.Errorf("%w: xlsx: %v", ingest.ErrCorrupt, r)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		Password:          opt.Password,
		UnzipSizeLimit:    unzipSizeLimit,
		UnzipXMLSizeLimit: unzipXMLSizeLimit,
		RawCellValue:      true,
	})
	if err != nil {
		switch {
		case errors.Is(err, excelize.ErrWorkbookPassword):
			return nil, fmt.Errorf("%w: the password given for this .xlsx is not correct", ingest.ErrEncrypted)
		case strings.Contains(err.Error(), "unzip size exceeds"):
			return nil, fmt.Errorf("%w: xlsx unpacks to more than %d MiB", ingest.ErrTooLarge, unzipSizeLimit>>20)
		}
		return nil, fmt.Errorf("%w: xlsx: %v", ingest.ErrCorrupt, err)
	}
	defer f.Close()
	doc = &ingest.Document{Format: ingest.FormatXLSX}
	r := &reader{f: f, styles: map[int]style{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	for _, name := range f.GetSheetList() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sh, warn, err := r.sheet(ctx, name)
		if err != nil {
			return nil, &ingest.FileError{Sheet: name, Err: err}
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
	date int // 0 not a date, 1 date, 2 date-time, 3 time
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
			s.date = ingest.ClassifyNumberFormat(*st.CustomNumFmt)
		default:
			s.date = ingest.BuiltinDateFormat(st.NumFmt)
		}
	}
	r.styles[id] = s
	return s
}

func (r *reader) sheet(ctx context.Context, name string) (ingest.Sheet, string, error) {
	sh := ingest.Sheet{Name: name}
	if visible, err := r.f.GetSheetVisible(name); err == nil {
		sh.Hidden = !visible
	}
	rows, err := r.f.Rows(name)
	if err != nil {
		return sh, "", fmt.Errorf("%w: %v", ingest.ErrCorrupt, err)
	}
	defer rows.Close()
	// First pass: stream the raw values (bounded memory whatever the size).
	var raws [][]string
	rowIdx := -1
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
			sh.HiddenRows = append(sh.HiddenRows, rowIdx)
		}
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return sh, "", fmt.Errorf("%w: row %d: %v", ingest.ErrCorrupt, rowIdx+1, err)
		}
		r.cells += len(vals)
		if r.cells > maxCells {
			return sh, "", fmt.Errorf("%w: more than %d cells", ingest.ErrTooLarge, maxCells)
		}
		raws = append(raws, vals)
	}
	if err := rows.Error(); err != nil {
		return sh, "", fmt.Errorf("%w: %v", ingest.ErrCorrupt, err)
	}
	// Second pass: cells; a small sheet also gets styles, types and
	// formulas looked up cell by cell (that loads the whole worksheet).
	small := len(raws) <= smallSheet
	sh.Rows = make([][]ingest.Cell, len(raws))
	for i, vals := range raws {
		cells := make([]ingest.Cell, len(vals))
		for c, v := range vals {
			if v == "" && !small {
				continue
			}
			cells[c] = r.cell(name, i, c, v, small)
		}
		n := len(cells)
		for n > 0 && cells[n-1].Text == "" {
			n--
		}
		sh.Rows[i] = cells[:n]
		raws[i] = nil
	}
	// Drop trailing empty rows.
	n := len(sh.Rows)
	for n > 0 && len(sh.Rows[n-1]) == 0 {
		n--
	}
	sh.Rows = sh.Rows[:n]
	warn := ""
	if small {
		if merges, err := r.f.GetMergeCells(name, true); err == nil {
			for _, m := range merges {
				c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
				c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
				if err1 == nil && err2 == nil {
					sh.Merges = append(sh.Merges, ingest.Merge{Row0: r0 - 1, Col0: c0 - 1, Row1: r1 - 1, Col1: c1 - 1})
				}
			}
		}
	} else {
		warn = fmt.Sprintf("sheet %q is large (%d rows): read without cell fonts, date formats, formulas without cached values or merged areas", name, len(sh.Rows))
	}
	return sh, warn, nil
}

var rawNumber = regexp.MustCompile(`^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)

// cell builds one cell from its raw value; on a small sheet it also looks
// up the style and, for an empty cell, a formula to compute.
func (r *reader) cell(sheet string, row, col int, raw string, small bool) ingest.Cell {
	var c ingest.Cell
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
		c.Kind = ingest.CellBool
		c.Text = map[bool]string{true: "TRUE", false: "FALSE"}[raw == "1" || strings.EqualFold(raw, "true")]
	case typ == excelize.CellTypeError:
		c.Kind, c.Text = ingest.CellError, raw
	case typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeFormula && !rawNumber.MatchString(raw):
		c.Kind, c.Text = ingest.CellString, norm.NFC.String(raw)
	case rawNumber.MatchString(raw) && (typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset || typ == excelize.CellTypeFormula || typ == excelize.CellTypeDate):
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsInf(v, 0) {
			c.Kind, c.Text = ingest.CellString, raw
			break
		}
		if st.date != 0 && v >= 0 && v < 2958466 {
			c.Kind, c.Text = ingest.CellDate, ingest.SerialDateText(v, r.date1904, st.date)
			break
		}
		c.Kind, c.Text = ingest.CellNumber, NumberText(raw, v)
	default:
		c.Kind, c.Text = ingest.CellString, norm.NFC.String(raw)
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
	return ingest.NumberText(v)
}

func sigDigits(s string) int {
	s = strings.TrimLeft(strings.TrimPrefix(s, "-"), "0.")
	return len(strings.ReplaceAll(s, ".", ""))
}
