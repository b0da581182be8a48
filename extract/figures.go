package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/extract/vntext"
	"vanban/ingest"
)

// numPattern is a number as running text writes it: grouped thousands
// with '.' or ',' and an optional decimal part (ParseNumber decides).
const numPattern = `\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`

var (
	figQualRe  = regexp.MustCompile(`(?i)(` + vntext.QualifierPattern + `)\s*$`)
	figRangeRe = regexp.MustCompile(`(?i)từ\s+(` + numPattern + `)\s*(` + vntext.MoneyUnitPattern + `)?\s*(?:đến|tới|-)\s*(?:khoảng\s+)?(` + numPattern + `)\s*(` + vntext.MoneyUnitPattern + `)`)
	figMoneyRe = regexp.MustCompile(`(` + numPattern + `)\s*(` + vntext.MoneyUnitPattern + `)`)
	figPctRe   = regexp.MustCompile(`(` + numPattern + `)\s*%`)
	figCountRe = regexp.MustCompile(`(` + numPattern + `)\s+(` + countNouns + `)`)
)

// countNouns are the nouns a count is kept with ("324 cơ sở", "106 đề án").
const countNouns = `cơ sở|đề án|dự án|đơn vị hành chính|đơn vị|xã, phường|xã|phường|thị trấn|huyện|tỉnh|thành phố|hộ gia đình|hộ|người|cơ quan|doanh nghiệp|hồ sơ|thủ tục hành chính|thủ tục|văn bản|lượt|trường hợp|học sinh|giáo viên|công chức|viên chức|cán bộ|mô hình|sáng kiến|đại biểu|tổ chức|hợp tác xã|lao động|bệnh viện|trường|nhiệm vụ|chỉ tiêu|công trình|ha|héc-ta|km|căn hộ|căn nhà|ngôi nhà|dịch vụ công|cuộc|đoàn|vụ|đối tượng|nhân khẩu`

// FindFigures lists the money amounts, money ranges, percentages and counts
// in a document's pages, each with its raw text, its page, an exact value
// (integer đồng for money; Value/Scale for percentages and decimal counts)
// and the qualifier written before it (trên, khoảng, gần, hơn, đến…).
// Workbooks are left to the table reader.
func FindFigures(doc *ingest.Document) []Figure {
	if doc == nil {
		return nil
	}
	docYear := 0
	var out []Figure
	for _, p := range doc.Pages {
		out = append(out, findFiguresIn(p.Text(), p.Number, docYear)...)
	}
	return out
}

type span struct{ a, b int }

// findFiguresIn scans one page's text.
func findFiguresIn(text string, page int, _ int) []Figure {
	text = vntext.Normalize(text)
	var out []Figure
	var starts []int
	var taken []span
	overlaps := func(a, b int) bool {
		for _, s := range taken {
			if a < s.b && s.a < b {
				return true
			}
		}
		return false
	}
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
		if m := figQualRe.FindStringSubmatch(text[max(0, i-20):i]); m != nil {
			return strings.ToLower(m[1])
		}
		return ""
	}
	for _, m := range figRangeRe.FindAllStringSubmatchIndex(text, -1) {
		if !okEnd(m[1]) || !okStart(m[2]) {
			continue
		}
		unit2 := text[m[8]:m[9]]
		unit1 := unit2
		if m[4] >= 0 {
			unit1 = text[m[4]:m[5]]
		}
		lo, ok1 := moneyValue(text[m[2]:m[3]], unit1)
		hi, ok2 := moneyValue(text[m[6]:m[7]], unit2)
		if !ok1 || !ok2 {
			continue
		}
		out = append(out, Figure{Kind: "money_range", Text: text[m[0]:m[1]], Value: lo, ValueMax: hi, Unit: "VND", Page: page, Qualifier: qualifier(m[0])})
		taken = append(taken, span{m[0], m[1]})
		starts = append(starts, m[0])
	}
	for _, m := range figMoneyRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(m[0], m[1]) || !okStart(m[2]) || !okEnd(m[1]) {
			continue
		}
		v, ok := moneyValue(text[m[2]:m[3]], text[m[4]:m[5]])
		if !ok {
			continue
		}
		out = append(out, Figure{Kind: "money", Text: text[m[0]:m[1]], Value: v, Unit: "VND", Page: page, Qualifier: qualifier(m[0])})
		taken = append(taken, span{m[0], m[1]})
		starts = append(starts, m[0])
	}
	for _, m := range figPctRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(m[0], m[1]) || !okStart(m[2]) {
			continue
		}
		d, ok := vntext.ParseDecimal(text[m[2]:m[3]])
		if !ok {
			continue
		}
		out = append(out, Figure{Kind: "percent", Text: text[m[0]:m[1]], Value: d.Value, Scale: d.Scale, Unit: "%", Page: page, Qualifier: qualifier(m[0])})
		taken = append(taken, span{m[0], m[1]})
		starts = append(starts, m[0])
	}
	for _, m := range figCountRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(m[0], m[1]) || !okStart(m[2]) || !okEnd(m[1]) {
			continue
		}
		d, ok := vntext.ParseDecimal(text[m[2]:m[3]])
		if !ok {
			continue
		}
		// "năm 2025 xã" or "Điều 12 người" are not counts.
		if before := strings.ToLower(text[max(0, m[0]-12):m[0]]); strings.HasSuffix(strings.TrimSpace(before), "năm") || strings.HasSuffix(strings.TrimSpace(before), "điều") || strings.HasSuffix(strings.TrimSpace(before), "khoản") {
			continue
		}
		out = append(out, Figure{Kind: "count", Text: text[m[0]:m[1]], Value: d.Value, Scale: d.Scale, Unit: text[m[4]:m[5]], Page: page, Qualifier: qualifier(m[0])})
		taken = append(taken, span{m[0], m[1]})
		starts = append(starts, m[0])
	}
	// Keep the page's reading order.
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return starts[order[i]] < starts[order[j]] })
	sorted := make([]Figure, len(out))
	for i, k := range order {
		sorted[i] = out[k]
	}
	return sorted
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
