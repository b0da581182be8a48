package pdf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vanban/ingest/format"
	"vanban/ingest/ocr"
	"vanban/model"
)

func readText(t *testing.T, data []byte) (*model.Document, string) {
	t.Helper()
	doc, err := Read(context.Background(), data, Options{NoOCR: true})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return doc, doc.Text()
}

func TestReadContentStream(t *testing.T) {
	tests := []struct {
		name    string
		content string
		extra   string
		want    string
	}{
		{"Tj with spaces", "BT /F1 12 Tf 72 770 Td (Hello world) Tj ET", "", "Hello world"},
		{"TJ kerning joins, wide offset splits", "BT /F1 12 Tf 72 770 Td [(Hel) -20 (lo) -400 (world)] TJ ET", "", "Hello world"},
		{"gap from Td without a space glyph", "BT /F1 12 Tf 72 770 Td (No:) Tj 40 0 Td (12) Tj ET", "", "No: 12"},
		{"Tc and Tw change advances", "BT /F1 12 Tf 2 Tc 20 Tw 72 770 Td (ab cd) Tj ET", "", "ab cd"},
		{"Tz compresses", "BT /F1 12 Tf 50 Tz 72 770 Td (abc) Tj 0 0 Td ET", "", "abc"},
		{"lines by baseline", "BT /F1 12 Tf 14 TL 72 770 Td (first line) Tj T* (second line) Tj ET", "", "first line\nsecond line"},
		{"quote operators", "BT /F1 12 Tf 14 TL 72 770 Td (one) Tj (two) ' 1 0 (three) \" ET", "", "one\ntwo\nthree"},
		{"Tm places text", "BT /F1 12 Tf 1 0 0 1 110 700 Tm (right) Tj 1 0 0 1 72 700 Tm (left) Tj ET", "", "left right"},
		{"a wide gap makes two lines", "BT /F1 12 Tf 1 0 0 1 300 700 Tm (right) Tj 1 0 0 1 72 700 Tm (left) Tj ET", "", "left\nright"},
		{"cm scales the run", "q 2 0 0 2 0 0 cm BT /F1 6 Tf 36 385 Td (scaled text) Tj ET Q", "", "scaled text"},
		{"Identity-H ranges past U+00FF", "BT /F2 12 Tf 72 770 Td <0004001000110012> Tj ET", "", "ĐẠạẢ"},
		{"bfrange array form", "BT /F2 12 Tf 72 770 Td <002000210022> Tj ET", "", "AÁự"},
		{"bfrange carries past a byte", "BT /F2 12 Tf 72 770 Td <00FF0100> Tj ET", "", "ÿĀ"},
		{"CID space glyph splits words", "BT /F2 12 Tf 72 770 Td <0020000300200021> Tj ET", "", "A AÁ"},
		{"rotated page", "BT /F1 12 Tf 72 770 Td (Hello world) Tj ET", "/Rotate 90", "Hello world"},
		{"vertical text reads top to bottom", "BT /F1 12 Tf 0 -1 1 0 100 700 Tm (down) Tj ET", "", "down"},
		{"inline image skipped", "BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\x01(\x02)\x03 EI BT /F1 12 Tf 72 770 Td (after) Tj ET", "", "after"},
		{"text before Tf", "BT 72 770 Td (plain) Tj ET", "", ""},
		{"unbalanced Q and ET", "Q Q ET BT /F1 12 Tf 72 770 Td (still) Tj", "", "still"},
		{"duplicate fake bold drawn twice", "BT /F1 12 Tf 72 770 Td (bold) Tj ET BT /F1 12 Tf 72.3 770 Td (bold) Tj ET", "", "bold"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, got := readText(t, onePage(tc.content, tc.extra))
			if got != tc.want {
				t.Errorf("text = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestWordFontsAndBoxes(t *testing.T) {
	doc, _ := readText(t, onePage("BT /F1 12 Tf 72 770 Td (Hi) Tj /F2 14 Tf 40 0 Td <00100011> Tj ET", ""))
	words := doc.Pages[0].Lines[0].Words
	if len(words) != 2 {
		t.Fatalf("words = %+v", words)
	}
	if w := words[0]; w.Font != "Helvetica" || w.Size != 12 || w.Bold || w.X0 != 72 || w.X1 != 84 {
		t.Errorf("word 0 = %+v", w)
	}
	// The subset prefix is dropped; Bold comes from the name; widths from /W.
	if w := words[1]; w.Font != "TimesNewRomanPS-BoldMT" || w.Size != 14 || !w.Bold || w.X0 != 112 || w.X1 != 112+2*0.7*14 {
		t.Errorf("word 1 = %+v", w)
	}
	if y := words[0].Y1; y < 842-770 || y > 842-770+5 {
		t.Errorf("y1 = %v, want just below the baseline at %v", y, 842-770)
	}
}

func TestRotatedPageCoordinates(t *testing.T) {
	doc, _ := readText(t, onePage("BT /F1 12 Tf 72 770 Td (Hello) Tj ET", "/Rotate 90"))
	p := doc.Pages[0]
	if p.Width != 842 || p.Height != 595 {
		t.Fatalf("size = %vx%v, want 842x595", p.Width, p.Height)
	}
	w := p.Lines[0].Words[0]
	// Rotated 90° clockwise, user point (72, 770) lands at (770, 72).
	if w.X0 < 760 || w.X0 > 775 || w.Y0 < 60 || w.Y1 > 110 {
		t.Errorf("word box = %+v", w)
	}
}

func TestTwoColumnHeader(t *testing.T) {
	content := `BT /F2 13 Tf
1 0 0 1 100 770 Tm <002000200020> Tj 1 0 0 1 330 770 Tm <0021002100210021> Tj
1 0 0 1 100 755 Tm <0010001000100010> Tj 1 0 0 1 350 755 Tm <00110011> Tj
1 0 0 1 100 730 Tm <0012> Tj 1 0 0 1 330 728 Tm <0022> Tj
1 0 0 1 72 680 Tm <` + strings.Repeat("0020", 30) + `> Tj
ET`
	doc, _ := readText(t, onePage(content, ""))
	var got []string
	for _, l := range doc.Pages[0].Lines {
		got = append(got, fmt.Sprintf("%d:%s", l.Block, l.Text))
	}
	want := []string{"0:AAA", "0:ẠẠẠẠ", "0:Ả", "1:ÁÁÁÁ", "1:ạạ", "1:ự", "2:" + strings.Repeat("A", 30)}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines:\n got %q\nwant %q", got, want)
	}
}

func TestRulesAndForms(t *testing.T) {
	form := stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [1 0 0 1 10 20] /Resources << /Font << /F9 3 0 R >> >>",
		"BT /F9 10 Tf 0 0 Td (in form) Tj ET /Self Do")
	selfRef := strings.Replace(form, "/Resources << /Font << /F9 3 0 R >> >>", "/Resources << /Font << /F9 3 0 R >> /XObject << /Self 5 0 R >> >>", 1)
	data := testPDF("%PDF-1.4\n",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 /Widths ["+strings.Repeat("500 ", 95)+"] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Fm 5 0 R >> >> /Contents 6 0 R >>",
		selfRef,
		stream("", "0.5 w 72 700 m 500 700 l S 100 600 200 20 re f q 1 0 0 1 0 100 cm /Fm Do Q 10 10 m 50 40 l S"),
	)
	doc, text := readText(t, data)
	if text != "in form" {
		t.Errorf("text = %q, want the form's text once", text)
	}
	w := doc.Pages[0].Lines[0].Words[0]
	if w.X0 != 10 || w.Font != "Helvetica" {
		t.Errorf("form word = %+v (want x0 10 from /Matrix)", w)
	}
	want := []model.Rule{{X0: 72, Y0: 142, X1: 500, Y1: 142}, {X0: 100, Y0: 222, X1: 300, Y1: 242}}
	got := doc.Pages[0].Rules
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rules = %v, want %v (the diagonal is no rule)", got, want)
	}
}

// TestFontsPerPage: two pages call different fonts by the same resource
// name; each page must decode with its own.
func TestFontsPerPage(t *testing.T) {
	cm := stream("", toUnicodeCMap)
	data := testPDF("%PDF-1.4\n",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 5 0 R >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 7 0 R /DescendantFonts [<< /Subtype /CIDFontType2 /DW 500 >>] >> >> >> /Contents 6 0 R >>",
		stream("", "BT /F1 12 Tf 72 770 Td (ab) Tj ET"),
		stream("", "BT /F1 12 Tf 72 770 Td <00040010> Tj ET"),
		cm,
	)
	_, text := readText(t, data)
	if text != "ab\fĐẠ" {
		t.Errorf("text = %q, want %q", text, "ab\fĐẠ")
	}
}

func TestOpenOddFiles(t *testing.T) {
	page := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stream("", "BT /F1 12 Tf 72 770 Td (readable) Tj ET"),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	good := testPDF("%PDF-1.4\n", page...)
	xref := bytes.LastIndex(good, []byte("xref"))
	tests := []struct {
		name    string
		data    []byte
		want    string
		wantErr error
	}{
		{"PDF 2.0 header", testPDF("%PDF-2.0\n", page...), "readable", nil},
		{"junk before the header", testPDF("GARBAGE BYTES HERE\n%PDF-1.7\n", page...), "readable", nil},
		{"header glued to a comment", testPDF("%PDF-1.4%comment\n", page...), "readable", nil},
		{"xref table lost", append(append([]byte{}, good[:xref]...), "trailer\n<< /Root 1 0 R >>\n%%EOF\n"...), "readable", nil},
		{"cut in the middle", good[:len(good)/2], "", format.ErrTruncated},
		{"empty", nil, "", format.ErrEmpty},
		{"AES-256", testPDF("%PDF-1.7\n", append(append([]string{}, page...), "<< /Filter /Standard /V 5 /R 6 /CF << /StdCF << /CFM /AESV3 >> >> >>")...), "", format.ErrEncrypted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.wantErr == format.ErrEncrypted {
				tc.data = bytes.Replace(tc.data, []byte("/Root 1 0 R"), []byte("/Root 1 0 R /Encrypt 6 0 R /ID [<01><01>]"), 1)
			}
			doc, err := Read(context.Background(), tc.data, Options{NoOCR: true})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					// A cut file may also be repaired; it must then read.
					if err == nil && tc.wantErr == format.ErrTruncated {
						return
					}
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				if tc.wantErr == format.ErrEncrypted && !strings.Contains(err.Error(), "AES-256") {
					t.Errorf("err = %v, want it to name AES-256", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if got := doc.Text(); got != tc.want {
				t.Errorf("text = %q, want %q", got, tc.want)
			}
		})
	}
}

func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Skipf("corpus file %s not available: %v", name, err)
	}
	return data
}

