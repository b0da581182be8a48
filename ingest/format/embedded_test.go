package format_test

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"vanban/ingest/format"
	"vanban/ingest/internal/embedtest"
	"vanban/model"
)

func TestOLE1Object(t *testing.T) {
	native := []byte("PK\x03\x04 the workbook")
	class, got, err := format.OLE1Object(embedtest.OLE1("Excel.Sheet.12", 2, native))
	if err != nil || class != "Excel.Sheet.12" || string(got) != string(native) {
		t.Fatalf("embedded: %q %q %v", class, got, err)
	}
	if class, _, err := format.OLE1Object(embedtest.OLE1("Word.Document.8", 1, nil)); class != "Word.Document.8" || !errors.Is(err, format.ErrNotEmbedded) {
		t.Errorf("linked: %q %v, want format.ErrNotEmbedded", class, err)
	}
	whole := embedtest.OLE1("Excel.Sheet.8", 2, native)
	for _, cut := range []int{3, 10, 20, len(whole) - 1} {
		if _, _, err := format.OLE1Object(whole[:cut]); !errors.Is(err, format.ErrCorrupt) {
			t.Errorf("cut at %d: %v, want format.ErrCorrupt", cut, err)
		}
	}
}

func TestPackagedFile(t *testing.T) {
	name, data, err := format.PackagedFile(embedtest.Packaged("phu-luc.xlsx", []byte("PK\x03\x04 data")))
	if err != nil || name != "phu-luc.xlsx" || string(data) != "PK\x03\x04 data" {
		t.Fatalf("%q %q %v", name, data, err)
	}
	whole := embedtest.Packaged("a.xls", []byte("data"))
	for _, cut := range []int{1, 5, len(whole) - 1} {
		if _, _, err := format.PackagedFile(whole[:cut]); err == nil {
			t.Errorf("cut at %d: no error", cut)
		}
	}
}

// TestFlowEmbed: an embedded Word document's lines and tables, and an
// embedded workbook's visible rows as lines and sheets as tables, follow
// what was read before them; the tables go on counting.
func TestFlowEmbed(t *testing.T) {
	f := format.NewFlow(model.FormatRTF)
	f.Para(format.FlowPara{Runs: []format.FlowRun{{Text: "Phụ lục kèm theo"}}})
	f.Table(format.FlowTable{Rows: [][]format.FlowCell{
		{{Paras: []format.FlowPara{{Runs: []format.FlowRun{{Text: "Tỉnh"}}}}}, {Paras: []format.FlowPara{{Runs: []format.FlowRun{{Text: "Kinh phí"}}}}}},
		{{Paras: []format.FlowPara{{Runs: []format.FlowRun{{Text: "Lâm Đồng"}}}}}, {Paras: []format.FlowPara{{Runs: []format.FlowRun{{Text: "1.500"}}}}}},
	}})
	word := format.NewFlow(model.FormatDOC)
	word.Para(format.FlowPara{Runs: []format.FlowRun{{Text: "MẪU HỒ SƠ"}}})
	word.Table(format.FlowTable{Rows: [][]format.FlowCell{
		{{Paras: []format.FlowPara{{Runs: []format.FlowRun{{Text: "STT"}}}}}, {Paras: []format.FlowPara{{Runs: []format.FlowRun{{Text: "Số tiền"}}}}}},
		{{Paras: []format.FlowPara{{Runs: []format.FlowRun{{Text: "1"}}}}}, {Paras: []format.FlowPara{{Runs: []format.FlowRun{{Text: "200"}}}}}},
	}})
	wd := word.Finish()
	wd.Warnings = []string{"page 2 could not be read: damaged"}
	f.Embed(wd, "object Word.Document.8")
	book := &model.Document{Format: model.FormatXLS, Sheets: []model.Sheet{
		{Name: "Biểu 01", Rows: [][]model.Cell{
			{{Kind: model.CellString, Text: "Hà Giang"}, {Kind: model.CellNumber, Text: "1389380", Shown: "1.389.380"}},
			{{Kind: model.CellString, Text: "dòng ẩn"}},
			{{Kind: model.CellString, Text: "Lào Cai"}, {Kind: model.CellNumber, Text: "2000"}},
		}, HiddenRows: []int{1}},
		{Name: "Ẩn", Hidden: true, Rows: [][]model.Cell{{{Kind: model.CellString, Text: "trang ẩn"}}}},
	}}
	f.Embed(book, "object Excel.Sheet.8")
	f.Para(format.FlowPara{Runs: []format.FlowRun{{Text: "Nơi nhận"}}})
	d := f.Finish()
	var got []string
	for i, l := range d.Pages[0].Lines {
		got = append(got, l.Text)
		if l.Y0 != float64(i)*14 || (len(l.Words) > 0 && l.Words[0].Y0 != l.Y0) {
			t.Errorf("line %d %q placed at %v (words %v)", i, l.Text, l.Y0, l.Words[0].Y0)
		}
	}
	want := []string{"Phụ lục kèm theo", "Tỉnh\tKinh phí", "Lâm Đồng\t1.500", "MẪU HỒ SƠ", "STT\tSố tiền", "1\t200",
		"Hà Giang\t1.389.380", "Lào Cai\t2000", "Nơi nhận"}
	if !slices.Equal(got, want) {
		t.Errorf("lines\n got %q\nwant %q", got, want)
	}
	var names []string
	for _, s := range d.Sheets {
		names = append(names, s.Name)
	}
	if want := []string{"Bảng 1", "Bảng 2", "Bảng 3 (Biểu 01)", "Bảng 4 (Ẩn)"}; !slices.Equal(names, want) {
		t.Errorf("sheets %q, want %q", names, want)
	}
	if !d.Sheets[3].Hidden || d.Sheets[2].Rows[0][1].Text != "1389380" {
		t.Errorf("the workbook's sheets are not kept as they were: %+v", d.Sheets[2:])
	}
	if want := []string{"in the embedded object Word.Document.8: page 2 could not be read: damaged"}; !slices.Equal(d.Warnings, want) {
		t.Errorf("warnings %q, want %q", d.Warnings, want)
	}
}

// TestCompObjClass: the ProgID Word writes after the clipboard format,
// else the user type.
func TestCompObjClass(t *testing.T) {
	compObj := func(userType string, clip []byte, progID string) []byte {
		b := make([]byte, 28)
		lpas := func(s string) {
			b = binary.LittleEndian.AppendUint32(b, uint32(len(s)+1))
			b = append(append(b, s...), 0)
		}
		lpas(userType)
		b = append(b, clip...)
		if progID != "" {
			lpas(progID)
		}
		return b
	}
	registered := binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, 0xFFFFFFFE), 3)
	named := append(binary.LittleEndian.AppendUint32(nil, 6), "Biff8\x00"...)
	for _, c := range []struct {
		b    []byte
		want string
	}{
		{compObj("Microsoft Word 97-2003 Document", registered, "Word.Document.8"), "Word.Document.8"},
		{compObj("Microsoft Excel Worksheet", named, "Excel.Sheet.8"), "Excel.Sheet.8"},
		{compObj("Microsoft Excel 97-Tabelle", named, ""), "Microsoft Excel 97-Tabelle"},
		{compObj("Microsoft Graph Chart", binary.LittleEndian.AppendUint32(nil, 0), ""), "Microsoft Graph Chart"},
		{[]byte("short"), ""},
	} {
		if got := format.CompObjClass(c.b); got != c.want {
			t.Errorf("CompObjClass = %q, want %q", got, c.want)
		}
	}
}
