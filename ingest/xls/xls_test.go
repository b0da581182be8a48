package xls

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanban/ingest/format"
	"vanban/model"
)

const corpus = "../../../shared/corpus"

func needCorpus(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join(corpus, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder %s is absent (see ../shared/corpus/README.md); skipping", dir)
	}
	return dir
}

// biff builds record streams for tests.
type biff struct{ bytes.Buffer }

func (b *biff) rec(typ uint16, parts ...any) *biff {
	var d bytes.Buffer
	for _, p := range parts {
		binary.Write(&d, binary.LittleEndian, p)
	}
	binary.Write(&b.Buffer, binary.LittleEndian, typ)
	binary.Write(&b.Buffer, binary.LittleEndian, uint16(d.Len()))
	b.Write(d.Bytes())
	return b
}

func u16(v int) uint16 { return uint16(v) }

// workbook builds a one-sheet BIFF8 stream: globals given by fn, the sheet
// by sheet.
func buildStream(globals func(*biff), sheet func(*biff)) []byte {
	var g biff
	g.rec(recBOF, u16(0x0600), u16(0x0005), uint32(0), uint32(0))
	globals(&g)
	// BOUNDSHEET with a placeholder offset, patched below.
	name := "Bảng 1"
	u := []uint16{}
	for _, r := range name {
		u = append(u, uint16(r))
	}
	bsPos := g.Len() + 4
	g.rec(recBoundSheet, uint32(0), byte(0), byte(0), byte(len(u)), byte(1), u)
	g.rec(recEOF)
	out := g.Bytes()
	binary.LittleEndian.PutUint32(out[bsPos:], uint32(len(out)))
	var s biff
	s.rec(recBOF, u16(0x0600), u16(0x0010), uint32(0), uint32(0))
	sheet(&s)
	s.rec(recEOF)
	return append(out, s.Bytes()...)
}

func fontRec(b *biff, name string, bold bool) {
	w := u16(400)
	if bold {
		w = 700
	}
	b.rec(recFont, u16(200), u16(0), u16(0x7fff), w, u16(0), byte(0), byte(0), byte(0), byte(0), byte(len(name)), byte(0), []byte(name))
}

