package extract

import (
	"fmt"
	"regexp"
	"strings"

	"vanban/extract/table"
	"vanban/extract/vntext"
)

// CellAccount says what became of every figure of a table's money
// columns, so that no amount is lost without a word: Cells = Allocations
// + Totals + Warned.
type CellAccount struct {
	// Cells counts the numeric cells of the money columns whose unit is
	// money (a row whose "ĐVT" is "người" or "ha" holds no money).
	Cells int `json:"cells"`
	// Allocations counts the cells that became an allocation row.
	Allocations int `json:"allocations"`
	// Totals counts the figures of group and total rows that were
	// checked against the rows under them.
	Totals int `json:"totals"`
	// Warned counts the cells named, with their number, by a warning of
	// the table giving the column and the reason.
	Warned int `json:"warned"`
}

// Reasons a money cell is not counted, worded for the warnings.
const (
	reasonNoName     = "its row has no name"
	reasonUnreported = "a group or total that its rows do not add up to (the rows under it were not understood)"
	reasonGroupAlone = "a group figure with no figures under it in this column"
	reasonTotalAlone = "a total with no figures under it to check it against"
	reasonSummary    = "an average or an extreme, not a sum"
	reasonOverflow   = "too large to convert to đồng"
	reasonNotNumber  = "written with digits but not as a number"
	reasonUnchecked  = "a group or total whose rows could not be added"
)

// cellReasons lists every reason above (TestCellReasonsListed checks it).
var cellReasons = []string{reasonNoName, reasonUnreported, reasonGroupAlone, reasonTotalAlone,
	reasonSummary, reasonOverflow, reasonNotNumber, reasonUnchecked}

// The forms of the cell account's warnings.
const (
	fmtNotCounted = "table %d, column '%s': %s not counted: %s (first: %s)"
	fmtRounded    = "table %d, column '%s': %s not a whole number of đồng, rounded to the nearest đồng (first: %s, stored as %s đồng)"
	fmtNoUnit     = "table %d states no money unit: %s of column %s not read as amounts"
	fmtRepeats    = "table %d repeats table %d (same figures); its allocations are not counted twice"
	fmtHidden     = "table %d is on the hidden sheet %q; its rows are kept"
)

// CellWarningForms gives one warning of every form and reason that the
// cell account writes (tables, columns and places made up), with one cell
// and with several: what the staff pages must be able to say in
// Vietnamese (web's TestCellWarningsTranslated).
func CellWarningForms() []string {
	places := []string{`'Lâm Đồng', sheet "Theo tỉnh" row 18`, `'Hà Giang', page 3`, `'Tổng cộng'`, `sheet "S" row 7`, `page 2`}
	var out []string
	for i, n := range []int{1, 3} {
		where := places[i%len(places)]
		for k, r := range cellReasons {
			first := places[k%len(places)]
			if r == reasonNotNumber {
				first += `: "1.234.56"`
			}
			out = append(out, fmt.Sprintf(fmtNotCounted, i+1, "Dự toán năm 2025 / Vốn đầu tư", cells(n), r, first))
		}
		out = append(out,
			fmt.Sprintf(fmtRounded, i+1, "Quyết toán", cells(n), where+": 7.631.364,025 triệu đồng", vntext.FormatInt(7631364025000)),
			fmt.Sprintf(fmtNoUnit, i+1, figures(n), "'Giá thẩm định', 'Thành tiền'"),
			fmt.Sprintf(fmtRepeats, i+2, i+1)+" ("+cells(n)+")",
			fmt.Sprintf(fmtRepeats, i+2, i+1),
			fmt.Sprintf(fmtHidden, i+1, "Ẩn"),
		)
	}
	return out
}

