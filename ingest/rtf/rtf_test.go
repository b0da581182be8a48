package rtf

import (
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vanban/ingest/format"
	"vanban/ingest/internal/embedtest"
	"vanban/model"
)

func lines(d *model.Document) []string {
	var out []string
	for _, l := range d.Pages[0].Lines {
		out = append(out, l.Text)
	}
	return out
}

func read(t *testing.T, src string) *model.Document {
	t.Helper()
	d, err := Read([]byte(src))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return d
}

const fonttbl = `{\fonttbl{\f0\froman\fcharset0 Times New Roman;}{\f1\fswiss\fcharset163 Arial (Vietnamese){\*\falt Arial};}` +
	`{\f2\fnil\fcharset0 .VnTime;}{\f3\froman\fcharset238 Times New Roman CE;}}`

func TestTextEncodings(t *testing.T) {
	src := `{\rtf1\ansi\ansicpg1252\uc1\deff0` + fonttbl + `{\colortbl;\red0\green0\blue0;}` +
		`{\stylesheet{\s0 Normal;}}{\info{\title Not the text}}` +
		// \uN with its replacement character skipped, in the default font.
		`\pard\plain C\u7897\'3fng h\u242\'3fa x\'e3 h\u7897\'3fi\par ` +
		// Windows-1258 bytes (fcharset 163), decomposed tones recomposed.
		`{\f1 TH\'d4NG T\'dd \'f0i\'eau\'ec}\par ` +
		// Windows-1250 (fcharset 238): \'d0 is Đ.
		`{\f3 \'d0\'e3}\par ` +
		// \uc2: two replacement characters; a surrogate pair.
		`{\uc2 A\u8364\'80\'80B \u-10179\'3f\'3f\u-8704\'3f\'3f}\par ` +
		// Symbols, escapes, a line break inside the paragraph, a tab.
		`a\~b\_c\-d \{x\}\\ \emdash\line second\tab third\par ` +
		// Hidden text, a field's instruction, its result, a picture, binary data.
		`{\v hidden }shown {\field{\*\fldinst HYPERLINK "x"}{\fldrslt link}} {\pict\pngblip 89504e47}\bin3 {}}after\par ` +
		// A TCVN3 run keeps its font name for the repair downstream.
		`{\f2 Quy\'d5t \'ae\'fenh}\par` +
		`}`
	d := read(t, src)
	want := []string{
		"Cộng hòa xã hội",
		"THÔNG TƯ điêú", // Windows-1258: \'f0 is đ, \'ec a combining acute
		"Đă",
		"A€B 😀",
		"a b-cd {x}\\ —", // the no-break space is a space between words
		"second\tthird",
		"shown link after",
		"Quy\u00d5t \u00ae\u00fenh",
	}
	got := lines(d)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines:\n got %q\nwant %q", got, want)
	}
	if d.Format != model.FormatRTF {
		t.Errorf("format %q", d.Format)
	}
	last := d.Pages[0].Lines[len(d.Pages[0].Lines)-1]
	if last.Words[0].Font != ".VnTime" {
		t.Errorf("TCVN3 run font %q, want .VnTime", last.Words[0].Font)
	}
}

func TestBoldHeadersFootnotes(t *testing.T) {
	src := `{\rtf1\ansi\deff0` + fonttbl +
		`{\header \pard\plain Running header\par}{\footer \pard Page footer}` +
		`\pard\plain {\b QUY\u7870\'3fT \u272\'3f\u7882\'3fNH}\par ` +
		`Body text{\super\chftn{\footnote \pard\plain {\super\chftn} A footnote.}} continues.\par}`
	d := read(t, src)
	want := []string{"QUYẾT ĐỊNH", "Body text continues.", "A footnote."}
	if got := lines(d); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines:\n got %q\nwant %q", got, want)
	}
	if !d.Pages[0].Lines[0].Words[0].Bold || d.Pages[0].Lines[1].Words[0].Bold {
		t.Errorf("bold: %+v / %+v", d.Pages[0].Lines[0].Words[0], d.Pages[0].Lines[1].Words[0])
	}
	if hf := strings.Join(d.HeaderFooter, "|"); hf != "Running header|Page footer" {
		t.Errorf("headers and footers %q", hf)
	}
}

