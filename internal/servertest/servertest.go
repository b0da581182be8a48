// Package servertest holds the fixtures that the tests of the HTTP
// packages (api, web, server) share: two small records in a real index,
// and ingest workers on a ledger with a parser that needs no outside tool.
// It imports no HTTP package, so each test builds the real server itself.
package servertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
	"vanban/ingest/format"
	"vanban/ingest/parse"
	"vanban/ingest/sandbox"
	"vanban/model"
)

// Records are two records: decision 4768/QĐ-BCT (id aa01, allocations to
// Hà Giang and Lào Cai) and a công văn citing it (id bb02).
func Records() []*extract.Record {
	return []*extract.Record{
		{ID: "aa01", Source: extract.Source{Name: "qd-4768.pdf", Format: "pdf"}, Number: "4768/QĐ-BCT",
			Type: "Quyết định", TypeCode: "QĐ", Issuer: "Bộ Công Thương", Date: model.MustParseDate("2024-12-30"),
			Subject:   "Phê duyệt kế hoạch khuyến công quốc gia năm 2025",
			Provinces: []extract.Province{{Name: "Hà Giang", Current: "Tuyên Quang"}},
			Text:      "Hỗ trợ kinh phí khuyến công cho cơ sở công nghiệp nông thôn tỉnh Hà Giang.",
			Allocations: []extract.Allocation{
				{Recipient: "Hà Giang", Province: "Hà Giang", CurrentProvince: "Tuyên Quang", Column: "Kinh phí", AmountVND: 1_500_000_000},
				{Recipient: "Lào Cai", Province: "Lào Cai", CurrentProvince: "Lào Cai", Column: "Kinh phí", AmountVND: 2_000_000_001},
			}},
		{ID: "bb02", Source: extract.Source{Name: "cv-95.xlsx", Format: "xlsx"}, Number: "95/UBND-KT",
			Type: "Công văn", Issuer: "Ủy ban nhân dân tỉnh Đắk Nông", Date: model.MustParseDate("2025-03-01"),
			Subject:    "Về việc triển khai kế hoạch khuyến công",
			Provinces:  []extract.Province{{Name: "Đắk Nông"}},
			Text:       "Thực hiện Quyết định số 4768/QĐ-BCT của Bộ Công Thương.",
			References: []extract.Reference{{Number: "4768/QD-BCT"}, {Number: "12/2020/NĐ-CP"}}},
	}
}

// Index is an index holding Records, closed when the test ends.
func Index(t testing.TB) *index.Index {
	t.Helper()
	ix, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(context.Background(), Records()...); err != nil {
		t.Fatal(err)
	}
	return ix
}

// NopSink indexes nothing; the ingest routes only care about the ledger.
type NopSink struct{}

func (NopSink) Store(ctx context.Context, f *ingest.File, doc *model.Document) (ingest.Identity, error) {
	return ingest.Identity{}, nil
}

// TextParser reads any file as one cell of text; a file holding "BAD" is
// corrupt.
func TextParser(ctx context.Context, path, name string, opt format.ParseOptions, lim sandbox.Limits) (*model.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte("BAD")) {
		return nil, &format.FileError{Name: name, Err: format.ErrCorrupt}
	}
	return &model.Document{Format: model.FormatXLSX, Sheets: []model.Sheet{{Name: "S", Rows: [][]model.Cell{{{Text: string(data)}}}}}}, nil
}

// Pool runs ingest workers (one, files of at most 64 bytes, TextParser)
// on a fresh ledger into sink, beside an empty index; both end with the
// test.
func Pool(t testing.TB, sink ingest.Sink) (*ingest.Pool, *index.Index) {
	t.Helper()
	dir := t.TempDir()
	l, err := ingest.OpenLedger(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(dir, "ix"))
	if err != nil {
		t.Fatal(err)
	}
	pool := ingest.NewPool(l, ingest.NewOriginals(dir), sink, ingest.Config{Workers: 1, MaxSize: 64, Parser: TextParser,
		RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { pool.Run(ctx, nil); close(done) }()
	t.Cleanup(func() {
		cancel()
		<-done
		l.Close()
		ix.Close()
	})
	return pool, ix
}

var (
	corpusOnce    sync.Once
	corpusRecords []*extract.Record
	corpusErr     error
)

// Corpus is testdata/corpus read through the real pipeline (parse without
// OCR, extract), once per test binary; the calling package's folder must
// sit one level below the module's root, as api and web do.
func Corpus(t testing.TB) []*extract.Record {
	t.Helper()
	corpusOnce.Do(func() { corpusRecords, corpusErr = readCorpus("../testdata/corpus") })
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusRecords
}

func readCorpus(dir string) ([]*extract.Record, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no fixtures in %s: %v", dir, err)
	}
	var out []*extract.Record
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		doc, err := parse.Bytes(context.Background(), filepath.Base(path), data, parse.Options{NoOCR: true})
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", path, err)
		}
		out = append(out, extract.Extract(doc, data))
	}
	return out, nil
}

// CorpusIndex is an index of Corpus and extra, closed when the test ends.
func CorpusIndex(t testing.TB, extra ...*extract.Record) *index.Index {
	t.Helper()
	ix, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(context.Background(), append(slices.Clone(Corpus(t)), extra...)...); err != nil {
		t.Fatal(err)
	}
	return ix
}

// Get fetches u and reads the whole answer.
func Get(t testing.TB, u string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Do(t, http.DefaultClient, req)
}

// Do sends req with client and reads the whole answer.
func Do(t testing.TB, client *http.Client, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}
