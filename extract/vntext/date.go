package vntext

import (
	"regexp"
	"strconv"
	"strings"

	"vanban/model"
)

var (
	// "ngày 22 tháng 12 năm 2017", "ngày15 tháng 3 năm2024", "ngày 22 tháng 12".
	dateWordsRe = regexp.MustCompile(`(?i)ngày\s*(\d{1,2})\s*(?:tháng|-|/)\s*(\d{1,2})(?:\s*(?:năm|-|/)\s*(\d{4}))?`)
	// "22/12/2017", "15 / 12/2025", "16-7-2018", "08.04.2003", "22/12".
	dateNumRe = regexp.MustCompile(`(?:^|[^\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})(?:\s*([/.-])\s*(\d{4}))?(?:[^\d/]|$)`)
	// "tháng 12 năm 2024", "tháng 12/2024".
	monthRe = regexp.MustCompile(`(?i)tháng\s*(\d{1,2})\s*(?:năm|/|-)\s*(\d{4})`)
)

// FindDate returns the first date in s and the byte range it spans. It
// reads "ngày 22 tháng 12 năm 2017", "ngày15 tháng 3 năm2024",
// "22/12/2017", "15 / 12/2025", "16-7-2018", "08.04.2003" and, when the year
// is missing ("ngày 22 tháng 12", "ngày 22/12"), takes docYear (0: no
// date). Impossible dates (31/2) are skipped.
func FindDate(s string, docYear int) (d model.Date, start, end int, ok bool) {
	best := -1
	for _, m := range dateWordsRe.FindAllStringSubmatchIndex(s, 8) {
		if dt, good := mkDate(s, m[2:4], m[4:6], m[6:8], docYear); good {
			d, start, end, best = dt, m[0], m[1], m[0]
			break
		}
	}
	for _, m := range dateNumRe.FindAllStringSubmatchIndex(s, 8) {
		if best >= 0 && m[0] >= best {
			break
		}
		// Without a year, only "ngày 22/12" counts, not "1/2" fractions.
		if m[10] < 0 {
			pre := strings.ToLower(strings.TrimRight(s[max(0, m[2]-12):m[2]], " "))
			if !strings.HasSuffix(pre, "ngày") {
				continue
			}
		} else if m[4] >= 0 && m[8] >= 0 && s[m[4]:m[5]] != s[m[8]:m[9]] {
			continue // "1-2/2020"
		}
		if dt, good := mkDate(s, m[2:4], m[6:8], m[10:12], docYear); good {
			d, start, end, best = dt, m[2], m[1], m[2]
			if m[10] >= 0 {
				end = m[11]
			} else {
				end = m[7]
			}
			break
		}
	}
	return d, start, end, best >= 0
}

func mkDate(s string, dm, mm, ym []int, docYear int) (model.Date, bool) {
	day, _ := strconv.Atoi(s[dm[0]:dm[1]])
	mon, _ := strconv.Atoi(s[mm[0]:mm[1]])
	year := docYear
	if ym[0] >= 0 {
		year, _ = strconv.Atoi(s[ym[0]:ym[1]])
	}
	d := model.Date{Year: year, Month: mon, Day: day}
	return d, year > 0 && validDate(d)
}

func validDate(d model.Date) bool {
	return d.Year >= 1900 && d.Year <= 2200 && d.Kind() == model.FullDay && d.Valid()
}

// ParseDate reads s as one date (see FindDate for the forms): the date must
// cover s apart from surrounding spaces and punctuation.
func ParseDate(s string, docYear int) (model.Date, bool) {
	s = Normalize(s)
	d, start, end, ok := FindDate(s, docYear)
	if !ok {
		return model.Date{}, false
	}
	rest := strings.Trim(s[:start]+s[end:], " ,.;:()")
	if rest != "" {
		return model.Date{}, false
	}
	return d, true
}

// FindMonth finds "tháng 12 năm 2024" / "tháng 12/2024".
func FindMonth(s string) (model.Date, bool) {
	m := monthRe.FindStringSubmatch(s)
	if m == nil {
		return model.Date{}, false
	}
	mon, _ := strconv.Atoi(m[1])
	y, _ := strconv.Atoi(m[2])
	if mon < 1 || mon > 12 {
		return model.Date{}, false
	}
	return model.Date{Year: y, Month: mon}, true
}

// Period is a span of time named in the text; From and To are inclusive.
type Period struct {
	From, To model.Date
	Text     string
}

var (
	periodSpanRe    = regexp.MustCompile(`(?i)(?:giai\s+đoạn|thời\s+kỳ|niên\s+độ|kế\s+hoạch|từ\s+năm)?\s*((?:19|20|21)\d\d)\s*(?:-|đến|–|÷)\s*(?:năm\s*)?((?:19|20|21)\d\d)`)
	periodMonthsRe  = regexp.MustCompile(`(?i)(\d{1,2})\s*tháng\s*(đầu|cuối)\s*năm\s*((?:19|20|21)\d\d)?`)
	periodQuarterRe = regexp.MustCompile(`(?i)quý\s*(I{1,3}|IV|[1-4])\s*(?:/|năm|-)?\s*((?:19|20|21)\d\d)?`)
	periodYearRe    = regexp.MustCompile(`(?i)năm\s*((?:19|20|21)\d\d)\b`)
)

// ParsePeriod reads the first period in s: "giai đoạn 2021-2025" (2021-01-01
// … 2025-12-31, as years), "6 tháng đầu năm 2024" (2024-01 … 2024-06), "6
// tháng cuối năm", "quý II năm 2025", "năm 2024". A missing year is taken
// from docYear. Dates of a period are at year or month precision.
func ParsePeriod(s string, docYear int) (Period, bool) {
	s = Normalize(s)
	if m := periodSpanRe.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if a <= b && b-a <= 50 {
			return Period{From: model.Date{Year: a}, To: model.Date{Year: b}, Text: strings.TrimSpace(m[0])}, true
		}
	}
	if m := periodMonthsRe.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		y := docYear
		if m[3] != "" {
			y, _ = strconv.Atoi(m[3])
		}
		if n >= 1 && n <= 12 && y > 0 {
			p := Period{Text: strings.TrimSpace(m[0])}
			if strings.EqualFold(m[2], "đầu") {
				p.From, p.To = model.Date{Year: y, Month: 1}, model.Date{Year: y, Month: n}
			} else {
				p.From, p.To = model.Date{Year: y, Month: 13 - n}, model.Date{Year: y, Month: 12}
			}
			return p, true
		}
	}
	if m := periodQuarterRe.FindStringSubmatch(s); m != nil {
		q := map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}[strings.ToUpper(m[1])]
		y := docYear
		if m[2] != "" {
			y, _ = strconv.Atoi(m[2])
		}
		if q > 0 && y > 0 {
			return Period{From: model.Date{Year: y, Month: 3*q - 2}, To: model.Date{Year: y, Month: 3 * q}, Text: strings.TrimSpace(m[0])}, true
		}
	}
	if m := periodYearRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		return Period{From: model.Date{Year: y}, To: model.Date{Year: y}, Text: m[0]}, true
	}
	return Period{}, false
}
