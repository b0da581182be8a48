package store

import (
	"context"
	"strings"
	"testing"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
	"vanban/model"
)

// TestPutRecords: outcomes read elsewhere (a cluster worker) are indexed
// and recorded in the ledger; the change log tells a mirroring client once
// per change: added, nothing for the same record again, replaced for a
// different one.
func TestPutRecords(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id1, id2 := strings.Repeat("a", 64), strings.Repeat("b", 64)
	rec := func(subject string) *extract.Record {
		return &extract.Record{ID: id1, Source: extract.Source{Name: "qd-12.pdf"}, Number: "12/QĐ-UBND",
			Type: "Quyết định", Issuer: "Ủy ban nhân dân tỉnh Lâm Đồng", Date: model.MustParseDate("2024-03-05"), Subject: subject, Text: subject}
	}
	puts := []Put{
		{ID: id1, Size: 10, Source: ingest.Source{Kind: "cluster", Name: "qd-12.pdf"},
			Result: ingest.Result{Status: ingest.StatusIndexed, Format: model.FormatPDF, Pages: 1}, Record: rec("về khuyến công")},
		{ID: id2, Size: 5, Source: ingest.Source{Kind: "cluster", Name: "scan.pdf"},
			Result: ingest.Result{Status: ingest.StatusNeedsOCR, Reason: "no text", Cause: "needs_ocr"}},
	}
	changes := func() []ingest.ChangeKind {
		cs, _, _, err := s.Ledger().Changes(0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var out []ingest.ChangeKind
		for _, c := range cs {
			out = append(out, c.Change)
		}
		return out
	}
	if err := s.PutRecords(ctx, puts); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, index.Query{Q: "12/QĐ-UBND"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != id1 {
		t.Fatalf("search after PutRecords: %v %+v", err, res)
	}
	for id, want := range map[string]ingest.Status{id1: ingest.StatusIndexed, id2: ingest.StatusNeedsOCR} {
		e, err := s.Ledger().Get(id)
		if err != nil || e == nil || e.Status != want || e.Name() == "" {
			t.Errorf("ledger entry %s: %+v %v, want %s", id[:4], e, err, want)
		}
	}
	if got := changes(); len(got) != 1 || got[0] != ingest.ChangeAdded {
		t.Fatalf("changes after the first put: %v, want [added]", got)
	}
	// Delivered again (a hub that stopped before acknowledging): no change.
	if err := s.PutRecords(ctx, puts); err != nil {
		t.Fatal(err)
	}
	if got := changes(); len(got) != 1 {
		t.Fatalf("changes after the same put again: %v, want [added]", got)
	}
	puts[0].Record = rec("về khuyến nông")
	if err := s.PutRecords(ctx, puts[:1]); err != nil {
		t.Fatal(err)
	}
	if got := changes(); len(got) != 2 || got[1] != ingest.ChangeReplaced {
		t.Fatalf("changes after a different record: %v, want [added replaced]", got)
	}
	if r, err := s.Get(id1); err != nil || r.Subject != "về khuyến nông" {
		t.Errorf("record after the second put: %+v %v", r, err)
	}
	// An indexed outcome without its record is refused, nothing recorded.
	bad := []Put{{ID: id2, Result: ingest.Result{Status: ingest.StatusIndexed}}}
	if err := s.PutRecords(ctx, bad); err == nil {
		t.Error("an indexed outcome without a record was accepted")
	}
}
