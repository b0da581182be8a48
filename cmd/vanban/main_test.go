package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest/parse"
	"vanban/ingest/sandbox"
	"vanban/server"
)

func TestMain(m *testing.M) {
	// The test binary doubles as the parse worker that an sandbox.Sandbox starts.
	sandbox.RunWorkerIfRequested(parse.Bytes)
	os.Exit(m.Run())
}

const fixtures = "../../testdata/corpus"

// nFixtures is the number of generated fixtures (cmd/gentestdata), all of
// which ingest indexes.
func nFixtures(t *testing.T) int {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s (go run ./cmd/gentestdata)", fixtures)
	}
	return len(files)
}

// ingestFixtures ingests the fixtures into a new data directory: its path
// and what ingest printed.
func ingestFixtures(t *testing.T) (data, printed string) {
	t.Helper()
	data = t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"ingest", "--no-ocr", "--data", data, fixtures}, &out, &out); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out.String())
	}
	return data, out.String()
}

// TestEndToEnd ingests the generated fixtures into a fresh data dir, serves
// the real API and finds each document by its number, typed as clerks type it.
func TestEndToEnd(t *testing.T) {
	data, printed := ingestFixtures(t)
	if want := fmt.Sprintf("%d indexed", nFixtures(t)); !strings.Contains(printed, want) {
		t.Fatalf("ingest summary = %q, want %s", printed, want)
	}
	ix, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	srv := httptest.NewServer(server.New(server.Config{Store: ix}).Handler())
	defer srv.Close()

	cases := []struct {
		name, q, want string
	}{
		{"exact number", "4768/QĐ-BCT", "4768/QĐ-BCT"},
		{"number without Đ", "4768/QD-BCT", "4768/QĐ-BCT"},
		{"lower case with spaces", "4768 / qd-bct", "4768/QĐ-BCT"},
		{"công văn number", "95/UBND-KT", "95/UBND-KT"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var res index.Result
			getJSON(t, srv.URL+"/api/search?q="+url.QueryEscape(c.q), http.StatusOK, &res)
			if len(res.Hits) == 0 {
				t.Fatalf("no hits for %q", c.q)
			}
			if res.Hits[0].Number != c.want {
				t.Fatalf("first hit for %q is %q, want %q", c.q, res.Hits[0].Number, c.want)
			}
			var rec extract.Record
			getJSON(t, srv.URL+"/api/documents/"+res.Hits[0].ID, http.StatusOK, &rec)
			if rec.Number != c.want || rec.ID != res.Hits[0].ID {
				t.Fatalf("document %s: number %q id %q", res.Hits[0].ID, rec.Number, rec.ID)
			}
		})
	}
	t.Run("bad page is 400", func(t *testing.T) {
		var e map[string]any
		getJSON(t, srv.URL+"/api/search?q=x&page=abc", http.StatusBadRequest, &e)
		if e["error"] == "" {
			t.Fatalf("no error message: %v", e)
		}
	})
	t.Run("unknown document is 404", func(t *testing.T) {
		var e map[string]any
		getJSON(t, srv.URL+"/api/documents/nope", http.StatusNotFound, &e)
	})
	t.Run("healthz", func(t *testing.T) {
		var e map[string]any
		getJSON(t, srv.URL+"/healthz", http.StatusOK, &e)
	})
}

func getJSON(t *testing.T, u string, status int, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d", u, resp.StatusCode, status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// TestExtractRealDecision is the acceptance check: the real decision
// prints "Số: 779     /QĐ-UBND" and the library splits it over two lines.
func TestExtractRealDecision(t *testing.T) {
	path := "../../../shared/corpus/pdf/binhthuan_779-QD-UBND_dieu-le-quy-khuyen-hoc.pdf"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared corpus not found (%v): run from a checkout with ../shared beside it", err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"extract", "--no-ocr", path}, &out, &out); err != nil {
		t.Fatalf("extract: %v\n%s", err, out.String())
	}
	var rec extract.Record
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out.String())
	}
	if rec.Number != "779/QĐ-UBND" {
		t.Errorf("number = %q, want 779/QĐ-UBND", rec.Number)
	}
	if rec.Source.Format != "pdf" || rec.Source.Pages != 13 || len(rec.ID) != 64 {
		t.Errorf("source = %+v id %q", rec.Source, rec.ID)
	}
}

