package extract

import (
	"vanban/extract/table"
)

// Allocations turns a table's item rows into one Allocation per item row ×
// amount column. Nothing comes out of a table without a money unit (a
// score table, a list of comments): an amount must be exact đồng.
// Allocation.Table is the table's 0-based index in the record and
// Allocation.Row the row's 0-based index in that table's rows.
func Allocations(t *table.Table, tableIndex int) []Allocation {
	if t.LabelCol < 0 {
		return nil
	}
	var out []Allocation
	for ri, r := range t.Rows {
		if r.Kind != table.Item || r.Label == "" {
			continue
		}
		prov, cur := provinceOf(r.Label)
		for c, n := range r.Nums {
			if n == nil || !t.Amount[c] {
				continue
			}
			vnd, ok := n.Times(t.UnitOf(c).VND)
			if !ok {
				continue
			}
			out = append(out, Allocation{
				Recipient:       r.Label,
				Province:        prov,
				CurrentProvince: cur,
				Column:          t.Columns[c],
				Group:           r.Group,
				AmountVND:       vnd,
				Table:           tableIndex,
				Row:             ri,
				Page:            r.Page,
				Sheet:           t.Sheet,
			})
		}
	}
	return out
}

// provinceOf names the province a recipient is: its canonical pre- or
// post-2025 name and the post-2025 unit it belongs to now ("" when the
// recipient is not a province).
func provinceOf(name string) (province, current string) {
	info, ok := LookupProvince(name)
	if !ok {
		return "", ""
	}
	return info.Name, info.Current
}
