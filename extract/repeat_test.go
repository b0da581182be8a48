package extract

import (
	"strings"
	"testing"

	"vanban/model"
)

// A table repeats another when its money figures are the same (a sheet's
// Unicode copy); two tables without money figures of the same shape (two
// lists of comments) repeat nothing.
func TestRepeatedTablesByMoneyFigures(t *testing.T) {
	money := [][]string{
		{"Đơn vị tính: triệu đồng"},
		{"STT", "Tỉnh", "Kinh phí"},
		{"1", "Hà Giang", "#1500"},
		{"2", "Lâm Đồng", "#2500"},
		{"", "Tổng cộng", "#4000"},
	}
	text := func(a, b string) [][]string {
		return [][]string{
			{"STT", "Đơn vị góp ý", "Nội dung góp ý", "Ý kiến tiếp thu"},
			{"1", "UBND xã " + a, "Đề nghị bổ sung quy trình", "Tiếp thu"},
			{"2", "Sở " + b, "Làm rõ thời hạn", "Giải trình"},
		}
	}
	for _, c := range []struct {
		name    string
		sheets  [][][]string
		repeats int
	}{
		{"the same money table twice", [][][]string{money, money}, 1},
		{"two text tables of the same shape", [][][]string{text("A", "B"), text("C", "D")}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var doc model.Document
			for i, rows := range c.sheets {
				s := sheetDoc(rows...).Sheets[0]
				s.Name = string(rune('A' + i))
				doc.Sheets = append(doc.Sheets, s)
			}
			rec := Extract(&doc, nil)
			n := 0
			for _, w := range rec.Warnings {
				if strings.Contains(w, "repeats table") {
					n++
				}
			}
			if n != c.repeats {
				t.Errorf("%d repeat warnings, want %d: %q", n, c.repeats, rec.Warnings)
			}
			if len(rec.Tables) != len(c.sheets) {
				t.Errorf("%d tables, want %d", len(rec.Tables), len(c.sheets))
			}
		})
	}
}
