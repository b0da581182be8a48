package vntext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1.000", "181.946,9", "55,461", "85.05", "25,8", "2.994.047", "1,234.5", "-17.870.673", "1 000 000", "", ".", "9.223.372.036.854.775.807", "0,0000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, scale, ok := ParseNumber(s)
		if !ok {
			return
		}
		if scale <= 0 || scale > 1e18 {
			t.Fatalf("ParseNumber(%q): scale %d", s, scale)
		}
		if v < 0 && !strings.ContainsAny(s, "-\u2212") {
			t.Fatalf("ParseNumber(%q) = %d: negative without a sign", s, v)
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"55,461 tỷ đồng", "1.000.000 đồng", "181.946,9 triệu đồng", "500 trđ", "12,5 Tr.đ", "khoảng 3 nghìn tỷ", "99999999999999 nghìn tỷ", "đ", "1,5 tr.đồng"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseMoney(s)
		if ok && v < 0 && !strings.ContainsAny(s, "-\u2212") {
			t.Fatalf("ParseMoney(%q) = %d", s, v)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"ngày 22 tháng 12 năm 2017", "22/12/2017", "15 / 12/2025", "ngày15", "16-7-2018", "ngày 22 tháng 12", "giai đoạn 2021-2025", "6 tháng đầu năm 2024", "quý IV/2025", "31/02/2020"} {
		f.Add(s, 2025)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		if d, ok := ParseDate(s, year); ok && !validDate(d) {
			t.Fatalf("ParseDate(%q) = %+v: invalid", s, d)
		}
		if d, a, b, ok := FindDate(s, year); ok {
			if a < 0 || b > len(s) || a > b || !validDate(d) {
				t.Fatalf("FindDate(%q) = %+v [%d:%d]", s, d, a, b)
			}
		}
		if p, ok := ParsePeriod(s, year); ok && p.From.Year > p.To.Year {
			t.Fatalf("ParsePeriod(%q) = %+v", s, p)
		}
	})
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Khánh Hoà", "thuỷ", "CCHC&amp;VTLT", "&#x1EA1;&#0;&#99999999;", "\u00d0ồng", "a\u00a0\u2013b", "quý", "Ủy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
		}
		k := Fold(n)
		if utf8.ValidString(s) && !utf8.ValidString(k) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", n, k)
		}
		_ = Key(s)
	})
}

func FuzzDecodeLegacy(f *testing.F) {
	for _, s := range []string{"Bé Tµi chÝnh", "Vieät Nam", "Thöøa Thieân Hueá", "€‚ƒ", "ø"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := DecodeTCVN3(s, true)
		b := DecodeVNI(s)
		if utf8.ValidString(s) && (!utf8.ValidString(a) || !utf8.ValidString(b)) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		_ = GuessLegacy(s)
	})
}
