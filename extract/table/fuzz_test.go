package table

import (
	"strings"
	"testing"

	"vanban/model"
)

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"2.994.047", "181.946,9", "1,234,567", "(1.234)", "42.489.480 (1)", "-", "9999999999999999999", "1.2.3,4,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := ParseNumber(s)
		if !ok {
			return
		}
		// What String prints must read back as the same number.
		back, ok2 := ParseNumber(n.String())
		if !ok2 || !Equal(n, back) {
			t.Fatalf("ParseNumber(%q) = %v; String %q reads back as %v, %v", s, n, n.String(), back, ok2)
		}
	})
}

func FuzzFindUnit(f *testing.F) {
	for _, s := range []string{"Đơn vị tính: triệu đồng", "ĐVT: Tr.đ", "(tỷ đồng)", "(", "Đơn vị"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if u, ok := findUnit(s); ok && u.VND <= 0 {
			t.Fatalf("findUnit(%q) = %+v", s, u)
		}
	})
}

// FuzzFromSheet builds a sheet from text (rows by newline, cells by tab,
// "#" for a number, merges from the last line) and finds its tables.
func FuzzFromSheet(f *testing.F) {
	f.Add("STT\tTỉnh\tDỰ TOÁN\n\t\tTỔNG SỐ\nA\tB\t1\n\tTỔNG CỘNG\t#300\nI\tNăm 2020\t#300\n1\tLào Cai\t#100\n2\tĐiện Biên\t#200\n", uint8(0), uint8(0), uint8(1), uint8(0))
	f.Add("x\n#1\t#2\n", uint8(5), uint8(5), uint8(0), uint8(9))
	f.Fuzz(func(t *testing.T, text string, r0, c0, r1, c1 uint8) {
		if len(text) > 4000 {
			return
		}
		s := &model.Sheet{Name: "F", Merges: []model.Merge{{Row0: int(r0 % 16), Col0: int(c0 % 16), Row1: int(r1 % 16), Col1: int(c1 % 16)}}}
		for _, line := range strings.Split(text, "\n") {
			var row []model.Cell
			for _, v := range strings.Split(line, "\t") {
				if strings.HasPrefix(v, "#") {
					row = append(row, model.Cell{Kind: model.CellNumber, Text: v[1:]})
				} else {
					row = append(row, model.Cell{Kind: model.CellString, Text: v, Font: map[bool]string{true: ".VnTime"}[len(v)%7 == 0]})
				}
			}
			s.Rows = append(s.Rows, row)
		}
		for i, tb := range FromSheet(s) {
			tb.Check(i + 1)
			if len(tb.Columns) != len(tb.Amount) {
				t.Fatalf("columns %d, amount flags %d", len(tb.Columns), len(tb.Amount))
			}
			for _, r := range tb.Rows {
				if len(r.Cells) != len(tb.Columns) || len(r.Nums) != len(tb.Columns) {
					t.Fatalf("row of %d cells in a table of %d columns", len(r.Cells), len(tb.Columns))
				}
			}
		}
	})
}
