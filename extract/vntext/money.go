package vntext

import (
	"regexp"
	"strings"
)

var unitStrip = strings.NewReplacer(".", "", " ", "", "(", "", ")", "")

// MoneyUnit returns the multiplier from a unit as written to đồng:
// đồng, đ, VNĐ, VND → 1; nghìn/ngàn (đồng) → 10³; triệu (đồng), trđ, tr.đ,
// Tr.đ, tr đồng → 10⁶; tỷ/tỉ (đồng) → 10⁹; nghìn/ngàn tỷ (đồng) → 10¹²;
// triệu tỷ → 10¹⁵. Case, spaces and dots inside the unit do not matter.
func MoneyUnit(unit string) (int64, bool) {
	k := unitStrip.Replace(Key(unit))
	switch k {
	case "đồng", "đ", "vnđ", "vnd", "dong", "vndong":
		return 1, true
	case "nghìn", "ngàn", "nghìnđồng", "ngànđồng", "nghìnđ", "ngànđ", "ngđ", "nghìnvnđ", "nghìnvnd", "1000đồng", "1000đ":
		return 1e3, true
	case "triệu", "triệuđồng", "trđ", "trđồng", "triệuđ", "triệuvnđ", "triệuvnd", "trvnđ", "trvnd", "tr":
		return 1e6, true
	case "tỷ", "tỉ", "tỷđồng", "tỉđồng", "tỷđ", "tỉđ", "tỷvnđ", "tỷvnd":
		return 1e9, true
	case "nghìntỷ", "ngàntỷ", "nghìntỉ", "ngàntỉ", "nghìntỷđồng", "ngàntỷđồng", "nghìntỉđồng", "ngàntỉđồng", "nghìntỷđ":
		return 1e12, true
	case "triệutỷ", "triệutỷđồng":
		return 1e15, true
	}
	return 0, false
}

// MoneyUnitPattern is a regular expression (without anchors or groups) for
// the units MoneyUnit knows, longest first, case-insensitive. Go's \b is
// ASCII-only, so a caller must check that no letter follows a match.
const MoneyUnitPattern = `(?i:(?:nghìn|ngàn|triệu)\s*t[ỷỉ](?:\s*đồng|\s*đ)?|t[ỷỉ]\s*(?:đồng|đ|VNĐ|VND)?|triệu\s*(?:đồng|đ|VNĐ|VND)?|tr\.?\s?đ(?:ồng)?|(?:nghìn|ngàn)\s*(?:đồng|đ|VNĐ|VND)?|đồng|VNĐ|VND|đ)`

// QualifierPattern matches the words before a figure that qualify it.
const QualifierPattern = `(?i:trên|khoảng|gần|hơn|đến|tới|dưới|ít nhất|tối đa|tối thiểu|xấp xỉ|ước|ước tính|hầu hết)`

var moneyRe = regexp.MustCompile(`^\s*(?:` + QualifierPattern + `\s+)?([-+\x{2212}]?\d[\d.,\x{00a0} ]*?)\s*(` + MoneyUnitPattern + `)\s*\.?\s*$`)

// ParseMoney reads an amount of money written with its unit ("55,461 tỷ
// đồng", "1.000.000 đồng", "181.946,9 triệu đồng", "3 tỷ", "500 trđ",
// "khoảng 2 tỷ đồng") and returns it as an exact integer number of đồng,
// rounded half away from zero when the written decimals go below one đồng.
// Numbers follow ParseNumber's rules. A leading qualifier (trên, khoảng,
// gần, hơn, đến…) is allowed and ignored; use FindFigures in package
// extract to keep it.
func ParseMoney(text string) (dong int64, ok bool) {
	text = Normalize(text)
	m := moneyRe.FindStringSubmatch(text)
	if m == nil {
		return 0, false
	}
	d, ok := ParseDecimal(strings.TrimSpace(m[1]))
	if !ok {
		return 0, false
	}
	mult, ok := MoneyUnit(m[2])
	if !ok {
		return 0, false
	}
	return d.Mul(mult)
}
