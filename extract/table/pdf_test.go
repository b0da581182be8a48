package table

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/ingest/pdf"
	"vanban/ingest/xlsx"
	"vanban/model"
)

func readPDF(t *testing.T, name string) *model.Document {
	t.Helper()
	dir := needCorpus(t, "pdf")
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := pdf.Read(context.Background(), data, pdf.Options{NoOCR: true})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestPDFMatchesItsWorkbook: the 666 appendix printed to PDF gives the same
// cells as the workbook it was printed from. It reports the agreement and
// fails under 99 %.
func TestPDFMatchesItsWorkbook(t *testing.T) {
	doc := readPDF(t, "lamdong_666-TTr-SNV_phu-luc-tong-hop-gop-y.pdf")
	data, err := os.ReadFile(filepath.Join(needCorpus(t, "xlsx"), "lamdong_tong-hop-gop-y_666.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	book, err := xlsx.Read(context.Background(), data, xlsx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pt := FromPages(doc.Pages)
	xt := FromSheet(&book.Sheets[0])
	if len(pt) != 1 || len(xt) != 1 {
		t.Fatalf("tables: pdf %d, xlsx %d", len(pt), len(xt))
	}
	p, x := pt[0], xt[0]
	if strings.Join(p.Columns, "|") != strings.Join(x.Columns, "|") {
		t.Errorf("columns differ:\npdf  %q\nxlsx %q", p.Columns, x.Columns)
	}
	if len(p.Rows) != len(x.Rows) {
		t.Errorf("rows: pdf %d, xlsx %d", len(p.Rows), len(x.Rows))
	}
	same, total := 0, 0
	for i := 0; i < min(len(p.Rows), len(x.Rows)); i++ {
		for c := range x.Rows[i].Cells {
			total++
			var pc string
			if c < len(p.Rows[i].Cells) {
				pc = p.Rows[i].Cells[c]
			}
			if pc == x.Rows[i].Cells[c] {
				same++
			} else {
				t.Logf("row %d col %d:\npdf  %q\nxlsx %q", i, c, pc, x.Rows[i].Cells[c])
			}
		}
	}
	agree := float64(same) / float64(max(total, 1))
	t.Logf("cell agreement PDF vs XLSX: %d/%d = %.3f", same, total, agree)
	if agree < 0.99 {
		t.Errorf("agreement %.3f < 0.99", agree)
	}
}

// TestPLVIRows: the Phụ lục VI score tables, stitched over six pages.
func TestPLVIRows(t *testing.T) {
	doc := readPDF(t, "lamdong_PL-VI_cai-cach-tai-chinh-cong-2025_bang-theo-don-vi.pdf")
	tabs := FromPages(doc.Pages)
	if len(tabs) != 2 {
		t.Fatalf("tables = %d, want 2 (cấp sở, cấp xã)", len(tabs))
	}
	wantCols := []string{"STT", "Đơn vị", "Điểm chuẩn tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Chỉ số"}
	for i, tb := range tabs {
		if strings.Join(tb.Columns, "|") != strings.Join(wantCols, "|") {
			t.Errorf("table %d columns = %q", i+1, tb.Columns)
		}
	}
	count := func(tb *Table) (n int) {
		for _, r := range tb.Rows {
			if r.Kind == Item {
				n++
			}
		}
		return n
	}
	if n := count(tabs[0]); n != 15 {
		t.Errorf("cấp sở rows = %d, want 15", n)
	}
	if n := count(tabs[1]); n != 124 {
		t.Errorf("cấp xã rows = %d, want 124", n)
	}
	if tabs[1].Title != "II. ĐỐI VỚI CẤP XÃ" {
		t.Errorf("title = %q", tabs[1].Title)
	}
	find := func(tb *Table, label string) []string {
		for _, r := range tb.Rows {
			if r.Label == label {
				return r.Cells
			}
		}
		return nil
	}
	tests := []struct {
		table int
		label string
		want  string
	}{
		{0, "Ban Quản lý các KCN", "1|Ban Quản lý các KCN|6,00|6,00|6,00|100,00%"},
		{0, "Sở Dân tộc và Tôn giáo", "3|Sở Dân tộc và Tôn giáo|8,00|7,31|5,31|66,38%"},
		{0, "Sở Văn hoá, Thể thao và Du lịch", "11|Sở Văn hoá, Thể thao và Du lịch|8,00|6,00|7,00|87,50%"},
		{0, "Chỉ số trung bình", "Chỉ số trung bình|||||81,93%"},
		{1, "UBND phường La Gi", "1|UBND phường La Gi|7,50|7,00|7,50|100,00%"},
		{1, "UBND xã Tân Thành", "7|UBND xã Tân Thành|7,50|6,25|7,38|98,40%"},
		{1, "UBND xã Cát Tiên", "28|UBND xã Cát Tiên|7,50|6,00|6,00|80,00%"},
		{1, "Chỉ số thấp nhất", "Chỉ số thấp nhất|||||20,00%"},
	}
	for _, tt := range tests {
		got := strings.Join(find(tabs[tt.table], tt.label), "|")
		if got != tt.want {
			t.Errorf("%s = %q, want %q", tt.label, got, tt.want)
		}
	}
}

// page builds a page without rules from lines of cells placed at column x
// positions.
func page(lines [][]string, xs []float64) model.Page {
	p := model.Page{Number: 1, Width: 595, Height: 842}
	y := 100.0
	for _, cells := range lines {
		l := model.Line{Y0: y, Y1: y + 10}
		for c, cell := range cells {
			x := xs[c]
			for _, w := range strings.Fields(cell) {
				wd := float64(len([]rune(w))) * 5
				l.Words = append(l.Words, model.Word{Text: w, X0: x, X1: x + wd, Y0: y, Y1: y + 10})
				x += wd + 3
			}
		}
		for i, w := range l.Words {
			if i > 0 {
				l.Text += " "
			}
			l.Text += w.Text
		}
		p.Lines = append(p.Lines, l)
		y += 14
	}
	return p
}

func TestAlignedPDFTable(t *testing.T) {
	p := page([][]string{
		{"PHÂN BỔ KINH PHÍ NĂM 2025"},
		{"", "", "Đơn vị tính: triệu đồng"},
		{"STT", "Đơn vị", "Số tiền"},
		{"1", "Sở Tài chính", "2.994.047"},
		{"2", "Sở Văn hóa, Thể thao và Du lịch", "181.946,9"},
		{"", "Tổng cộng", "3.175.993,9"},
	}, []float64{60, 100, 400})
	p.Lines[0].Words[0].X0 = 150 // the title is centred, not in a column
	tabs := FromPages([]model.Page{p})
	if len(tabs) != 1 {
		t.Fatalf("tables = %d", len(tabs))
	}
	tb := tabs[0]
	if strings.Join(tb.Columns, "|") != "STT|Đơn vị|Số tiền" {
		t.Errorf("columns = %q", tb.Columns)
	}
	if tb.Unit.VND != 1_000_000 {
		t.Errorf("unit = %+v", tb.Unit)
	}
	var got []string
	for _, r := range tb.Rows {
		got = append(got, string(r.Kind)+":"+strings.Join(r.Cells, "|"))
	}
	want := []string{"item:1|Sở Tài chính|2.994.047", "item:2|Sở Văn hóa, Thể thao và Du lịch|181.946,9", "total:|Tổng cộng|3.175.993,9"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if w := tb.Check(1); len(w) != 0 {
		t.Errorf("warnings = %q", w)
	}
	if v, _ := tb.Rows[1].Nums[2].Times(tb.Unit.VND); v != 181_946_900_000 {
		t.Errorf("amount = %d", v)
	}
}