// A data table: rows and cells, a cell spanning two columns (\clmrg), a
// cell merged with the one above (\clvmrg), paragraphs inside cells; the
// table is also a sheet "Bảng 1". A nested table is flattened with a
// warning.
func TestTables(t *testing.T) {
	row := func(defs, cells string) string {
		return `\trowd` + defs + `\pard\intbl ` + cells + `\row `
	}
	src := `{\rtf1\ansi\deff0` + fonttbl +
		`\pard Before\par ` +
		row(`\cellx1000\cellx3000\cellx5000`, `STT\cell T\u7881\'3fnh\cell S\u7889\'3f ti\u7873\'3fn\cell `) +
		row(`\cellx1000\cellx3000\cellx5000`, `1\cell L\'e2m \u272\'3f\u7891\'3fng\par (t\u7881\'3fnh)\cell 1.500.000\cell `) +
		row(`\cellx1000\clmgf\cellx3000\clmrg\cellx5000`, `\cell T\u7893\'3fng c\u7897\'3fng\cell \cell `) +
		row(`\clvmgf\cellx1000\clvmrg\cellx3000\cellx5000`, `2\cell \cell 2.000.000\cell `) +
		`\pard After\par ` +
		`\trowd\cellx2000\cellx4000\pard\intbl Outer\cell \itap2 inner one\nestcell inner two\nestcell {\*\nesttableprops\trowd\cellx100\nestrow}\pard\intbl\itap1\cell \row ` +
		`\pard End\par}`
	d := read(t, src)
	if len(d.Sheets) < 1 {
		t.Fatalf("no sheet; lines %q", lines(d))
	}
	s := d.Sheets[0]
	cell := func(r, c int) string {
		if r >= len(s.Rows) || c >= len(s.Rows[r]) {
			return "<none>"
		}
		return s.Rows[r][c].Text
	}
	for _, c := range []struct {
		r, c int
		want string
	}{
		{0, 0, "STT"}, {0, 1, "Tỉnh"}, {0, 2, "Số tiền"},
		{1, 1, "Lâm Đồng (tỉnh)"}, {1, 2, "1.500.000"},
		{2, 1, "Tổng cộng"}, {3, 0, "2"}, {3, 2, "2.000.000"},
	} {
		if got := cell(c.r, c.c); got != c.want {
			t.Errorf("Bảng 1 [%d][%d] = %q, want %q", c.r, c.c, got, c.want)
		}
	}
	spanned := false
	for _, m := range s.Merges {
		if m.Row0 == 2 && m.Col0 == 1 && m.Col1 == 2 {
			spanned = true
		}
	}
	if !spanned {
		t.Errorf("the \\clmrg cell is not merged across columns 1–2: %+v", s.Merges)
	}
	text := strings.Join(lines(d), "\n")
	for _, w := range []string{"Before", "After", "End", "inner one", "inner two", "Outer"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing from\n%s", w, text)
		}
	}
	if len(d.Warnings) == 0 || !strings.Contains(d.Warnings[0], "table inside a table") {
		t.Errorf("no warning for the nested table: %q", d.Warnings)
	}
}

