package extract

// SumVND adds the amounts of allocation rows (possibly from several
// documents: doc(i) names row i's document) so that no đồng is counted
// twice:
//   - a row whose column is a part of another column (ColumnPartOf) is left
//     out when the containing column's amount for the same table row is among
//     the rows too;
//   - a detail row (Level 1) is left out when its table has item rows
//     (Level 0) in the same column among the rows.
//
// A selection of only part-columns, or only details, is added in full.
func SumVND(rows []Allocation, doc func(i int) string) int64 {
	type cellKey struct {
		doc, column string
		table, row  int
	}
	type colKey struct {
		doc, column string
		table       int
	}
	cells := make(map[cellKey]bool, len(rows))
	items := make(map[colKey]bool)
	for i, a := range rows {
		d := doc(i)
		cells[cellKey{d, a.Column, a.Table, a.Row}] = true
		if a.Level == 0 {
			items[colKey{d, a.Column, a.Table}] = true
		}
	}
	var sum int64
	for i, a := range rows {
		d := doc(i)
		if a.ColumnPartOf != "" && cells[cellKey{d, a.ColumnPartOf, a.Table, a.Row}] {
			continue
		}
		if a.Level > 0 && items[colKey{d, a.Column, a.Table}] {
			continue
		}
		sum += a.AmountVND
	}
	return sum
}
