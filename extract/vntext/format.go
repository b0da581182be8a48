package vntext

import (
	"strconv"
	"strings"
)

// GroupDigits writes a non-negative decimal string with "." between
// thousands, the Vietnamese way: "2994047000000" → "2.994.047.000.000".
func GroupDigits(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// FormatInt formats an integer Vietnamese style: -1234567 → "-1.234.567".
// It is exact for every int64.
func FormatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	if strings.HasPrefix(s, "-") {
		return "-" + GroupDigits(s[1:])
	}
	return GroupDigits(s)
}
