package index

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"vanban/extract"
)

// AllocationRow is one allocation with the document it comes from.
type AllocationRow struct {
	DocumentID string `json:"document_id"`
	Number     string `json:"number,omitempty"`
	Type       string `json:"type,omitempty"`
	Issuer     string `json:"issuer,omitempty"`
	Date       string `json:"date,omitempty"`
	extract.Allocation
}

// AllocationResult is every allocation row matching a query and their exact
// sum in đồng, counting nothing twice (see extract.SumVND).
type AllocationResult struct {
	Total  int             `json:"total"`
	Rows   []AllocationRow `json:"rows"`
	SumVND int64           `json:"sum_vnd"`
}

// MaxAllocationRows bounds one allocation query: the sum must be exact, so
// a query matching more rows is refused and the client narrows it.
const MaxAllocationRows = 200000

// Allocations returns the allocation rows matching q's filters (type,
// issuer, province, current_province, year, dates, amount range) and its
// text (words of the recipient, column, group, document subject or number),
// in document date order, with their exact sum. Page and Size are ignored:
// every row is returned.
func (ix *Index) Allocations(ctx context.Context, q Query) (*AllocationResult, error) {
	q.Page, q.Size = 1, 1
	if err := q.Validate(); err != nil {
		return nil, err
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewMatchAllQuery())
	if fs := q.filters(kindAlloc); len(fs) > 0 {
		bq.AddMust(fs...)
	}
	if text := strings.TrimSpace(q.Q); text != "" {
		p := understand(text)
		if p.number.Key != "" {
			bq.AddMust(term(fNumberKey, p.number.Key, 0))
		} else {
			for _, t := range p.number.Terms {
				bq.AddMust(term(fNumberTerms, t, 0))
			}
		}
		if rest := strings.TrimSpace(p.text); rest != "" {
			m := match(fAllocText, rest, 1)
			m.SetOperator(query.MatchQueryOperatorAnd)
			bq.AddMust(m)
		}
	}
	count := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	res, err := ix.ai.SearchInContext(ctx, count)
	if err != nil {
		return nil, fmt.Errorf("index: count allocations: %w", err)
	}
	if res.Total > MaxAllocationRows {
		return nil, &QueryError{"q", fmt.Sprintf("%d allocation rows match; narrow the filters to at most %d", res.Total, MaxAllocationRows)}
	}
	req := bleve.NewSearchRequestOptions(bq, int(res.Total), 0, false)
	req.Fields = []string{fRow}
	req.SortBy([]string{"-date", fDocID, fSeq})
	res, err = ix.ai.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: allocations: %w", err)
	}
	out := &AllocationResult{Rows: make([]AllocationRow, 0, len(res.Hits))}
	for _, h := range res.Hits {
		s, _ := h.Fields[fRow].(string)
		var row AllocationRow
		if err := json.Unmarshal([]byte(s), &row); err != nil {
			return nil, fmt.Errorf("index: stored allocation %s: %w", h.ID, err)
		}
		out.Rows = append(out.Rows, row)
	}
	out.Total = len(out.Rows)
	allocs := make([]extract.Allocation, len(out.Rows))
	for i, r := range out.Rows {
		allocs[i] = r.Allocation
	}
	out.SumVND = extract.SumVND(allocs, func(i int) string { return out.Rows[i].DocumentID })
	return out, nil
}
