package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"vanban/extract"
	vq "vanban/query"
)

// File is one source file holding an allocation row: the id of the record
// made from it and its file name.
type File struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// AllocationRow is one allocation with the document it comes from. Files
// lists every file holding the same row (see Allocations): a decision and
// its appendix workbook, one appendix uploaded twice; DocumentID is the
// first of them.
type AllocationRow struct {
	DocumentID string `json:"document_id"`
	Number     string `json:"number,omitempty"`
	Type       string `json:"type,omitempty"`
	Issuer     string `json:"issuer,omitempty"`
	Date       string `json:"date,omitempty"`
	Files      []File `json:"files"`
	extract.Allocation
}

// ColumnSum is the exact sum of the rows of one column path (and, for
// budget lines, one group: revenue and spending sections are not added
// together). Unit is the unit the rows were printed in when they share one.
type ColumnSum struct {
	Column string `json:"column"`
	Group  string `json:"group"`
	Unit   string `json:"unit"`
	Rows   int    `json:"rows"`
	SumVND int64  `json:"sum_vnd"`
}

// AllocationResult is one page of the allocation rows matching a query,
// counting each row once, with exact sums over every matching row (not
// only the page's). SumVND is set only when the rows share one column
// (one entry of Sums); otherwise it is nil and SumNote says why.
type AllocationResult struct {
	Total   int             `json:"total"`
	Rows    []AllocationRow `json:"rows"`
	Sums    []ColumnSum     `json:"sums"`
	SumVND  *int64          `json:"sum_vnd"`
	SumNote string          `json:"sum_note,omitempty"`
}

// AllocationQuery is an allocation request: the search filters of Query
// (q, type, issuer, province, current_province, year, dates, amounts) and
// its own. Page is 1-based; Size is at most MaxAllocationPage (default
// DefaultAllocationPage); Sort is one of AllocationSorts ("" = "-date").
type AllocationQuery struct {
	Query
	// Document is a record id (or a unique prefix of one, see Get) or a
	// document number in any spelling ("4768/QĐ-BCT", "4768/qd-bct").
	Document string
	// Column is a column path or its beginning in whole words, any
	// spelling: "kinh phí" keeps "KINH PHÍ / Tổng số" and "KINH PHÍ / Vốn
	// đầu tư", "bổ sung" keeps "Bổ sung có mục tiêu".
	Column string
	// Kinds are the recipient kinds kept (extract.RecipientKinds); nil
	// keeps provinces and units, not budget lines.
	Kinds []string
	// All returns every row on one page (the downloads).
	All bool
}

const (
	DefaultAllocationPage = 100
	MaxAllocationPage     = 10000
)

// AllocationSorts are the orders of allocation rows.
var AllocationSorts = []string{"-date", "date", "-amount", "amount", "recipient", "column"}

// DefaultKinds are the recipients listed unless asked otherwise.
var DefaultKinds = []string{extract.RecipientProvince, extract.RecipientUnit}

// MaxAllocationRows bounds one allocation query: the sum must be exact, so
// a query matching more rows is refused and the client narrows it.
const MaxAllocationRows = 200000