func TestParseSynthetic(t *testing.T) {
	stream := buildStream(func(g *biff) {
		for i := 0; i < 4; i++ {
			fontRec(g, "Arial", false)
		}
		fontRec(g, ".VnTime", true) // index 5 (4 is skipped)
		g.rec(recFormat, u16(164), u16(10), byte(0), []byte("dd/mm/yyyy"))
		g.rec(recXF, u16(0), u16(0), make([]byte, 16))   // 0: Arial, General
		g.rec(recXF, u16(5), u16(0), make([]byte, 16))   // 1: .VnTime bold
		g.rec(recXF, u16(0), u16(164), make([]byte, 16)) // 2: custom date
		g.rec(recXF, u16(0), u16(14), make([]byte, 16))  // 3: built-in date
		g.rec(recFormat, u16(165), u16(6), byte(0), []byte("#,##0"))
		g.rec(recXF, u16(0), u16(10), make([]byte, 16))  // 4: built-in 0.00%
		g.rec(recXF, u16(0), u16(165), make([]byte, 16)) // 5: custom #,##0
		// SST of two strings; the second is split across a CONTINUE
		// boundary and switches from 1-byte to 2-byte characters there.
		var sst biff
		sst.rec(recSST, uint32(2), uint32(2), u16(4), byte(0), []byte("Tinh"), u16(6), byte(0), []byte("Lào"[:1]+"a"))
		g.Write(sst.Bytes())
		g.rec(recContinue, byte(1), []uint16{'o', ' ', 'C', 'a'})
	}, func(s *biff) {
		s.rec(recLabelSST, u16(0), u16(0), u16(1), uint32(0))
		s.rec(recLabelSST, u16(0), u16(1), u16(0), uint32(1))
		s.rec(recNumber, u16(1), u16(0), u16(0), math.Float64bits(2994047))
		s.rec(recRK, u16(1), u16(1), u16(0), uint32(18194690<<2|3)) // int 18194690 /100
		s.rec(recMulRK, u16(2), u16(0), u16(0), uint32(7<<2|2), u16(0), uint32(uint64(math.Float64bits(0.5))>>32), u16(2))
		s.rec(recNumber, u16(3), u16(0), u16(2), math.Float64bits(38450))
		s.rec(recNumber, u16(3), u16(1), u16(3), math.Float64bits(38450.5))
		// FORMULA with a string result, then SHRFMLA, then STRING.
		s.rec(recFormula, u16(4), u16(0), u16(0), []byte{0, 0, 0, 0, 0, 0, 0xff, 0xff}, u16(0), uint32(0), u16(0))
		s.rec(0x04BC, make([]byte, 10))
		s.rec(recString, u16(3), byte(1), []uint16{'Đ', 'ồ', 'n'})
		s.rec(recFormula, u16(4), u16(1), u16(0), math.Float64bits(65658017.599999994), u16(0), uint32(0), u16(0))
		s.rec(recFormula, u16(4), u16(2), u16(0), []byte{2, 0, 0x17, 0, 0, 0, 0xff, 0xff}, u16(0), uint32(0), u16(0))
		s.rec(recBoolErr, u16(5), u16(0), u16(0), byte(1), byte(0))
		s.rec(recRow, u16(5), u16(0), u16(1), u16(300), u16(0), u16(0), uint32(0x20))
		s.rec(recMerged, u16(1), u16(0), u16(1), u16(0), u16(3))
		s.rec(recLabel, u16(6), u16(2), u16(0), u16(2), byte(0), []byte("ok"))
		s.rec(recNumber, u16(7), u16(0), u16(4), math.Float64bits(0.18709677457809448))
		s.rec(recNumber, u16(7), u16(1), u16(5), math.Float64bits(181946.9))
		s.rec(recNumber, u16(7), u16(2), u16(5), math.Float64bits(2994047))
	})
	doc, err := parseWorkbook(stream)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Sheets) != 1 {
		t.Fatalf("sheets = %d", len(doc.Sheets))
	}
	sh := doc.Sheets[0]
	if sh.Name != "Bảng 1" {
		t.Errorf("name = %q", sh.Name)
	}
	at := func(r, c int) model.Cell {
		if r < len(sh.Rows) && c < len(sh.Rows[r]) {
			return sh.Rows[r][c]
		}
		return model.Cell{}
	}
	tests := []struct {
		name     string
		r, c     int
		kind     model.CellKind
		text     string
		font     string
		bold, fx bool
		shown    string
	}{
		{"sst string with font 5 (index 4 skipped)", 0, 0, model.CellString, "Tinh", ".VnTime", true, false, ""},
		{"sst string split over CONTINUE with new flags", 0, 1, model.CellString, "Lao Ca", "Arial", false, false, ""},
		{"number exact", 1, 0, model.CellNumber, "2994047", "Arial", false, false, ""},
		{"rk integer divided by 100", 1, 1, model.CellNumber, "181946.9", "Arial", false, false, ""},
		{"mulrk integer", 2, 0, model.CellNumber, "7", "Arial", false, false, ""},
		{"mulrk float", 2, 1, model.CellNumber, "0.5", "Arial", false, false, ""},
		{"custom date format", 3, 0, model.CellDate, "2005-04-08", "Arial", false, false, ""},
		{"built-in date format with time is a date", 3, 1, model.CellDate, "2005-04-08", "Arial", false, false, ""},
		{"formula string via SHRFMLA then STRING", 4, 0, model.CellString, "Đồn", "Arial", false, true, ""},
		{"formula number at 15 digits", 4, 1, model.CellNumber, "65658017.6", "Arial", false, true, ""},
		{"formula error", 4, 2, model.CellError, "#REF!", "Arial", false, true, ""},
		{"boolerr", 5, 0, model.CellBool, "TRUE", "Arial", false, false, ""},
		{"label", 6, 2, model.CellString, "ok", "Arial", false, false, ""},
		{"percent format shows a percent", 7, 0, model.CellNumber, "0.187096774578094", "Arial", false, false, "18,71%"},
		{"a custom format's decimals and groups are shown, the exact value kept", 7, 1, model.CellNumber, "181946.9", "Arial", false, false, "181.947"},
		{"an integer in a grouping format is grouped", 7, 2, model.CellNumber, "2994047", "Arial", false, false, "2.994.047"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := at(tt.r, tt.c)
			want := model.Cell{Kind: tt.kind, Text: tt.text, Font: tt.font, Bold: tt.bold, Formula: tt.fx, Shown: tt.shown}
			if got != want {
				t.Errorf("cell (%d,%d) = %+v, want %+v", tt.r, tt.c, got, want)
			}
		})
	}
	if len(sh.Merges) != 1 || sh.Merges[0] != (model.Merge{Row0: 0, Row1: 1, Col0: 0, Col1: 3}) {
		t.Errorf("merges = %+v", sh.Merges)
	}
	if len(sh.HiddenRows) != 1 || sh.HiddenRows[0] != 5 {
		t.Errorf("hidden rows = %v", sh.HiddenRows)
	}
}

