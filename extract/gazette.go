package extract

import (
	"regexp"
	"strings"

	"vanban/extract/vntext"
)

// gazetteRe is the title line of the Công báo and of legal databases
// (LuatVietNam, vbpl.vn), written under the type title instead of the
// official header: "NGHỊ ĐỊNH / CỦA CHÍNH PHỦ SỐ 03/2010/NĐ-CP NGÀY 13
// THÁNG 01 NĂM 2010 / QUY ĐỊNH …", "SẮC LỆNH / CỦA CHỦ TỊCH CHÍNH PHỦ LÂM
// THỜI / SỐ 67 NGÀY 28 THÁNG 11 NĂM 1945". The issuer follows "CỦA", the
// number "SỐ", the date "NGÀY".
var gazetteRe = regexp.MustCompile(`(?i)^\s*của\s+(.+?)\s+số\s*:?\s*(\S+)\s+(ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4})\s*$`)

// bareNumberRe is a number printed without a type code: "67", "1", or
// with a letter after it ("77-C").
var bareNumberRe = regexp.MustCompile(`^[1-9]\d{0,4}(?:[-/][A-ZĐ]{1,3})?$`)

// gazetteTitle finds a Công báo title in the first lines: a type title
// ("THÔNG TƯ") with "CỦA … SỐ … NGÀY …" under it (on one line or two). It
// is the document's own statement of who issued it, its number and date,
// written at the top: it wins over a number or a date found below it (a
// cited "QUYẾT ĐỊNH SỐ 03/2006/QĐ-NHNN" in the subject), not over an
// official header above it. It returns the index of the title's last line,
// -1 when there is none.
func gazetteTitle(id *Identity, lines []hline, numIdx, dateIdx int) int {
	for i := 0; i+1 < len(lines) && i < 8; i++ {
		if isBodyStart(lines[i].text) {
			break
		}
		k, name := findTitle(lines[i:i+1], -1)
		if k != 0 {
			continue
		}
		first := strings.TrimSpace(lines[i+1].text)
		text, end := first, i+1
		if !strings.Contains(strings.ToLower(first), "ngày") && i+2 < len(lines) {
			text, end = first+" "+strings.TrimSpace(lines[i+2].text), i+2
		}
		m := gazetteRe.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		own := false
		if numIdx < 0 || numIdx > end {
			if num, _ := parseNumberAt(m[2]); num != "" {
				id.Number, id.Type, own = num, name, true
			} else if bareNumberRe.MatchString(m[2]) {
				// A number without a symbol ("SỐ 67" of a 1945 sắc lệnh) is
				// the number as printed; one found below is a cited one.
				id.Number, id.Type, own = m[2], name, true
			} else if numIdx > end {
				id.Number, id.Type, own = "", name, true
			}
		}
		if dateIdx < 0 || dateIdx > end {
			if d, _, _, ok := vntext.FindDate(m[3], 0); ok {
				id.Date = d
			}
		}
		if id.Issuer == "" || own {
			id.Issuer = issuerFrom([]hline{{text: strings.ToUpper(m[1])}})
		}
		return end
	}
	return -1
}
