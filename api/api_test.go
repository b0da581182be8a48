package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vanban/api"
	"vanban/export"
	"vanban/extract"
	"vanban/index"
	"vanban/internal/servertest"
	"vanban/server"
)

type fakeFiles struct{ dir string }

func (f fakeFiles) OpenFile(id string) (*os.File, error) {
	return os.Open(filepath.Join(f.dir, id))
}

func newTestServer(t *testing.T, files api.Originals) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(server.New(server.Config{Store: servertest.Index(t), Files: files}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

var apiGet = servertest.Get

func TestSearchAPI(t *testing.T) {
	srv := newTestServer(t, nil)
	cases := []struct {
		name, query string
		total       int
		first       string
	}{
		{"number", "q=" + url.QueryEscape("qd 4768"), -1, "aa01"},
		{"words without diacritics", "q=khuyen+cong+ha+giang", -1, "aa01"},
		{"current province merges old ones", "current_province=" + url.QueryEscape("Lâm Đồng"), 1, "bb02"},
		{"province as written", "province=ha+giang", 1, "aa01"},
		{"type code", "type=QĐ", 1, "aa01"},
		{"year", "year=2025", 1, "bb02"},
		{"dates", "date_from=2025-01-01&date_to=2025-12-31", 1, "bb02"},
		{"amount", "amount_min=2000000000", 1, "aa01"},
		{"sort", "sort=-date", 2, "bb02"},
		{"nothing matches", "q=xyzzy", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := apiGet(t, srv.URL+"/api/search?"+c.query)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var res struct {
				Total  int
				Hits   []map[string]any
				Facets map[string][]index.FacetValue
			}
			if err := json.Unmarshal(body, &res); err != nil {
				t.Fatal(err)
			}
			if c.total >= 0 && res.Total != c.total {
				t.Errorf("total %d, want %d", res.Total, c.total)
			}
			if c.first != "" && (len(res.Hits) == 0 || res.Hits[0]["id"] != c.first) {
				t.Errorf("hits %v, want %s first", res.Hits, c.first)
			}
			if res.Hits == nil || res.Facets == nil {
				t.Errorf("hits or facets missing: %s", body)
			}
			for _, h := range res.Hits {
				for _, k := range []string{"id", "number", "type", "issuer", "date", "subject", "highlights"} {
					if _, ok := h[k]; !ok {
						t.Errorf("hit without %q: %v", k, h)
					}
				}
			}
		})
	}
}

func TestBadParameters(t *testing.T) {
	srv := newTestServer(t, nil)
	cases := []struct {
		name, path string
		param      string // the body names the parameter at fault
		accepted   string // and, for a closed set, lists this among its values
	}{
		{"bad date", "/api/search?date_from=2025-02-30", "date_from", ""},
		{"bad year", "/api/search?year=twenty", "year", ""},
		{"size over 100", "/api/search?size=101", "size", ""},
		{"unknown sort", "/api/search?sort=name", "sort", "-date"},
		{"unknown type", "/api/search?type=xyz", "type", "Phụ lục"},
		{"unknown type on allocations", "/api/allocations?type=xyz", "type", "QĐ"},
		{"bad page", "/api/search?page=0", "page", ""},
		{"bad amount", "/api/search?amount_min=1.5", "amount_min", ""},
		{"unknown parameter", "/api/search?provnce=ha+giang", "provnce", ""},
		{"repeated parameter", "/api/search?q=a&q=b", "q", ""},
		{"unknown province", "/api/search?province=Atlantis", "province", "Hòa Bình"},
		{"unknown current province", "/api/search?current_province=Atlantis", "current_province", "Lâm Đồng"},
		{"query too long", "/api/search?q=" + strings.Repeat("a", 501), "q", ""},
		{"allocations bad format", "/api/allocations?format=pdf", "format", "xlsx"},
		{"allocations bad year", "/api/allocations?year=1", "year", ""},
		{"document bad text flag", "/api/documents/aa01?text=maybe", "text", "1"},
		{"document unknown parameter", "/api/documents/aa01?full=1", "full", ""},
		{"file unknown parameter", "/api/documents/aa01/file?download=1", "download", ""},
		{"openapi unknown parameter", "/api/openapi.json?v=2", "v", ""},
		{"healthz unknown parameter", "/healthz?verbose=1", "verbose", ""},
		{"metrics unknown parameter", "/metrics?format=json", "format", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := apiGet(t, srv.URL+c.path)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", resp.StatusCode, body)
			}
			var e struct {
				Error    string
				Param    string
				Accepted []string
				Status   int
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" || e.Status != 400 {
				t.Errorf("error body %s (%v)", body, err)
			}
			if e.Param != c.param {
				t.Errorf("param %q, want %q: %s", e.Param, c.param, body)
			}
			if c.accepted != "" && !slices.Contains(e.Accepted, c.accepted) {
				t.Errorf("accepted values %v lack %q", e.Accepted, c.accepted)
			}
			if c.accepted == "" && e.Accepted != nil {
				t.Errorf("accepted values for an open parameter: %v", e.Accepted)
			}
		})
	}
}