func TestNumberText(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{2994047, "2994047"},
		{181946.9, "181946.9"},
		{65658017.599999994, "65658017.6"},
		{-0.0, "0"},
		{1e15, "1000000000000000"},
		{0.1 + 0.2, "0.3"},
		{-3244847.3, "-3244847.3"},
	}
	for _, tt := range tests {
		if got := format.NumberText(tt.in); got != tt.want {
			t.Errorf("NumberText(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClassifyFormat(t *testing.T) {
	tests := []struct {
		f    string
		want format.FormatDateKind
	}{
		{"General", format.NotDate}, {"#,##0", format.NotDate}, {`#,##0.00 "đ"`, format.NotDate}, {"0%", format.NotDate},
		{"dd/mm/yyyy", format.DateOnly}, {"[$-409]d-mmm-yy;@", format.DateOnly}, {"h:mm:ss", format.TimeOfDayFmt},
		{"dd/mm/yyyy hh:mm", format.DateAndTime}, {`[Red]#,##0`, format.NotDate}, {`"ngày" dd`, format.DateOnly},
	}
	for _, tt := range tests {
		if got := format.ClassifyNumberFormat(tt.f); got != tt.want {
			t.Errorf("classifyFormat(%q) = %d, want %d", tt.f, got, tt.want)
		}
	}
}

// TestCorpusReadsEverything reads every workbook of the corpus.
func TestCorpusReadsEverything(t *testing.T) {
	dir := needCorpus(t, "xls")
	files, _ := filepath.Glob(filepath.Join(dir, "*.xls"))
	if len(files) == 0 {
		t.Skip("no .xls in the corpus")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(data)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			cells := 0
			for _, s := range doc.Sheets {
				for _, r := range s.Rows {
					cells += len(r)
				}
			}
			if cells == 0 {
				t.Errorf("no cells")
			}
		})
	}
}

func TestCorpusKnownCells(t *testing.T) {
	dir := needCorpus(t, "xls")
	tests := []struct {
		file, sheet string
		r, c        int
		text, font  string
	}{
		{"btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls", "Sheet1", 0, 0, "Bé Tµi chÝnh", ".VnAvantH"},
		{"btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls", "Sheet1 (2)", 18, 1, "HÀ NỘI", "Times New Roman"},
		{"btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls", "Sheet1", 18, 2, "19348000", ".VnArial Narrow"},
		{"btc_quyet-toan-NSNN-2006_QD-1339-QD-BTC.xls", "Sheet1", 12, 2, "200228896", "Arial"},
		{"btc_du-toan-NSNN-2007_QD-3855-QD-BTC.xls", "mau so 09", 13, 5, "65658017.6", "Times New Roman"},
		{"btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls", "Sheet1", 15, 6, "42489480", "Arial"},
		{"btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls", "M09(R)", 19, 1, "Lào Cai", "Times New Roman"},
		{"btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls", "M09(R)", 19, 5, "2980775", "Times New Roman"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.sheet, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range doc.Sheets {
				if s.Name != tt.sheet {
					continue
				}
				if tt.r >= len(s.Rows) || tt.c >= len(s.Rows[tt.r]) {
					t.Fatalf("no cell (%d,%d)", tt.r, tt.c)
				}
				c := s.Rows[tt.r][tt.c]
				if c.Text != tt.text || c.Font != tt.font {
					t.Errorf("cell (%d,%d) = %q in %q, want %q in %q", tt.r, tt.c, c.Text, c.Font, tt.text, tt.font)
				}
				return
			}
			t.Errorf("no sheet %q", tt.sheet)
		})
	}
}

