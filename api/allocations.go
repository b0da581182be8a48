package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"vanban/export"
	"vanban/extract"
	"vanban/index"
	"vanban/internal/httpx"
)

// allocationsResponse is the answer of GET /api/allocations: one page of
// rows, each counted once, with the sums of every matching row.
type allocationsResponse struct {
	*index.AllocationResult
	Page int `json:"page"`
	Size int `json:"size"`
}

// parseAllocationQuery reads GET /api/allocations' parameters: the search
// filters, then page (from 1), size (1 to index.MaxAllocationPage, default
// index.DefaultAllocationPage), sort, document, column and recipient_kind
// (a comma-separated list of province, unit, line, or "all"; default
// province,unit). The index checks what only it can (sort, kinds, column,
// document) and names the parameter.
func parseAllocationQuery(v url.Values) (index.AllocationQuery, error) {
	if err := httpx.CheckParams(v, allocationParams...); err != nil {
		return index.AllocationQuery{}, err
	}
	shared := url.Values{}
	for name, vals := range v {
		switch name {
		case "page", "size", "sort", "document", "column", "recipient_kind", "format":
		default:
			shared[name] = vals
		}
	}
	f, err := parseQuery(shared, allocationParams)
	if err != nil {
		return index.AllocationQuery{}, err
	}
	q := index.AllocationQuery{Query: f}
	if q.Page, err = httpx.IntValue(v, "page", 1, 1, index.MaxAllocationRows); err != nil {
		return q, err
	}
	if q.Size, err = httpx.IntValue(v, "size", index.DefaultAllocationPage, 1, index.MaxAllocationPage); err != nil {
		return q, err
	}
	q.Sort = v.Get("sort")
	if q.Sort != "" && !slices.Contains(index.AllocationSorts, q.Sort) {
		return q, &httpx.BadRequest{Param: "sort", Msg: "sort must be one of " + strings.Join(index.AllocationSorts, ", "), Accepted: index.AllocationSorts}
	}
	q.Document = strings.TrimSpace(v.Get("document"))
	q.Column = strings.TrimSpace(v.Get("column"))
	for _, p := range []string{"document", "column"} {
		if len([]rune(v.Get(p))) > httpx.MaxQueryRunes {
			return q, &httpx.BadRequest{Param: p, Msg: p + " is longer than " + strconv.Itoa(httpx.MaxQueryRunes) + " characters"}
		}
	}
	q.Kinds = httpx.RecipientKinds(v.Get("recipient_kind"))
	for _, k := range q.Kinds {
		if !slices.Contains(extract.RecipientKinds, k) {
			accepted := append(slices.Clone(extract.RecipientKinds), "all")
			return q, &httpx.BadRequest{Param: "recipient_kind", Msg: fmt.Sprintf("recipient_kind: %q is not one of %s", k, strings.Join(accepted, ", ")), Accepted: accepted}
		}
	}
	if q.Kinds != nil && len(q.Kinds) == 0 {
		return q, &httpx.BadRequest{Param: "recipient_kind", Msg: "recipient_kind names no kind", Accepted: append(slices.Clone(extract.RecipientKinds), "all")}
	}
	return q, nil
}

func (s *API) Allocations(w http.ResponseWriter, r *http.Request) {
	as, ok := s.store.(httpx.AllocationStore)
	if !ok {
		httpx.WriteError(w, http.StatusNotImplemented, "this server does not keep allocations")
		return
	}
	v := r.URL.Query()
	q, err := parseAllocationQuery(v)
	if err != nil {
		s.fail(w, err)
		return
	}
	format := v.Get("format")
	switch format {
	case "", "json", "csv", "xlsx":
	default:
		s.fail(w, &httpx.BadRequest{Param: "format", Msg: `format must be "json", "csv" or "xlsx"`, Accepted: []string{"json", "csv", "xlsx"}})
		return
	}
	// The downloads hold every matching row: page and size are for the JSON.
	q.All = format == "csv" || format == "xlsx"
	res, err := as.Allocations(r.Context(), q)
	if err != nil {
		s.fail(w, err)
		return
	}
	if res.Rows == nil {
		res.Rows = []index.AllocationRow{}
	}
	if res.Sums == nil {
		res.Sums = []index.ColumnSum{}
	}
	name := "phan-bo-" + time.Now().Format("20060102")
	switch format {
	case "csv", "xlsx":
		// The downloads are the same files `vanban export` writes: a header a
		// clerk recognizes, exact amounts, a total row per column.
		var buf bytes.Buffer
		write := export.WriteCSV
		if format == "xlsx" {
			write = export.WriteXLSX
		}
		if err := write(&buf, export.FromIndex(res.Rows)); err != nil {
			s.fail(w, err)
			return
		}
		ct := contentTypes[format]
		if format == "csv" {
			ct = "text/csv; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
		w.Write(buf.Bytes())
	default:
		httpx.WriteJSON(w, http.StatusOK, allocationsResponse{AllocationResult: res, Page: q.Page, Size: q.Size})
	}
}