// TestOfficialHeaders: the two halves of the header of real dispatches come
// out as separate lines in separate blocks, left first.
func TestOfficialHeaders(t *testing.T) {
	tests := []struct {
		file  string
		left  []string
		right []string
	}{
		{"binhthuan_779-QD-UBND_dieu-le-quy-khuyen-hoc.pdf",
			[]string{"ỦY BAN NHÂN DÂN", "TỈNH BÌNH THUẬN", "Số: 779 /QĐ-UBND"},
			[]string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bình Thuận, ngày 23 tháng 3 năm 2022"}},
		{"lamdong_228-BC-SNV_2025-11-28_chi-so-2025.pdf",
			// The number and day are stamped by the signing tool (annotations).
			[]string{"UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 228 /BC-SNV"},
			[]string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lâm Đồng, ngày 28 tháng 11 năm 2025"}},
		{"binhthuan_3367-TTr-SNV_2024-11-28_hoi-quan-chung.pdf",
			[]string{"UBND TỈNH BÌNH THUẬN", "SỞ NỘI VỤ", "Số: 3367/TTr-SNV"},
			[]string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "Bình Thuận, ngày 28 tháng 11 năm 2024"}},
		{"cp_01-2020-ND-CP_giam-sat-dau-tu.pdf",
			[]string{"CHÍNH PHỦ", "-------", "Số: 01/2020/NĐ-CP"},
			[]string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------", "Hà Nội, ngày 01 tháng 01 năm 2020"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			doc, _ := readText(t, corpusFile(t, tc.file))
			lines := doc.Pages[0].Lines
			n := len(tc.left) + len(tc.right)
			if len(lines) < n {
				t.Fatalf("only %d lines", len(lines))
			}
			for i, want := range append(append([]string{}, tc.left...), tc.right...) {
				if lines[i].Text != want {
					t.Errorf("line %d = %q, want %q", i, lines[i].Text, want)
				}
			}
			if lb, rb := lines[0].Block, lines[len(tc.left)].Block; lb == rb {
				t.Errorf("left and right halves share block %d", lb)
			}
		})
	}
}

