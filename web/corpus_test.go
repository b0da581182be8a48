package web_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest/parse"
	"vanban/server"
)

// realCorpus are files from ../shared/corpus that exercise the document
// page with real tables: Bộ Tài chính budget tables (one row per province,
// multi-row heads, region subtotals) and a Lâm Đồng appendix PDF.
var realCorpus = []string{
	"xls/btc_du-toan-NSNN-2007_QD-3855-QD-BTC.xls",
	"xls/btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls",
	"xlsx/lamdong_tong-hop-gop-y_666.xlsx",
	"pdf/lamdong_PL-VI_cai-cach-tai-chinh-cong-2025_bang-theo-don-vi.pdf",
}

var (
	realOnce sync.Once
	realIx   *index.Index
	realRecs map[string]*extract.Record // by corpus path
	realErr  error
)

// realFixture indexes realCorpus through the real pipeline; it skips when
// the shared corpus is absent.
func realFixture(t testing.TB) (*index.Index, map[string]*extract.Record) {
	t.Helper()
	const root = "../../shared/corpus"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("shared corpus not found at %s (it is not part of the repository): %v", root, err)
	}
	realOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vanban-web-corpus-")
		if err != nil {
			realErr = err
			return
		}
		realIx, realErr = index.Open(dir)
		if realErr != nil {
			return
		}
		realRecs = map[string]*extract.Record{}
		ctx := context.Background()
		var recs []*extract.Record
		for _, name := range realCorpus {
			data, err := os.ReadFile(filepath.Join(root, name))
			if err != nil {
				realErr = err
				return
			}
			doc, err := parse.Bytes(ctx, filepath.Base(name), data, parse.Options{NoOCR: true})
			if err != nil {
				realErr = err
				return
			}
			rec := extract.Extract(doc, data)
			if len(rec.Tables) == 0 {
				// Until Extract finds tables itself.
				var warns []string
				rec.Tables, rec.Allocations, warns = extract.Tables(doc)
				rec.Warnings = append(rec.Warnings, warns...)
			}
			realRecs[name] = rec
			recs = append(recs, rec)
		}
		realErr = realIx.Add(ctx, recs...)
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realIx, realRecs
}

func TestRealDocumentPages(t *testing.T) {
	ix, recs := realFixture(t)
	srv := newWebServer(t, server.Config{Store: ix})
	for _, name := range realCorpus {
		rec := recs[name]
		t.Run(filepath.Base(name), func(t *testing.T) {
			status, body, _ := get(t, srv, "/documents/"+rec.ID)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			if got, want := strings.Count(body, `<section class="table-block"`), len(rec.Tables); got != want {
				t.Errorf("%d tables on the page, the record has %d", got, want)
			}
			if len(rec.Tables) > 0 && !strings.Contains(body, `<th scope="col"`) {
				t.Error("no column headers")
			}
			if !strings.Contains(body, rec.Source.Name) {
				t.Error("the file name is missing")
			}
		})
	}
	t.Run("allocations of a province over every document", func(t *testing.T) {
		status, body, _ := get(t, srv, "/allocations?province=L%C3%A2m%20%C4%90%E1%BB%93ng")
		if status != 200 {
			t.Fatalf("status %d", status)
		}
		if !strings.Contains(body, "Tổng cộng") && !strings.Contains(body, "Tổng theo từng khoản mục") && !strings.Contains(body, "Không có dòng phân bổ") {
			t.Errorf("neither a total nor the empty state:\n%s", body)
		}
	})
}

// BenchmarkDocumentPage renders the page of a Bộ Tài chính budget workbook
// (64 provinces, multi-row heads).
func BenchmarkDocumentPage(b *testing.B) {
	ix, recs := realFixture(b)
	srv := newWebServer(b, server.Config{Store: ix})
	url := srv.URL + "/documents/" + recs[realCorpus[0]].ID
	client := srv.Client()
	for b.Loop() {
		res, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		b.SetBytes(n)
	}
}