func TestRefusalsAndLimits(t *testing.T) {
	if _, err := Read(nil); !errors.Is(err, format.ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := Read([]byte("{\\xrtf hello}")); !errors.Is(err, ErrNotRTF) || !errors.Is(err, format.ErrUnsupported) {
		t.Errorf("not RTF: %v", err)
	}
	deep := "{\\rtf1 " + strings.Repeat("{", 10000) + "x" + strings.Repeat("}", 10000) + "}"
	if _, err := Read([]byte(deep)); !errors.Is(err, format.ErrCorrupt) {
		t.Errorf("10000 nested groups: %v, want ErrCorrupt", err)
	}
	// Cut short anywhere: a document or an error, never a panic.
	src := `{\rtf1\ansi` + fonttbl + `\pard C\u7897\'3fng {\b h\'f2a}\par\trowd\cellx10\pard\intbl x\cell\row}`
	for i := range src {
		if _, err := Read([]byte(src[:i])); err != nil && !errors.Is(err, ErrNotRTF) && !errors.Is(err, format.ErrEmpty) {
			t.Errorf("cut at %d: %v", i, err)
		}
	}
	// A byte-order mark and blanks before "{\rtf" are allowed.
	if d, err := Read([]byte("\xEF\xBB\xBF \r\n{\\rtf1 ok\\par}")); err != nil || strings.Join(lines(d), "") != "ok" {
		t.Errorf("with a BOM: %v", err)
	}
}

// The corpus's .doc that is really RTF (Word 2003 saved it so) is read as
// what it is: a Thông tư of the Bộ Kế hoạch và Đầu tư with its number.
func TestCorpusRTF(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/doc/*.doc")
	var n int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil || !IsRTF(data) {
			continue
		}
		n++
		d, err := Read(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		text := d.Text()
		for _, w := range []string{"THÔNG TƯ", "02/2010/TT-BKH", "Căn cứ Luật Đấu thầu số 61/2005/QH11", "Võ Hồng Phúc"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q not read", filepath.Base(f), w)
			}
		}
	}
	if n == 0 {
		t.Skip("no RTF .doc in ../shared/corpus/doc (see ../shared/corpus/README.md)")
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}\pard C\u7897\'3fng\par}`))
	f.Add([]byte(`{\rtf1\trowd\cellx10\pard\intbl a\cell\row\pard b\par}`))
	f.Add([]byte(`{\rtf1{\header h}{\footnote n}\bin5 {}{}x}`))
	f.Add([]byte(`{\rtf1\pard a{\object\objemb{\*\objdata 0105000002000000080000005061636b61676500000000000000000004000000abcd}{\result b}}c\par}`))
	// Objects are read as the embedded documents the stub makes of them.
	embed := func(class string, data []byte) (*model.Document, error) {
		if len(data) == 0 {
			return nil, format.ErrEmpty
		}
		fl := format.NewFlow(model.FormatDOC)
		fl.Para(format.FlowPara{Runs: []format.FlowRun{{Text: class}}})
		return fl.Finish(), nil
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []Options{{}, {Embedded: embed}} {
			d, err := ReadWith(data, opt)
			if err == nil && d == nil {
				t.Fatal("no document and no error")
			}
			if err != nil && d != nil {
				t.Fatal("a document and an error")
			}
			if d != nil {
				_ = d.Text()
			}
		}
	})
}

// A paragraph of 200 000 \uN characters reads in linear time.
func TestLongParagraph(t *testing.T) {
	src := "{\\rtf1\\uc0 " + strings.Repeat("\\u7897 ", 200000) + "\\par}"
	d, err := Read([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := len([]rune(d.Pages[0].Lines[0].Text)); got != 200000 {
		t.Errorf("%d characters, want 200000", got)
	}
}

// objdata writes an OLE1 object as RTF's \objdata holds it:
// hexadecimal, in lines.
func objdata(class string, formatID uint32, native []byte) string {
	h := hex.EncodeToString(embedtest.OLE1(class, formatID, native))
	var out strings.Builder
	for len(h) > 64 {
		out.WriteString(h[:64] + "\n")
		h = h[64:]
	}
	out.WriteString(h)
	return out.String()
}

// object writes an \object group embedding native data of class, shown
// as result (a picture, or text).
func object(class string, formatID uint32, native, result string) string {
	return `{\object\objemb\objw1536\objh994{\*\objclass ` + class + `}{\*\objdata ` +
		objdata(class, formatID, []byte(native)) + `}{\result ` + result + `}}`
}

const picture = `{\pict\wmetafile8\picw100\pich100 0100090000}`

// TestEmbeddedObjects: an object's content takes its place (after the text
// before it, before the text after it); an object shown as text is not
// read twice; one inside a table follows the table; a linked object is
// passed over; one that cannot be read is a warning; without a reader
// objects are passed over.
func TestEmbeddedObjects(t *testing.T) {
	var asked []string
	embed := embedtest.Reader(&asked)
	src := `{\rtf1\ansi\deff0` + fonttbl + `\pard Phu luc ban hanh kem theo\par ` +
		`\pard truoc ` + object("Word.Document.8", 2, "A", picture+` `) + ` sau\par ` +
		`\pard ` + object("Excel.Sheet.8", 2, "B", `Bang da hien`) + `\par ` +
		`\trowd\cellx1000\cellx2000\pard\intbl o 1\cell ` + object("Excel.Sheet.8", 2, "C", picture) + `o 2\cell\row ` +
		`\pard giua\par ` + object("Excel.Sheet.8", 1, "", picture) + object("Excel.Sheet.8", 2, "broken", picture) +
		`\pard cuoi\par}`
	d, err := ReadWith([]byte(src), Options{Embedded: embed})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Phu luc ban hanh kem theo", "truoc", "nội dung A", "sau", "Bang da hien", "o 1", "o 2", "nội dung C", "giua", "cuoi"}
	if got := lines(d); !slices.Equal(got, want) {
		t.Errorf("lines\n got %q\nwant %q", got, want)
	}
	if want := []string{"Word.Document.8:A", "Excel.Sheet.8:B", "Excel.Sheet.8:C", "Excel.Sheet.8:broken"}; !slices.Equal(asked, want) {
		t.Errorf("objects read %q, want %q", asked, want)
	}
	if len(d.Warnings) != 1 || !strings.HasPrefix(d.Warnings[0], "the embedded object Excel.Sheet.8 could not be read: ") {
		t.Errorf("warnings %q", d.Warnings)
	}
	plain := read(t, src)
	if want := []string{"Phu luc ban hanh kem theo", "truoc sau", "Bang da hien", "o 1", "o 2", "giua", "cuoi"}; !slices.Equal(lines(plain), want) {
		t.Errorf("without a reader\n got %q\nwant %q", lines(plain), want)
	}
}