func TestSignatureStamps(t *testing.T) {
	doc, text := readText(t, corpusFile(t, "congbao_23-VBHN-VPQH_2020_luat-ban-hanh-VBQPPL.pdf"))
	want := model.Signature{Page: 1, SignedBy: "Cổng Thông tin điện tử Chính phủ", Organization: "Văn phòng Chính phủ",
		Time: "20.11.2020 10:56:02 +07:00", Email: "thongtinchinhphu@chinhphu.vn"}
	if len(doc.Signatures) != 1 || doc.Signatures[0] != want {
		t.Errorf("signatures = %+v, want %+v", doc.Signatures, want)
	}
	if strings.Contains(text, "Ký bởi") || strings.Contains(text, "Thời gian ký") {
		t.Errorf("stamp left in the body text")
	}
}

// TestScanDetection: pages without a usable text layer are found, and with
// OCR off each gets a warning.
func TestScanDetection(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"ttg_57-QD-TTg_2010-01_SCAN_watermark-only-text.pdf", []string{"page 1 has no text layer", "page 2 has no text layer"}},
		{"btc_danh-muc-VBQPPL-het-hieu-luc-2010_SCAN_garbage-OCR.pdf", []string{"page 1 has no text layer", "page 2 has an unreadable OCR text layer"}},
		{"bca_4214_CTMTQG-ma-tuy_SCAN-signed.pdf", []string{"page 1 has no text layer", "page 5 has no text layer"}},
		{"lamdong_228-BC-SNV_2025-11-28_chi-so-2025.pdf", nil},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			doc, _ := readText(t, corpusFile(t, tc.file))
			all := strings.Join(doc.Warnings, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("warnings %q lack %q", doc.Warnings, w)
				}
			}
			if tc.want == nil && len(doc.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", doc.Warnings)
			}
		})
	}
}

