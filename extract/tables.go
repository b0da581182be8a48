package extract

import (
	"fmt"
	"strings"

	"vanban/extract/table"
	"vanban/model"
)

// Tables finds the tables of a document (sheets and PDF pages), checks
// every group and total against its rows, and turns item rows into
// allocations. The warnings name the table (1-based) and the exact
// difference. Every figure of a money column is accounted for in the
// table's Cells: an allocation, a checked group or total, or counted in a
// warning naming the table, the column and the reason ("table 2, column
// 'Dự toán': 3 cells not counted: its row has no name (first: …)").
func Tables(doc *model.Document) ([]Table, []Allocation, []string) {
	found := FindTables(doc)
	var tables []Table
	var allocs []Allocation
	var warns []string
	seen := map[string]int{}
	for i, t := range found {
		rt := recordTable(t)
		w, verdicts := t.CheckCells(i + 1)
		warns = append(warns, w...)
		if t.Hidden {
			warns = append(warns, fmt.Sprintf(fmtHidden, i+1, t.Sheet))
		}
		sig := signature(t)
		j, dup := seen[sig]
		dup = dup && sig != ""
		var made []Allocation
		if !dup {
			if sig != "" {
				seen[sig] = i
			}
			made = Allocations(t, i)
		}
		acc, w := accountCells(t, i, made, verdicts, dup)
		if dup {
			w := fmt.Sprintf(fmtRepeats, i+1, j+1)
			if acc.Cells > 0 {
				w += " (" + cells(acc.Cells) + ")"
			}
			warns = append(warns, w)
		}
		if acc.Cells > 0 {
			rt.Cells = &acc
		}
		warns = append(warns, w...)
		allocs = append(allocs, made...)
		tables = append(tables, rt)
	}
	return tables, allocs, warns
}

// FindTables returns the tables of the document's sheets and pages in
// document order.
func FindTables(doc *model.Document) []*table.Table {
	var out []*table.Table
	for i := range doc.Sheets {
		out = append(out, table.FromSheet(&doc.Sheets[i])...)
	}
	if len(doc.Pages) > 0 && !doc.Format.IsWord() {
		// A Word document's tables are its sheets; its page is a flow of
		// paragraphs with no geometry to find a grid in.
		out = append(out, table.FromPages(doc.Pages)...)
	}
	return out
}

func recordTable(t *table.Table) Table {
	rt := Table{Page: t.Page, Sheet: t.Sheet, Title: t.Title, Unit: t.Unit.Text, Columns: t.Columns}
	for _, r := range t.Rows {
		rt.Rows = append(rt.Rows, TableRow{Kind: string(r.Kind), Cells: r.Cells, Line: r.Line})
	}
	return rt
}

// signature identifies a table by the figures of its money columns, so
// that a copy of a sheet (the Unicode copy of a TCVN3 sheet) is recognized;
// "" for a table without such figures (a list of comments, a table of
// scores), which repeats nothing: two of them of the same shape are not
// one table twice.
func signature(t *table.Table) string {
	var b strings.Builder
	figures := false
	for _, r := range t.Rows {
		for c, n := range r.Nums {
			if n != nil && c < len(t.Amount) && t.Amount[c] {
				b.WriteString(n.String())
				figures = true
			}
			b.WriteByte('|')
		}
		b.WriteByte('\n')
	}
	if !figures {
		return ""
	}
	return b.String()
}