// accountCells accounts for every money cell of table t (0-based index
// ti in the record) given the allocations made from it and the verdicts
// of t.CheckCells; the cells of a duplicate table are all warned, by the
// caller's warning that names the table it repeats. It returns the account and one warning per column and
// reason, with the number of cells: "table 2, column 'Quyết toán': 3
// cells not counted: its row has no name (first: row 14)". Figures that
// are not a whole number of đồng in their unit are rounded in their
// allocation and reported the same way.
func accountCells(t *table.Table, ti int, allocs []Allocation, verdicts [][]table.Verdict, duplicate bool) (CellAccount, []string) {
	type key struct {
		row int
		col string
	}
	made := map[key]int{}
	for _, a := range allocs {
		if a.Table == ti {
			made[key{a.Row, a.Column}]++
		}
	}
	type tally struct {
		n      int
		first  string
		stored int64 // the first rounded figure as stored, in đồng
	}
	warned := map[[2]string]*tally{}
	var order [][2]string
	note := func(c int, reason, where string) {
		k := [2]string{t.Columns[c], reason}
		w := warned[k]
		if w == nil {
			w = &tally{first: where}
			warned[k] = w
			order = append(order, k)
		}
		w.n++
	}
	rounded := map[string]*tally{}
	var roundOrder []string
	var acc CellAccount
	for ri := range t.Rows {
		r := &t.Rows[ri]
		for c, n := range r.Nums {
			if c >= len(t.Amount) || !t.Amount[c] {
				continue
			}
			unit := t.RowUnit(r, c)
			if unit.VND == 0 {
				continue // not money: no unit, or a row counted in people, hectares …
			}
			where := rowName(t, r)
			if n == nil {
				// A figure the table does not read as a number
				// ("1.234.56", "12.500 đ"): counted, not guessed.
				if c < len(r.Cells) && unreadFigure(r.Cells[c]) {
					acc.Cells++
					acc.Warned++
					if !duplicate {
						note(c, reasonNotNumber, fmt.Sprintf("%s: %q", where, r.Cells[c]))
					}
				}
				continue
			}
			acc.Cells++
			if duplicate {
				acc.Warned++ // named by the caller's "repeats table" warning
				continue
			}
			k := key{ri, t.Columns[c]}
			if made[k] > 0 {
				made[k]--
				acc.Allocations++
				if v, exact, ok := n.Round(unit.VND); ok && !exact {
					w := rounded[t.Columns[c]]
					if w == nil {
						w = &tally{first: fmt.Sprintf("%s: %s %s", where, n.String(), unit.Text), stored: v}
						rounded[t.Columns[c]] = w
						roundOrder = append(roundOrder, t.Columns[c])
					}
					w.n++
				}
				continue
			}
			var v table.Verdict
			if ri < len(verdicts) && c < len(verdicts[ri]) {
				v = verdicts[ri][c]
			}
			switch {
			case v == table.Agrees || v == table.Reported:
				acc.Totals++
				continue
			case r.Kind == table.Item || t.Leaf(ri):
				reason := reasonNoName
				if _, _, ok := n.Round(unit.VND); !ok {
					reason = reasonOverflow
				}
				note(c, reason, where)
			case r.Kind == table.Group && v == table.Alone:
				note(c, reasonGroupAlone, where)
			case r.Summary:
				note(c, reasonSummary, where)
			case v == table.Unreported:
				note(c, reasonUnreported, where)
			case v == table.Alone:
				note(c, reasonTotalAlone, where)
			default:
				note(c, reasonUnchecked, where)
			}
			acc.Warned++
		}
	}
	var warns []string
	if w := noUnitWarning(t, ti); w != "" {
		warns = append(warns, w)
	}
	for _, k := range order {
		w := warned[k]
		warns = append(warns, fmt.Sprintf(fmtNotCounted, ti+1, k[0], cells(w.n), k[1], w.first))
	}
	for _, col := range roundOrder {
		w := rounded[col]
		warns = append(warns, fmt.Sprintf(fmtRounded, ti+1, col, cells(w.n), w.first, vntext.FormatInt(w.stored)))
	}
	return acc, warns
}

// noUnitWarning says when a table states no money unit although columns
// are titled as money ("Giá thẩm định", "Thành tiền"): their figures are
// not read as amounts, since the unit would be a guess.
func noUnitWarning(t *table.Table, ti int) string {
	if t.Unit.VND != 0 {
		return ""
	}
	var cols []string
	n := 0
	for c, col := range t.Columns {
		if c >= len(t.Amount) || !t.Amount[c] || t.UnitOf(c).VND != 0 || !table.NamesMoney(col) {
			continue
		}
		k := 0
		for ri := range t.Rows {
			r := &t.Rows[ri]
			if r.Nums[c] != nil && t.RowUnit(r, c).VND == 0 && r.Kind == table.Item {
				k++
			}
		}
		if k > 0 {
			cols = append(cols, "'"+col+"'")
			n += k
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(fmtNoUnit, ti+1, figures(n), strings.Join(cols, ", "))
}

func figures(n int) string {
	if n == 1 {
		return "1 figure"
	}
	return fmt.Sprintf("%d figures", n)
}

// unreadFigure tells the text of a cell that holds digits as a figure
// would but was not read as a number: not a footnote marker alone ("(1)",
// "*"), not a date.
func unreadFigure(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "0123456789") || footnoteOnly.MatchString(s) {
		return false
	}
	return !dateLike.MatchString(s)
}

var (
	footnoteOnly = regexp.MustCompile(`^\(?\d{1,2}\)?\*?$|^\(\*+\)$`)
	dateLike     = regexp.MustCompile(`\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b`)
)

func cells(n int) string {
	if n == 1 {
		return "1 cell"
	}
	return fmt.Sprintf("%d cells", n)
}

// rowName says where a row is, for a warning: its label and its sheet row
// or page.
func rowName(t *table.Table, r *table.Row) string {
	name := strings.TrimSpace(r.Label)
	if name == "" {
		name = strings.TrimSpace(r.Index)
	}
	var where string
	switch {
	case t.Sheet != "":
		where = fmt.Sprintf("sheet %q row %d", t.Sheet, r.Line+1)
	case r.Page > 0:
		where = fmt.Sprintf("page %d", r.Page)
	}
	switch {
	case name == "":
		return where
	case where == "":
		return "'" + name + "'"
	}
	return "'" + name + "', " + where
}
