package index

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"vanban/extract"
	"vanban/model"
	vq "vanban/query"
)

// facetRecords: issuer "Sở k" (k = 1..25) signs k records, so the issuer
// facet has 25 values of distinct counts; types and years alternate.
func facetRecords() []*extract.Record {
	var out []*extract.Record
	n := 0
	for k := 1; k <= 25; k++ {
		for j := 0; j < k; j++ {
			n++
			typ := "Quyết định"
			if n%3 == 0 {
				typ = "Kế hoạch"
			}
			prov := "Hà Giang"
			if n%2 == 0 {
				prov = "Lâm Đồng"
			}
			out = append(out, &extract.Record{
				ID: fmt.Sprintf("r%03d", n), Number: fmt.Sprintf("%d/QĐ-UBND", n), Type: typ,
				Issuer: fmt.Sprintf("Sở %02d", k), Date: model.Date{Year: 2015 + n%12, Month: 3, Day: 1},
				Subject:   "Kế hoạch khuyến công",
				Provinces: []extract.Province{{Name: prov}},
				Text:      "Kinh phí khuyến công địa phương.",
			})
		}
	}
	return out
}

func TestFacetsFromMergedField(t *testing.T) {
	recs := facetRecords()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(context.Background(), recs...); err != nil {
		t.Fatal(err)
	}
	// What the facets must say, counted from the records themselves.
	want := func(filter func(*extract.Record) bool) map[string]map[string]int {
		m := map[string]map[string]int{}
		for _, n := range facetNames {
			m[n] = map[string]int{}
		}
		for _, r := range recs {
			if !filter(r) {
				continue
			}
			m["type"][r.Type]++
			m["issuer"][r.Issuer]++
			m["year"][strconv.Itoa(r.Date.Year)]++
			for _, p := range r.Provinces {
				m["province"][p.Name]++
				lp, _ := vq.LookupProvince(p.Name)
				m["current_province"][lp.Current]++
			}
		}
		return m
	}
	cases := []struct {
		name   string
		q      Query
		filter func(*extract.Record) bool
	}{
		{"all", Query{}, func(*extract.Record) bool { return true }},
		{"text", Query{Q: "khuyến công"}, func(*extract.Record) bool { return true }},
		{"province filter", Query{Q: "khuyen cong", Province: "Lâm Đồng"},
			func(r *extract.Record) bool { return r.Provinces[0].Name == "Lâm Đồng" }},
		{"type filter", Query{Type: "Kế hoạch"}, func(r *extract.Record) bool { return r.Type == "Kế hoạch" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			w := want(tc.filter)
			// The facets are counted by a second, unscored search: it
			// must find the same documents as the page's search.
			sum := 0
			for _, fv := range res.Facets["type"] {
				sum += fv.Count
			}
			if uint64(sum) != res.Total {
				t.Errorf("type facet counts %d documents, total %d", sum, res.Total)
			}
			if len(res.Facets) != len(facetNames) {
				t.Errorf("facets %v, want keys %v", keysOf(res.Facets), facetNames)
			}
			for _, name := range facetNames {
				got := res.Facets[name]
				n := min(len(w[name]), facetSize)
				if len(got) != n {
					t.Errorf("%s: %d values, want %d: %v", name, len(got), n, got)
				}
				for i, fv := range got {
					if strings.Contains(fv.Term, ":") {
						t.Errorf("%s: value %q keeps the facet prefix", name, fv.Term)
					}
					if fv.Count != w[name][fv.Term] {
						t.Errorf("%s %q: count %d, want %d", name, fv.Term, fv.Count, w[name][fv.Term])
					}
					if i == 0 {
						continue
					}
					prev := got[i-1]
					if name == "year" && prev.Term <= fv.Term {
						t.Errorf("years not newest first: %v", got)
					}
					if name != "year" && (prev.Count < fv.Count || prev.Count == fv.Count && prev.Term > fv.Term) {
						t.Errorf("%s not by count then value: %v", name, got)
					}
				}
				// The values left out are never more frequent than those kept.
				if len(got) == facetSize {
					least := got[len(got)-1].Count
					if name == "year" {
						least = 1 << 30
						for _, fv := range got {
							least = min(least, fv.Count)
						}
					}
					kept := map[string]bool{}
					for _, fv := range got {
						kept[fv.Term] = true
					}
					for v, c := range w[name] {
						if !kept[v] && c > least {
							t.Errorf("%s: %q (%d) left out, kept one of %d", name, v, c, least)
						}
					}
				}
			}
		})
	}
	if top := mustSearch(t, ix, Query{}).Facets["issuer"][0]; top.Term != "Sở 25" || top.Count != 25 {
		t.Errorf("top issuer %+v, want Sở 25 × 25", top)
	}
	if f := mustSearch(t, ix, Query{NoFacets: true}).Facets; len(f) != 0 {
		t.Errorf("NoFacets gave facets %v", f)
	}
}

