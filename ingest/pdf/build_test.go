package pdf

import (
	"bytes"
	"fmt"
	"strings"
)

// testPDF assembles a PDF from object bodies (object i+1 is objs[i]) with a
// correct cross-reference table. Object 1 must be the catalog.
func testPDF(header string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// onePage builds a one-page PDF (A4) whose content is content, with the
// font resources F1 (Helvetica, WinAnsi, widths 500) and F2 (a Type0
// Identity-H font whose ToUnicode maps ranges past U+00FF).
func onePage(content string, pageExtra string) []byte {
	return pages([]string{content}, pageExtra)
}

const toUnicodeCMap = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Test def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0003> <0020>
<0004> <0110>
endbfchar
3 beginbfrange
<0010> <0012> <1EA0>
<0020> <0022> [<0041> <00C1> <1EF1>]
<00FE> <0101> <00FE>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`

func pages(contents []string, pageExtra string) []byte {
	widths := strings.TrimSpace(strings.Repeat("500 ", 224))
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"", // pages, filled below
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [" + widths + "] >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TimesNewRomanPS-BoldMT /Encoding /Identity-H /DescendantFonts [5 0 R] /ToUnicode 6 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRomanPS-BoldMT /DW 600 /W [3 [250] 16 18 700] >>",
		stream("", toUnicodeCMap),
	}
	var kids []string
	for _, c := range contents {
		n := len(objs) + 1
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R %s >>", n+1, pageExtra))
		objs = append(objs, stream("", c))
		kids = append(kids, fmt.Sprintf("%d 0 R", n))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	return testPDF("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", objs...)
}
