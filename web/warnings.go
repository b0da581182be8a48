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
// the pattern's groups, each said in Vietnamese by its fix if it has one
// (a count of cells, a reason, a place in a sheet).
type warningRule struct {
	re  *regexp.Regexp
	vi  string
	fix map[int]func(string) string
}

var warningRules = func() []warningRule {
	cellsFix := map[int]func(string) string{3: viCount, 4: viReason, 5: viPlace}
	rules := []struct {
		en, vi string
		fix    map[int]func(string) string
	}{
		// identity (extract)
		{`^the day of the date cannot be read: only the month is kept$`, "Không đọc được ngày của văn bản: chỉ giữ tháng", nil},
		{`^the day of the date cannot be read on the scan: it is taken from the e-signature of the same month \((.*)\)$`, "Không đọc được ngày trên bản quét: lấy ngày của chữ ký số cùng tháng ($1)", nil},
		{`^number taken from the file name: the text does not show it$`, "Số hiệu lấy từ tên tệp: nội dung không có số hiệu", nil},
		{`^the number is that of the document this one is attached to \(its e-signature stamp: (.*)\)$`, "Số hiệu là của văn bản mà tài liệu này kèm theo (theo dấu chữ ký số: $1)", nil},
		{`^the number is that of the document this one is attached to \((.*)\)$`, "Số hiệu là của văn bản mà tài liệu này kèm theo ($1)", nil},
		{`^the type code (\S+) says (.+) but the title line says (.+)$`, "Ký hiệu loại $1 là $2 nhưng tên loại in trên văn bản là $3", nil},
		{`^the number read by OCR \((.+)\) differs from the file name's: (.+) is kept$`, "Số hiệu đọc bằng OCR ($1) khác số trong tên tệp: giữ $2", nil},
		{`^the digits of the number cannot be read \(OCR\): (\S+) is taken from the file name, the code (.+) from the header$`, "Không đọc được chữ số của số hiệu (OCR): lấy $1 từ tên tệp, ký hiệu $2 từ phần đầu văn bản", nil},
		{`^the number read by OCR \((.+)\) has a code no issuer uses: read as (.+)$`, "Số hiệu đọc bằng OCR ($1) có ký hiệu không cơ quan nào dùng: đọc là $2", nil},
		{`^the place read by OCR \((.+)\) is read as (.+)$`, "Địa danh đọc bằng OCR ($1) được đọc là $2", nil},
		// tables (extract, extract/table): the cell account (extract.CellWarningForms)
		{`^table (\d+): group '(.*)' is (\S+) but its rows add up to (\S+) \(column '(.*?)'(.*)\)$`, "Bảng $1: nhóm «$2» ghi $3 nhưng các dòng cộng lại được $4 (cột «$5»$6)", map[int]func(string) string{6: viPlace}},
		{`^table (\d+): total '(.*)' is (\S+) but its rows add up to (\S+) \(column '(.*?)'(.*)\)$`, "Bảng $1: dòng tổng «$2» ghi $3 nhưng các dòng cộng lại được $4 (cột «$5»$6)", map[int]func(string) string{6: viPlace}},
		{`^table (\d+) is on the hidden sheet "(.*)"; its rows are kept$`, "Bảng $1 nằm trên trang tính ẩn «$2»; các dòng vẫn được giữ", nil},
		{`^table (\d+), column '(.*)': (\d+ cells?) not a whole number of đồng, rounded to the nearest đồng \(first: (.*), stored as (\S+) đồng\)$`, "Bảng $1, cột «$2»: $3 không tròn đồng, đã làm tròn đến đồng (ô đầu: $4, lưu là $5 đồng)", map[int]func(string) string{3: viCount, 4: viPlace}},
		{`^table (\d+), column '(.*)': (\d+ cells?) not a whole number of đồng, rounded to the nearest đồng \(first: (.*)\)$`, "Bảng $1, cột «$2»: $3 không tròn đồng, đã làm tròn đến đồng (ô đầu: $4)", map[int]func(string) string{3: viCount, 4: viPlace}},
		{`^table (\d+), column '(.*)': (\d+ cells?) not counted: (.+) \(first: (.*)\)$`, "Bảng $1, cột «$2»: $3 không được tính: $4 (ô đầu: $5)", cellsFix},
		{`^table (\d+) states no money unit: (\d+ figures?) of column (.+) not read as amounts$`, "Bảng $1 không ghi đơn vị tiền: $2 của cột $3 không được đọc là số tiền", map[int]func(string) string{2: viCount, 3: viPlace}},
		{`^table (\d+) repeats table (\d+) \(same figures\); its allocations are not counted twice \((\d+ cells?)\)$`, "Bảng $1 lặp lại bảng $2 (cùng số liệu); các dòng phân bổ không bị tính hai lần ($3)", map[int]func(string) string{3: viCount}},
		{`^table (\d+) repeats table (\d+) \(same figures\); its allocations are not counted twice$`, "Bảng $1 lặp lại bảng $2 (cùng số liệu); các dòng phân bổ không bị tính hai lần", nil},
		// pages and sheets (ingest)
		{`^page (\d+) could not be read: (.*)$`, "Không đọc được trang $1: $2", nil},
		{`^page (\d+) has no text layer; OCR was turned off$`, "Trang $1 không có lớp chữ; OCR đang tắt", nil},
		{`^page (\d+) has an unreadable OCR text layer; OCR was turned off$`, "Trang $1 có lớp chữ OCR không đọc được; OCR đang tắt", nil},
		{`^page (\d+) has no text layer; not OCRed: the OCR time budget ran out$`, "Trang $1 không có lớp chữ; chưa nhận dạng OCR: hết thời gian dành cho OCR", nil},
		{`^page (\d+) has an unreadable OCR text layer; not OCRed: the OCR time budget ran out$`, "Trang $1 có lớp chữ OCR không đọc được; chưa nhận dạng OCR: hết thời gian dành cho OCR", nil},
		{`^page (\d+) has an unreadable OCR text layer; OCR did not read it better, its text layer is kept$`, "Trang $1 có lớp chữ OCR không đọc được; OCR không đọc tốt hơn nên giữ lớp chữ", nil},
		{`^page (\d+) has no text layer and OCR failed: (.*)$`, "Trang $1 không có lớp chữ và OCR thất bại: $2", nil},
		{`^page (\d+) has an unreadable OCR text layer and OCR failed: (.*)$`, "Trang $1 có lớp chữ OCR không đọc được và OCR thất bại: $2", nil},
		{`^sheet "(.*)" is large \((\d+) rows, (\d+) cells as addressed\): read without cell fonts, date formats, formulas without cached values or merged areas$`, "Trang tính «$1» rất lớn ($2 dòng, $3 ô theo địa chỉ): đọc không kèm phông chữ, định dạng ngày, công thức chưa có giá trị lưu sẵn và ô gộp", nil},
		{`^(\d+) more$`, "và $1 cảnh báo khác", nil},
		// embedded objects (ingest/format, the Word readers)
		{`^the embedded object(?: (.+?))? could not be read: (.*)$`, "Không đọc được đối tượng nhúng$1: $2", map[int]func(string) string{1: viObjectClass}},
		{`^in the embedded object(?: (.+?))?: (.*)$`, "Trong đối tượng nhúng$1: $2", map[int]func(string) string{1: viObjectClass, 2: func(s string) string { return viWarning(s) }}},
	}
	out := make([]warningRule, len(rules))
	for i, r := range rules {
		out[i] = warningRule{regexp.MustCompile(r.en), r.vi, r.fix}
	}
	return out
}()

