package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"vanban/extract"
	"vanban/ingest/xlsx"
)

var sample = []Row{
	{DocumentID: "abc", Number: "757/2003/QĐ-BTC", Date: "2003-04-08", Source: "btc.xls", Allocation: extract.Allocation{
		Recipient: "Lào Cai", RecipientKind: extract.RecipientProvince, Province: "Lào Cai", CurrentProvince: "Lào Cai", Column: "DỰ TOÁN / TỔNG SỐ",
		Group: "Năm 2020", AmountVND: 2_994_047_000_000, Table: 0, Row: 12, Sheet: "Sheet1"}},
	{DocumentID: "abc", Number: "757/2003/QĐ-BTC", Allocation: extract.Allocation{
		Recipient: "Điện Biên, \"tỉnh\"", AmountVND: 181_946_900_000, Page: 3}},
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sample); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeffSố, ký hiệu,") && !strings.HasPrefix(out, "\ufeff\"Số, ký hiệu\"") {
		t.Fatalf("no BOM or header: %q", out[:40])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 {
		t.Fatalf("records = %d, want header, 2 rows and a total for each of their 2 columns", len(recs))
	}
	tests := []struct {
		row, col int
		want     string
	}{
		{1, 5, "Lào Cai"}, {1, 10, "2994047000000"}, {1, 11, "1"}, {1, 14, "13"}, {1, 12, ""},
		{2, 5, "Điện Biên, \"tỉnh\""}, {2, 10, "181946900000"}, {2, 12, "3"},
		{1, 3, "2003-04-08"}, {1, 18, "Tỉnh, thành phố"}, {1, 4, "btc.xls"},
		{3, 5, "TỔNG CỘNG"}, {3, 9, "DỰ TOÁN / TỔNG SỐ"}, {3, 10, "2994047000000"}, {3, 0, ""},
		{4, 5, "TỔNG CỘNG"}, {4, 9, ""}, {4, 10, "181946900000"},
	}
	for _, tt := range tests {
		if got := recs[tt.row][tt.col]; got != tt.want {
			t.Errorf("record %d field %d (%s) = %q, want %q", tt.row, tt.col, Header[tt.col], got, tt.want)
		}
	}
}

func TestWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sample); err != nil {
		t.Fatal(err)
	}
	doc, err := xlsx.Read(context.Background(), buf.Bytes(), xlsx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sh := doc.Sheets[0]
	if sh.Name != "Phân bổ" || len(sh.Rows) != 5 {
		t.Fatalf("sheet %q rows %d", sh.Name, len(sh.Rows))
	}
	if h := sh.Rows[0][amountCol]; h.Text != "Số tiền (đồng)" || !h.Bold {
		t.Errorf("header = %+v", h)
	}
	if c := sh.Rows[1][amountCol]; c.Text != "2994047000000" || c.Kind != "n" {
		t.Errorf("amount = %+v", c)
	}
	if c := sh.Rows[2][5]; c.Text != "Điện Biên, \"tỉnh\"" {
		t.Errorf("recipient = %+v", c)
	}
	if c := sh.Rows[3][amountCol]; c.Text != "2994047000000" || c.Kind != "n" || sh.Rows[3][5].Text != "TỔNG CỘNG" {
		t.Errorf("total row = %+v", sh.Rows[3])
	}
	// The date is a date cell (a serial number formatted as a date), not text.
	if c := sh.Rows[1][dateCol]; c.Kind != "d" || c.Text != "2003-04-08" {
		t.Errorf("date = %+v, want the date 2003-04-08 as a number formatted as a date", c)
	}
}

// TestTotalWithoutDoubleCounting: there is one total line per column,
// never one across columns (a "Trong đó" column is a part of "Tổng số",
// revenue is not spending); a column's total leaves out sub-items (level
// 1), and each row says its level and what its column is a part of.
func TestTotalWithoutDoubleCounting(t *testing.T) {
	rows := []Row{
		{Allocation: extract.Allocation{Recipient: "Sở A", Column: "Tổng số", AmountVND: 500}},
		{Allocation: extract.Allocation{Recipient: "Trung tâm B", Column: "Tổng số", AmountVND: 200, Level: 1}},
		{Allocation: extract.Allocation{Recipient: "Sở A", Column: "Trong đó / Vốn đầu tư", AmountVND: 300, ColumnPartOf: "Tổng số"}},
		{Allocation: extract.Allocation{Recipient: "Sở C", Column: "Tổng số", AmountVND: 100}},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 || recs[2][16] != "1" || recs[3][17] != "Tổng số" || recs[1][16] != "0" {
		t.Fatalf("records = %q", recs)
	}
	if total := recs[5]; total[amountCol] != "600" || total[5] != "TỔNG CỘNG" || total[9] != "Tổng số" {
		t.Errorf("total line = %q, want Tổng số 600 (500 + 100)", total)
	}
	if total := recs[6]; total[amountCol] != "300" || total[9] != "Trong đó / Vốn đầu tư" {
		t.Errorf("total line = %q, want Trong đó / Vốn đầu tư 300", total)
	}
}
