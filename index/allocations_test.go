package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/extract"
	"vanban/ingest/format"
	"vanban/ingest/parse"
	"vanban/model"
)

// fixtureRecord reads one file of testdata/corpus through the real
// pipeline (parse, extract).
func fixtureRecord(t *testing.T, name string) *extract.Record {
	t.Helper()
	path := filepath.Join("..", "testdata", "corpus", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parse.Bytes(context.Background(), name, data, format.ParseOptions{NoOCR: true})
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return extract.Extract(doc, data)
}

const (
	qd4768PDF  = "qd-4768-QD-BCT-khuyen-cong-2024.pdf"
	qd4768XLSX = "phu-luc-kinh-phi-khuyen-cong-2024.xlsx"
)

func allocations(t *testing.T, ix *Index, q AllocationQuery) *AllocationResult {
	t.Helper()
	res, err := ix.Allocations(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func fileNames(r AllocationRow) []string {
	var out []string
	for _, f := range r.Files {
		out = append(out, f.Name)
	}
	return out
}

// TestAllocationsCountedOnce: Quyết định 4768/QĐ-BCT as its PDF and as its
// xlsx appendix (which names no issuer and writes "TỔNG SỐ" where the PDF
// writes "Tổng số") gives Lâm Đồng's 3 770 000 000 đồng once, from both
// files, whichever came first, after both are indexed again, and after
// one is removed.
func TestAllocationsCountedOnce(t *testing.T) {
	pdf, xlsx := fixtureRecord(t, qd4768PDF), fixtureRecord(t, qd4768XLSX)
	if pdf.Number != xlsx.Number || pdf.ID == xlsx.ID || len(pdf.Allocations) == 0 || len(pdf.Allocations) != len(xlsx.Allocations) {
		t.Fatalf("fixtures: %s %q %d rows, %s %q %d rows", pdf.ID, pdf.Number, len(pdf.Allocations), xlsx.ID, xlsx.Number, len(xlsx.Allocations))
	}
	lamDong := AllocationQuery{Query: Query{Province: "Lâm Đồng"}, Column: "Kinh phí / Tổng số"}
	check := func(t *testing.T, ix *Index, files int) {
		t.Helper()
		res := allocations(t, ix, lamDong)
		if res.Total != 1 || len(res.Rows) != 1 || res.SumVND == nil || *res.SumVND != 3_770_000_000 {
			t.Fatalf("Lâm Đồng: %d rows, sum %v, want 1 row of 3 770 000 000: %+v", res.Total, res.SumVND, res.Rows)
		}
		row := res.Rows[0]
		if len(row.Files) != files {
			t.Errorf("files %v, want %d", row.Files, files)
		}
		if files == 2 && row.Issuer != "Bộ Công Thương" {
			t.Errorf("issuer %q: the PDF's issuer should fill the appendix's", row.Issuer)
		}
		// The whole decision: every row once, the total column adds up
		// to the decision's total.
		all := allocations(t, ix, AllocationQuery{Document: "4768/qd-bct", Column: "kinh phi/tong so"})
		if all.Total != 13 || all.SumVND == nil || *all.SumVND != 49_921_000_000 {
			t.Errorf("decision 4768, total column: %d rows, sum %v; want 13 rows, 49 921 000 000", all.Total, all.SumVND)
		}
	}
	for _, order := range []struct {
		name  string
		first []*extract.Record
	}{{"pdf then xlsx", []*extract.Record{pdf, xlsx}}, {"xlsx then pdf", []*extract.Record{xlsx, pdf}}} {
		t.Run(order.name, func(t *testing.T) {
			ix := openEmpty(t)
			for _, r := range order.first {
				if err := ix.Add(context.Background(), r); err != nil {
					t.Fatal(err)
				}
			}
			check(t, ix, 2)
			// Indexed again (vanban ingest of the same files, a reindex).
			if err := ix.Add(context.Background(), pdf, xlsx); err != nil {
				t.Fatal(err)
			}
			check(t, ix, 2)
			// One file removed: the other still holds the row.
			if err := ix.Delete(context.Background(), order.first[0].ID); err != nil {
				t.Fatal(err)
			}
			check(t, ix, 1)
			if got := allocations(t, ix, lamDong).Rows[0].Files[0].ID; got != order.first[1].ID {
				t.Errorf("file left %s, want %s", got, order.first[1].ID)
			}
		})
	}
	t.Run("a filter that keeps one file still lists both", func(t *testing.T) {
		ix := openEmpty(t)
		if err := ix.Add(context.Background(), pdf, xlsx); err != nil {
			t.Fatal(err)
		}
		// The document named by a prefix of its id, as vanban search prints it.
		res := allocations(t, ix, AllocationQuery{Document: xlsx.ID[:12], Query: Query{Province: "Lâm Đồng"}})
		if res.Total != 3 {
			t.Fatalf("%d rows, want Lâm Đồng's 3 columns", res.Total)
		}
		for _, r := range res.Rows {
			if len(r.Files) != 2 || r.Files[0].ID != xlsx.ID || r.Files[1].Name != qd4768PDF {
				t.Errorf("%s: files %+v, want the xlsx then the PDF", r.Column, r.Files)
			}
		}
	})
	t.Run("the same amounts of another document are not merged", func(t *testing.T) {
		ix := openEmpty(t)
		other := *xlsx
		other.ID, other.Number = "other", "4769/QĐ-BCT"
		if err := ix.Add(context.Background(), pdf, &other); err != nil {
			t.Fatal(err)
		}
		res := allocations(t, ix, lamDong)
		if res.Total != 2 {
			t.Errorf("%d rows, want 2 (two decisions)", res.Total)
		}
	})
	t.Run("another issuer is another document", func(t *testing.T) {
		ix := openEmpty(t)
		other := *xlsx
		other.ID, other.Issuer = "other", "Ủy ban nhân dân tỉnh Lâm Đồng"
		if err := ix.Add(context.Background(), pdf, &other); err != nil {
			t.Fatal(err)
		}
		if res := allocations(t, ix, lamDong); res.Total != 2 {
			t.Errorf("%d rows, want 2 (two issuers)", res.Total)
		}
	})
}

func openEmpty(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// budgetRecord is a budget table with provinces, units and budget lines
// under two columns.
func budgetRecord() *extract.Record {
	row := func(recipient, column, group string, level int, vnd int64) extract.Allocation {
		a := extract.Allocation{Recipient: recipient, RecipientKind: extract.RecipientKind(recipient),
			Column: column, Group: group, Level: level, AmountVND: vnd, Unit: "triệu đồng"}
		if p, ok := extract.LookupProvince(recipient); ok {
			a.Province, a.CurrentProvince = p.Name, p.Current
		}
		return a
	}
	return &extract.Record{ID: "dt2017", Number: "2577/QĐ-BTC", Type: "Quyết định", Issuer: "Bộ Tài chính",
		Date: model.MustParseDate("2016-11-29"), Source: extract.Source{Name: "du-toan-2017.xlsx", Format: "xlsx"},
		Allocations: []extract.Allocation{
			row("Thu nội địa", "Dự toán 2017", "A. Tổng thu", 0, 900_000_000_000),
			row("Chi thường xuyên", "Dự toán 2017", "B. Tổng chi", 0, 700_000_000_000),
			row("Chi trả nợ lãi", "Dự toán 2017", "B. Tổng chi", 0, 100_000_000_000),
			row("Bộ Y tế", "Dự toán 2017", "", 0, 50_000_000_000),
			row("- Bệnh viện Bạch Mai", "Dự toán 2017", "", 1, 20_000_000_000),
			row("Lâm Đồng", "Dự toán 2017", "", 0, 30_000_000_000),
			row("Lâm Đồng", "Bổ sung có mục tiêu", "", 0, 4_000_000_000),
		}}
}

func TestAllocationsFiltersSumsPages(t *testing.T) {
	ix := openEmpty(t)
	if err := ix.Add(context.Background(), budgetRecord()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		q       AllocationQuery
		rows    int
		sums    int
		sum     int64 // -1: no single sum
		recips  []string
		noteHas string
	}{
		{name: "default: provinces and units, two columns, no one sum",
			q: AllocationQuery{}, rows: 4, sums: 2, sum: -1, noteHas: "2 columns"},
		{name: "one column: its sum, the detail row not counted twice",
			q:    AllocationQuery{Column: "DỰ TOÁN 2017"},
			rows: 3, sums: 1, sum: 80_000_000_000},
		{name: "budget lines: one filter away, summed per group",
			q:    AllocationQuery{Kinds: []string{extract.RecipientLine}},
			rows: 3, sums: 2, sum: -1, noteHas: "groups"},
		{name: "budget lines of one group",
			q:    AllocationQuery{Kinds: []string{extract.RecipientLine}, Query: Query{Q: "chi"}},
			rows: 2, sums: 1, sum: 800_000_000_000},
		{name: "column prefix in other spelling",
			q:    AllocationQuery{Column: "bo sung", Kinds: extract.RecipientKinds},
			rows: 1, sums: 1, sum: 4_000_000_000},
		{name: "a column prefix is whole words", q: AllocationQuery{Column: "Dự to"}, rows: 0, sums: 0, sum: -1},
		{name: "sorted by amount, paged",
			q:    AllocationQuery{Query: Query{Sort: "-amount", Page: 2, Size: 2}},
			rows: 2, sums: 2, sum: -1, recips: []string{"- Bệnh viện Bạch Mai", "Lâm Đồng"}},
		{name: "sorted by recipient",
			q:    AllocationQuery{Query: Query{Sort: "recipient", Size: 1}},
			rows: 1, sums: 2, sum: -1, recips: []string{"- Bệnh viện Bạch Mai"}},
		{name: "document by number", q: AllocationQuery{Document: "2577/qd-btc", Column: "bổ sung có mục tiêu"}, rows: 1, sums: 1, sum: 4_000_000_000},
		{name: "document by id", q: AllocationQuery{Document: "dt2017", Kinds: []string{extract.RecipientProvince}}, rows: 2, sums: 2, sum: -1},
		{name: "a number we do not hold", q: AllocationQuery{Document: "1/QĐ-XYZ"}, rows: 0, sums: 0, sum: -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := allocations(t, ix, tc.q)
			if len(res.Rows) != tc.rows || len(res.Sums) != tc.sums {
				t.Errorf("%d rows, %d sums; want %d, %d: %+v", len(res.Rows), len(res.Sums), tc.rows, tc.sums, res.Sums)
			}
			if tc.sum >= 0 && (res.SumVND == nil || *res.SumVND != tc.sum) {
				t.Errorf("sum %v, want %d", res.SumVND, tc.sum)
			}
			if tc.sum < 0 && (res.SumVND != nil || res.SumNote == "") {
				t.Errorf("sum %v note %q, want no sum and a note", res.SumVND, res.SumNote)
			}
			if !strings.Contains(res.SumNote, tc.noteHas) {
				t.Errorf("note %q, want it to say %q", res.SumNote, tc.noteHas)
			}
			for i, want := range tc.recips {
				if i >= len(res.Rows) || res.Rows[i].Recipient != want {
					t.Errorf("row %d: %+v, want %s", i, res.Rows, want)
				}
			}
			for _, s := range res.Sums {
				if s.Unit != "triệu đồng" {
					t.Errorf("sum %+v: unit %q", s, s.Unit)
				}
			}
		})
	}
}

func TestAllocationsBadParameters(t *testing.T) {
	ix := openEmpty(t)
	tests := []struct {
		name, param string
		q           AllocationQuery
	}{
		{"size too large", "size", AllocationQuery{Query: Query{Size: MaxAllocationPage + 1}}},
		{"page 0 after defaults", "page", AllocationQuery{Query: Query{Page: -1}}},
		{"sort", "sort", AllocationQuery{Query: Query{Sort: "relevance"}}},
		{"kind", "recipient_kind", AllocationQuery{Kinds: []string{"tỉnh"}}},
		{"no kind", "recipient_kind", AllocationQuery{Kinds: []string{}}},
		{"document", "document", AllocationQuery{Document: "không rõ"}},
		{"column", "column", AllocationQuery{Column: " / "}},
		{"year", "year", AllocationQuery{Query: Query{Year: 3}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ix.Allocations(context.Background(), tc.q)
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Param != tc.param {
				t.Errorf("error %v, want a QueryError on %s", err, tc.param)
			}
		})
	}
}
