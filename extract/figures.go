package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/extract/vntext"
	"vanban/model"
)

// numPattern is a number as running text writes it: grouped thousands
// with '.' or ',' and an optional decimal part (ParseNumber decides).
const numPattern = `\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`

var (
	// The patterns are anchored: they are tried at each number's start on a
	// short window, which keeps FindFigures linear and fast.
	figRangeRe = regexp.MustCompile(`^(?i)(` + numPattern + `)\s*(` + vntext.MoneyUnitPattern + `)?\s*(?:đến|tới|-)\s*(?:khoảng\s+)?(` + numPattern + `)\s*(` + vntext.MoneyUnitPattern + `)`)
	figMoneyRe = regexp.MustCompile(`^(` + numPattern + `)\s*(` + vntext.MoneyUnitPattern + `)`)
	figPctRe   = regexp.MustCompile(`^(` + numPattern + `)\s*%`)
	figCountRe = regexp.MustCompile(`^(` + numPattern + `)\s+(` + countNouns + `)`)
	figFromRe  = regexp.MustCompile(`(?i)(?:^|\s)từ\s*$`)
)

// qualifiers are the words kept before a figure, longest first.
var qualifiers = []string{"ít nhất", "tối thiểu", "tối đa", "ước tính", "xấp xỉ", "khoảng", "trên", "gần", "hơn", "đến", "tới", "dưới", "ước"}

// countNouns are the nouns a count is kept with ("324 cơ sở", "106 đề án").
const countNouns = `cơ sở|đề án|dự án|đơn vị hành chính|đơn vị|xã, phường|xã|phường|thị trấn|huyện|tỉnh|thành phố|hộ gia đình|hộ|người|cơ quan|doanh nghiệp|hồ sơ|thủ tục hành chính|thủ tục|văn bản|lượt|trường hợp|học sinh|giáo viên|công chức|viên chức|cán bộ|mô hình|sáng kiến|đại biểu|tổ chức|hợp tác xã|lao động|bệnh viện|trường|nhiệm vụ|chỉ tiêu|công trình|ha|héc-ta|km|căn hộ|căn nhà|ngôi nhà|dịch vụ công|cuộc|đoàn|vụ|đối tượng|nhân khẩu`

// FindFigures lists the money amounts, money ranges, percentages and counts
// in a document's pages, each with its raw text, its page, an exact value
// (integer đồng for money; Value/Scale for percentages and decimal counts)
// and the qualifier written before it (trên, khoảng, gần, hơn, đến…).
// Workbooks are left to the table reader.
func FindFigures(doc *model.Document) []Figure {
	if doc == nil {
		return nil
	}
	docYear := 0
	var out []Figure
	legacy := hasLegacyFont(doc)
	for _, p := range doc.Pages {
		if legacy {
			p = repairedPage(p)
		}
		out = append(out, findFiguresIn(p.Text(), p.Number, docYear)...)
	}
	return out
}

// figWindow is how far after a number's first digit a figure may reach.
const figWindow = 160

