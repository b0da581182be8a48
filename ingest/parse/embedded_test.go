package parse_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vanban/ingest/doc"
	"vanban/ingest/format"
	"vanban/ingest/internal/embedtest"
	"vanban/ingest/parse"
	"vanban/model"
)

// rtfWith writes an RTF letter whose appendix is an embedded object shown
// as a picture.
func rtfWith(class string, native []byte) []byte {
	return []byte(`{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\pard Ph\u7909? l\u7909?c k\u232?m theo\par ` +
		`\pard{\object\objemb{\*\objclass ` + class + `}{\*\objdata ` + hex.EncodeToString(embedtest.OLE1(class, 2, native)) +
		`}{\result{\pict\wmetafile8 0100}}}\par\pard N\u417?i nh\u7853?n\par}`)
}

// docxWith writes a .docx whose appendix is an embedded object (its part
// under word/embeddings).
func docxWith(t *testing.T, progID, part string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	parts := map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
		"word/document.xml": []byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
			`xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
			`<w:p><w:r><w:t>Phụ lục kèm theo</w:t></w:r></w:p><w:p><w:r><w:object><o:OLEObject Type="Embed" ProgID="` + progID +
			`" r:id="rId5"/></w:object></w:r></w:p><w:p><w:r><w:t>Nơi nhận</w:t></w:r></w:p></w:body></w:document>`),
		"word/_rels/document.xml.rels": []byte(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="embeddings/` + part + `"/></Relationships>`),
		"word/embeddings/" + part: data,
	}
	for name, body := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestEmbeddedWorkbooks: a workbook embedded in a Word letter — as an
// .xlsx part of a .docx, as a file packaged in an RTF, as an Excel 97
// object (the .xls itself) in an RTF — is read: its sheets are the
// letter's tables, with their numbers as stored, and its rows are in the
// letter's text between what comes before and after the object.
func TestEmbeddedWorkbooks(t *testing.T) {
	xlsx, err := os.ReadFile("../../testdata/corpus/phu-luc-kinh-phi-khuyen-cong-2024.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		want string // a row of the workbook as the text shows it
	}{
		{"docx, Excel.Sheet.12", docxWith(t, "Excel.Sheet.12", "Microsoft_Excel_Worksheet.xlsx", xlsx), "Lâm Đồng"},
		{"rtf, packaged .xlsx", rtfWith("Package", embedtest.Packaged("phu-luc.xlsx", xlsx)), "Lâm Đồng"},
	}
	// A Word 97 document embedded in a .docx (its oleObject part is the
	// .doc's compound file), itself holding the workbook: two levels.
	if doc97, err := os.ReadFile("testdata/embedded/qd-4768-phu-luc-nhung-excel97.doc"); err == nil {
		cases = append(cases, struct {
			name string
			data []byte
			want string
		}{"docx, Word.Document.8 holding Excel.Sheet.8", docxWith(t, "Word.Document.8", "oleObject1.bin", doc97), "Lâm Đồng"})
	}
	if files, _ := filepath.Glob(filepath.Join(corpus, "xls", "btc_du-toan-NSNN-2007*.xls")); len(files) > 0 {
		xls, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, struct {
			name string
			data []byte
			want string
		}{"rtf, Excel.Sheet.8", rtfWith("Excel.Sheet.8", xls), "HÀ GIANG"})
	} else {
		t.Log("no budget .xls in ../shared/corpus/xls: the Excel 97 object case is not run (see ../shared/corpus/README.md)")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := parse.Bytes(context.Background(), c.name, c.data, format.ParseOptions{NoOCR: true})
			if err != nil {
				t.Fatal(err)
			}
			text := d.Text()
			before, after := strings.Index(text, "Phụ lục kèm theo"), strings.Index(text, "Nơi nhận")
			at := strings.Index(text, c.want)
			if before < 0 || after < 0 || at < before || at > after {
				t.Fatalf("the workbook's rows are not between the letter's lines (%d %d %d):\n%s", before, at, after, text)
			}
			numbers := 0
			for _, s := range d.Sheets {
				if !strings.HasPrefix(s.Name, "Bảng ") {
					t.Errorf("sheet %q is not named as the letter's table", s.Name)
				}
				for _, row := range s.Rows {
					for _, cell := range row {
						if cell.Kind == model.CellNumber {
							numbers++
						}
					}
				}
			}
			if numbers == 0 {
				t.Errorf("no number cell in the embedded sheets %d", len(d.Sheets))
			}
			if len(d.Warnings) > 0 {
				t.Errorf("warnings: %q", d.Warnings)
			}
		})
	}
}

// TestEmbeddedWorkbookInDoc: a Word 97 .doc whose appendix is an Excel 97
// workbook embedded as an object (its ObjectPool entry, named by its EMBED
// field's separator) reads the workbook where the object stands. The file
// is testdata/embedded/qd-4768-phu-luc-nhung-excel97.doc: a .docx of a
// quyết định's first lines holding the 4768 appendix workbook
// (../../testdata/corpus) as an embedded Excel object (w:object with its
// preview picture), saved as Word 97 by LibreOffice 7.4 (soffice --headless
// --convert-to doc), which writes the object as Word does: an Excel 97
// workbook in ObjectPool, named by the EMBED field's separator. Read without a
// reader of objects (doc.Read), the object is passed over.
func TestEmbeddedWorkbookInDoc(t *testing.T) {
	data, err := os.ReadFile("testdata/embedded/qd-4768-phu-luc-nhung-excel97.doc")
	if err != nil {
		t.Fatal(err)
	}
	d, err := parse.Bytes(context.Background(), "qd.doc", data, format.ParseOptions{NoOCR: true})
	if err != nil {
		t.Fatal(err)
	}
	text := d.Text()
	before, at, after := strings.Index(text, "Phụ lục kèm theo"), strings.Index(text, "Lâm Đồng"), strings.Index(text, "Nơi nhận")
	if before < 0 || at < before || after < at {
		t.Fatalf("the workbook's rows are not between the letter's lines (%d %d %d):\n%s", before, at, after, text)
	}
	if !strings.Contains(text, "Số: 4768/QĐ-BCT") {
		t.Errorf("the letter's own text is lost:\n%s", text)
	}
	numbers := 0
	for _, s := range d.Sheets {
		for _, row := range s.Rows {
			for _, cell := range row {
				if cell.Kind == model.CellNumber {
					numbers++
				}
			}
		}
	}
	if len(d.Sheets) != 1 || !strings.HasPrefix(d.Sheets[0].Name, "Bảng 1 (") || numbers < 40 {
		t.Errorf("sheets %d (first %q), %d number cells: the workbook is not the letter's table", len(d.Sheets), sheetName(d), numbers)
	}
	if len(d.Warnings) > 0 {
		t.Errorf("warnings: %q", d.Warnings)
	}
	plain, err := doc.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.Text(), "Lâm Đồng") || len(plain.Sheets) > 0 {
		t.Error("without a reader of objects the object is read")
	}
}

// TestEmbeddedObjectAfterTable: an object in the paragraph that follows a
// table comes after that paragraph's own text, not before it (the table
// ends when that paragraph is read). The file,
// testdata/embedded/to-trinh-bang-roi-phu-luc-nhung.doc, was made as the
// one of TestEmbeddedWorkbookInDoc: a tờ trình's line, a table, then "Chi
// tiết tại phụ lục:" and the workbook as an object in the same paragraph.
func TestEmbeddedObjectAfterTable(t *testing.T) {
	data, err := os.ReadFile("testdata/embedded/to-trinh-bang-roi-phu-luc-nhung.doc")
	if err != nil {
		t.Fatal(err)
	}
	d, err := parse.Bytes(context.Background(), "tt.doc", data, format.ParseOptions{NoOCR: true})
	if err != nil {
		t.Fatal(err)
	}
	text := d.Text()
	order := []string{"Tờ trình về kinh phí", "Hỗ trợ đề án\t1.500", "Chi tiết tại phụ lục:", "PHỤ LỤC: KẾ HOẠCH", "Lâm Đồng"}
	at := -1
	for _, w := range order {
		i := strings.Index(text, w)
		if i <= at {
			t.Fatalf("%q is not after %v in:\n%s", w, order[:slices.Index(order, w)], text)
		}
		at = i
	}
}

func sheetName(d *model.Document) string {
	if len(d.Sheets) == 0 {
		return ""
	}
	return d.Sheets[0].Name
}

// TestEmbeddedAppendixCorpus: the luatvietnam RTF thông tư whose appendix
// (the model bidding document) is a Word 97 document embedded as an object
// reads that appendix: its title and its tables.
func TestEmbeddedAppendixCorpus(t *testing.T) {
	path := filepath.Join(corpus, "doc", "luatvietnam_2010_10209656.doc")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s not found: the shared corpus is not beside the checkout (see ../shared/corpus/README.md)", path)
	}
	d, err := parse.Bytes(context.Background(), filepath.Base(path), data, format.ParseOptions{NoOCR: true})
	if err != nil {
		t.Fatal(err)
	}
	text := d.Text()
	for _, w := range []string{"02/2010/TT-BKH", "MẪU HỒ SƠ MỜI THẦU", "GÓI THẦU XÂY LẮP QUY MÔ NHỎ", "Mẫu số 1. Đơn dự thầu"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q not read", w)
		}
	}
	if i, j := strings.Index(text, "Võ Hồng Phúc"), strings.Index(text, "MẪU HỒ SƠ MỜI THẦU"); i < 0 || j < i {
		t.Errorf("the appendix does not follow the thông tư (signer at %d, appendix at %d)", i, j)
	}
	if len(d.Sheets) == 0 {
		t.Error("the appendix's tables are not read")
	}
}