// TestClosedSetsAcceptTheirValues: every value an error lists is taken.
func TestClosedSetsAcceptTheirValues(t *testing.T) {
	srv := newTestServer(t, nil)
	for _, param := range []string{"type", "province", "current_province", "sort"} {
		for _, v := range index.Accepted(param) {
			resp, body := apiGet(t, srv.URL+"/api/search?"+param+"="+url.QueryEscape(v))
			if resp.StatusCode != 200 {
				t.Errorf("%s=%s: status %d: %s", param, v, resp.StatusCode, body)
			}
		}
	}
}

func TestDocumentAPI(t *testing.T) {
	srv := newTestServer(t, nil)
	resp, body := apiGet(t, srv.URL+"/api/documents/bb02")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var doc struct {
		extract.Record
		References []struct {
			Number, ID, URL string
		} `json:"references"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Number != "95/UBND-KT" || doc.Text != "" {
		t.Errorf("document = %+v (text must be left out without text=1)", doc.Record)
	}
	if len(doc.References) != 2 || doc.References[0].ID != "aa01" || doc.References[0].URL != "/api/documents/aa01" || doc.References[1].ID != "" {
		t.Errorf("references = %+v, want the first linked to aa01", doc.References)
	}
	_, body = apiGet(t, srv.URL+"/api/documents/bb02?text=1")
	if !bytes.Contains(body, []byte(`"text":"Thực hiện`)) {
		t.Errorf("text=1 gave no text: %s", body)
	}
	resp, _ = apiGet(t, srv.URL+"/api/documents/nope")
	if resp.StatusCode != 404 {
		t.Errorf("unknown document: status %d", resp.StatusCode)
	}
}

func TestDocumentFile(t *testing.T) {
	dir := t.TempDir()
	pdf := []byte("%PDF-1.4 fake original")
	if err := os.WriteFile(filepath.Join(dir, "aa01"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, fakeFiles{dir})
	resp, body := apiGet(t, srv.URL+"/api/documents/aa01/file")
	if resp.StatusCode != 200 || !bytes.Equal(body, pdf) {
		t.Fatalf("status %d body %q", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "qd-4768.pdf") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	// A record whose original is not kept, and an unknown record.
	for _, p := range []string{"/api/documents/bb02/file", "/api/documents/nope/file"} {
		if resp, body := apiGet(t, srv.URL+p); resp.StatusCode != 404 {
			t.Errorf("%s: status %d %s", p, resp.StatusCode, body)
		}
	}
	// No originals store at all.
	srv2 := newTestServer(t, nil)
	if resp, _ := apiGet(t, srv2.URL+"/api/documents/aa01/file"); resp.StatusCode != 404 {
		t.Errorf("without a store: status %d", resp.StatusCode)
	}
	var _ fs.FS // keep io/fs for the interface doc
}

func TestAllocationsAPI(t *testing.T) {
	srv := newTestServer(t, nil)
	cases := []struct {
		name, query string
		rows        int
		sum         int64
	}{
		{"all", "", 2, 3_500_000_001},
		{"province", "province=ha+giang", 1, 1_500_000_000},
		{"current province", "current_province=tuyen+quang", 1, 1_500_000_000},
		{"number", "q=4768%2FQD-BCT", 2, 3_500_000_001},
		{"year without rows", "year=2025", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := apiGet(t, srv.URL+"/api/allocations?"+c.query)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var res struct {
				Rows   []index.AllocationRow
				SumVND int64 `json:"sum_vnd"`
			}
			if err := json.Unmarshal(body, &res); err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != c.rows || res.SumVND != c.sum {
				t.Errorf("%d rows sum %d, want %d rows sum %d", len(res.Rows), res.SumVND, c.rows, c.sum)
			}
			if res.Rows == nil {
				t.Error("rows is null, want []")
			}
		})
	}
	t.Run("csv", func(t *testing.T) {
		resp, body := apiGet(t, srv.URL+"/api/allocations?format=csv")
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !bytes.HasPrefix(body, []byte("\uFEFF")) {
			t.Fatalf("content type %q, body %q", resp.Header.Get("Content-Type"), body)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 4 || recs[0][0] != export.Header[0] || recs[1][5] != "Hà Giang" && recs[2][5] != "Hà Giang" || recs[3][10] != "3500000001" {
			t.Errorf("csv = %q", recs)
		}
	})
	t.Run("xlsx", func(t *testing.T) {
		resp, body := apiGet(t, srv.URL+"/api/allocations?format=xlsx")
		if resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
		}
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		var sheet []byte // the sheet and its shared strings
		for _, f := range zr.File {
			if f.Name == "xl/worksheets/sheet1.xml" || f.Name == "xl/sharedStrings.xml" {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				sheet = append(sheet, b...)
				rc.Close()
			}
		}
		if !bytes.Contains(sheet, []byte("<v>3500000001</v>")) || !bytes.Contains(sheet, []byte("Lào Cai")) {
			t.Errorf("sheet = %s", sheet)
		}
	})
}
