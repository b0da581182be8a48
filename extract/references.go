package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/extract/vntext"
)

var (
	// refStartRe finds where a document number may start: serial, optional
	// year, '/', a capital — or the party style 60-NQ/TW.
	refStartRe = regexp.MustCompile(`\d{1,6}(?:\.\d{1,3})?\s*(?:/\s*(?:19|20)\d\d\s*)?/\s*\p{Lu}|\d{1,4}-\p{Lu}[\p{L}]*/\p{Lu}`)
	// refDateRe is the date right after a number: "ngày 20 tháng 10 năm
	// 2025", "ngày 24/7/2024", ", ngày …".
	refDateRe = regexp.MustCompile(`^\s*,?\s*(?:\(\s*)?(?:ban hành\s+)?ngày\s*\d{1,2}\s*(?:tháng\s*\d{1,2}\s*(?:năm\s*\d{4})?|[/.-]\s*\d{1,2}\s*(?:[/.-]\s*\d{4})?)`)
	// refTitledRe is a capitalized type name followed by the document's
	// name, then "số": "Luật Tổ chức Chính phủ số …".
	refTitledRe = regexp.MustCompile(`(Bộ luật|Luật|Nghị quyết|Pháp lệnh|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Chỉ thị|Hiến pháp)\s[^;\n]{0,140}?\ssố\s*:?\s*$`)
	// refTypeRe is the type name written before the number.
	refTypeRe = regexp.MustCompile(`(?i)(nghị quyết liên tịch|thông tư liên tịch|văn bản hợp nhất|quyết định|nghị định|nghị quyết|thông tư|chỉ thị|công văn|công điện|thông báo|kế hoạch|báo cáo|tờ trình|hướng dẫn|kết luận|luật|pháp lệnh|quy định|chương trình|đề án|văn bản)\s*(?:số\s*)?:?\s*$`)
)

// FindReferences lists the documents a text cites — every number with the
// number grammar of Identify ("Quyết định số 2319/QĐ-TTg ngày 20 tháng 10
// năm 2025", "Nghị định 30/2020/NĐ-CP", "Nghị quyết số 60-NQ/TW") — in order
// of first mention, de-duplicated by number, each with the date written
// right after it (a day and month without a year take docYear) and its
// type (from the code, else from the words before the number). self, the
// document's own number, is left out.
func FindReferences(text string, self string, docYear int) []Reference {
	text = vntext.Normalize(text)
	selfKey := strings.ToLower(CanonicalNumber(self))
	if selfKey == "" {
		selfKey = strings.ToLower(self)
	}
	var out []Reference
	index := map[string]int{}
	for _, loc := range refStartRe.FindAllStringIndex(text, -1) {
		start := loc[0]
		if start > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:start])
			glued := unicode.IsLetter(r) && strings.HasSuffix(strings.ToLower(text[max(0, start-4):start]), "số")
			if !glued && (unicode.IsDigit(r) || unicode.IsLetter(r) || r == '/' || r == '-' || r == '.' || r == ',') {
				continue // inside a word, a code or a date ("số2034/QĐ-BGDĐT" is glued, not inside)
			}
		}
		num, n := parseNumberAt(text[start:])
		if num == "" {
			continue
		}
		key := strings.ToLower(num)
		if key == selfKey {
			continue
		}
		ref := Reference{Number: num}
		_, ref.Type = typeOfNumber(num)
		if ref.Type == "" {
			before := text[max(0, start-40):start]
			if m := refTypeRe.FindStringSubmatch(before); m != nil {
				ref.Type = sentenceCase(m[1])
			} else if m := refTitledRe.FindStringSubmatch(text[max(0, start-160):start]); m != nil {
				// "Luật Tổ chức Chính phủ số 63/2025/QH15"
				ref.Type = m[1]
			}
		}
		after := text[start+n : min(len(text), start+n+60)]
		if m := refDateRe.FindString(after); m != "" {
			if d, _, _, ok := vntext.FindDate(m, docYear); ok {
				ref.Date = d
			}
		}
		if i, seen := index[key]; seen {
			if out[i].Date.IsZero() {
				out[i].Date = ref.Date
			}
			if out[i].Type == "" {
				out[i].Type = ref.Type
			}
			continue
		}
		index[key] = len(out)
		out = append(out, ref)
	}
	return out
}