// TestCorpusMalformed: every broken file gives a document or a clear error,
// never a panic.
func TestCorpusMalformed(t *testing.T) {
	dir := needCorpus(t, "malformed/xls")
	tests := []struct {
		file    string
		wantErr error
		msg     string
	}{
		{"extrame_Encrypted.xls", format.ErrEncrypted, "password-protected"},
		{"xlrd_biff4_no_format.xls", ErrOldFormat, "Excel 4.0"},
		{"extrame_float.xls", nil, ""},
		{"extrame_negatives.xls", nil, ""},
		{"extrame_times.xls", nil, ""},
		{"xlrd_corrupted_error.xls", nil, ""},
		{"xlrd_invalid_formula.xls", nil, ""},
		{"xlrd_picture_in_cell.xls", nil, ""},
		{"xlrd_ragged.xls", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(data)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				if len(doc.Sheets) == 0 {
					t.Errorf("no sheets")
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want %v containing %q", err, tt.wantErr, tt.msg)
			}
		})
	}
}

func TestGarbage(t *testing.T) {
	tests := map[string][]byte{
		"empty":     nil,
		"ole magic": {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1},
		"text":      []byte("hello"),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Read(data); err == nil {
				t.Errorf("no error")
			}
		})
	}
}

func FuzzParseWorkbook(f *testing.F) {
	f.Add(buildStream(func(g *biff) { fontRec(g, "Arial", false) }, func(s *biff) {
		s.rec(recNumber, u16(1), u16(0), u16(0), math.Float64bits(1))
	}))
	var sst biff
	sst.rec(recBOF, u16(0x0600), u16(5))
	sst.rec(recSST, uint32(1), uint32(1), u16(4), byte(0), []byte("ab"))
	sst.rec(recContinue, byte(1), []uint16{'c', 'd'})
	sst.rec(recEOF)
	f.Add(sst.Bytes())
	f.Fuzz(func(t *testing.T, stream []byte) {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic: %v", r)
				}
			}()
			// parseWorkbook is what Read runs behind its recover; a panic
			// here is a bug even though Read would turn it into an error.
			doc, err := Read(stream) // not OLE: must fail cleanly
			if err == nil && doc == nil {
				t.Fatal("nil doc without error")
			}
		}()
		_, _ = parseWorkbook(stream)
	})
}

func FuzzRead(f *testing.F) {
	if files, _ := filepath.Glob(filepath.Join(corpus, "malformed/xls/extrame_*.xls")); len(files) > 0 {
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			doc, err := Read(data)
			if err == nil && doc == nil {
				t.Error("nil doc without error")
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Read hangs on a %d-byte input", len(data))
		}
	})
}

// TestBIFF5: an Excel 95 workbook with 8-bit strings in codepage 1258.
func TestBIFF5(t *testing.T) {
	var g biff
	g.rec(recBOF, u16(0x0500), u16(0x0005), uint32(0))
	g.rec(recCodepage, u16(1258))
	for i := 0; i < 5; i++ {
		g.rec(recFont, u16(200), u16(0), u16(0x7fff), u16(700), u16(0), byte(0), byte(0), byte(0), byte(0), byte(7), []byte("VNI-Tim"))
	}
	g.rec(recXF, u16(0), u16(0), make([]byte, 12))
	name := []byte{'T', 0xEA, 'n'} // "Tên" in cp1258
	bsPos := g.Len() + 4
	g.rec(recBoundSheet, uint32(0), byte(1), byte(0), byte(len(name)), name)
	g.rec(recEOF)
	out := g.Bytes()
	binary.LittleEndian.PutUint32(out[bsPos:], uint32(len(out)))
	var s biff
	s.rec(recBOF, u16(0x0500), u16(0x0010), uint32(0))
	hanoi := []byte{'H', 0xE0, ' ', 'N', 0xF4, 0xF2, 'i'} // "Hà Nội": ô + combining dot below
	s.rec(recLabel, u16(0), u16(0), u16(0), u16(len(hanoi)), hanoi)
	s.rec(recRK, u16(0), u16(1), u16(0), uint32(2994047<<2|2))
	s.rec(recEOF)
	doc, err := parseWorkbook(append(out, s.Bytes()...))
	if err != nil {
		t.Fatal(err)
	}
	sh := doc.Sheets[0]
	if sh.Name != "Tên" || !sh.Hidden {
		t.Errorf("sheet %q hidden %v", sh.Name, sh.Hidden)
	}
	want := model.Cell{Kind: model.CellString, Text: "Hà Nội", Font: "VNI-Tim", Bold: true}
	if got := sh.Rows[0][0]; got != want {
		t.Errorf("A1 = %+v, want %+v", got, want)
	}
	if got := sh.Rows[0][1].Text; got != "2994047" {
		t.Errorf("B1 = %q", got)
	}
}
