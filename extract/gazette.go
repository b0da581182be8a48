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

// gazetteTitle reads a Công báo title from the lines under the type title
// at titleIdx (one line, or "CỦA …" and "SỐ … NGÀY …" on two). It fills
// only what the official header did not give, and returns the index of
// the title's last line (-1 when there is none).
func gazetteTitle(id *Identity, lines []hline, titleIdx int) int {
	if titleIdx < 0 || titleIdx+1 >= len(lines) {
		return -1
	}
	first := strings.TrimSpace(lines[titleIdx+1].text)
	text, last := first, titleIdx+1
	if !strings.Contains(strings.ToLower(first), "ngày") && titleIdx+2 < len(lines) {
		text, last = first+" "+strings.TrimSpace(lines[titleIdx+2].text), titleIdx+2
	}
	m := gazetteRe.FindStringSubmatch(text)
	if m == nil {
		return -1
	}
	if id.Number == "" {
		if num, _ := parseNumberAt(m[2]); num != "" {
			id.Number = num
		}
	}
	if id.Date == "" {
		if d, _, _, ok := vntext.FindDate(m[3], 0); ok {
			id.Date = d.ISO()
		}
	}
	if id.Issuer == "" {
		id.Issuer = issuerFrom([]hline{{text: strings.ToUpper(m[1])}})
	}
	return last
}
