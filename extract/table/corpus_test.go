package table

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"vanban/ingest/pdf"
	"vanban/ingest/xls"
	"vanban/ingest/xlsx"
	"vanban/model"
)

// TestWholeCorpus runs table finding over every readable corpus document:
// no panic, a bounded time, and a log of what was found.
func TestWholeCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every corpus document")
	}
	dir := needCorpus(t, ".")
	var files []string
	for _, sub := range []string{"xls", "xlsx", "pdf"} {
		m, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		files = append(files, m...)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var doc *model.Document
			switch filepath.Ext(f) {
			case ".xls":
				doc, err = xls.Read(data)
			case ".xlsx":
				doc, err = xlsx.Read(context.Background(), data, xlsx.Options{})
			case ".pdf":
				doc, err = pdf.Read(context.Background(), data, pdf.Options{NoOCR: true})
			}
			if err != nil {
				t.Skipf("unreadable: %v", err)
			}
			start := time.Now()
			var tabs []*Table
			for i := range doc.Sheets {
				tabs = append(tabs, FromSheet(&doc.Sheets[i])...)
			}
			tabs = append(tabs, FromPages(doc.Pages)...)
			var warns []string
			for i, tb := range tabs {
				warns = append(warns, tb.Check(i+1)...)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("table finding took %v", d)
			}
			rows := 0
			for _, tb := range tabs {
				rows += len(tb.Rows)
			}
			t.Logf("%d tables, %d rows, %d warnings", len(tabs), rows, len(warns))
			for _, w := range warns {
				t.Log("  ", w)
			}
		})
	}
}
