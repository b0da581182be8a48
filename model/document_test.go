package model

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

func TestDocumentText(t *testing.T) {
	cases := []struct {
		name  string
		doc   Document
		text  string
		pages int
	}{
		{"pdf pages apart by a form feed", Document{Format: FormatPDF, Pages: []Page{
			{Number: 1, Lines: []Line{{Text: "CỘNG HÒA"}, {Text: "Số: 12/CV-UBND"}}},
			{Number: 2, Lines: []Line{{Text: "Nơi nhận:"}}},
		}}, "CỘNG HÒA\nSố: 12/CV-UBND\fNơi nhận:", 2},
		{"workbook rows as tab-separated cells, blank rows left out", Document{Format: FormatXLSX, Sheets: []Sheet{
			{Name: "A", Rows: [][]Cell{{{Kind: CellString, Text: "Tỉnh"}, {Kind: CellNumber, Text: "2994047"}}, {{}, {}}, {{Kind: CellString, Text: "Tổng"}}}},
			{Name: "B", Rows: [][]Cell{{{Kind: CellString, Text: "x"}}}},
		}}, "Tỉnh\t2994047\nTổng\n\fx\n", 2},
		{"word: the flow page only, its tables are not repeated", Document{Format: FormatDOCX,
			Pages:  []Page{{Number: 1, Lines: []Line{{Text: "Điều 1."}, {Text: "a\tb"}}}},
			Sheets: []Sheet{{Name: "Bảng 1", Rows: [][]Cell{{{Kind: CellString, Text: "a"}, {Kind: CellString, Text: "b"}}}}},
		}, "Điều 1.\na\tb", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.doc.Text(); got != c.text {
				t.Errorf("Text() = %q, want %q", got, c.text)
			}
			if got := c.doc.PageCount(); got != c.pages {
				t.Errorf("PageCount() = %d, want %d", got, c.pages)
			}
		})
	}
}

// A Document crosses the sandbox's process boundary as JSON: nothing may be
// lost on the way.
func TestDocumentJSONRoundTrip(t *testing.T) {
	in := Document{Name: "bảng.xls", Format: FormatXLS, OCR: true, OCRUnread: 1,
		Pages: []Page{{Number: 1, Width: 595, Height: 842, OCR: true, Confidence: 87.5,
			Lines: []Line{{Text: "Số", X0: 1, Y0: 2, X1: 3, Y1: 4, Block: 1, Style: "Normal",
				Words: []Word{{Text: "Số", X0: 1, Y0: 2, X1: 3, Y1: 4, Font: ".VnTime", Size: 13, Bold: true}}}},
			Rules: []Rule{{X0: 0, Y0: 1, X1: 100, Y1: 1}}}},
		Sheets: []Sheet{{Name: "S", Hidden: true, HiddenRows: []int{2},
			Rows:   [][]Cell{{{Kind: CellDate, Text: "2025-12-19", Font: "Arial", Bold: true, Formula: true}}},
			Merges: []Merge{{Row0: 0, Col0: 0, Row1: 1, Col1: 2}}}},
		Signatures:   []Signature{{Page: 1, SignedBy: "A", Organization: "B", Time: "t", Email: "e"}},
		Warnings:     []string{"w"},
		HeaderFooter: []string{"h"},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Document
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip changed the document:\n in %+v\nout %+v", in, out)
	}
}

func ExampleDocument_Text() {
	doc := &Document{Name: "cv.pdf", Format: FormatPDF,
		Pages: []Page{{Number: 1, Lines: []Line{{Text: "Số: 12/CV-UBND"}}}}}
	fmt.Println(doc.Text(), doc.PageCount())
	// Output: Số: 12/CV-UBND 1
}

// A sheet reads as it shows: a number in its format's decimals and
// groups; one in the General format as stored.
func ExampleDocument_Text_sheet() {
	doc := &Document{Name: "pci.xlsx", Format: FormatXLSX, Sheets: []Sheet{{Name: "PCI", Rows: [][]Cell{
		{{Kind: CellString, Text: "Quảng Ninh"}, {Kind: CellNumber, Text: "9.28322505950928", Shown: "9,28"}, {Kind: CellNumber, Text: "2994047", Shown: "2.994.047"}, {Kind: CellNumber, Text: "181946.9"}},
	}}}}
	fmt.Print(doc.Text())
	// Output: Quảng Ninh	9,28	2.994.047	181946.9
}
