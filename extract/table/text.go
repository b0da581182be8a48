package table

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"vanban/extract/vntext"
)

// clean is the display form of a cell: NFC, every space (NBSP, tab, line
// break) one ASCII space, soft hyphens and dot leaders dropped, trimmed.
func clean(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\ufeff':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		case r == 'Ð':
			r = 'Đ'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if strings.Count(out, ".")+2*strings.Count(out, "…") >= 4 {
		out = dropLeaders(out)
	}
	return out
}

// leaderRe is a run of dots that may be a dot leader: four dots or more,
// or two ellipses, with the spaces round them. A figure's own dots
// ("1.234.500") are single, a sentence's ellipsis three.
var leaderRe = regexp.MustCompile(`\s*(?:(?:\.\s?){3,}\.|(?:…\s?)+…)[.…\s]*`)

// dropLeaders removes dot leaders — the dots that lead the eye from a
// label to its figure ("Chi thường xuyên ........ 2.345.600") — which are
// never part of the label: a run of dots at the end of the text or before
// a figure. Dots inside prose ("lợi ích mang lại....., đồng thời") stay.
func dropLeaders(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range leaderRe.FindAllStringIndex(s, -1) {
		rest := s[m[1]:]
		if rest != "" && !unicode.IsDigit(rune(rest[0])) {
			continue
		}
		b.WriteString(s[last:m[0]])
		if rest != "" && m[0] > 0 {
			b.WriteByte(' ')
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return strings.TrimSpace(b.String())
}

// fold is the matching key: lower case, no diacritics, đ → d, spaces
// collapsed (vntext.FoldKey).
func fold(s string) string {
	return vntext.FoldKey(s)
}

// repairText decodes a cell written in a legacy-font encoding (TCVN3
// .VnTime/.VnTimeH, VNI-Times) into Unicode; other text is unchanged.
func repairText(s, font string) string {
	enc := vntext.FontEncoding(font)
	if enc == vntext.Unicode {
		return s
	}
	return vntext.Decode(s, enc)
}

// Num is an exact decimal: Mant / 10^Scale.
type Num struct {
	Mant  int64
	Scale int
}

func (n Num) align(s int) (int64, bool) {
	m := n.Mant
	for i := n.Scale; i < s; i++ {
		if m > 1<<62/10 || m < -(1<<62/10) {
			return 0, false
		}
		m *= 10
	}
	return m, true
}

// Add returns a+b exactly (ok false on overflow).
func Add(a, b Num) (Num, bool) {
	s := max(a.Scale, b.Scale)
	x, ok1 := a.align(s)
	y, ok2 := b.align(s)
	if !ok1 || !ok2 {
		return Num{}, false
	}
	return Num{x + y, s}, true
}

// Equal compares exactly.
func Equal(a, b Num) bool {
	s := max(a.Scale, b.Scale)
	x, ok1 := a.align(s)
	y, ok2 := b.align(s)
	return ok1 && ok2 && x == y
}

// Times returns n × unit as an integer (ok false when not whole or on
// overflow): "181946,9" triệu đồng is 181946900000 đồng.
func (n Num) Times(unit int64) (int64, bool) {
	if unit == 0 {
		return 0, false
	}
	m := n.Mant
	u := unit
	s := n.Scale
	for s > 0 && u%10 == 0 {
		u /= 10
		s--
	}
	for s > 0 {
		if m%10 != 0 {
			return 0, false
		}
		m /= 10
		s--
	}
	if m != 0 && (m*u/u != m) {
		return 0, false
	}
	return m * u, true
}

// Round returns n × unit rounded to the nearest whole number, halves away
// from zero, in exact decimal arithmetic: 7.631.364,0166 × 1.000.000 is
// 7.631.364.016.600; 0,0000005 × 1.000.000 is 1 (exact false). ok is
// false on overflow.
func (n Num) Round(unit int64) (v int64, exact, ok bool) {
	if unit == 0 || n.Scale < 0 {
		return 0, false, false
	}
	p := new(big.Int).Mul(big.NewInt(n.Mant), big.NewInt(unit))
	d := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n.Scale)), nil)
	q, r := new(big.Int).QuoRem(p, d, new(big.Int))
	exact = r.Sign() == 0
	if twice := new(big.Int).Abs(new(big.Int).Lsh(r, 1)); twice.Cmp(d) >= 0 {
		q.Add(q, big.NewInt(int64(p.Sign())))
	}
	if !q.IsInt64() {
		return 0, exact, false
	}
	return q.Int64(), exact, true
}

