package xlsxwrite

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Table writes one sheet: a bold, shaded, frozen header row, then the
// rows. Values are written as they come (string, int64, float64, …);
// numFmt gives a number format per 0-based column ("#,##0" for amounts in
// đồng), so a clerk sees 2.994.047.000.000 and Excel keeps the number.
// Rows are streamed: memory stays bounded however many rows there are.
func Table(w io.Writer, sheet string, header []string, rows [][]any, numFmt map[int]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("xlsxwrite: sheet name %q: %w", sheet, err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsxwrite: %w", err)
	}
	headStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: "Times New Roman", Size: 12},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    borders(),
	})
	if err != nil {
		return fmt.Errorf("xlsxwrite: header style: %w", err)
	}
	bodyStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12}, Border: borders()})
	if err != nil {
		return fmt.Errorf("xlsxwrite: style: %w", err)
	}
	colStyle := map[int]int{}
	for col, nf := range numFmt {
		nf := nf
		id, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12}, CustomNumFmt: &nf, Border: borders()})
		if err != nil {
			return fmt.Errorf("xlsxwrite: number format %q: %w", nf, err)
		}
		colStyle[col] = id
	}
	// Column widths from the header and the first rows.
	for c := range header {
		width := utf8.RuneCountInString(header[c])
		for _, r := range rows[:min(len(rows), 200)] {
			if c < len(r) {
				width = max(width, utf8.RuneCountInString(fmt.Sprint(r[c]))+2)
			}
		}
		if err := sw.SetColWidth(c+1, c+1, float64(min(max(width, 8), 60))); err != nil {
			return fmt.Errorf("xlsxwrite: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsxwrite: %w", err)
	}
	head := make([]any, len(header))
	for i, h := range header {
		head[i] = excelize.Cell{StyleID: headStyle, Value: h}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
		return fmt.Errorf("xlsxwrite: header: %w", err)
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for c, v := range r {
			id, ok := colStyle[c]
			if !ok {
				id = bodyStyle
			}
			vals[c] = excelize.Cell{StyleID: id, Value: v}
		}
		axis, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(axis, vals); err != nil {
			return fmt.Errorf("xlsxwrite: row %d: %w", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsxwrite: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsxwrite: writing: %w", err)
	}
	return nil
}

func borders() []excelize.Border {
	var b []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		b = append(b, excelize.Border{Type: side, Color: "999999", Style: 1})
	}
	return b
}
