package index

import (
	"strings"
	"testing"
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
		if strings.ContainsAny(p.Number.Key, " \t\n") {
			t.Errorf("number key %q has spaces", p.Number.Key)
		}
		for _, term := range p.Number.Terms {
			if !strings.HasPrefix(term, "n:") && !strings.HasPrefix(term, "y:") {
				t.Errorf("number term %q", term)
			}
		}
		_ = p.textClause()
		_ = p.numberClause()
	})
}
