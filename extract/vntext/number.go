package vntext

import (
	"math"
	"strings"
)

// Decimal is an exact decimal number: Value / Scale, Scale a power of ten
// (1 for integers). "181.946,9" is {1819469, 10}.
type Decimal struct {
	Value int64
	Scale int64
}

// Float is the decimal as a float64, for display only.
func (d Decimal) Float() float64 { return float64(d.Value) / float64(d.Scale) }

// Mul returns d×m rounded half away from zero to an integer; ok is false on
// overflow.
func (d Decimal) Mul(m int64) (int64, bool) {
	if d.Scale <= 0 {
		return 0, false
	}
	// Reduce common factors of ten first to stay exact.
	v, s := d.Value, d.Scale
	for s > 1 && m%10 == 0 {
		m /= 10
		s /= 10
	}
	if v != 0 && (m > math.MaxInt64/abs64(v) || m < 0) {
		return 0, false
	}
	p := v * m
	q, r := p/s, p%s
	if 2*abs64(r) >= s {
		if p < 0 {
			q--
		} else {
			q++
		}
	}
	return q, true
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// ParseNumber reads a number written the Vietnamese way, or in one of the
// mixed styles writers actually use, exactly. The rules, in order:
//
//  1. An optional sign ('-', '+', or the minus sign U+2212), then digits,
//     '.' and ',' only; spaces (normal or non-breaking) between digit
//     groups are allowed only in the form "1 000 000" (groups of three).
//  2. Both '.' and ',' present: the one that comes last is the decimal
//     mark and the other groups thousands ("181.946,9" = 181946.9,
//     "1,234.5" = 1234.5). The grouping mark must separate groups of
//     exactly three digits and may not follow the decimal mark.
//  3. Only '.': several dots group thousands ("2.994.047"); a single dot
//     groups thousands when exactly three digits follow it ("1.000" = 1000,
//     "12.500" = 12500) unless the integer part is "0" ("0.500" = 0.5), and
//     is a decimal point otherwise ("85.05" = 85.05, "3.5" = 3.5).
//  4. Only ',': several commas group thousands ("1,000,000"); a single
//     comma is a decimal comma whatever follows it ("55,461" = 55.461,
//     "25,8" = 25.8) — the Vietnamese reading, which wins over the English
//     one for "1,000" too.
//  5. Numbers up to 18 significant digits; more, or malformed groups, give
//     ok == false.
//
// Scale is the power of ten to divide Value by (1 for integers).
func ParseNumber(s string) (value int64, scale int64, ok bool) {
	d, ok := ParseDecimal(s)
	return d.Value, d.Scale, ok
}

// ParseDecimal is ParseNumber returning a Decimal.
func ParseDecimal(s string) (Decimal, bool) {
	s = strings.TrimSpace(s)
	neg := false
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "+"):
		neg = s[0] == '-'
		s = strings.TrimSpace(s[1:])
	case strings.HasPrefix(s, "\u2212"):
		neg = true
		s = strings.TrimSpace(s[len("\u2212"):])
	}
	if s == "" || len(s) > 64 {
		return Decimal{}, false
	}
	// Spaces as thousands separators: "1 000 000".
	if strings.ContainsAny(s, " \u00a0\u202f") {
		s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
		parts := strings.Split(s, " ")
		for i, p := range parts {
			if i > 0 && len(p) != 3 || i == 0 && (len(p) == 0 || len(p) > 3) || !allDigits(p) {
				return Decimal{}, false
			}
		}
		s = strings.Join(parts, "")
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	var group, dec byte
	switch {
	case dots > 0 && commas > 0:
		if strings.LastIndexByte(s, '.') > strings.LastIndexByte(s, ',') {
			group, dec = ',', '.'
		} else {
			group, dec = '.', ','
		}
		if strings.Count(s, string(dec)) != 1 {
			return Decimal{}, false
		}
	case dots > 1:
		group = '.'
	case dots == 1:
		i := strings.IndexByte(s, '.')
		if len(s)-i-1 == 3 && i >= 1 && i <= 3 && s[0] != '0' {
			group = '.'
		} else {
			dec = '.'
		}
	case commas > 1:
		group = ','
	case commas == 1:
		dec = ','
	}
	intPart, fracPart := s, ""
	if dec != 0 {
		i := strings.IndexByte(s, dec)
		intPart, fracPart = s[:i], s[i+1:]
		if fracPart == "" || !allDigits(fracPart) {
			return Decimal{}, false
		}
	}
	if group != 0 {
		parts := strings.Split(intPart, string(group))
		for i, p := range parts {
			if i > 0 && len(p) != 3 || i == 0 && (len(p) == 0 || len(p) > 3) {
				return Decimal{}, false
			}
		}
		intPart = strings.Join(parts, "")
	}
	if intPart == "" || !allDigits(intPart) {
		return Decimal{}, false
	}
	digits := strings.TrimLeft(intPart+fracPart, "0")
	if len(digits) > 18 {
		return Decimal{}, false
	}
	var v int64
	for i := 0; i < len(intPart); i++ {
		v = v*10 + int64(intPart[i]-'0')
		if v < 0 {
			return Decimal{}, false
		}
	}
	scale := int64(1)
	for i := 0; i < len(fracPart); i++ {
		v = v*10 + int64(fracPart[i]-'0')
		scale *= 10
		if v < 0 || scale > 1e18/10 && i < len(fracPart)-1 {
			return Decimal{}, false
		}
	}
	if neg {
		v = -v
	}
	return Decimal{Value: v, Scale: scale}, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
