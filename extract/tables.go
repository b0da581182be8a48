package extract

import (
	"fmt"
	"strings"

	"vanban/extract/table"
	"vanban/ingest"
)

// Tables finds the tables of a document (sheets and PDF pages), checks
// every group and total against its rows, and turns item rows into
// allocations. The warnings name the table (1-based) and the exact
// difference.
func Tables(doc *ingest.Document) ([]Table, []Allocation, []string) {
	found := FindTables(doc)
	var tables []Table
	var allocs []Allocation
	var warns []string
	seen := map[string]int{}
	for i, t := range found {
		tables = append(tables, recordTable(t))
		warns = append(warns, t.Check(i+1)...)
		if t.Hidden {
			warns = append(warns, fmt.Sprintf("table %d is on the hidden sheet %q; its rows are kept", i+1, t.Sheet))
		}
		sig := signature(t)
		if j, dup := seen[sig]; dup {
			warns = append(warns, fmt.Sprintf("table %d repeats table %d (same figures); its allocations are not counted twice", i+1, j+1))
			continue
		}
		seen[sig] = i
		allocs = append(allocs, Allocations(t, i)...)
	}
	return tables, allocs, warns
}

// FindTables returns the tables of the document's sheets and pages in
// document order.
func FindTables(doc *ingest.Document) []*table.Table {
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

// signature identifies a table by its figures, so that a copy of a sheet
// (the Unicode copy of a TCVN3 sheet) is recognized.
func signature(t *table.Table) string {
	var b strings.Builder
	for _, r := range t.Rows {
		for _, n := range r.Nums {
			if n != nil {
				b.WriteString(n.String())
			}
			b.WriteByte('|')
		}
		b.WriteByte('\n')
	}
	return b.String()
}