func mustSearch(t *testing.T, ix *Index, q Query) *Result {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestOpenRefusesOtherMappingVersion(t *testing.T) {
	cases := []struct {
		name    string
		version []byte // nil: no version stored (indexes before version 4)
	}{
		{"older", []byte("3")},
		{"none", nil},
		{"newer", []byte("99")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ix, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if tc.version == nil {
				err = ix.bi.DeleteInternal(mappingVersionKey)
			} else {
				err = ix.bi.SetInternal(mappingVersionKey, tc.version)
			}
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()
			ix, err = Open(dir)
			if err == nil {
				ix.Close()
				t.Fatal("Open succeeded on an index of another mapping version")
			}
			if !errors.Is(err, ErrStaleIndex) || !strings.Contains(err.Error(), "vanban reindex") {
				t.Errorf("error %q: want ErrStaleIndex saying to run vanban reindex", err)
			}
		})
	}
	// The current version opens again.
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if ix, err = Open(dir); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	ix.Close()
}

// The facet counts follow the index: the bitmaps cached for one snapshot
// are not used after records are added or replaced.
func TestFacetsFollowWrites(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	typeCount := func(typ string) int {
		for _, fv := range mustSearch(t, ix, Query{}).Facets["type"] {
			if fv.Term == typ {
				return fv.Count
			}
		}
		return 0
	}
	before := typeCount("Quyết định")
	if before == 0 {
		t.Fatal("no Quyết định in the fixture facets")
	}
	rec := &extract.Record{ID: "new1", Number: "77/QĐ-UBND", Type: "Quyết định", Issuer: "UBND tỉnh Hà Giang",
		Date: model.MustParseDate("2024-01-02"), Subject: "Khuyến công", Text: "Khuyến công."}
	if err := ix.Add(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if got := typeCount("Quyết định"); got != before+1 {
		t.Errorf("after adding one: %d, want %d", got, before+1)
	}
	rec.Type = "Kế hoạch"
	if err := ix.Add(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if got := typeCount("Quyết định"); got != before {
		t.Errorf("after replacing it: %d, want %d", got, before)
	}
	if got := typeCount("Kế hoạch"); got == 0 {
		t.Error("replaced record's new type not counted")
	}
}

// Highlights mark the folded words of the query, phrases included, in the
// subject and the body of the page's hits.
func TestHighlightsMarkQueryWords(t *testing.T) {
	ix := openFixture(t)
	cases := []struct {
		name, q, id, subject string
	}{
		{"words", "khuyến học", "ubnd2319", "<mark>khuyến</mark> <mark>học</mark>"},
		{"folded", "khuyen hoc", "ubnd2319", "<mark>khuyến</mark> <mark>học</mark>"},
		{"phrase", `"cải cách hành chính"`, "bc329", "<mark>cải</mark> <mark>cách</mark> <mark>hành</mark> <mark>chính</mark>"},
		{"number and words", "2319/QĐ-UBND khuyến học", "ubnd2319", "<mark>khuyến</mark> <mark>học</mark>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Q: tc.q})
			if len(res.Hits) == 0 || res.Hits[0].ID != tc.id {
				t.Fatalf("hits %v, want %s first", ids(res), tc.id)
			}
			h := res.Hits[0].Highlights
			if len(h["subject"]) == 0 || !strings.Contains(h["subject"][0], tc.subject) {
				t.Errorf("subject highlights %q, want %q", h["subject"], tc.subject)
			}
			if len(h["body"]) == 0 || !strings.Contains(h["body"][0], "<mark>") {
				t.Errorf("body highlights %q, want marks", h["body"])
			}
		})
	}
}
