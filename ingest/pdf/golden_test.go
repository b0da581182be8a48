package pdf

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenDocs are whole synthetic documents whose model.Document is compared
// with a golden JSON file: the header halves, a paragraph and a ruled table
// with its rules and cell words.
var goldenDocs = map[string][]byte{
	"header_paragraph_table": onePage(`BT /F2 13 Tf
1 0 0 1 100 770 Tm <002000200020> Tj 1 0 0 1 330 770 Tm <0021002100210021> Tj
1 0 0 1 100 755 Tm <0010001000100010> Tj 1 0 0 1 350 755 Tm <00110011> Tj
1 0 0 1 100 730 Tm <0012> Tj 1 0 0 1 330 728 Tm <0022> Tj
ET
BT /F1 12 Tf 14 TL 72 680 Td (The first line of a paragraph that runs) Tj T* (on to a second line.) Tj ET
0.5 w 72 600 m 472 600 l S 72 580 m 472 580 l S 72 560 m 472 560 l S
72 560 m 72 600 l S 172 560 m 172 600 l S 472 560 m 472 600 l S
BT /F1 10 Tf 1 0 0 1 76 586 Tm (No) Tj 1 0 0 1 176 586 Tm (Amount) Tj 1 0 0 1 76 566 Tm (1) Tj 1 0 0 1 176 566 Tm (2.994.047) Tj ET`, ""),
	"rotated_page": onePage("BT /F1 12 Tf 72 770 Td (Rotated) Tj 0 -14 Td (page text) Tj ET", "/Rotate 270"),
}

func TestGoldenDocuments(t *testing.T) {
	for name, data := range goldenDocs {
		t.Run(name, func(t *testing.T) {
			doc, err := Read(context.Background(), data, Options{NoOCR: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if string(want) != string(got)+"\n" {
				t.Errorf("document differs from %s (go test -run TestGoldenDocuments -update to accept):\n%s", path, got)
			}
		})
	}
}
