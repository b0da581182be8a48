package table

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/ingest/pdf"
	"vanban/ingest/xls"
	"vanban/ingest/xlsx"
	"vanban/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenTable is what a golden file keeps of a table.
type goldenTable struct {
	Page     int      `json:"page,omitempty"`
	Sheet    string   `json:"sheet,omitempty"`
	Title    string   `json:"title"`
	Unit     string   `json:"unit,omitempty"`
	Columns  []string `json:"columns"`
	Amount   []int    `json:"amount_columns,omitempty"`
	Rows     []string `json:"rows"` // kind|group|cells joined by " | "
	Warnings []string `json:"warnings,omitempty"`
}

// TestGolden compares whole documents' tables with testdata/golden; run
// with -update after a deliberate change and review the diff.
func TestGolden(t *testing.T) {
	dir := needCorpus(t, ".")
	files := []string{
		"xls/btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls",
		"xls/btc_quyet-toan-NSNN-2006_QD-1339-QD-BTC.xls",
		"xls/btc_du-toan-NSNN-2007_QD-3855-QD-BTC.xls",
		"xls/btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls",
		"xls/btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls",
		"xlsx/lamdong_tong-hop-gop-y_666.xlsx",
		"pdf/lamdong_666-TTr-SNV_phu-luc-tong-hop-gop-y.pdf",
		"pdf/lamdong_PL-VI_cai-cach-tai-chinh-cong-2025_bang-theo-don-vi.pdf",
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			var doc *model.Document
			switch filepath.Ext(f) {
			case ".xls":
				doc, err = xls.Read(data)
			case ".xlsx":
				doc, err = xlsx.Read(context.Background(), data, xlsx.Options{})
			default:
				doc, err = pdf.Read(context.Background(), data, pdf.Options{NoOCR: true})
			}
			if err != nil {
				t.Fatal(err)
			}
			var tabs []*Table
			for i := range doc.Sheets {
				tabs = append(tabs, FromSheet(&doc.Sheets[i])...)
			}
			tabs = append(tabs, FromPages(doc.Pages)...)
			var got []goldenTable
			for i, tb := range tabs {
				g := goldenTable{Page: tb.Page, Sheet: tb.Sheet, Title: tb.Title, Unit: tb.Unit.Text, Columns: tb.Columns, Warnings: tb.Check(i + 1)}
				for c, a := range tb.Amount {
					if a {
						g.Amount = append(g.Amount, c)
					}
				}
				for _, r := range tb.Rows {
					g.Rows = append(g.Rows, string(r.Kind)+" | "+r.Group+" | "+strings.Join(r.Cells, " | "))
				}
				got = append(got, g)
			}
			out, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", filepath.Base(f)+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(out, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if strings.TrimSpace(string(want)) != strings.TrimSpace(string(out)) {
				gl, wl := strings.Split(string(out), "\n"), strings.Split(string(want), "\n")
				for i := 0; i < max(len(gl), len(wl)); i++ {
					var a, b string
					if i < len(gl) {
						a = gl[i]
					}
					if i < len(wl) {
						b = wl[i]
					}
					if a != b {
						t.Fatalf("%s differs at line %d:\n got %s\nwant %s", golden, i+1, a, b)
					}
				}
			}
		})
	}
}
