package index

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzUnderstand: any query text (clerks paste anything) is understood
// without panicking, and a number it finds has a well-formed key.
func FuzzUnderstand(f *testing.F) {
	for _, s := range []string{"4768/QĐ-BCT", "qd 4768", "quyết định 2319", "nghị định 82/2020", "số 779",
		"82/2020/nđ-cp", `"công nghiệp nông thôn" Hà Giang`, "ngày 19/12/2025", "60-NQ/TW", "TP HCM", "\xff\xfe/",
		"1/" + strings.Repeat("a-", 50), "Ho\u0300a Bi\u0300nh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := understand(s)
		if strings.ContainsAny(p.number.Key, " \t\n") {
			t.Errorf("number key %q has spaces", p.number.Key)
		}
		for _, term := range p.number.Terms {
			if !strings.HasPrefix(term, "n:") && !strings.HasPrefix(term, "y:") {
				t.Errorf("number term %q", term)
			}
		}
		_ = p.textClause()
		_ = p.numberClause()
	})
}

// FuzzAnalyzers: the token filters take any bytes (text layers hold
// broken UTF-8) and give valid UTF-8 without diacritics for the fold.
func FuzzAnalyzers(f *testing.F) {
	for _, s := range []string{"Quyết định", "Ho\u0300a", "ÐÀ", "\xe1\xbb", "thuỷ", "ǅ", "\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := appendFold(nil, []byte(s))
		exact := appendExact(nil, []byte(s))
		if utf8.ValidString(s) && (!utf8.Valid(folded) || !utf8.Valid(exact)) {
			t.Errorf("invalid UTF-8 from %q: fold %q exact %q", s, folded, exact)
		}
		if string(appendFold(nil, folded)) != string(folded) {
			t.Errorf("fold is not idempotent on %q", s)
		}
	})
}
