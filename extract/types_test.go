package extract

import "testing"

func TestLookupType(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"Quyết định", "Quyết định", true},
		{"QĐ", "Quyết định", true},
		{"qd", "Quyết định", true},
		{"quyet dinh", "Quyết định", true},
		{"Phụ lục", "Phụ lục", true},
		{"Công văn", "Công văn", true},
		{"HIẾN PHÁP", "Hiến pháp", true},
		{"NĐ", "Nghị định", true},
		{"xyz", "", false},
		{"", "", false},
	} {
		got, ok := LookupType(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("LookupType(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestDocumentTypesCoverExtractor: every type the extractor can write —
// from a type code, a title line or its own rules — is in the list.
func TestDocumentTypesCoverExtractor(t *testing.T) {
	have := map[string]bool{}
	for _, dt := range DocumentTypes() {
		have[dt.Name] = true
	}
	for _, tc := range typeCodes {
		if !have[tc.name] {
			t.Errorf("type %q (code %s) missing", tc.name, tc.code)
		}
	}
	for _, title := range typeTitles {
		if !have[sentenceCase(title)] {
			t.Errorf("title type %q missing", sentenceCase(title))
		}
	}
	for _, n := range []string{"Công văn", "Phụ lục"} {
		if !have[n] {
			t.Errorf("%q missing", n)
		}
	}
}
