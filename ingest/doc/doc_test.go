package doc

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/ingest/format"
)

func corpusFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Skipf("corpus not found at %s (see ../shared/corpus/README.md): %v", corpusDir, err)
	}
	return data
}

// withFIB returns a copy of a .doc whose WordDocument stream has the FIB
// word at off set to v: the stream is found by its signature.
func withFIB(t *testing.T, data []byte, off int, v uint16) []byte {
	t.Helper()
	out := append([]byte(nil), data...)
	for i := 0; i+0x200 < len(out); i += 512 {
		id := binary.LittleEndian.Uint16(out[i:])
		if (id == 0xA5EC || id == 0xA5DC) && binary.LittleEndian.Uint16(out[i+2:]) >= 101 {
			binary.LittleEndian.PutUint16(out[i+off:], v)
			return out
		}
	}
	t.Fatal("no FIB found")
	return nil
}

func TestRefusals(t *testing.T) {
	data := corpusFile(t, "luatvietnam_2010_10209608.doc")
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, format.ErrEmpty},
		{"not OLE2", []byte("hello, not a compound file"), format.ErrCorrupt},
		{"encrypted", withFIB(t, data, 0x0A, 0x12f0|0x0100), format.ErrEncrypted},
		{"Word 2 FIB", withFIB(t, data, 2, 45), ErrOldFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.data)
			if !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
		})
	}
}

// TestCorpusStructure checks what a reader of each kind of file relies on:
// Word 6 and Word 97 files, fonts for the TCVN3 repair, tables as rows and
// cells, headers and footers apart from the body.
func TestCorpusStructure(t *testing.T) {
	cases := []struct {
		file       string
		firstLine  string
		firstFont  string
		headerHas  string
		minSheets  int
		cellInRow0 string
	}{
		// Word 6.0 (nFib 101), no piece table, .VnTimeH for the title.
		{file: "luatvietnam_1945_45000001.doc", firstLine: "S¾C LÖNH", firstFont: ".VnTimeH", headerHas: "LAWDATA"},
		// Word 97, TCVN3 by paragraph style.
		{file: "luatvietnam_1945_45000002.doc", firstLine: "S¾C LÖNH", firstFont: ".VnTimeH"},
		// Word 97 Unicode with appendix tables.
		{file: "luatvietnam_2010_10209597.doc", firstLine: "THÔNG TƯ", firstFont: "Times New Roman", minSheets: 5, cellInRow0: "STT"},
		// Word 2003 with a header table read as the header.
		{file: "vptw_36-HD_VPTW_380096.doc", firstLine: "BAN CHẤP HÀNH TRUNG ƯƠNG", firstFont: "Arial"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			d, err := Read(corpusFile(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			l := d.Pages[0].Lines[0]
			if l.Text != c.firstLine || l.Words[0].Font != c.firstFont {
				t.Errorf("first line %q in %q, want %q in %q", l.Text, l.Words[0].Font, c.firstLine, c.firstFont)
			}
			if c.headerHas != "" && !strings.Contains(strings.Join(d.HeaderFooter, "\n"), c.headerHas) {
				t.Errorf("header/footer %q lacks %q", d.HeaderFooter, c.headerHas)
			}
			if c.headerHas != "" && strings.Contains(d.Text(), c.headerHas) {
				t.Errorf("the running header %q is in the body", c.headerHas)
			}
			if len(d.Sheets) < c.minSheets {
				t.Fatalf("%d tables, want at least %d", len(d.Sheets), c.minSheets)
			}
			if c.cellInRow0 != "" {
				found := false
				for _, s := range d.Sheets {
					for _, cell := range s.Rows[0] {
						found = found || cell.Text == c.cellInRow0
					}
				}
				if !found {
					t.Errorf("no table starts with a %q cell", c.cellInRow0)
				}
			}
		})
	}
}

// TestFieldsShowTheirResult: no field code (HYPERLINK, PAGE, TOC…) reaches
// the text of any corpus file.
func TestFieldsShowTheirResult(t *testing.T) {
	for _, f := range wordFiles(t) {
		data, _ := os.ReadFile(f)
		d, err := Read(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"HYPERLINK ", "MERGEFORMAT", " PAGE ", "TOC \\o"} {
			if strings.Contains(d.Text(), code) {
				t.Errorf("%s: field code %q in the text", filepath.Base(f), code)
			}
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"luatvietnam_1945_45000001.doc", "luatvietnam_1945_45000002.doc", "luatvietnam_2010_10209608.doc"} {
		if data, err := os.ReadFile(filepath.Join(corpusDir, name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read(data)
		if err == nil && d == nil {
			t.Fatal("no document and no error")
		}
	})
}
