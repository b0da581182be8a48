package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/extract"
)

const wordCorpus = "../../../shared/corpus/doc"

// TestExtractEveryWordFile: `vanban extract` on every Word file of the
// corpus gives a record with source.format doc or docx (rtf for the .doc
// that is really RTF), a type and a date.
func TestExtractEveryWordFile(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(wordCorpus, "*.doc*"))
	if len(files) == 0 {
		t.Skipf("corpus not found at %s (see ../shared/corpus/README.md)", wordCorpus)
	}
	var out bytes.Buffer
	_ = run(context.Background(), append([]string{"extract", "--no-ocr"}, files...), &out, &out)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(files) {
		t.Fatalf("%d records for %d files:\n%s", len(lines), len(files), out.String())
	}
	for _, l := range lines {
		var rec extract.Record
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, l)
		}
		ext := strings.TrimPrefix(filepath.Ext(rec.Source.Name), ".")
		if b, _ := os.ReadFile(filepath.Join(wordCorpus, rec.Source.Name)); bytes.HasPrefix(b, []byte(`{\rtf`)) {
			ext = "rtf" // a .doc that is really RTF is read as what it is
		}
		switch {
		case rec.Error != "":
			t.Errorf("%s: %s", rec.Source.Name, rec.Error)
		case rec.Source.Format != ext:
			t.Errorf("%s: source.format %q", rec.Source.Name, rec.Source.Format)
		case rec.Type == "" || rec.Date.IsZero():
			t.Errorf("%s: no type or date: %q %q", rec.Source.Name, rec.Type, rec.Date)
		}
	}
}

// TestIngestAndSearchWordFiles: `vanban ingest` of the Word folder indexes
// its documents and `vanban search` finds them by number.
func TestIngestAndSearchWordFiles(t *testing.T) {
	if _, err := os.Stat(wordCorpus); err != nil {
		t.Skipf("corpus not found at %s (see ../shared/corpus/README.md)", wordCorpus)
	}
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	var out bytes.Buffer
	_ = run(ctx, []string{"ingest", "--no-ocr", "--data", data, wordCorpus}, &out, &out)
	for _, c := range []struct{ query, number string }{
		{"03/2010/NĐ-CP", "03/2010/NĐ-CP"},
		{"nd 03/2010", "03/2010/NĐ-CP"},
		{"36-HD/VPTW", "36-HD/VPTW"},
		{"5134/QĐ-UBND", "5134/QĐ-UBND"},
		{"02/2010/TT-UBDT", "02/2010/TT-UBDT"},
		{"tt 02/2010/tt-bkh", "02/2010/TT-BKH"}, // the .doc that is really RTF
		{"sắc lệnh số 67", "67"},                // a 1945 number without a type code
		{"sac lenh 77-C", "77-C"},
	} {
		out.Reset()
		if err := run(ctx, []string{"search", "--data", data, c.query}, &out, &out); err != nil {
			t.Fatalf("search %q: %v\n%s", c.query, err, out.String())
		}
		lines := strings.Split(out.String(), "\n")
		if len(lines) < 2 || !strings.HasPrefix(lines[1], c.number+" ") {
			t.Errorf("search %q: first result is not %s:\n%s", c.query, c.number, out.String())
		}
	}
}
