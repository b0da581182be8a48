package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"
)

// Excel itself refuses sheet names over 31 characters or with :\/?*[] or
// quotes at the ends, and so does excelize when asked for such a sheet; but
// other programs write them, and the workbook is not damaged for that.
// Such sheets are opened under a stand-in name and keep their own.

var sheetNameAttr = regexp.MustCompile(`(<(?:[\w.-]+:)?sheet\b[^>]*?\sname=")([^"]*)(")`)

const maxWorkbookXML = 16 << 20

// excelSheetName reports whether Excel (and excelize) accept name.
func excelSheetName(name string) bool {
	return name != "" && len(utf16.Encode([]rune(name))) <= 31 &&
		!strings.HasPrefix(name, "'") && !strings.HasSuffix(name, "'") &&
		!strings.ContainsAny(name, `:\/?*[]`)
}

// standInSheetNames returns the workbook with sheets whose names Excel would
// refuse renamed to stand-ins, and the real name of each stand-in; data
// itself and no names when every name is accepted (or the package cannot
// be read here: excelize then says why).
func standInSheetNames(data []byte) ([]byte, map[string]string) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return data, nil
	}
	var wb *zip.File
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			wb = f
		}
	}
	if wb == nil || wb.UncompressedSize64 > maxWorkbookXML {
		return data, nil
	}
	rc, err := wb.Open()
	if err != nil {
		return data, nil
	}
	xml, err := io.ReadAll(io.LimitReader(rc, maxWorkbookXML))
	rc.Close()
	if err != nil {
		return data, nil
	}
	real := map[string]string{}
	n := 0
	fixed := sheetNameAttr.ReplaceAllFunc(xml, func(m []byte) []byte {
		sub := sheetNameAttr.FindSubmatch(m)
		name := html.UnescapeString(string(sub[2]))
		if excelSheetName(name) {
			return m
		}
		n++
		alias := fmt.Sprintf("Sheet~%d", n)
		for bytes.Contains(xml, []byte(`"`+alias+`"`)) {
			n++
			alias = fmt.Sprintf("Sheet~%d", n)
		}
		real[alias] = name
		return append(append(append([]byte{}, sub[1]...), alias...), sub[3]...)
	})
	if len(real) == 0 {
		return data, nil
	}
	// Every other part is copied as it is stored, without inflating it.
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f == wb {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
			if err != nil {
				return data, nil
			}
			w.Write(fixed)
			continue
		}
		raw, err := f.OpenRaw()
		if err != nil {
			return data, nil
		}
		w, err := zw.CreateRaw(&f.FileHeader)
		if err != nil {
			return data, nil
		}
		if _, err := io.Copy(w, raw); err != nil {
			return data, nil
		}
	}
	if err := zw.Close(); err != nil {
		return data, nil
	}
	return out.Bytes(), real
}