// validate checks the allocation-only parameters and fills defaults.
func (q *AllocationQuery) validate() error {
	f := q.Query
	f.Page, f.Size, f.Sort = 1, 1, ""
	if err := f.Validate(); err != nil {
		return err
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Size == 0 {
		q.Size = DefaultAllocationPage
	}
	switch {
	case q.Page < 1:
		return &QueryError{"page", "must be 1 or more"}
	case q.Size < 1 || q.Size > MaxAllocationPage:
		return &QueryError{"size", fmt.Sprintf("must be from 1 to %d", MaxAllocationPage)}
	}
	if q.Sort == "" {
		q.Sort = "-date"
	}
	if !contains(AllocationSorts, q.Sort) {
		return &QueryError{"sort", "must be one of " + strings.Join(AllocationSorts, ", ")}
	}
	if q.Kinds == nil {
		q.Kinds = DefaultKinds
	}
	if len(q.Kinds) == 0 {
		return &QueryError{"recipient_kind", "names no kind; use " + strings.Join(extract.RecipientKinds, ", ")}
	}
	for _, k := range q.Kinds {
		if !contains(extract.RecipientKinds, k) {
			return &QueryError{"recipient_kind", fmt.Sprintf("%q is not one of %s", k, strings.Join(extract.RecipientKinds, ", "))}
		}
	}
	if strings.TrimSpace(q.Column) != "" && len(columnPrefixes(q.Column)) == 0 {
		return &QueryError{"column", "names no column"}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// columnPrefixes are the terms a column path is indexed under: its folded
// segments joined by "/", one term per leading run of whole words ("kinh",
// "kinh phi", "kinh phi/tong", "kinh phi/tong so"), so that a filter
// names a column by its beginning, in whole words.
func columnPrefixes(column string) []string {
	var out []string
	path := ""
	for _, s := range strings.Split(column, "/") {
		words := strings.Fields(strings.ReplaceAll(vq.FoldKey(s), "/", " "))
		if len(words) == 0 {
			continue
		}
		if path != "" {
			path += "/"
		}
		for i := range words {
			out = append(out, path+strings.Join(words[:i+1], " "))
		}
		path += strings.Join(words, " ")
	}
	return out
}

// ColumnKey is one column path in any spelling: "KINH PHÍ / TỔNG SỐ" and
// "Kinh phí / Tổng số" have the same key.
func ColumnKey(column string) string {
	p := columnPrefixes(column)
	if len(p) == 0 {
		return ""
	}
	return p[len(p)-1]
}

// allocationQuery is the Bleve query of q's filters.
func (ix *Index) allocationQuery(q *AllocationQuery) (query.Query, error) {
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewMatchAllQuery())
	if fs := q.filters(kindAlloc); len(fs) > 0 {
		bq.AddMust(fs...)
	}
	if text := strings.TrimSpace(q.Q); text != "" {
		p := understand(text)
		if p.Number.Key != "" {
			bq.AddMust(keyTerm(kindAlloc, fNumberKey, p.Number.Key))
		} else {
			for _, t := range p.Number.Terms {
				bq.AddMust(keyTerm(kindAlloc, fNumberTerms, t))
			}
		}
		if rest := strings.TrimSpace(p.Text); rest != "" {
			m := match(fAllocText, rest, 1)
			m.SetOperator(query.MatchQueryOperatorAnd)
			bq.AddMust(m)
		}
	}
	if d := strings.TrimSpace(q.Document); d != "" {
		rec, err := ix.Get(d) // a full id or a unique prefix of one
		if errors.Is(err, ErrAmbiguous) {
			return nil, err
		}
		if err == nil {
			bq.AddMust(term(fDocID, rec.ID, 0))
		} else if k := vq.NumberKey(d); k != "" && strings.ContainsAny(d, "/0123456789") {
			bq.AddMust(keyTerm(kindAlloc, fNumberKey, k))
		} else {
			return nil, &QueryError{"document", fmt.Sprintf("%q is neither a document id nor a document number", d)}
		}
	}
	if c := strings.TrimSpace(q.Column); c != "" {
		bq.AddMust(keyTerm(kindAlloc, fColumnPath, ColumnKey(c)))
	}
	kinds := bleve.NewDisjunctionQuery()
	for _, k := range q.Kinds {
		kinds.AddQuery(keyTerm(kindAlloc, fRecipientKind, k))
	}
	bq.AddMust(kinds)
	return bq, nil
}

// Allocations returns the allocation rows matching q's filters (type,
// issuer, province, current_province, year, dates, amount range, document,
// column, recipient kinds) and its text (words of the recipient, column,
// group, document subject or number), one page of them in q.Sort order,
// with exact sums per column over every matching row.
//
// One table is counted once: rows of different files with the same
// document number (and the same issuer where both name one), the same
// recipient, column and amount, in any spelling, are one row listing
// every such file in Files, whether or not the filters kept the other
// files' rows (a row kept by q.Document still lists the appendix holding
// it too). This is done here, at query time, on what the index holds
// now: it is right whatever order the files came in, after a file is
// indexed again, replaced or removed. Rows of one file are never merged
// with each other (a table may list the same amount twice), and rows of
// a document without a number are never merged.
func (ix *Index) Allocations(ctx context.Context, q AllocationQuery) (*AllocationResult, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	bq, err := ix.allocationQuery(&q)
	if err != nil {
		return nil, err
	}
	rows, err := ix.allocationRows(ctx, bq)
	if err != nil {
		return nil, err
	}
	rows = mergeRows(rows)
	if err := ix.addSiblingFiles(ctx, bq, rows); err != nil {
		return nil, err
	}
	out := &AllocationResult{Total: len(rows)}
	out.Sums, out.SumVND, out.SumNote = ColumnSums(rows)
	sortRows(rows, q.Sort)
	if q.All {
		out.Rows = rows
		return out, nil
	}
	from := min((q.Page-1)*q.Size, len(rows))
	out.Rows = rows[from:min(from+q.Size, len(rows))]
	return out, nil
}

// allocationRows reads every allocation row matching bq, in index order
// (newest document first, then document, then row).
func (ix *Index) allocationRows(ctx context.Context, bq query.Query) ([]AllocationRow, error) {
	count := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	res, err := ix.ai.SearchInContext(ctx, count)
	if err != nil {
		return nil, fmt.Errorf("index: count allocations: %w", err)
	}
	if res.Total > MaxAllocationRows {
		return nil, &QueryError{"q", fmt.Sprintf("%d allocation rows match; narrow the filters to at most %d", res.Total, MaxAllocationRows)}
	}
	if res.Total == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(bq, int(res.Total), 0, false)
	req.Fields = []string{fRow}
	req.SortBy([]string{"-date", fDocID, fSeq})
	res, err = ix.ai.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: allocations: %w", err)
	}
	out := make([]AllocationRow, 0, len(res.Hits))
	for _, h := range res.Hits {
		s, _ := h.Fields[fRow].(string)
		var row AllocationRow
		if err := json.Unmarshal([]byte(s), &row); err != nil {
			return nil, fmt.Errorf("index: stored allocation %s: %w", h.ID, err)
		}
		if len(row.Files) == 0 {
			row.Files = []File{{ID: row.DocumentID}}
		}
		out = append(out, row)
	}
	return out, nil
}

// sameRowKey is what makes two rows of different files one row: the
// document number, recipient, column and amount, in any spelling. Rows
// without a document number get no key.
func sameRowKey(r *AllocationRow) string {
	n := vq.NumberKey(r.Number)
	if n == "" {
		return ""
	}
	return n + "\x00" + vq.FoldKey(r.Recipient) + "\x00" + ColumnKey(r.Column) + "\x00" + strconv.FormatInt(r.AmountVND, 10)
}

// sameIssuer says whether two rows' issuers allow them to be one document:
// equal, or one of them unknown (an appendix workbook names no issuer).
func sameIssuer(a, b string) bool {
	a, b = vq.FoldKey(a), vq.FoldKey(b)
	return a == "" || b == "" || a == b
}

func hasFile(files []File, id string) bool {
	for _, f := range files {
		if f.ID == id {
			return true
		}
	}
	return false
}

// mergeRows makes the rows of different files that are one row (see
// sameRowKey, sameIssuer) one, keeping the first and listing every file;
// the metadata one file lacks (issuer, type, date) is taken from another.
func mergeRows(rows []AllocationRow) []AllocationRow {
	at := map[string][]int{} // key → indexes in out
	out := rows[:0:0]
	for _, r := range rows {
		k := sameRowKey(&r)
		if k != "" {
			merged := false
			for _, i := range at[k] {
				m := &out[i]
				if hasFile(m.Files, r.DocumentID) || !sameIssuer(m.Issuer, r.Issuer) {
					continue
				}
				m.Files = append(m.Files, r.Files...)
				fillEmpty(&m.Issuer, r.Issuer)
				fillEmpty(&m.Type, r.Type)
				fillEmpty(&m.Date, r.Date)
				merged = true
				break
			}
			if merged {
				continue
			}
			at[k] = append(at[k], len(out))
		}
		out = append(out, r)
	}
	return out
}

func fillEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// addSiblingFiles lists in rows' Files the files whose same rows the
// filters left out: rows with one of the same document numbers that do not
// match bq.
func (ix *Index) addSiblingFiles(ctx context.Context, bq query.Query, rows []AllocationRow) error {
	at := map[string][]int{}
	numbers := map[string]bool{}
	for i := range rows {
		if k := sameRowKey(&rows[i]); k != "" {
			at[k] = append(at[k], i)
			numbers[vq.NumberKey(rows[i].Number)] = true
		}
	}
	if len(numbers) == 0 {
		return nil
	}
	same := bleve.NewDisjunctionQuery()
	for n := range numbers {
		same.AddQuery(keyTerm(kindAlloc, fNumberKey, n))
	}
	sib := bleve.NewBooleanQuery()
	sib.AddMust(same)
	sib.AddMustNot(bq)
	others, err := ix.allocationRows(ctx, sib)
	if err != nil {
		return err
	}
	for _, r := range others {
		for _, i := range at[sameRowKey(&r)] {
			m := &rows[i]
			if hasFile(m.Files, r.DocumentID) || !sameIssuer(m.Issuer, r.Issuer) {
				continue
			}
			m.Files = append(m.Files, r.Files...)
			break
		}
	}
	return nil
}

// ColumnSums adds the rows per column path without counting anything
// twice (extract.SumVND: a detail row beside its item); budget lines are
// added per group as well. The overall sum is given only when there is one
// column: amounts of different columns (revenue and spending, two years,
// a total and its parts) add up to nothing an analyst can sign.
func ColumnSums(rows []AllocationRow) ([]ColumnSum, *int64, string) {
	type acc struct {
		sum    ColumnSum
		allocs []extract.Allocation
		docs   []string
		units  map[string]bool
	}
	var order []string
	by := map[string]*acc{}
	for _, r := range rows {
		group := ""
		if r.RecipientKind == extract.RecipientLine {
			group = r.Group
		}
		k := ColumnKey(r.Column) + "\x00" + vq.FoldKey(group)
		a := by[k]
		if a == nil {
			a = &acc{sum: ColumnSum{Column: r.Column, Group: group}, units: map[string]bool{}}
			by[k] = a
			order = append(order, k)
		}
		a.allocs = append(a.allocs, r.Allocation)
		a.docs = append(a.docs, r.DocumentID)
		a.units[r.Unit] = true
	}
	sums := make([]ColumnSum, 0, len(order))
	for _, k := range order {
		a := by[k]
		a.sum.Rows = len(a.allocs)
		a.sum.SumVND = extract.SumVND(a.allocs, func(i int) string { return a.docs[i] })
		if len(a.units) == 1 {
			for u := range a.units {
				a.sum.Unit = u
			}
		}
		sums = append(sums, a.sum)
	}
	switch {
	case len(sums) == 1:
		s := sums[0].SumVND
		return sums, &s, ""
	case len(sums) == 0:
		return sums, nil, "no rows"
	}
	cols := map[string]bool{}
	for _, s := range sums {
		cols[ColumnKey(s.Column)] = true
	}
	if len(cols) == 1 {
		return sums, nil, fmt.Sprintf("the budget lines fall in %d groups (revenue, spending…): see sums, one per group", len(sums))
	}
	return sums, nil, fmt.Sprintf("the rows fall under %d columns, which are not added together: see sums, one per column, or filter by column", len(cols))
}

// sortRows orders rows by s (one of AllocationSorts); ties keep the index
// order (newest document first, then document, then row).
func sortRows(rows []AllocationRow, s string) {
	var less func(a, b *AllocationRow) int
	switch s {
	case "-date":
		return // the index order
	case "date":
		less = func(a, b *AllocationRow) int { return strings.Compare(a.Date, b.Date) }
	case "amount":
		less = func(a, b *AllocationRow) int { return cmpInt(a.AmountVND, b.AmountVND) }
	case "-amount":
		less = func(a, b *AllocationRow) int { return cmpInt(b.AmountVND, a.AmountVND) }
	case "recipient":
		less = func(a, b *AllocationRow) int {
			return strings.Compare(vq.FoldKey(a.Recipient), vq.FoldKey(b.Recipient))
		}
	case "column":
		less = func(a, b *AllocationRow) int { return strings.Compare(ColumnKey(a.Column), ColumnKey(b.Column)) }
	}
	sort.SliceStable(rows, func(i, j int) bool { return less(&rows[i], &rows[j]) < 0 })
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