// TestExtractBadFile: a file that cannot be read still gets a record with a
// reason, and the command fails.
func TestExtractBadFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.pdf")
	if err := os.WriteFile(bad, []byte("%PDF-1.4\n1 0 obj garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(fixtures, "cv-95-UBND-KT-lam-dong.pdf")
	var out bytes.Buffer
	err := run(context.Background(), []string{"extract", "--no-ocr", bad, good}, &out, &out)
	if err == nil {
		t.Fatal("extract of a broken file succeeded")
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 JSON lines, got %d:\n%s", len(lines), out.String())
	}
	var r1, r2 extract.Record
	json.Unmarshal([]byte(lines[0]), &r1)
	json.Unmarshal([]byte(lines[1]), &r2)
	if r1.Error == "" || r1.Source.Name != "broken.pdf" {
		t.Errorf("broken file record = %+v", r1)
	}
	if r2.Error != "" || r2.Number != "95/UBND-KT" {
		t.Errorf("good file record = %+v", r2)
	}
}

// readCSV reads a CSV file vanban wrote (UTF-8 with a byte-order mark).
func readCSV(t *testing.T, file string) [][]string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	return recs
}

// TestExport writes the allocation rows of one province as CSV: every
// amount column of every table that lists it, exact to the đồng, each row
// once however many files hold it, with a total per column.
func TestExport(t *testing.T) {
	ctx := context.Background()
	data, _ := ingestFixtures(t)
	var out bytes.Buffer
	file := filepath.Join(t.TempDir(), "lao-cai.csv")
	if err := run(ctx, []string{"export", "--data", data, "--format", "csv", "--out", file, "--province", "lao cai"}, &out, &out); err != nil {
		t.Fatalf("export: %v\n%s", err, out.String())
	}
	recs := readCSV(t, file)
	// The decision (PDF) and its appendix workbook both list Lào Cai with
	// three amount columns: 4.041, 2.994 and 1.047 triệu đồng, one row
	// each, naming both files.
	want := map[string]int{"4041000000": 1, "2994000000": 1, "1047000000": 1}
	got := map[string]int{}
	for _, r := range recs[1:4] {
		if r[5] != "Lào Cai" {
			t.Errorf("row for %q in a Lào Cai export", r[5])
		}
		if !strings.Contains(r[4], "qd-4768-QD-BCT-khuyen-cong-2024.pdf") || !strings.Contains(r[4], "phu-luc-kinh-phi-khuyen-cong-2024.xlsx") {
			t.Errorf("files %q, want the PDF and the workbook", r[4])
		}
		got[r[10]]++
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("amounts = %v, want %v", got, want)
	}
	// A total per column: "Vốn đầu tư" and "Vốn sự nghiệp" are parts of
	// "Tổng số" and are never added to it.
	if len(recs) != 7 {
		t.Fatalf("%d records, want a header, 3 rows and 3 totals", len(recs))
	}
	for i, r := range recs[4:] {
		if r[5] != "TỔNG CỘNG" || r[10] != recs[1+i][10] || r[9] != recs[1+i][9] {
			t.Errorf("total %d = %q, want the column %q of %s", i, r, recs[1+i][9], recs[1+i][10])
		}
	}
	// --document, --column and --recipient-kind narrow it like the API.
	file = filepath.Join(t.TempDir(), "4768.csv")
	if err := run(ctx, []string{"export", "--data", data, "--out", file, "--document", "4768/qd-bct", "--column", "KINH PHÍ / tổng số", "--recipient-kind", "province,unit"}, &out, &out); err != nil {
		t.Fatalf("export: %v\n%s", err, out.String())
	}
	recs = readCSV(t, file)
	if len(recs) != 1+13+1 || recs[14][10] != "49921000000" {
		t.Errorf("decision 4768, column Tổng số: %d records, total %q; want 13 rows and 49 921 000 000", len(recs), recs[len(recs)-1])
	}
	if err := run(ctx, []string{"export", "--data", data, "--out", file, "--recipient-kind", "tỉnh"}, &out, &out); err == nil || !strings.Contains(err.Error(), "recipient_kind") {
		t.Errorf("--recipient-kind tỉnh: %v, want an error naming recipient_kind", err)
	}
	out.Reset()
	if err := run(ctx, []string{"export", "--data", data, "--format", "pdf"}, &out, &out); err == nil {
		t.Error("export --format pdf succeeded")
	}
}
