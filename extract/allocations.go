package extract

import (
	"vanban/extract/table"
)

// Allocations turns a table's item rows into one Allocation per item row ×
// amount column. Nothing comes out of a table without a money unit (a
// score table, a list of comments), of a column that is not money (a
// percentage, a score, a count, people, hectares) or of a row whose "ĐVT"
// is not money: an amount must be exact đồng. A sub-item row has Level 1;
// a column that is a part of another has ColumnPartOf (see Allocation).
// A group row with no items of its own ("IV. Dự phòng") is an allocation
// too, so that the level-0 rows add up to the table's total.
// Allocation.Table is the table's 0-based index in the record and
// Allocation.Row the row's 0-based index in that table's rows.
func Allocations(t *table.Table, tableIndex int) []Allocation {
	if t.LabelCol < 0 {
		return nil
	}
	var out []Allocation
	for ri, r := range t.Rows {
		if r.Kind != table.Item && !t.Leaf(ri) || r.Label == "" {
			continue
		}
		prov, cur := provinceOf(r.Label)
		kind := RecipientKind(r.Label)
		level := 0
		if r.Detail {
			level = 1
		}
		for c, n := range r.Nums {
			if n == nil || !t.Amount[c] {
				continue
			}
			// Exact when the figure is whole đồng in its unit; otherwise
			// rounded, and accountCells says so.
			unit := t.RowUnit(&t.Rows[ri], c)
			vnd, _, ok := n.Round(unit.VND)
			if !ok {
				continue
			}
			partOf := ""
			if c < len(t.PartOf) && t.PartOf[c] >= 0 {
				partOf = t.Columns[t.PartOf[c]]
			}
			out = append(out, Allocation{
				Recipient:       r.Label,
				RecipientKind:   kind,
				Province:        prov,
				CurrentProvince: cur,
				Column:          t.Columns[c],
				Group:           r.Group,
				AmountVND:       vnd,
				Unit:            unit.Text,
				Table:           tableIndex,
				Row:             ri,
				Page:            r.Page,
				Sheet:           t.Sheet,
				Level:           level,
				ColumnPartOf:    partOf,
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
