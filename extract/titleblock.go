package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// stampLineRe is an e-signature stamp printed at the top of an
	// attachment: "Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00".
	stampLineRe = regexp.MustCompile(`\d{1,2}:\d{2}:\d{2}`)
	// labelLineRe is the label above an appendix's title: "Phụ lục VI",
	// "PHỤ LỤC I:", "Phụ lục số 1", "Phụ lục 09/CKTC-NSNN", "ĐỀ TÀI",
	// "Biểu số 02", "Mẫu số 06/CKTC-NSNN". Group 2 is what follows a colon.
	labelLineRe = regexp.MustCompile(`(?i)^\s*(phụ\s*lục|đề\s*tài|biểu|mẫu|table)(?:\s+(?:số\s*)?[\p{L}\d/.-]{1,16})?\s*(?::\s*(.*))?$`)
	// notTitleRe starts a line that is no title: the attachment note, the
	// unit, a table header, a numbered section, a byline.
	notTitleRe = regexp.MustCompile(`(?i)^\s*(\(?\s*(ban\s*hành\s*)?kèm\s*theo|đơn\s*vị|đvt|triệu\s*đồng|tỷ\s*đồng|nghìn\s*đồng|stt\b|tt\b|số\s*tt|số\s*:|số\s+\d|mã\b|thứ\s*tự|tỉnh\b|tỉnh\s*,|tên\s|nội\s*dung|chỉ\s*tiêu|[IVX]{1,4}\s*[.)]\s|\d{1,2}\s*[.)]\s|[a-zđ]\)\s|chủ\s*nhiệm|người\s*lập|kính\s*gửi|căn\s*cứ)`)
)

// titleBlock reads the title of a document without an official header: the
// first prominent lines of its first page or sheet, in capitals, after the
// organ lines and a "Phụ lục …" label, before the attachment note, the unit
// line, a numbered section or the table's header row. appendix reports a
// "Phụ lục" label. A title written on the label's line ("PHỤ LỤC: KẾ HOẠCH
// …") is kept whole; an English line of a bilingual sheet is skipped.
func titleBlock(lines []hline) (subject string, appendix bool) {
	cells := map[int]int{}
	for _, l := range lines {
		if strings.TrimSpace(l.text) != "" {
			cells[l.row]++
		}
	}
	var parts []string
	lastRow := -1
	for i, l := range lines {
		if i > 30 || len(parts) >= 5 {
			break
		}
		t := strings.TrimSpace(l.text)
		if t == "" || l.block == -1 || noiseRe.MatchString(t) || ruleLineRe.MatchString(t) || mottoRe.MatchString(t) || mottoSubRe.MatchString(t) {
			continue
		}
		if len(parts) > 0 && l.row > lastRow+1 {
			break // a gap: the title is over
		}
		if len(parts) > 0 && l.row == lastRow {
			continue // another cell of the title's row (a right-hand note)
		}
		if cells[l.row] >= 3 || notTitleRe.MatchString(t) {
			if len(parts) > 0 {
				break
			}
			if cells[l.row] >= 3 || !stampLineRe.MatchString(t) && strings.HasPrefix(strings.ToLower(t), "stt") {
				break // the table starts: no title above it
			}
			continue
		}
		if m := labelLineRe.FindStringSubmatch(t); m != nil {
			if strings.HasPrefix(strings.ToLower(m[1]), "ph") {
				appendix = true
			}
			if len(parts) > 0 {
				break
			}
			if strings.TrimSpace(m[2]) != "" && isCaps(m[2]) {
				parts = append(parts, t)
				lastRow = l.row
			}
			continue
		}
		if isEnglishLine(t) {
			if len(parts) > 0 {
				lastRow = l.row // the translation of the title line above
			}
			continue
		}
		if !isCaps(t) || utf8.RuneCountInString(t) < 8 || len(strings.Fields(t)) < 2 || !hasVietnameseLetter(t) && len(strings.Fields(t)) >= 3 {
			// A long line without one Vietnamese letter is an unreadable
			// OCR layer ("AI CFI-NH BAN HANK DA HET…"), not a title.
			if len(parts) > 0 {
				break
			}
			continue
		}
		if len(parts) == 0 && organStartRe.MatchString(t) && len(strings.Fields(t)) <= 8 && !notOrganRe.MatchString(t) {
			continue // the issuing organ above the title
		}
		parts = append(parts, t)
		lastRow = l.row
	}
	return joinSubject(parts), appendix
}

// isCaps: the line is written in capitals (digits and punctuation aside).
func isCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsLower(r) {
				return false
			}
		}
	}
	return letters >= 2
}

// isEnglishLine: the English line of a bilingual sheet — several words, no
// Vietnamese letter.
func isEnglishLine(s string) bool {
	if englishRe.MatchString(s) {
		return true
	}
	words := 0
	for _, w := range strings.Fields(s) {
		if strings.ContainsFunc(w, unicode.IsLetter) {
			words++
		}
	}
	if words < 3 {
		return false
	}
	for _, r := range s {
		if r > 127 {
			return false
		}
	}
	return true
}

// hasVietnameseLetter: a letter outside ASCII (đ, ơ, ư, a tone mark).
func hasVietnameseLetter(s string) bool {
	for _, r := range s {
		if r > 127 && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
