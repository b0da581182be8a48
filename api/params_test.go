package api

import (
	"encoding/json"
	"net/url"
	"testing"

	"vanban/index"
)

// Every parameter the search and allocations handlers accept is in
// openapi.json, and so are the fields of the allocations answer.
func TestOpenAPICoversParameters(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	// Every parameter the search handler accepts is documented.
	var search struct {
		Parameters []struct{ Name string }
	}
	json.Unmarshal(doc.Paths["/api/search"]["get"], &search)
	documented := map[string]bool{}
	for _, p := range search.Parameters {
		documented[p.Name] = true
	}
	for _, p := range searchParams {
		if !documented[p] {
			t.Errorf("search parameter %q is not in openapi.json", p)
		}
	}
	// So is every parameter of the allocations handler, and the fields of
	// its answer (issue 15).
	var alloc struct {
		Parameters []struct{ Name string }
	}
	json.Unmarshal(doc.Paths["/api/allocations"]["get"], &alloc)
	documented = map[string]bool{}
	for _, p := range alloc.Parameters {
		documented[p.Name] = true
	}
	for _, p := range allocationParams {
		if !documented[p] {
			t.Errorf("allocations parameter %q is not in openapi.json", p)
		}
	}
	var schemas struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage
			}
		}
	}
	json.Unmarshal(openAPI, &schemas)
	for schema, fields := range map[string][]string{
		"Allocations": {"total", "rows", "sums", "sum_vnd", "sum_note", "page", "size"},
		"Allocation":  {"recipient_kind", "files", "unit", "amount_vnd", "column"},
		"ColumnSum":   {"column", "group", "unit", "rows", "sum_vnd"},
	} {
		for _, f := range fields {
			if _, ok := schemas.Components.Schemas[schema].Properties[f]; !ok {
				t.Errorf("schema %s lacks %q", schema, f)
			}
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"q=qd+4768", "date_from=2025-01-01&date_to=2024-01-01", "size=0", "amount_min=-1",
		"province=%C4%90%E1%BA%AFk+N%C3%B4ng", "q=%22c%C3%B4ng+nghi%E1%BB%87p%22", "year=2025&sort=-date", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseQuery(v, searchParams)
		if err == nil && (q.Size < 1 || q.Size > index.MaxSize || q.Page < 1) {
			t.Errorf("accepted %q as %+v", raw, q)
		}
	})
}
