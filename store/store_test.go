package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
	"vanban/model"
)

// TestOpenHoldsTheDirectory: while a store holds a data directory (vanban
// serve, or a search replica writing the records it follows with Add), a
// second Open of it — another vanban serve, ingest or reindex — is refused
// with ingest.ErrLedgerBusy before it touches anything: the files a parse
// child or a download of the holder keeps in DIR/tmp stay, and the
// holder's index keeps serving. Once the holder closes, the next Open
// sweeps DIR/tmp and finds what Add wrote.
func TestOpenHoldsTheDirectory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := &extract.Record{ID: strings.Repeat("c", 64),
		Source: extract.Source{Name: "cv-95.pdf"}, Number: "95/UBND-KT", Type: "Công văn",
		Issuer: "Ủy ban nhân dân tỉnh Lâm Đồng", Date: model.MustParseDate("2024-05-02"), Subject: "về khuyến công", Text: "về khuyến công"}
	if err := s.Add(ctx, rec); err != nil {
		t.Fatal(err)
	}
	working := filepath.Join(TempDir(dir), "parse-1", "page-1.png")
	if err := os.MkdirAll(filepath.Dir(working), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(working, []byte("a page being read"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func(string) (*Store, error){"Open": Open, "OpenForRebuild": OpenForRebuild} {
		second, err := open(dir)
		if err == nil {
			second.Close()
			t.Fatalf("%s of a held directory succeeded", name)
		}
		if !errors.Is(err, ingest.ErrLedgerBusy) {
			t.Errorf("%s of a held directory: %v, want ingest.ErrLedgerBusy", name, err)
		}
		if _, err := os.Stat(working); err != nil {
			t.Fatalf("%s of a held directory removed the holder's temporary file: %v", name, err)
		}
	}
	find := func(s *Store) {
		t.Helper()
		res, err := s.Search(ctx, index.Query{Q: "95/UBND-KT"})
		if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != rec.ID {
			t.Fatalf("search: %v %+v, want %s", err, res, rec.ID)
		}
	}
	find(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(dir)
	if err != nil {
		t.Fatalf("open after the holder closed: %v", err)
	}
	defer again.Close()
	if _, err := os.Stat(working); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("DIR/tmp not swept by the next Open: %v", err)
	}
	find(again)
}
