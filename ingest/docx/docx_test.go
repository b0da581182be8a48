package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vanban/ingest/format"
	"vanban/ingest/internal/embedtest"
	"vanban/model"
)

const wns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"`

// build writes a .docx whose parts are given by name.
func build(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func body(inner string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wns + `><w:body>` + inner + `</w:body></w:document>`
}

func p(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func cell(inner string) string { return `<w:tc>` + inner + `</w:tc>` }

const styles = `<?xml version="1.0"?><w:styles ` + wns + `>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Cu"><w:name w:val="cancu"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Tieude"><w:name w:val="Tiêu đề"/><w:basedOn w:val="Cu"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>`

func read(t *testing.T, parts map[string]string) *model.Document {
	t.Helper()
	d, err := Read(build(t, parts))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func lines(d *model.Document) []string {
	var out []string
	for _, l := range d.Pages[0].Lines {
		out = append(out, l.Text)
	}
	return out
}

func TestParagraphsFieldsHiddenAndDeleted(t *testing.T) {
	d := read(t, map[string]string{"word/document.xml": body(
		p("Điều 1. Phạm vi") +
			`<w:p><w:r><w:t>Xem </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Nghị định 30</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
			`<w:p><w:r><w:t>hiện </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn </w:t></w:r><w:del><w:r><w:delText>xoá </w:delText></w:r></w:del><w:ins><w:r><w:t>thêm</w:t></w:r></w:ins></w:p>` +
			`<w:p><w:r><w:t>dòng một</w:t><w:br/><w:t>dòng hai</w:t></w:r></w:p>` +
			`<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple></w:p>`)})
	want := []string{"Điều 1. Phạm vi", "Xem Nghị định 30", "hiện thêm", "dòng một", "dòng hai", "7"}
	if got := lines(d); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines\n got %q\nwant %q", got, want)
	}
	if d.Format != model.FormatDOCX || d.PageCount() != 0 {
		t.Errorf("format %q, page count %d", d.Format, d.PageCount())
	}
}

func TestFontsFromStylesForLegacyRepair(t *testing.T) {
	d := read(t, map[string]string{
		"word/styles.xml": styles,
		"word/document.xml": body(`<w:p><w:pPr><w:pStyle w:val="Tieude"/></w:pPr><w:r><w:t>S¾C LÖNH</w:t></w:r></w:p>` +
			`<w:p><w:pPr><w:pStyle w:val="Cu"/></w:pPr><w:r><w:t>ChiÓu theo</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr><w:t> Unicode</w:t></w:r></w:p>` +
			p("Bình thường")),
	})
	ls := d.Pages[0].Lines
	if len(ls) != 3 {
		t.Fatalf("%d lines", len(ls))
	}
	cases := []struct {
		line, word int
		font       string
		bold       bool
		style      string
	}{
		{0, 0, ".VnTime", true, "Tiêu đề"},
		{1, 0, ".VnTime", false, "cancu"},
		{1, 2, "Arial", false, "cancu"},
		{2, 0, "Times New Roman", false, "Normal"},
	}
	for _, c := range cases {
		w := ls[c.line].Words[c.word]
		if w.Font != c.font || w.Bold != c.bold || ls[c.line].Style != c.style {
			t.Errorf("line %d word %q: font %q bold %v style %q, want %q %v %q", c.line, w.Text, w.Font, w.Bold, ls[c.line].Style, c.font, c.bold, c.style)
		}
	}
}

func TestHeaderTableIsReadAsHeader(t *testing.T) {
	header := `<w:tbl><w:tr>` + cell(p("ỦY BAN NHÂN DÂN")+p("TỈNH LÂM ĐỒNG")+p("Số: 12/QĐ-UBND")) +
		cell(p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")+p("Độc lập - Tự do - Hạnh phúc")+p("Lâm Đồng, ngày 5 tháng 3 năm 2024")) + `</w:tr></w:tbl>`
	d := read(t, map[string]string{"word/document.xml": body(header + p("QUYẾT ĐỊNH"))})
	if len(d.Sheets) != 0 {
		t.Errorf("the header became %d data tables", len(d.Sheets))
	}
	ls := d.Pages[0].Lines
	if len(ls) != 7 || ls[2].Text != "Số: 12/QĐ-UBND" || ls[2].Block != 0 || ls[5].Block != 1 || ls[6].Text != "QUYẾT ĐỊNH" {
		t.Errorf("header lines: %+v", lines(d))
	}
}

func TestDataTableMergedAndNested(t *testing.T) {
	tbl := `<w:tbl>` +
		`<w:tr>` + cell(`<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>`+p("STT")) + cell(`<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>`+p("Tỉnh")) + cell(`<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>`+p("Dự toán")) + `</w:tr>` +
		`<w:tr>` + cell(`<w:tcPr><w:vMerge/></w:tcPr><w:p/>`) + cell(`<w:tcPr><w:vMerge/></w:tcPr><w:p/>`) + cell(p("Tổng số")) + cell(p("Bổ sung")) + `</w:tr>` +
		`<w:tr>` + cell(p("1")) + cell(p("Lào Cai")) + cell(p("2.994.047")) + cell(`<w:tbl><w:tr>`+cell(p("a"))+cell(p("b"))+`</w:tr></w:tbl>`) + `</w:tr>` +
		`</w:tbl>`
	d := read(t, map[string]string{"word/document.xml": body(p("Phụ lục") + tbl)})
	if len(d.Sheets) != 1 || d.Sheets[0].Name != "Bảng 1" {
		t.Fatalf("sheets: %+v", d.Sheets)
	}
	s := d.Sheets[0]
	if got := s.Rows[2][2].Text; got != "2.994.047" {
		t.Errorf("amount cell %q", got)
	}
	if got := s.Rows[2][3].Text; got != "a b" {
		t.Errorf("nested table cell %q, want its text flattened", got)
	}
	wantMerges := []model.Merge{{Row0: 0, Col0: 2, Row1: 0, Col1: 3}, {Row0: 0, Col0: 0, Row1: 1, Col1: 0}, {Row0: 0, Col0: 1, Row1: 1, Col1: 1}}
	for _, m := range wantMerges {
		found := false
		for _, g := range s.Merges {
			found = found || g == m
		}
		if !found {
			t.Errorf("merge %+v missing from %+v", m, s.Merges)
		}
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "flattened") {
		t.Errorf("warnings %q", d.Warnings)
	}
	if ls := lines(d); len(ls) != 4 || ls[3] != "1\tLào Cai\t2.994.047\ta b" {
		t.Errorf("table rows as lines: %q", ls)
	}
}

func TestHeadersFootnotesTextBoxes(t *testing.T) {
	box := `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` + p("Trong khung") + `</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>` + p("Trong khung") + `</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>`
	d := read(t, map[string]string{
		"word/document.xml":  body(`<w:p><w:r><w:t>Thân</w:t></w:r>` + box + `</w:p>` + p("Cuối")),
		"word/header1.xml":   `<w:hdr ` + wns + `>` + p("Đầu trang") + `</w:hdr>`,
		"word/footer1.xml":   `<w:ftr ` + wns + `>` + p("Trang 1") + `</w:ftr>`,
		"word/footnotes.xml": `<w:footnotes ` + wns + `><w:footnote w:type="separator" w:id="-1">` + p("----") + `</w:footnote><w:footnote w:id="1">` + p("Chú thích một") + `</w:footnote></w:footnotes>`,
	})
	want := []string{"Thân", "Trong khung", "Cuối", "Chú thích một"}
	if got := lines(d); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("body\n got %q\nwant %q", got, want)
	}
	if strings.Join(d.HeaderFooter, "|") != "Đầu trang|Trang 1" {
		t.Errorf("header/footer %q", d.HeaderFooter)
	}
}

func TestRefusals(t *testing.T) {
	bomb := strings.Repeat(" ", maxPart+10)
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, format.ErrEmpty},
		{"no document part", build(t, map[string]string{"xl/workbook.xml": "<x/>"}), format.ErrUnsupported},
		{"zip bomb", build(t, map[string]string{"word/document.xml": bomb}), format.ErrTooLarge},
		{"broken XML", build(t, map[string]string{"word/document.xml": "<w:document><w:body><w:p>"}), nil},
		{"not a zip", []byte("PK\x03\x04garbage"), format.ErrTruncated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.data)
			if c.want == nil {
				return // any outcome but a panic
			}
			if !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
		})
	}
}

// TestCorpusDOCXMatchesDOC reads the corpus document saved both as .doc and
// .docx: the same words in the same order.
func TestCorpusDOCXMatchesDOC(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("../../../shared/corpus/doc", "vptw_36-HD_VPTW_380096.docx"))
	if err != nil {
		t.Skipf("corpus not found (see ../shared/corpus/README.md): %v", err)
	}
	d, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	text := d.Text()
	for _, want := range []string{"Số: 36-HD/VPTW", "Hà Nội, ngày 03 tháng 4 năm 2018", "HƯỚNG DẪN", "THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN CỦA ĐẢNG"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if n := len(strings.Fields(text)); n < 10000 {
		t.Errorf("%d words, want the whole guide (> 10000)", n)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(build(f, map[string]string{"word/document.xml": body(p("a") + `<w:tbl><w:tr>` + cell(p("1")) + `</w:tr></w:tbl>`)}))
	for _, name := range []string{"../../../shared/corpus/doc/luatvietnam_2010_10403123.docx", "../../../shared/corpus/malformed/doc/formatcorpus_lorem-ipsum.docx"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read(data)
		if err == nil && d == nil {
			t.Fatal("no document and no error")
		}
	})
}

// The parser's arenas: a tag with thousands of attributes (the arena
// grows under it), entities in text and attributes, and many elements
// closing out of their arena's chunk keep every value and child in place.
func TestParserArenas(t *testing.T) {
	var attrs strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&attrs, ` w:x%d="%d"`, i, i)
	}
	var paras strings.Builder
	for i := range 3000 {
		paras.WriteString(p(fmt.Sprintf("đoạn &amp; %d", i)))
	}
	doc := body(`<w:p><w:pPr><w:pStyle w:val="Tieude"` + attrs.String() + `/></w:pPr><w:r><w:t>Tiêu &lt;đề&gt;</w:t></w:r></w:p>` + paras.String())
	d := read(t, map[string]string{"word/document.xml": doc, "word/styles.xml": styles})
	got := lines(d)
	if len(got) != 3001 || got[0] != "Tiêu <đề>" || got[1] != "đoạn & 0" || got[3000] != "đoạn & 2999" {
		t.Fatalf("%d lines: first %q, second %q, last %q", len(got), got[0], got[min(1, len(got)-1)], got[len(got)-1])
	}
	if l := d.Pages[0].Lines[0]; l.Style != "Tiêu đề" || !l.Words[0].Bold {
		t.Errorf("the style after 5000 attributes was lost: style %q, bold %v", l.Style, l.Words[0].Bold)
	}
}

// TestEmbeddedObjects: an embedded object (w:object, o:OLEObject of type
// Embed) is read from the part its relationship names and its content
// follows the paragraph, or the table, that holds it; a linked object and
// one without a reader are passed over; one that cannot be read is a
// warning.
func TestEmbeddedObjects(t *testing.T) {
	obj := func(id, kind, progID string) string {
		return `<w:r><w:object><v:shape id="_x0000_i1025"><v:imagedata r:id="rId9"/></v:shape>` +
			`<o:OLEObject Type="` + kind + `" ProgID="` + progID + `" ShapeID="_x0000_i1025" r:id="` + id + `"/></w:object></w:r>`
	}
	doc := `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wns +
		` xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
		p("Phụ lục kèm theo") +
		`<w:p><w:r><w:t>trước</w:t></w:r>` + obj("rId5", "Embed", "Excel.Sheet.12") + `</w:p>` +
		p("sau") +
		`<w:tbl><w:tr>` + cell(`<w:p>`+obj("rId6", "Embed", "Word.Document.12")+`</w:p>`) + cell(p("ô")) + `</w:tr></w:tbl>` +
		`<w:p>` + obj("rId7", "Link", "Excel.Sheet.12") + obj("rId8", "Embed", "Excel.Sheet.8") + `</w:p>` +
		p("cuối") + `</w:body></w:document>`
	parts := map[string]string{
		"word/document.xml": doc,
		"word/_rels/document.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="embeddings/Microsoft_Excel_Worksheet.xlsx"/>` +
			`<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="/word/embeddings/Microsoft_Word_Document.docx"/>` +
			`<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="file:///C:/so-lieu.xlsx" TargetMode="External"/>` +
			`<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="embeddings/oleObject1.bin"/>` +
			`</Relationships>`,
		"word/embeddings/Microsoft_Excel_Worksheet.xlsx": "A",
		"word/embeddings/Microsoft_Word_Document.docx":   "B",
		"word/embeddings/oleObject1.bin":                 "broken",
	}
	var asked []string
	d, err := ReadWith(build(t, parts), Options{Embedded: embedtest.Reader(&asked)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Phụ lục kèm theo", "trước", "nội dung A", "sau", "ô", "nội dung B", "cuối"}
	if got := lines(d); !slices.Equal(got, want) {
		t.Errorf("lines\n got %q\nwant %q", got, want)
	}
	if want := []string{"Excel.Sheet.12:A", "Word.Document.12:B", "Excel.Sheet.8:broken"}; !slices.Equal(asked, want) {
		t.Errorf("objects read %q, want %q", asked, want)
	}
	if len(d.Warnings) != 1 || !strings.HasPrefix(d.Warnings[0], "the embedded object Excel.Sheet.8 could not be read: ") {
		t.Errorf("warnings %q", d.Warnings)
	}
	if got := lines(read(t, parts)); !slices.Equal(got, []string{"Phụ lục kèm theo", "trước", "sau", "ô", "cuối"}) {
		t.Errorf("without a reader: %q", got)
	}
}
