package web

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"vanban/extract"
	"vanban/model"
)

// TestTranslateWarning: on a Vietnamese page a known warning is said in
// Vietnamese with its values kept; an unknown one stays as written, marked
// English; an English page shows the record's text.
func TestTranslateWarning(t *testing.T) {
	tests := []struct {
		in, lang, want, wantLang string
	}{
		{"the day of the date cannot be read: only the month is kept", "vi", "Không đọc được ngày của văn bản: chỉ giữ tháng", ""},
		{"the number read by OCR (64/QĐ-TIg) has a code no issuer uses: read as 64/QĐ-TTg", "vi", "Số hiệu đọc bằng OCR (64/QĐ-TIg) có ký hiệu không cơ quan nào dùng: đọc là 64/QĐ-TTg", ""},
		{"the place read by OCR (Nội) is read as Hà Nội", "vi", "Địa danh đọc bằng OCR (Nội) được đọc là Hà Nội", ""},
		{"the day of the date cannot be read on the scan: it is taken from the e-signature of the same month (13.11.2025 16:02:11 +07:00)", "vi",
			"Không đọc được ngày trên bản quét: lấy ngày của chữ ký số cùng tháng (13.11.2025 16:02:11 +07:00)", ""},
		{"table 2: total 'Tổng cộng' is 17.870.673 but its rows add up to 17.870.672 (column 'DỰ TOÁN')", "vi",
			"Bảng 2: dòng tổng «Tổng cộng» ghi 17.870.673 nhưng các dòng cộng lại được 17.870.672 (cột «DỰ TOÁN»)", ""},
		{"page 3 has no text layer; not OCRed: the OCR time budget ran out", "vi", "Trang 3 không có lớp chữ; chưa nhận dạng OCR: hết thời gian dành cho OCR", ""},
		{"the embedded object Excel.Sheet.8 could not be read: file is damaged: no Workbook stream", "vi",
			"Không đọc được đối tượng nhúng (Excel.Sheet.8): file is damaged: no Workbook stream", ""},
		{"the embedded object could not be read: file is truncated", "vi", "Không đọc được đối tượng nhúng: file is truncated", ""},
		{"the embedded object Microsoft Excel 97-Tabelle could not be read: file is truncated", "vi",
			"Không đọc được đối tượng nhúng (Microsoft Excel 97-Tabelle): file is truncated", ""},
		{"in the embedded object Word.Document.8: page 2 could not be read: damaged", "vi",
			"Trong đối tượng nhúng (Word.Document.8): Không đọc được trang 2: damaged", ""},
		{"something new nobody translated", "vi", "something new nobody translated", "en"},
		{"the day of the date cannot be read: only the month is kept", "en", "the day of the date cannot be read: only the month is kept", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := translateWarning(tc.in, tc.lang)
			if got.Text != tc.want || got.Lang != tc.wantLang {
				t.Errorf("got %+v, want %q lang %q", got, tc.want, tc.wantLang)
			}
		})
	}
}

// TestIdentityWarningsTranslated: every warning the identity reader gives
// on the documents is said in Vietnamese.
func TestIdentityWarningsTranslated(t *testing.T) {
	docs := [][]string{
		{"THỦ TƯỚNG CHÍNH PHỦ", "Số: 64/QĐ-TIg", "Nội, ngày  tháng 01 năm 2010", "QUYẾT ĐỊNH", "Về việc phê duyệt"},
		{"Phụ lục", "DANH MỤC", "(Kèm theo Công văn số12094/BNV-CCHC ngày15 / 12/2025 của Bộ Nội vụ)", "STT Tên"},
		{"BỘ TÀI CHÍNH", "Số: 12/QĐ-BTC", "BÁO CÁO", "Tình hình"},
	}
	n := 0
	for _, lines := range docs {
		p := model.Page{Number: 1, OCR: true}
		for _, l := range lines {
			p.Lines = append(p.Lines, model.Line{Text: l})
		}
		id := extract.Identify(&model.Document{Name: "x.pdf", Format: model.FormatPDF, Pages: []model.Page{p}})
		for _, w := range id.Warnings {
			n++
			if v := translateWarning(w, "vi"); v.Lang != "" || strings.HasPrefix(v.Text, "the ") {
				t.Errorf("not translated: %q", w)
			}
		}
	}
	if n < 4 {
		t.Errorf("only %d warnings: the cases no longer warn", n)
	}
}

// englishWords are words of the English warnings that no Vietnamese
// sentence holds.
var englishWords = strings.Fields(`the a an of its cell cells figure figures row rows sheet page first stored not
table column group total counted rounded whole number nearest repeats same hidden kept states unit read amount
amounts with no under or sum average too large written digits could added name`)

// englishWord finds an English word left in a Vietnamese text, outside
// the values quoted «…».
func englishWord(vi string) string {
	vi = regexp.MustCompile(`«[^»]*»`).ReplaceAllString(vi, "")
	for _, w := range strings.FieldsFunc(vi, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if slices.Contains(englishWords, strings.ToLower(w)) {
			return w
		}
	}
	return ""
}

// TestCellWarningsTranslated: every form and reason of warning the cell
// account writes (extract.CellWarningForms, which lists each reason the
// code has) is said wholly in Vietnamese on a Vietnamese page, its values
// (columns, names, figures) kept.
func TestCellWarningsTranslated(t *testing.T) {
	forms := append(extract.CellWarningForms(),
		// extract/table's checked totals, with the place of the row.
		`table 2: total 'Tổng cộng' is 17.870.673 but its rows add up to 17.870.672 (column 'DỰ TOÁN', sheet "S" row 8)`,
		`table 1: group 'A' is 5 but its rows add up to 4 (column 'Vốn', page 3)`)
	for _, w := range forms {
		v := translateWarning(w, "vi")
		if v.Lang != "" {
			t.Errorf("not translated: %q", w)
			continue
		}
		if m := englishWord(v.Text); m != "" {
			t.Errorf("English %q left in %q (from %q)", m, v.Text, w)
		}
		for _, keep := range []string{"Dự toán năm 2025 / Vốn đầu tư", "Lâm Đồng", "7.631.364,025", "1.234.56", "Giá thẩm định", "17.870.672"} {
			if strings.Contains(w, keep) && !strings.Contains(v.Text, keep) {
				t.Errorf("%q lost %q: %q", w, keep, v.Text)
			}
		}
	}
	v := translateWarning(`table 1, column 'Quyết toán': 1 cell not counted: its row has no name (first: 'Cà Mau', sheet "Theo tỉnh" row 18)`, "vi")
	if want := "Bảng 1, cột «Quyết toán»: 1 ô không được tính: dòng không có tên (ô đầu: «Cà Mau», trang tính «Theo tỉnh» dòng 18)"; v.Text != want {
		t.Errorf("got %q\nwant %q", v.Text, want)
	}
}
