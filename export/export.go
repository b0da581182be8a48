package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"vanban/export/xlsxwrite"
	"vanban/extract"
	"vanban/index"
)

// Row is one allocation with the document it comes from.
type Row struct {
	DocumentID string `json:"document_id"`
	Number     string `json:"number,omitempty"`
	Type       string `json:"type,omitempty"`
	Issuer     string `json:"issuer,omitempty"`
	Date       string `json:"date,omitempty"`   // ISO 8601; a real date in XLSX
	Source     string `json:"source,omitempty"` // file names, "; " between them
	// Files are every file holding the row (index.AllocationRow.Files).
	Files []index.File `json:"files,omitempty"`
	extract.Allocation
}

// Header is the column header of both formats, in Vietnamese. Columns are
// only ever added at the end: scripts read them by position.
var Header = []string{
	"Số, ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày", "Tệp",
	"Đơn vị nhận", "Tỉnh (theo văn bản)", "Tỉnh (từ 01/7/2025)", "Nhóm", "Cột",
	"Số tiền (đồng)", "Bảng", "Trang", "Sheet", "Dòng", "Mã văn bản",
	"Cấp (0 mục, 1 chi tiết)", "Là phần của cột", "Loại đơn vị nhận", "Đơn vị tính gốc",
}

const (
	dateCol   = 3
	amountCol = 10
)

// kindNames are the recipient kinds as a clerk reads them.
var kindNames = map[string]string{
	extract.RecipientProvince: "Tỉnh, thành phố",
	extract.RecipientUnit:     "Cơ quan, đơn vị",
	extract.RecipientLine:     "Dòng ngân sách",
}

func record(r Row, xlsxDates bool) []any {
	page := any("")
	if r.Page > 0 {
		page = int64(r.Page)
	}
	date := any(r.Date)
	if t, err := time.Parse(time.DateOnly, r.Date); err == nil && xlsxDates {
		date = t
	}
	return []any{
		r.Number, r.Type, r.Issuer, date, r.Source,
		r.Recipient, r.Province, r.CurrentProvince, r.Group, r.Column,
		r.AmountVND, int64(r.Table + 1), page, r.Sheet, int64(r.Row + 1), r.DocumentID,
		int64(r.Level), r.ColumnPartOf, kindNames[r.RecipientKind], r.Unit,
	}
}

// WriteCSV writes the rows as CSV with a UTF-8 byte-order mark, so that
// Excel shows "Điện Biên" and not mojibake. Amounts are plain integers.
func WriteCSV(w io.Writer, rows []Row) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	line := make([]string, len(Header))
	for i, r := range rows {
		for j, v := range record(r, false) {
			switch x := v.(type) {
			case int64:
				line[j] = strconv.FormatInt(x, 10)
			case string:
				line[j] = x
			default:
				line[j] = fmt.Sprint(x)
			}
		}
		if err := cw.Write(line); err != nil {
			return fmt.Errorf("export csv: row %d: %w", i+1, err)
		}
	}
	for _, total := range totalRecords(rows) {
		for j, v := range total {
			line[j] = fmt.Sprint(v)
		}
		if err := cw.Write(line); err != nil {
			return fmt.Errorf("export csv: total: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// WriteXLSX writes the rows as one sheet "Phân bổ" with a bold, frozen
// header, the amount column formatted "#,##0" and dates as dates.
func WriteXLSX(w io.Writer, rows []Row) error {
	totals := totalRecords(rows)
	data := make([][]any, len(rows), len(rows)+len(totals))
	for i, r := range rows {
		data[i] = record(r, true)
	}
	data = append(data, totals...)
	if err := xlsxwrite.Table(w, "Phân bổ", Header, data, map[int]string{amountCol: "#,##0", dateCol: "dd/mm/yyyy"}); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	return nil
}

// FromIndex turns the index's allocation rows into export rows.
func FromIndex(rows []index.AllocationRow) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		names := make([]string, 0, len(r.Files))
		for _, f := range r.Files {
			if f.Name != "" {
				names = append(names, f.Name)
			}
		}
		out[i] = Row{DocumentID: r.DocumentID, Number: r.Number, Type: r.Type,
			Issuer: r.Issuer, Date: r.Date, Source: strings.Join(names, "; "), Files: r.Files, Allocation: r.Allocation}
	}
	return out
}

// totalRecords are the last lines of both formats: one "TỔNG CỘNG" per
// column (per column and group for budget lines), each the exact sum of
// that column's amounts without counting a detail row beside its item
// (index.ColumnSums). Amounts of different columns are never added
// together: revenue and spending, two years, a total and its parts.
func totalRecords(rows []Row) [][]any {
	irows := make([]index.AllocationRow, len(rows))
	for i, r := range rows {
		irows[i] = index.AllocationRow{DocumentID: r.DocumentID, Allocation: r.Allocation}
	}
	sums, _, _ := index.ColumnSums(irows)
	out := make([][]any, len(sums))
	for i, s := range sums {
		rec := make([]any, len(Header))
		for j := range rec {
			rec[j] = ""
		}
		rec[5] = "TỔNG CỘNG"
		rec[8] = s.Group
		rec[9] = s.Column
		rec[amountCol] = s.SumVND
		out[i] = rec
	}
	return out
}
