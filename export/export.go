package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest/xlsx"
)

// Row is one allocation with the document it comes from.
type Row struct {
	DocumentID string `json:"document_id"`
	Number     string `json:"number,omitempty"`
	Type       string `json:"type,omitempty"`
	Issuer     string `json:"issuer,omitempty"`
	Date       string `json:"date,omitempty"`
	Source     string `json:"source,omitempty"` // file name
	extract.Allocation
}

// Header is the column header of both formats, in Vietnamese.
var Header = []string{
	"Số, ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày", "Tệp",
	"Đơn vị nhận", "Tỉnh (theo văn bản)", "Tỉnh (từ 01/7/2025)", "Nhóm", "Cột",
	"Số tiền (đồng)", "Bảng", "Trang", "Sheet", "Dòng", "Mã văn bản",
	"Cấp (0 mục, 1 chi tiết)", "Là phần của cột",
}

const amountCol = 10

func record(r Row) []any {
	page := any("")
	if r.Page > 0 {
		page = int64(r.Page)
	}
	return []any{
		r.Number, r.Type, r.Issuer, r.Date, r.Source,
		r.Recipient, r.Province, r.CurrentProvince, r.Group, r.Column,
		r.AmountVND, int64(r.Table + 1), page, r.Sheet, int64(r.Row + 1), r.DocumentID,
		int64(r.Level), r.ColumnPartOf,
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
		for j, v := range record(r) {
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
	for j, v := range totalRecord(rows) {
		line[j] = fmt.Sprint(v)
	}
	if err := cw.Write(line); err != nil {
		return fmt.Errorf("export csv: total: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// WriteXLSX writes the rows as one sheet "Phân bổ" with a bold, frozen
// header and the amount column formatted "#,##0".
func WriteXLSX(w io.Writer, rows []Row) error {
	data := make([][]any, len(rows), len(rows)+1)
	for i, r := range rows {
		data[i] = record(r)
	}
	data = append(data, totalRecord(rows))
	if err := xlsx.WriteTable(w, "Phân bổ", Header, data, map[int]string{amountCol: "#,##0"}); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	return nil
}

// FromIndex turns the index's allocation rows into export rows.
func FromIndex(rows []index.AllocationRow) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = Row{DocumentID: r.DocumentID, Number: r.Number, Type: r.Type,
			Issuer: r.Issuer, Date: r.Date, Allocation: r.Allocation}
	}
	return out
}

// totalRecord is the last line of both formats: the exact sum of the
// amounts without counting any twice (extract.SumVND: a part of a column
// beside its total, a detail row beside its item).
func totalRecord(rows []Row) []any {
	allocs := make([]extract.Allocation, len(rows))
	all := int64(0)
	for i, r := range rows {
		allocs[i] = r.Allocation
		all += r.AmountVND
	}
	sum := extract.SumVND(allocs, func(i int) string { return rows[i].DocumentID })
	skipped := sum != all
	rec := make([]any, len(Header))
	for i := range rec {
		rec[i] = ""
	}
	rec[5] = "TỔNG CỘNG"
	if skipped {
		rec[9] = "không cộng lại các cột thành phần và dòng chi tiết đã có trong dòng, cột tổng"
	}
	rec[amountCol] = sum
	return rec
}
