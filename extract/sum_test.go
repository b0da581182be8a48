package extract

import "testing"

func TestSumVND(t *testing.T) {
	total := "KINH PHÍ / TỔNG SỐ"
	inv := "KINH PHÍ / VỐN ĐẦU TƯ"
	row := func(doc string, r int, col, partOf string, level int, amount int64) (string, Allocation) {
		return doc, Allocation{Table: 0, Row: r, Column: col, ColumnPartOf: partOf, Level: level, AmountVND: amount}
	}
	type r struct {
		doc string
		a   Allocation
	}
	mk := func(doc string, a Allocation) r { return r{doc, a} }
	cases := []struct {
		name string
		rows []r
		want int64
	}{
		{"total and its part: the part is inside the total",
			[]r{mk(row("d1", 1, total, "", 0, 100)), mk(row("d1", 1, inv, total, 0, 60))}, 100},
		{"only the part column selected: added in full",
			[]r{mk(row("d1", 1, inv, total, 0, 60)), mk(row("d1", 2, inv, total, 0, 40))}, 100},
		{"same row number in another document is not the containing cell",
			[]r{mk(row("d1", 1, total, "", 0, 100)), mk(row("d2", 1, inv, total, 0, 60))}, 160},
		{"detail rows under items are inside the items",
			[]r{mk(row("d1", 1, total, "", 0, 100)), mk(row("d1", 2, total, "", 1, 30)), mk(row("d1", 3, total, "", 0, 50))}, 150},
		{"only detail rows selected: added in full",
			[]r{mk(row("d1", 2, total, "", 1, 30)), mk(row("d1", 4, total, "", 1, 20))}, 50},
		{"two documents, independent", []r{mk(row("d1", 1, total, "", 0, 7)), mk(row("d2", 1, total, "", 0, 8))}, 15},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := make([]Allocation, len(c.rows))
			for i, x := range c.rows {
				rows[i] = x.a
			}
			got := SumVND(rows, func(i int) string { return c.rows[i].doc })
			if got != c.want {
				t.Errorf("SumVND = %d, want %d", got, c.want)
			}
		})
	}
}