// TestEncryptedFiles encrypts a small PDF with qpdf in every scheme and
// checks that readable ones read and the others say why.
func TestEncryptedFiles(t *testing.T) {
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		t.Skip("qpdf not found (apt-get install qpdf)")
	}
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.pdf")
	if err := os.WriteFile(plain, onePage("BT /F1 12 Tf 72 770 Td (secret text) Tj ET", ""), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		password string
		want     string // text, or the error's wording
		wantErr  bool
	}{
		{"RC4-128 empty user password", []string{"", "owner", "128", "--use-aes=n"}, "", "secret text", false},
		{"AES-128 empty user password", []string{"", "owner", "128", "--use-aes=y"}, "", "secret text", false},
		{"RC4-128 with the password", []string{"user", "owner", "128", "--use-aes=n"}, "user", "secret text", false},
		{"RC4-128 without the password", []string{"user", "owner", "128", "--use-aes=n"}, "", "a password is needed", true},
		{"RC4-40 is reported, not read as empty", []string{"", "owner", "40"}, "", "40-bit RC4", true},
		{"AES-256", []string{"", "owner", "256"}, "", "AES-256", true},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, fmt.Sprintf("enc%d.pdf", i))
			args := append([]string{"--allow-weak-crypto", "--encrypt"}, tc.args...)
			args = append(args, "--", plain, out)
			if b, err := exec.Command(qpdf, args...).CombinedOutput(); err != nil {
				t.Fatalf("qpdf: %v: %s", err, b)
			}
			data, _ := os.ReadFile(out)
			doc, err := Read(context.Background(), data, Options{NoOCR: true, Password: tc.password})
			if tc.wantErr {
				if !errors.Is(err, format.ErrEncrypted) || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want ErrEncrypted saying %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if got := doc.Text(); got != tc.want {
				t.Errorf("text = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestReadScanWithOCR: a one-page scan is OCRed, its header still splits
// into two blocks, and the document says the text came from OCR.
func TestReadScanWithOCR(t *testing.T) {
	if err := ocr.Available(context.Background()); err != nil {
		t.Skip(err)
	}
	data := corpusFile(t, "lamdong_CV1413-PC04_ho-tro-kinh-phi_SCAN.pdf")
	doc, err := Read(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Pages[0]
	if !doc.OCR || !p.OCR || p.Confidence < 60 {
		t.Fatalf("ocr = %v, page ocr = %v, confidence %v", doc.OCR, p.OCR, p.Confidence)
	}
	text := doc.Text()
	for _, want := range []string{"/CAT-PC04", "kinh phí", "Kính gửi"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	number, date := -1, -1
	for _, l := range p.Lines {
		if strings.HasPrefix(l.Text, "Số:") {
			number = l.Block
		}
		if strings.Contains(l.Text, "tháng 3 năm 2026") {
			date = l.Block
		}
	}
	if number < 0 || date < 0 || number == date {
		t.Errorf("number block %d, date block %d: want two different blocks\n%s", number, date, text)
	}
	if len(doc.Warnings) > 0 {
		t.Errorf("warnings: %q", doc.Warnings)
	}
}

// TestStandardFontWidths: a standard font written without /Widths is placed
// with its real metrics, so a small Td gap still separates words.
func TestStandardFontWidths(t *testing.T) {
	tests := []struct{ base, content, want string }{
		{"Helvetica", "(Hello) Tj 30 0 Td (world) Tj", "Hello world"},
		{"Helvetica", "(Hello) Tj 27.4 0 Td (world) Tj", "Helloworld"},
		{"Times-Roman", "(Hello) Tj 29 0 Td (world) Tj", "Hello world"},
		{"Courier", "(Hi) Tj 17 0 Td (there) Tj", "Hi there"},
	}
	for _, tc := range tests {
		t.Run(tc.base+" "+tc.want, func(t *testing.T) {
			data := testPDF("%PDF-1.4\n",
				"<< /Type /Catalog /Pages 2 0 R >>",
				"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
				"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
				stream("", "BT /F1 12 Tf 72 770 Td "+tc.content+" ET"),
				"<< /Type /Font /Subtype /Type1 /BaseFont /"+tc.base+" >>",
			)
			if _, got := readText(t, data); got != tc.want {
				t.Errorf("text = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestAbsurdNumbers: huge or non-finite coordinates never reach the
// Document (JSON cannot carry NaN or Inf across the worker boundary).
func TestAbsurdNumbers(t *testing.T) {
	for _, content := range []string{
		"1e308 0 0 1e308 0 0 cm BT /F1 12 Tf 72 770 Td (big) Tj ET 0 0 m 10 10 l S 0 0 5 5 re f",
		"BT /F1 1e308 Tf 1e308 1e308 Td (big) Tj ET",
		"99999999999999999999999999999 0 0 1 0 0 cm 10 10 100 100 re f BT /F1 12 Tf (x) Tj ET",
	} {
		doc, err := Read(context.Background(), onePage(content, "/CropBox [0 0 1e400 1e400]"), Options{NoOCR: true})
		if err != nil {
			t.Fatalf("%q: %v", content, err)
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Errorf("%q: document does not encode: %v", content, err)
		}
	}
}

// TestTrailingBytesAfterEOF: bytes appended after %%EOF (a mail footer, a
// second signature blob) must not make a good file unreadable.
func TestTrailingBytesAfterEOF(t *testing.T) {
	data, err := os.ReadFile("../../testdata/corpus/cv-95-UBND-KT-lam-dong.pdf")
	if err != nil {
		t.Fatal(err)
	}
	for _, tail := range []string{"garbage tail", "\r\n-- \r\nSent from the office gateway\r\n", "\x00\x00\x00\x00"} {
		doc, err := Read(context.Background(), append(bytes.Clone(data), tail...), Options{NoOCR: true})
		if err != nil {
			t.Fatalf("tail %q: %v", tail, err)
		}
		if !strings.Contains(doc.Text(), "95/UBND-KT") {
			t.Errorf("tail %q: text lost:\n%.300s", tail, doc.Text())
		}
	}
}
