package web

import (
	"regexp"
	"strings"
)

// Warnings are written in English in the record and its JSON (the
// contract: tools match on them). The staff pages show them in the page's
// language: on a Vietnamese page each warning vanban knows is said in
// Vietnamese, with its values (numbers, names, pages) kept as written; one
// it does not know is shown as written, marked lang="en" so that a screen
// reader reads it as English. The same rule on every page that lists
// warnings.

// warningView is one warning as shown.
type warningView struct {
	Text string
	Lang string // "" when in the page's language, else the text's language
}

// warningRule says one English warning pattern in Vietnamese: $1, $2 … are
// the pattern's groups.
type warningRule struct {
	re *regexp.Regexp
	vi string
}

var warningRules = func() []warningRule {
	rules := []struct{ en, vi string }{
		// identity (extract)
		{`^the day of the date cannot be read: only the month is kept$`, "Không đọc được ngày của văn bản: chỉ giữ tháng"},
		{`^the day of the date cannot be read on the scan: it is taken from the e-signature of the same month \((.*)\)$`, "Không đọc được ngày trên bản quét: lấy ngày của chữ ký số cùng tháng ($1)"},
		{`^number taken from the file name: the text does not show it$`, "Số hiệu lấy từ tên tệp: nội dung không có số hiệu"},
		{`^the number is that of the document this one is attached to \(its e-signature stamp: (.*)\)$`, "Số hiệu là của văn bản mà tài liệu này kèm theo (theo dấu chữ ký số: $1)"},
		{`^the number is that of the document this one is attached to \((.*)\)$`, "Số hiệu là của văn bản mà tài liệu này kèm theo ($1)"},
		{`^the type code (\S+) says (.+) but the title line says (.+)$`, "Ký hiệu loại $1 là $2 nhưng tên loại in trên văn bản là $3"},
		{`^the number read by OCR \((.+)\) differs from the file name's: (.+) is kept$`, "Số hiệu đọc bằng OCR ($1) khác số trong tên tệp: giữ $2"},
		{`^the digits of the number cannot be read \(OCR\): (\S+) is taken from the file name, the code (.+) from the header$`, "Không đọc được chữ số của số hiệu (OCR): lấy $1 từ tên tệp, ký hiệu $2 từ phần đầu văn bản"},
		{`^the number read by OCR \((.+)\) has a code no issuer uses: read as (.+)$`, "Số hiệu đọc bằng OCR ($1) có ký hiệu không cơ quan nào dùng: đọc là $2"},
		{`^the place read by OCR \((.+)\) is read as (.+)$`, "Địa danh đọc bằng OCR ($1) được đọc là $2"},
		// tables (extract, extract/table)
		{`^table (\d+): total '(.*)' is (\S+) but its rows add up to (\S+) \(column '(.*)'(.*)\)$`, "Bảng $1: dòng tổng «$2» ghi $3 nhưng các dòng cộng lại được $4 (cột «$5»$6)"},
		{`^table (\d+): group '(.*)' is (\S+) but its rows add up to (\S+) \(column '(.*)'(.*)\)$`, "Bảng $1: nhóm «$2» ghi $3 nhưng các dòng cộng lại được $4 (cột «$5»$6)"},
		{`^table (\d+): (.+) '(.*)' is (\S+) but its rows add up to (\S+) \(column '(.*)'(.*)\)$`, "Bảng $1: $2 «$3» ghi $4 nhưng các dòng cộng lại được $5 (cột «$6»$7)"},
		{`^table (\d+) is on the hidden sheet "(.*)"; its rows are kept$`, "Bảng $1 nằm trên trang tính ẩn «$2»; các dòng vẫn được giữ"},
		{`^table (\d+), column '(.*)': (.+) not a whole number of đồng, rounded to the nearest đồng \(first: (.*)\)$`, "Bảng $1, cột «$2»: $3 không tròn đồng, đã làm tròn đến đồng (ô đầu: $4)"},
		{`^table (\d+), column '(.*)': (.+) not counted: (.+) \(first: (.*)\)$`, "Bảng $1, cột «$2»: $3 không được tính: $4 (ô đầu: $5)"},
		// pages and sheets (ingest)
		{`^page (\d+) could not be read: (.*)$`, "Không đọc được trang $1: $2"},
		{`^page (\d+) has no text layer; OCR was turned off$`, "Trang $1 không có lớp chữ; OCR đang tắt"},
		{`^page (\d+) has an unreadable OCR text layer; OCR was turned off$`, "Trang $1 có lớp chữ OCR không đọc được; OCR đang tắt"},
		{`^page (\d+) has no text layer; not OCRed: the OCR time budget ran out$`, "Trang $1 không có lớp chữ; chưa nhận dạng OCR: hết thời gian dành cho OCR"},
		{`^page (\d+) has an unreadable OCR text layer; not OCRed: the OCR time budget ran out$`, "Trang $1 có lớp chữ OCR không đọc được; chưa nhận dạng OCR: hết thời gian dành cho OCR"},
		{`^page (\d+) has an unreadable OCR text layer; OCR did not read it better, its text layer is kept$`, "Trang $1 có lớp chữ OCR không đọc được; OCR không đọc tốt hơn nên giữ lớp chữ"},
		{`^page (\d+) has no text layer and OCR failed: (.*)$`, "Trang $1 không có lớp chữ và OCR thất bại: $2"},
		{`^page (\d+) has an unreadable OCR text layer and OCR failed: (.*)$`, "Trang $1 có lớp chữ OCR không đọc được và OCR thất bại: $2"},
		{`^sheet "(.*)" is large \((\d+) rows, (\d+) cells as addressed\): read without cell fonts, date formats, formulas without cached values or merged areas$`, "Trang tính «$1» rất lớn ($2 dòng, $3 ô theo địa chỉ): đọc không kèm phông chữ, định dạng ngày, công thức chưa có giá trị lưu sẵn và ô gộp"},
		{`^(\d+) more$`, "và $1 cảnh báo khác"},
	}
	out := make([]warningRule, len(rules))
	for i, r := range rules {
		out[i] = warningRule{regexp.MustCompile(r.en), r.vi}
	}
	return out
}()

// warningViews gives the warnings as the page in lang shows them.
func warningViews(warnings []string, lang string) []warningView {
	out := make([]warningView, 0, len(warnings))
	for _, w := range warnings {
		out = append(out, translateWarning(w, lang))
	}
	return out
}

// translateWarning says one warning in lang.
func translateWarning(w, lang string) warningView {
	if lang != "vi" {
		return warningView{Text: w}
	}
	for _, r := range warningRules {
		if m := r.re.FindStringSubmatchIndex(w); m != nil {
			return warningView{Text: strings.TrimSpace(string(r.re.ExpandString(nil, r.vi, w, m)))}
		}
	}
	return warningView{Text: w, Lang: "en"}
}
