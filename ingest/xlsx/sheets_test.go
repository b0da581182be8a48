package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// renameSheetInZip renames a sheet in the workbook part, as programs that
// do not follow Excel's rules for names write them.
func renameSheetInZip(t *testing.T, data []byte, from, to string) []byte {
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		if f.Name == "xl/workbook.xml" {
			b = []byte(strings.ReplaceAll(string(b), `name="`+from+`"`, `name="`+to+`"`))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return out.Bytes()
}

func TestSheetNamesExcelRefuses(t *testing.T) {
	long := strings.Repeat("Tổng hợp ", 5) // 45 characters
	cases := []struct{ name, sheet string }{
		{"over 31 characters", long},
		{"with a slash", "Phụ lục 1/2"},
		{"with brackets and &", "Biểu [A] & B"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := build(t, func(f *excelize.File) {
				f.SetCellValue("Sheet1", "A1", "Tỉnh")
				f.NewSheet("Khác")
				f.SetCellValue("Khác", "B2", "2")
			})
			data = renameSheetInZip(t, data, "Sheet1", html.EscapeString(c.sheet))
			doc, err := Read(context.Background(), data, Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if len(doc.Sheets) != 2 || doc.Sheets[0].Name != c.sheet || doc.Sheets[0].Rows[0][0].Text != "Tỉnh" || doc.Sheets[1].Name != "Khác" {
				t.Fatalf("sheets = %+v", doc.Sheets)
			}
		})
	}
}

// One cell at the last address Excel has costs one cell: long blank runs
// are shortened (with a warning naming the cell), not a million rows of
// 16 384 columns.
func TestSparseAddressesCostWhatCellsCost(t *testing.T) {
	data := sparseWorkbook(t, [][2]string{{"A1", "đầu"}, {"C3", "gần"}, {"XFD1048576", "cuối"}})
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	doc, err := Read(context.Background(), data, Options{})
	runtime.ReadMemStats(&m1)
	if err != nil {
		t.Fatal(err)
	}
	if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 16<<20 {
		t.Errorf("reading %d bytes allocated %d MiB; want what three cells cost", len(data), alloc>>20)
	}
	sh := doc.Sheets[0]
	last := sh.Rows[len(sh.Rows)-1]
	// Rows 1 and 3, then 101 places for the million blank rows and the far
	// one; the same for columns.
	want := 4 + maxBlankRun
	if len(sh.Rows) != want || len(last) != want || last[len(last)-1].Text != "cuối" {
		t.Fatalf("%d rows, last row %d cells; want %d and %d ending with the far cell", len(sh.Rows), len(last), want, want)
	}
	// Near cells keep their exact place.
	if sh.Rows[0][0].Text != "đầu" || sh.Rows[2][2].Text != "gần" {
		t.Errorf("near cells moved: %v / %v", sh.Rows[0], sh.Rows[2])
	}
	if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0], "XFD1048576") || !strings.Contains(doc.Warnings[0], "1048472 blank rows and 16280 blank columns") {
		t.Errorf("warnings = %q", doc.Warnings)
	}
}

func TestGapMap(t *testing.T) {
	g := newGapMapOf([]int{0, 5, 5 + maxBlankRun + 1, 1000, 5000})
	cases := []struct {
		n, at int
		exact bool
	}{
		{0, 0, true},
		{3, 3, true}, // within a short run
		{5 + maxBlankRun + 1, 5 + maxBlankRun + 1, true}, // a run of exactly maxBlankRun blanks is kept
		{1000, 5 + 2*maxBlankRun + 2, true},
		{900, 5 + 2*maxBlankRun + 2 - 1, false}, // inside a shortened run: its last kept blank
		{5000, 5 + 3*maxBlankRun + 3, true},
	}
	for _, c := range cases {
		if at, exact := g.place(c.n); at != c.at || exact != c.exact {
			t.Errorf("place(%d) = %d, %v; want %d, %v", c.n, at, exact, c.at, c.exact)
		}
	}
	if g.size() != 5+3*maxBlankRun+4 {
		t.Errorf("size %d", g.size())
	}
	lead := newGapMapOf([]int{5000})
	if at, _ := lead.place(5000); at != maxBlankRun {
		t.Errorf("a leading run is shortened too: %d", at)
	}
}

// sparseWorkbook writes a one-sheet workbook by hand (excelize itself
// fills in every row up to a far address when writing one) with inline
// strings at the given addresses, in order.
func sparseWorkbook(t *testing.T, cells [][2]string) []byte {
	t.Helper()
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for _, c := range cells {
		_, row, err := excelize.CellNameToCoordinates(c[0])
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sheet, `<row r="%d"><c r="%s" t="inlineStr"><is><t>%s</t></is></c></row>`, row, c[0], html.EscapeString(c[1]))
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheet.String()},
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p[1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