// findFiguresIn scans one page's text: at each number that does not
// continue a word, a code or a date, it tries a money range (after "từ"),
// an amount of money, a percentage, then a count.
func findFiguresIn(text string, page int, _ int) []Figure {
	text = vntext.Normalize(text)
	var out []Figure
	// A number must not continue a word, a code or a date.
	okStart := func(i int) bool {
		if i == 0 {
			return true
		}
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' || r == '.' || r == ',' || r == '-')
	}
	// A unit must end a word.
	okEnd := func(j int) bool {
		if j >= len(text) {
			return true
		}
		r, _ := utf8.DecodeRuneInString(text[j:])
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}
	qualifier := func(i int) string {
		before := strings.ToLower(strings.TrimRight(text[max(0, i-24):i], " "))
		for _, q := range qualifiers {
			if strings.HasSuffix(before, q) {
				j := len(before) - len(q)
				if j == 0 {
					return q
				}
				if r, _ := utf8.DecodeLastRuneInString(before[:j]); !unicode.IsLetter(r) {
					return q
				}
			}
		}
		return ""
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < '0' || c > '9' || !okStart(i) {
			continue
		}
		w := text[i:min(len(text), i+figWindow)]
		// A money range "từ X (đồng) đến Y đồng": the span starts at "từ".
		if fm := figFromRe.FindStringIndex(text[max(0, i-12):i]); fm != nil {
			if m := figRangeRe.FindStringSubmatchIndex(w); m != nil && okEnd(i+m[1]) {
				unit2 := w[m[8]:m[9]]
				unit1 := unit2
				if m[4] >= 0 {
					unit1 = w[m[4]:m[5]]
				}
				lo, ok1 := moneyValue(w[m[2]:m[3]], unit1)
				hi, ok2 := moneyValue(w[m[6]:m[7]], unit2)
				if ok1 && ok2 {
					from := max(0, i-12) + fm[0]
					for from < i && text[from] == ' ' {
						from++
					}
					out = append(out, Figure{Kind: "money_range", Text: figText(text[from : i+m[1]]), Value: lo, ValueMax: hi, Unit: "VND", Page: page, Qualifier: qualifier(from)})
					i += m[1] - 1
					continue
				}
			}
		}
		if m := figMoneyRe.FindStringSubmatchIndex(w); m != nil && okEnd(i+m[1]) && !notMoneyUnit(w[m[3]:m[4]], w[m[4]:m[5]], w[m[5]:]) {
			if v, ok := moneyValue(w[m[2]:m[3]], w[m[4]:m[5]]); ok {
				out = append(out, Figure{Kind: "money", Text: figText(w[:m[1]]), Value: v, Unit: "VND", Page: page, Qualifier: qualifier(i)})
				i += m[1] - 1
				continue
			}
		}
		if m := figPctRe.FindStringSubmatchIndex(w); m != nil {
			if d, ok := vntext.ParseDecimal(w[m[2]:m[3]]); ok {
				out = append(out, Figure{Kind: "percent", Text: figText(w[:m[1]]), Value: d.Value, Scale: d.Scale, Unit: "%", Page: page, Qualifier: qualifier(i)})
				i += m[1] - 1
				continue
			}
		}
		if m := figCountRe.FindStringSubmatchIndex(w); m != nil && okEnd(i+m[1]) {
			// "năm 2025 xã", "Điều 12 người" are not counts.
			before := strings.TrimSpace(strings.ToLower(text[max(0, i-12):i]))
			if d, ok := vntext.ParseDecimal(w[m[2]:m[3]]); ok && !strings.HasSuffix(before, "năm") && !strings.HasSuffix(before, "điều") && !strings.HasSuffix(before, "khoản") && !isAddress(text[max(0, i-24):i], w[m[4]:m[5]], w[m[1]:]) {
				out = append(out, Figure{Kind: "count", Text: figText(w[:m[1]]), Value: d.Value, Scale: d.Scale, Unit: w[m[4]:m[5]], Page: page, Qualifier: qualifier(i)})
				i += m[1] - 1
				continue
			}
		}
		// Skip the rest of this number.
		for i+1 < len(text) && (text[i+1] >= '0' && text[i+1] <= '9' || text[i+1] == '.' || text[i+1] == ',') {
			i++
		}
	}
	return out
}

func moneyValue(num, unit string) (int64, bool) {
	d, ok := vntext.ParseDecimal(num)
	if !ok {
		return 0, false
	}
	mult, ok := vntext.MoneyUnit(unit)
	if !ok {
		return 0, false
	}
	return d.Mul(mult)
}

// figText is a figure's raw text on one line: a figure wrapped over lines
// ("106\nđề án") or spaced by layout keeps single spaces.
func figText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// notMoneyUnit: the "unit" after a number is not money when it starts the
// next line as the bare letter đ (a list item "đ) …") or when it is the
// capitalized Đồng of a place name ("9\nĐồng Nai", "Lâm Đồng").
func notMoneyUnit(gap, unit, after string) bool {
	if strings.HasPrefix(unit, "Đồng") || strings.HasPrefix(unit, "ĐỒNG") {
		rest := strings.TrimLeft(after, " ")
		if r, _ := utf8.DecodeRuneInString(rest); rest != after && unicode.IsUpper(r) {
			return true // Đồng Nai, Đồng Tháp, Đồng Xoài
		}
		if strings.Contains(gap, "\n") {
			return true
		}
	}
	if strings.Contains(gap, "\n") && (unit == "đ" || unit == "Đ") {
		return true
	}
	return false
}

// addressWordRe ends the text before a number that numbers a place, not a
// quantity: "khóm 3", "ấp 5", "tổ 12", "số nhà 8", "Quận 3".
var addressWordRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(khóm|ấp|tổ|tổ dân phố|thôn|xóm|bản|buôn|khu phố|khu vực|khu|số nhà|nhà|ngõ|ngách|hẻm|kiệt|lô|đường|phường|quận|xã|tầng|phòng|km)\s*$`)

// numberedUnitRe opens the text after a count's noun when that noun is
// the name of a numbered ward or district: "3 phường 2" in "khóm 3 phường 2".
var numberedUnitRe = regexp.MustCompile(`^\s+\d`)

// isAddress: the number is part of an address ("khóm 3 phường 2", "tổ 5
// xã Phước Hòa"), not a count of what follows it.
func isAddress(before, unit, after string) bool {
	if addressWordRe.MatchString(before) {
		return true
	}
	return (unit == "phường" || unit == "quận") && numberedUnitRe.MatchString(after)
}