// viObjectClass writes an embedded object's class after its name: "
// (Excel.Sheet.8)", or nothing when it is unknown.
func viObjectClass(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// viWarning says a warning held in another in Vietnamese (as written if
// it is not known); set in init, as it reads warningRules.
var viWarning func(string) string

func init() { viWarning = func(s string) string { return translateWarning(s, "vi").Text } }

// cellReasonsVI says each reason of the cell account (extract's
// cellReasons) in Vietnamese.
var cellReasonsVI = map[string]string{
	"its row has no name": "dòng không có tên",
	"a group or total that its rows do not add up to (the rows under it were not understood)": "là số nhóm hoặc tổng mà các dòng dưới nó cộng lại không khớp (không hiểu được các dòng dưới nó)",
	"a group figure with no figures under it in this column":                                  "là số của nhóm nhưng trong cột này không có số liệu nào dưới nó",
	"a total with no figures under it to check it against":                                    "là số tổng nhưng không có số liệu nào dưới nó để đối chiếu",
	"an average or an extreme, not a sum":                                                     "là số bình quân, lớn nhất hoặc nhỏ nhất, không phải số cộng",
	"too large to convert to đồng":                                                            "quá lớn để quy ra đồng",
	"written with digits but not as a number":                                                 "viết bằng chữ số nhưng không phải một số",
	"a group or total whose rows could not be added":                                          "là số nhóm hoặc tổng mà không cộng được các dòng dưới nó",
}

// viReason says a reason in Vietnamese; an unknown one stays as written.
func viReason(s string) string {
	if v, ok := cellReasonsVI[s]; ok {
		return v
	}
	return s
}

var countRe = regexp.MustCompile(`^(\d+) (cells?|figures?)$`)

// viCount says "3 cells" as "3 ô", "2 figures" as "2 số liệu".
func viCount(s string) string {
	m := countRe.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	if strings.HasPrefix(m[2], "cell") {
		return m[1] + " ô"
	}
	return m[1] + " số liệu"
}

var (
	sheetRowRe = regexp.MustCompile(`\bsheet "([^"]*)" row (\d+)`)
	pageRe     = regexp.MustCompile(`\bpage (\d+)`)
	quotedRe   = regexp.MustCompile(`'([^']*)'`)
)

// viPlace says where a cell is in Vietnamese: "'Cà Mau', sheet "Theo
// tỉnh" row 18" → "«Cà Mau», trang tính «Theo tỉnh» dòng 18", "page 3" →
// "trang 3"; names and figures are kept as written.
func viPlace(s string) string {
	s = sheetRowRe.ReplaceAllString(s, "trang tính «$1» dòng $2")
	s = pageRe.ReplaceAllString(s, "trang $1")
	return quotedRe.ReplaceAllString(s, "«$1»")
}

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
		g := r.re.FindStringSubmatch(w)
		if g == nil {
			continue
		}
		for i, f := range r.fix {
			if i < len(g) {
				g[i] = f(g[i])
			}
		}
		return warningView{Text: strings.TrimSpace(expand(r.vi, g))}
	}
	return warningView{Text: w, Lang: "en"}
}

// expand puts the groups g into the template's $1 … $9, in one pass (a
// value that holds "$2" stays as it is).
func expand(tmpl string, g []string) string {
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] == '$' && i+1 < len(tmpl) && tmpl[i+1] >= '1' && tmpl[i+1] <= '9' {
			if n := int(tmpl[i+1] - '0'); n < len(g) {
				b.WriteString(g[n])
			}
			i++
			continue
		}
		b.WriteByte(tmpl[i])
	}
	return b.String()
}
