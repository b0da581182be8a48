package xlsxwrite

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// What a clerk opens: the header bold and frozen, Vietnamese names intact,
// amounts as exact numbers with the column's format, rows in order.
func TestTable(t *testing.T) {
	var buf bytes.Buffer
	err := Table(&buf, "Phân bổ", []string{"Đơn vị nhận", "Số tiền (đồng)"},
		[][]any{{"Lào Cai", int64(2994047000000)}, {"Điện Biên", int64(14876625000000)}}, map[int]string{1: "#,##0"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Phân bổ" {
		t.Fatalf("sheets = %v, want [Phân bổ]", got)
	}
	rows, err := f.GetRows("Phân bổ", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Đơn vị nhận", "Số tiền (đồng)"}, {"Lào Cai", "2994047000000"}, {"Điện Biên", "14876625000000"}}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q, want %q", rows, want)
	}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d col %d = %q, want %q", i, j, rows[i][j], want[i][j])
			}
		}
	}
	style := func(cell string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle("Phân bổ", cell)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := style("A1"); s.Font == nil || !s.Font.Bold {
		t.Errorf("header A1 is not bold: %+v", s.Font)
	}
	if s := style("B2"); s.CustomNumFmt == nil || *s.CustomNumFmt != "#,##0" {
		t.Errorf("amount B2 number format = %v, want #,##0", s.CustomNumFmt)
	}
	if s := style("A2"); s.Font == nil || s.Font.Bold || s.CustomNumFmt != nil {
		t.Errorf("body A2 style = %+v", s)
	}
	panes, err := f.GetPanes("Phân bổ")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, want the header row frozen", panes)
	}
}

// A sheet name Excel refuses is an error that names it, not a broken file.
func TestTableBadSheetName(t *testing.T) {
	var buf bytes.Buffer
	err := Table(&buf, "a/b", []string{"x"}, nil, nil)
	if err == nil {
		t.Fatal("a sheet name with '/' was accepted")
	}
	if !bytes.Contains([]byte(err.Error()), []byte(`"a/b"`)) {
		t.Errorf("error %q does not name the sheet", err)
	}
}