// String writes the number the Vietnamese way: '.' groups thousands, ','
// marks decimals ("17.870.673", "181.946,9").
func (n Num) String() string {
	neg := n.Mant < 0
	m := n.Mant
	if neg {
		m = -m
	}
	digits := strconv.FormatInt(m, 10)
	for len(digits) <= n.Scale {
		digits = "0" + digits
	}
	ip, fp := digits[:len(digits)-n.Scale], digits[len(digits)-n.Scale:]
	fp = strings.TrimRight(fp, "0")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if fp != "" {
		b.WriteByte(',')
		b.WriteString(fp)
	}
	return b.String()
}

var (
	footnote   = regexp.MustCompile(`\s*(\(\s*[0-9*a-z]{1,2}\s*\)|\*+)\s*$`)
	plainNum   = regexp.MustCompile(`^-?\d+(\.\d+)?$`)
	groupedDot = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})+(,\d+)?$`)
	groupedCom = regexp.MustCompile(`^-?\d{1,3}(,\d{3})+(\.\d+)?$`)
	commaDec   = regexp.MustCompile(`^-?\d+,\d+$`)
	spaced     = regexp.MustCompile(`^-?\d{1,3}( \d{3})+(,\d+)?$`)
)

// parseRaw reads a spreadsheet number as stored ("2994047", "181946.9").
func parseRaw(s string) (Num, bool) {
	if !plainNum.MatchString(s) {
		return Num{}, false
	}
	return decimal(s, '.')
}

// ParseNumber reads a number as printed in a Vietnamese table: "2.994.047",
// "181.946,9", "1,234,567", "(1.234)" for a negative, "-", with a footnote
// marker "(1)" or "*" after it ignored. ok is false when s is not a number.
func ParseNumber(s string) (Num, bool) {
	s = clean(s)
	s = footnote.ReplaceAllString(s, "")
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return Num{}, false
	}
	var n Num
	var ok bool
	switch {
	case groupedDot.MatchString(s):
		n, ok = decimal(strings.ReplaceAll(s, ".", ""), ',')
	case groupedCom.MatchString(s):
		n, ok = decimal(strings.ReplaceAll(s, ",", ""), '.')
	case spaced.MatchString(s):
		n, ok = decimal(strings.ReplaceAll(s, " ", ""), ',')
	case commaDec.MatchString(s):
		n, ok = decimal(s, ',')
	case plainNum.MatchString(s):
		n, ok = decimal(s, '.')
	}
	if ok && neg {
		n.Mant = -n.Mant
	}
	return n, ok
}

func decimal(s string, point byte) (Num, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, fp := s, ""
	if i := strings.IndexByte(s, point); i >= 0 {
		ip, fp = s[:i], s[i+1:]
	}
	fp = strings.TrimRight(fp, "0")
	if len(ip)+len(fp) > 18 {
		return Num{}, false
	}
	m, err := strconv.ParseInt(ip+fp, 10, 64)
	if err != nil {
		return Num{}, false
	}
	if neg {
		m = -m
	}
	return Num{m, len(fp)}, true
}

// Unit is a money unit found in a title or header.
type Unit struct {
	Text string // as written, lower case: "triệu đồng"
	VND  int64  // đồng per unit
}

// unitTable maps the ways a money unit is written (folded) to the unit.
var unitTable = []struct {
	prefix []string
	u      Unit
}{
	{[]string{"nghin ty dong", "ngan ty dong"}, Unit{"nghìn tỷ đồng", 1_000_000_000_000}},
	{[]string{"ty dong", "ty d", "ty vnd", "ty"}, Unit{"tỷ đồng", 1_000_000_000}},
	{[]string{"trieu dong", "trieu d", "trieu vnd", "tr.dong", "tr.d", "tr d", "trd", "tr. d", "trieu"}, Unit{"triệu đồng", 1_000_000}},
	{[]string{"nghin dong", "ngan dong", "1000 dong", "1.000 dong", "1000d", "1.000d", "1000 d", "1.000 d", "nghin d", "ngan d"}, Unit{"nghìn đồng", 1000}},
	{[]string{"dong", "vnd", "vnđ", "d"}, Unit{"đồng", 1}},
}

// bareUnits are the spellings that name a money unit on their own, as a
// line or a header cell with nothing else ("Triệu đồng", "Tr.đ", "VNĐ"):
// every spelling but the bare "tỷ", "triệu" and "đ".
var bareUnits = func() map[string]Unit {
	m := map[string]Unit{}
	for _, row := range unitTable {
		for _, p := range row.prefix {
			if p != "ty" && p != "trieu" && p != "d" {
				m[p] = row.u
			}
		}
	}
	return m
}()

// findUnit looks for a money unit in s, in every usual spelling: a unit
// alone ("Triệu đồng", "Tr.đ."), after a marker ("Đơn vị tính: triệu
// đồng", "ĐVT: tr.đ", "Đơn vị: Tỷ đồng"), in brackets ("(tỷ đồng)", "Số
// tiền (triệu đồng)", "(Đơn vị tính: triệu đồng)"), or in an English
// gloss ("In millions of dong"). A rate ("VNĐ/kWh") is not a unit.
func findUnit(s string) (Unit, bool) {
	f := fold(s)
	bare := strings.Trim(f, " .:;,*()")
	if i := strings.Index(bare, " - "); i > 0 {
		bare = strings.TrimSpace(bare[:i]) // "Triệu đồng - In millions of dong"
	}
	if u, ok := bareUnits[bare]; ok {
		return u, true
	}
	for _, marker := range []string{"don vi tinh", "don vi", "dvt", "đvt"} {
		if i := strings.Index(f, marker); i >= 0 {
			if u, ok := unitAt(strings.TrimLeft(f[i+len(marker):], " :.(")); ok {
				return u, true
			}
			break
		}
	}
	for rest := f; ; {
		i := strings.Index(rest, "(")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], ")")
		if j < 0 {
			break
		}
		if u, ok := unitAt(strings.TrimSpace(rest[i+1 : i+j])); ok {
			return u, true
		}
		rest = rest[i+j:]
	}
	switch {
	case strings.Contains(f, "in millions of dong"):
		return bareUnits["trieu dong"], true
	case strings.Contains(f, "in billions of dong"):
		return bareUnits["ty dong"], true
	}
	return Unit{}, false
}

// trailingUnit finds a unit written as the last words of a column title,
// a line of its own under the title ("Kinh phí" over "Triệu đồng" reads
// "Kinh phí Triệu đồng"); not an amount ("Mức 5 triệu đồng"), not a word
// ending in "đồng" ("Hỗ trợ cộng đồng").
func trailingUnit(s string) (Unit, bool) {
	f := strings.TrimRight(fold(s), " .:;,*")
	best, found := "", Unit{}
	for p, u := range bareUnits {
		if p == "dong" {
			continue // "Hỗ trợ cộng đồng"
		}
		if len(p) > len(best) && strings.HasSuffix(f, " "+p) {
			best, found = p, u
		}
	}
	if best == "" {
		return Unit{}, false
	}
	before := strings.TrimSpace(f[:len(f)-len(best)])
	if before == "" || before[len(before)-1] >= '0' && before[len(before)-1] <= '9' {
		return Unit{}, false
	}
	return found, true
}

// unitAt reads the unit that rest starts with.
func unitAt(rest string) (Unit, bool) {
	for _, row := range unitTable {
		for _, p := range row.prefix {
			if strings.HasPrefix(rest, p) {
				end := rest[len(p):]
				if strings.HasPrefix(strings.TrimSpace(end), "/") {
					return Unit{}, false // a rate: "VNĐ/kWh", "đồng/tháng"
				}
				if end == "" || !isLetter(end) {
					return row.u, true
				}
			}
		}
	}
	return Unit{}, false
}

func isLetter(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r)
	}
	return false
}

var roman = regexp.MustCompile(`^(?i)(X{0,3})(IX|IV|V?I{0,3})$`)

func isRoman(s string) bool {
	s = strings.TrimRight(strings.TrimSpace(s), ".)")
	return s != "" && roman.MatchString(s) && strings.ToUpper(s) == s
}

var englishWords = map[string]bool{
	"the": true, "of": true, "and": true, "total": true, "in": true, "to": true, "for": true,
	"budget": true, "name": true, "no": true, "area": true, "delta": true, "river": true,
	"provinces": true, "cities": true, "transfers": true, "revenues": true, "expenditures": true,
	"by": true, "from": true, "central": true, "local": true, "ratio": true, "between": true,
	"carry": true, "out": true, "important": true, "projects": true, "national": true,
	"balancing": true, "target": true, "millions": true, "dong": false, "region": true,
	"northmountainous": true, "northcentral": true, "centralcoast": true, "southeastern": true, "highlands": true, "southeast": true, "north": true, "south": true,
	"central-": true, "coast": true, "coastal": true, "mekong": true, "red": true, "east": true,
	"on": true, "management": true, "state": true, "expenditure": true, "tax": true, "revenue": true,
	"fee": true, "fees": true, "other": true, "land": true, "health": true, "care": true, "sports": true,
	"services": true, "protection": true, "economic": true, "environment": true, "administrative": true,
	"rental": true, "use": true, "agricultural": true, "grants": true, "aids": true, "provision": true,
	"salary": true, "reform": true, "contingencies": true, "investment": true, "capital": true,
	"including": true, "items": true, "plan": true, "gross": true, "activity": true, "import": true,
	"export": true, "individual": true, "income": true, "license": true, "gasoline": true, "balance": true,
	"with": true, "at": true, "unit": true, "year": true, "education": true, "training": true,
	"science": true, "technology": true, "culture": true, "information": true, "social": true,
	"security": true, "defense": true, "public": true, "enterprises": true, "foreign": true,
	"office": true, "governmental": true, "presidential": true, "supreme": true, "court": true,
	"people": true, "news": true, "agency": true, "television": true, "station": true, "fatherland": true,
	"commission": true, "communistic": true, "youth": true, "union": true, "women": true, "farmers": true,
	"association": true, "veteran": true, "development": true, "assistance": true, "fund": true,
	"oriented": true, "medicine": true, "organization": true, "victims": true, "infected": true,
	"encouragement": true, "writers": true, "artist": true, "art": true, "musician": true, "movie": true,
	"photographer": true, "journalist": true, "lawyer": true, "dancer": true, "architect": true,
	"gardener": true, "acupuncture": true, "linguistic": true, "horticulture": true, "domestic": true,
	"external": true, "borrowings": true, "statistics": true, "department": true, "general": true,
	"academy": true, "institute": true, "university": true, "bank": true, "committee": true,
	"ministry": true, "vietnam": true, "study": true, "agent": true, "council": true, "party": true,
}

// isEnglish tells an English gloss in a bilingual table: ASCII letters only
// and at least one common English word.
func isEnglish(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	hits := 0
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if englishWords[w] {
			hits++
		}
	}
	return hits > 0
}

// vietnameseOnly drops English glosses: lines that are English, and a
// " - English" tail after Vietnamese text.
func vietnameseOnly(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || isEnglish(line) {
			continue
		}
		if i := strings.LastIndex(line, " - "); i > 0 && isEnglish(line[i+3:]) {
			line = strings.TrimSpace(line[:i])
		} else if i := strings.LastIndex(line, "-"); i > 0 && i+1 < len(line) && (line[i-1] == ' ' || line[i+1] == ' ' || strings.HasPrefix(line[i+1:], "\u00a0")) && isEnglish(line[i+1:]) && !isEnglish(line[:i]) {
			line = strings.TrimSpace(line[:i])
		} else {
			line = dropEnglishTail(line)
		}
		keep = append(keep, line)
	}
	if len(keep) == 0 {
		return clean(s)
	}
	return clean(strings.Join(keep, " "))
}

// dropEnglishTail removes trailing ASCII words that read as English after
// Vietnamese text: "Thuế sử dụng đất nông nghiệp Agricultural land use tax".
func dropEnglishTail(line string) string {
	words := strings.Fields(line)
	i := len(words)
	for i > 0 && isASCII(words[i-1]) {
		i--
	}
	if i == 0 || i == len(words) {
		return line
	}
	// The gloss starts at the first English word of that ASCII tail
	// ("Việt Nam Vietnam news agency": "Nam" stays).
	for i < len(words) && !englishWords[englishKey(words[i])] {
		i++
	}
	if i == len(words) {
		return line
	}
	return strings.TrimRight(strings.Join(words[:i], " "), " ,;:-")
}

func englishKey(w string) string {
	w = strings.ToLower(strings.Trim(w, ",.;:()"))
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
	return w
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// isCapitalWord: "Expenditure", not "NSNN" or "KT-XH".
func isCapitalWord(w string) bool {
	rs := []rune(w)
	if len(rs) < 3 || !unicode.IsUpper(rs[0]) {
		return false
	}
	for _, r := range rs[1:] {
		if unicode.IsUpper(r) || r == '-' {
			return false
		}
	}
	return true
}
