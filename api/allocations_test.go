package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"vanban/export"
	"vanban/extract"
	"vanban/index"
	"vanban/ingest/xlsx"
	"vanban/internal/servertest"
	"vanban/server"
)

// allocationsAnswer is GET /api/allocations' JSON as a client reads it.
type allocationsAnswer struct {
	Total   int                   `json:"total"`
	Page    int                   `json:"page"`
	Size    int                   `json:"size"`
	Rows    []index.AllocationRow `json:"rows"`
	Sums    []index.ColumnSum     `json:"sums"`
	SumVND  *int64                `json:"sum_vnd"`
	SumNote string                `json:"sum_note"`
}

func getAllocations(t *testing.T, base string, params url.Values) allocationsAnswer {
	t.Helper()
	resp, body := apiGet(t, base+"/api/allocations?"+params.Encode())
	if resp.StatusCode != 200 {
		t.Fatalf("%s: status %d: %s", params.Encode(), resp.StatusCode, body)
	}
	var a allocationsAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestAllocationsAPIOnFixtures: the testdata corpus (Quyết định
// 4768/QĐ-BCT as a PDF and as its xlsx appendix) through the real server.
func TestAllocationsAPIOnFixtures(t *testing.T) {
	srv := newCorpusServer(t)
	t.Run("one table counted once, with both files", func(t *testing.T) {
		a := getAllocations(t, srv.URL, url.Values{"province": {"Lâm Đồng"}, "column": {"KINH PHÍ / TỔNG SỐ"}})
		if a.Total != 1 || a.SumVND == nil || *a.SumVND != 3_770_000_000 {
			t.Fatalf("Lâm Đồng: %d rows, sum %v; want 1 row, 3 770 000 000 đồng", a.Total, a.SumVND)
		}
		var names []string
		for _, f := range a.Rows[0].Files {
			names = append(names, f.Name)
		}
		if len(names) != 2 || !strings.Contains(strings.Join(names, " "), "qd-4768-QD-BCT-khuyen-cong-2024.pdf") ||
			!strings.Contains(strings.Join(names, " "), "phu-luc-kinh-phi-khuyen-cong-2024.xlsx") {
			t.Errorf("files %v, want the PDF and its appendix", names)
		}
		if a.Rows[0].RecipientKind != extract.RecipientProvince {
			t.Errorf("recipient_kind %q", a.Rows[0].RecipientKind)
		}
	})
	t.Run("sums per column, no sum across columns", func(t *testing.T) {
		a := getAllocations(t, srv.URL, url.Values{"document": {"4768/qd-bct"}})
		if a.Total != 39 || len(a.Sums) != 3 || a.SumVND != nil || a.SumNote == "" {
			t.Fatalf("decision 4768: %d rows, sums %+v, sum %v note %q; want 39 rows, 3 sums, no one sum and a note", a.Total, a.Sums, a.SumVND, a.SumNote)
		}
		got := map[string]int64{}
		for _, s := range a.Sums {
			got[index.ColumnKey(s.Column)] = s.SumVND
			if s.Rows != 13 || s.Unit == "" {
				t.Errorf("sum %+v: want 13 rows and the printed unit", s)
			}
		}
		want := map[string]int64{"kinh phi/tong so": 49_921_000_000, "kinh phi/von dau tu": 33_339_000_000, "kinh phi/von su nghiep": 16_582_000_000}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %d, want %d", k, got[k], v)
			}
		}
	})
	t.Run("pages", func(t *testing.T) {
		a := getAllocations(t, srv.URL, url.Values{"document": {"4768/QĐ-BCT"}, "size": {"5"}, "page": {"8"}, "sort": {"-amount"}})
		if a.Total != 39 || len(a.Rows) != 4 || a.Page != 8 || a.Size != 5 || len(a.Sums) != 3 {
			t.Fatalf("page 8 of 5: total %d, %d rows, page %d size %d, %d sums", a.Total, len(a.Rows), a.Page, a.Size, len(a.Sums))
		}
		if a.Rows[3].AmountVND != 640_000_000 {
			t.Errorf("last row %+v, want the smallest amount 640 000 000", a.Rows[3])
		}
		d := getAllocations(t, srv.URL, url.Values{})
		if d.Size != 100 || d.Page != 1 {
			t.Errorf("defaults: page %d size %d", d.Page, d.Size)
		}
	})
	t.Run("budget lines are one filter away", func(t *testing.T) {
		a := getAllocations(t, srv.URL, url.Values{"recipient_kind": {"line"}})
		for _, r := range a.Rows {
			if r.RecipientKind != extract.RecipientLine {
				t.Errorf("row %+v in recipient_kind=line", r)
			}
		}
		all := getAllocations(t, srv.URL, url.Values{"recipient_kind": {"all"}, "size": {"10000"}})
		def := getAllocations(t, srv.URL, url.Values{"size": {"10000"}})
		if all.Total != def.Total+a.Total {
			t.Errorf("all %d rows, default %d + lines %d", all.Total, def.Total, a.Total)
		}
	})
	t.Run("csv honours every filter and lists the files", func(t *testing.T) {
		resp, body := apiGet(t, srv.URL+"/api/allocations?format=csv&document=4768%2FQD-BCT&column=kinh+ph%C3%AD+%2F+v%E1%BB%91n&size=1")
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// header, 26 rows (13 provinces × 2 "Vốn" columns, whatever size
		// says), a total per column.
		if len(recs) != 1+26+2 {
			t.Fatalf("%d records, want 29", len(recs))
		}
		for _, r := range recs[1:27] {
			if !strings.Contains(r[4], ".pdf") || !strings.Contains(r[4], ".xlsx") || !strings.HasPrefix(strings.ToLower(r[9]), "kinh phí / vốn") {
				t.Errorf("row %q: want both files and a Vốn column", r)
			}
		}
		for _, r := range recs[27:] {
			if r[5] != "TỔNG CỘNG" || r[9] == "" {
				t.Errorf("total %q: want one per column", r)
			}
		}
	})
	t.Run("xlsx dates are dates", func(t *testing.T) {
		resp, body := apiGet(t, srv.URL+"/api/allocations?format=xlsx&document=4768%2FQD-BCT")
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		doc, err := xlsx.Read(context.Background(), body, xlsx.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c := doc.Sheets[0].Rows[1][3]
		if doc.Sheets[0].Rows[0][3].Text != export.Header[3] || c.Kind != "d" || c.Text != "2023-12-27" {
			t.Errorf("date cell %+v, want the date 2023-12-27", c)
		}
	})
}

func TestAllocationsAPIBadParameters(t *testing.T) {
	srv := newCorpusServer(t)
	tests := []struct{ name, query, param, accepted string }{
		{"size too large", "size=10001", "size", ""},
		{"size zero", "size=0", "size", ""},
		{"page zero", "page=0", "page", ""},
		{"sort", "sort=relevance", "sort", "-amount"},
		{"recipient kind", "recipient_kind=tinh", "recipient_kind", "line"},
		{"no recipient kind", "recipient_kind=,", "recipient_kind", "all"},
		{"document", "document=kh%C3%B4ng+r%C3%B5", "document", ""},
		{"column", "column=%2F", "column", ""},
		{"twice", "column=a&column=b", "column", ""},
		{"unknown", "colum=a", "colum", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := apiGet(t, srv.URL+"/api/allocations?"+tc.query)
			var e struct {
				Param    string
				Accepted []string
			}
			json.Unmarshal(body, &e)
			if resp.StatusCode != 400 || e.Param != tc.param {
				t.Errorf("status %d body %s; want 400 naming %s", resp.StatusCode, body, tc.param)
			}
			if tc.accepted != "" && !slices.Contains(e.Accepted, tc.accepted) {
				t.Errorf("accepted %v, want it to list %s", e.Accepted, tc.accepted)
			}
		})
	}
}

// newCorpusServer serves testdata/corpus read through the real pipeline.
func newCorpusServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(server.New(server.Config{Store: servertest.CorpusIndex(t)}).Handler())
	t.Cleanup(srv.Close)
	return srv
}
