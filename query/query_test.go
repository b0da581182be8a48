package query

import (
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"tones and đ", "Quyết định Đà Nẵng", "quyet dinh da nang"},
		{"eth for Đ", "ÐÀ LẠT", "da lat"},
		{"NFD input", "Ho\u0300a Bi\u0300nh", "hoa binh"},
		{"ascii unchanged", "qd-bct 4768", "qd-bct 4768"},
		{"horn and breve", "Ương Ắng Ở", "uong ang o"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Fold(c.in); got != c.want {
				t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestExactKey(t *testing.T) {
	exact := func(s string) string { return string(AppendExact(nil, []byte(s))) }
	same := []struct{ name, a, b string }{
		{"old and new tone placement", "hoà", "hòa"},
		{"thuỷ/thủy", "Thuỷ", "thủy"},
		{"NFD and NFC", "kho\u0302\u0301i", "khối"},
		{"upper and lower", "QUYẾT", "quyết"},
		{"Ð and Đ", "Ðồng", "đồng"},
	}
	for _, c := range same {
		t.Run(c.name, func(t *testing.T) {
			if exact(c.a) != exact(c.b) {
				t.Errorf("exact(%q) = %q, exact(%q) = %q: want equal", c.a, exact(c.a), c.b, exact(c.b))
			}
		})
	}
	differ := []struct{ name, a, b string }{
		{"different tone", "khuyến", "khuyên"},
		{"different vowel", "cơ", "cô"},
		{"đ is not d", "đa", "da"},
	}
	for _, c := range differ {
		t.Run(c.name, func(t *testing.T) {
			if exact(c.a) == exact(c.b) {
				t.Errorf("exact(%q) == exact(%q) = %q: want different", c.a, c.b, exact(c.a))
			}
		})
	}
}

func TestNumberTerms(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"decision", "4768/QĐ-BCT", []string{"n:4768", "s:qd-bct", "c:qd", "c:bct"}},
		{"decree with year", "82/2020/NĐ-CP", []string{"n:82", "y:2020", "s:nd-cp", "c:nd", "c:cp"}},
		{"party style", "60-NQ/TW", []string{"n:60", "s:nq", "c:nq", "s:tw", "c:tw"}},
		{"công văn", "95/UBND-KT", []string{"n:95", "s:ubnd-kt", "c:ubnd", "c:kt"}},
		{"spaces", "329      /BC-UBND", []string{"n:329", "s:bc-ubnd", "c:bc", "c:ubnd"}},
		{"numbered series", "66.7/2025/NQ-CP", []string{"n:66.7", "y:2025", "s:nq-cp", "c:nq", "c:cp"}},
		{"Cyrillic look-alikes", "06/2026/TT-BTС", []string{"n:6", "y:2026", "s:tt-btc", "c:tt", "c:btc"}},
		{"empty", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NumberTerms(c.in); !reflect.DeepEqual(got, c.want) {
				t.Errorf("NumberTerms(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	cases := []struct {
		name, in string
		key      string
		terms    []string
		only     bool
		rest     string
	}{
		{"full number", "4768/QĐ-BCT", "4768/qd-bct", []string{"n:4768"}, true, ""},
		{"without Đ", "4768/QD-BCT", "4768/qd-bct", []string{"n:4768"}, true, ""},
		{"spaced", "4768 / qd-bct", "4768/qd-bct", []string{"n:4768"}, true, ""},
		{"code then number", "qd 4768", "", []string{"n:4768"}, true, ""},
		{"QĐ then number", "QĐ 2319", "", []string{"n:2319"}, true, ""},
		{"type name then number", "quyết định 2319", "", []string{"n:2319"}, true, ""},
		{"decree number and year", "nghị định 82/2020", "", []string{"n:82", "y:2020"}, true, ""},
		{"decree full", "82/2020/nđ-cp", "82/2020/nd-cp", []string{"n:82", "y:2020"}, true, ""},
		{"số", "số 779", "", []string{"n:779"}, true, ""},
		{"number and words", "779/QĐ-UBND khuyến học", "779/qd-ubnd", []string{"n:779"}, false, "khuyen hoc"},
		{"words only", "khuyen cong ha giang", "", nil, false, "khuyen cong ha giang"},
		{"type words without number", "quyết định phê duyệt", "", nil, false, "quyet dinh phe duyet"},
		{"a date is no number", "ngày 19/12/2025", "", nil, false, "ngay 19/12/2025"},
		{"a year after năm is no number", "chương trình lập pháp năm 2026", "", nil, false, "chuong trinh lap phap nam 2026"},
		{"a number away from its type word", "quyết định phê duyệt 2026", "", nil, false, "quyet dinh phe duyet 2026"},
		{"quyết định số", "quyết định số 779", "", []string{"n:779"}, true, ""},
		{"number then code", "4768 qd", "", []string{"n:4768"}, true, ""},
		{"spaces for slashes", "181 2025 NĐ CP", "", []string{"n:181", "y:2025"}, false, "cp"},
		{"code, number, year", "nđ 181 2025", "", []string{"n:181", "y:2025"}, true, ""},
		{"numbered series", "66.15/2026/NQ-CP", "66.15/2026/nq-cp", []string{"n:66.15", "y:2026"}, true, ""},
		{"numbered series after its type", "nghị quyết 66.7", "", []string{"n:66.7"}, true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nq, rest := parseNumber(Fold(c.in))
			if nq.Key != c.key || !reflect.DeepEqual(nq.Terms, c.terms) || nq.Only != c.only || rest != c.rest {
				t.Errorf("parseNumber(%q) = %+v rest %q; want key %q terms %v only %v rest %q",
					c.in, nq, rest, c.key, c.terms, c.only, c.rest)
			}
		})
	}
}

func TestLookupProvince(t *testing.T) {
	cases := []struct{ name, in, want, current string }{
		{"plain", "Lâm Đồng", "Lâm Đồng", "Lâm Đồng"},
		{"no diacritics", "lam dong", "Lâm Đồng", "Lâm Đồng"},
		{"with prefix", "Tỉnh Đắk Nông", "Đắk Nông", "Lâm Đồng"},
		{"merged", "Hà Giang", "Hà Giang", "Tuyên Quang"},
		{"old tone placement", "Hoà Bình", "Hòa Bình", "Phú Thọ"},
		{"new tone placement", "Hòa Bình", "Hòa Bình", "Phú Thọ"},
		{"TP HCM", "TP HCM", "Hồ Chí Minh", "Hồ Chí Minh"},
		{"TP. Hồ Chí Minh", "TP. Hồ Chí Minh", "Hồ Chí Minh", "Hồ Chí Minh"},
		{"Thành phố Huế", "Thành phố Huế", "Huế", "Huế"},
		{"Thừa Thiên Huế", "Thừa Thiên Huế", "Thừa Thiên Huế", "Huế"},
		{"BR-VT upper", "BÀ RỊA - VŨNG TÀU", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ok := LookupProvince(c.in)
			if !ok || p.Name != c.want || p.Current != c.current {
				t.Errorf("LookupProvince(%q) = %+v, %v; want %q → %q", c.in, p, ok, c.want, c.current)
			}
		})
	}
	if _, ok := LookupProvince("Atlantis"); ok {
		t.Error("LookupProvince(Atlantis) succeeded")
	}
}

func TestUnderstand(t *testing.T) {
	cases := []struct {
		name, in, key, text string
		only                bool
	}{
		// A number pasted from a page that used a Cyrillic С.
		{"Cyrillic look-alike in a number", "06/2026/TT-BTС", "06/2026/tt-btc", "", true},
		{"a Russian word stays Russian", "Сибирь 06/2026/TT-BTC", "06/2026/tt-btc", "сибирь", false},
		// A sentence citing a number keeps all its words, as typed.
		{"sentence citing a number", "Sửa đổi một số điều của Thông tư số 62/2023/TT-BCA", "62/2023/tt-bca",
			"Sửa đổi một số điều của Thông tư số", false},
		// A number with a word or two: the words are folded, the type
		// words dropped.
		{"number and words", "quyết định 779/QĐ-UBND khuyến học", "779/qd-ubnd", "khuyen hoc", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Understand(c.in)
			if p.Number.Key != c.key || p.Text != c.text || p.Number.Only != c.only {
				t.Errorf("Understand(%q): key %q text %q only %v; want key %q text %q only %v",
					c.in, p.Number.Key, p.Text, p.Number.Only, c.key, c.text, c.only)
			}
		})
	}
}

// TestPlan: what a query's text is understood to ask, as a table.
func TestPlan(t *testing.T) {
	cases := []struct {
		name, in  string
		key       string
		terms     []string
		codes     []string
		text      string
		phrases   []string
		provinces []Province
		words     []string // ProvinceWords
	}{
		{name: "code, number, province", in: "qd 4768 lam dong", terms: []string{"n:4768"}, codes: []string{"c:qd"},
			text: "lam dong", provinces: []Province{{"Lâm Đồng", "Lâm Đồng"}}, words: []string{"dong", "lam"}},
		{name: "whole number", in: "4768/QĐ-BCT", key: "4768/qd-bct", terms: []string{"n:4768"}, codes: []string{"c:qd", "c:bct"}},
		{name: "words and a merged province", in: "khuyến công Hà Giang", text: "khuyến công Hà Giang",
			provinces: []Province{{"Hà Giang", "Tuyên Quang"}}, words: []string{"giang", "ha"}},
		{name: "a phrase and a word", in: `"ngân sách nhà nước" 2025`, text: "2025", phrases: []string{"ngân sách nhà nước"}},
		{name: "city by its short name", in: "cải cách hành chính tphcm", text: "cải cách hành chính tphcm",
			provinces: []Province{{"Hồ Chí Minh", "Hồ Chí Minh"}}, words: []string{"tphcm"}},
		{name: "two letters are no province", in: "ha an", text: "ha an"},
		{name: "type words without a number are words", in: "quyết định phê duyệt", text: "quyết định phê duyệt"},
		{name: "empty", in: "   "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Understand(c.in)
			var words []string
			for w := range p.ProvinceWords {
				words = append(words, w)
			}
			slices.Sort(words)
			if p.Number.Key != c.key || !reflect.DeepEqual(p.Number.Terms, c.terms) || !reflect.DeepEqual(p.Number.Codes, c.codes) ||
				p.Text != c.text || !reflect.DeepEqual(p.Phrases, c.phrases) || !reflect.DeepEqual(p.Provinces, c.provinces) ||
				!reflect.DeepEqual(words, c.words) {
				t.Errorf("Understand(%q) = %+v (province words %v)", c.in, p, words)
			}
		})
	}
}

func TestWithoutNumber(t *testing.T) {
	p := Understand(`qd 4768 "khuyến công"`).WithoutNumber(`qd 4768 "khuyến công"`)
	if p.Number.Found() || p.Text != "qd 4768" || len(p.Phrases) != 1 {
		t.Errorf("WithoutNumber = %+v", p)
	}
}

// FuzzFold: the fold and the exact key (the index's token filters) take any bytes (text layers hold
// broken UTF-8) and give valid UTF-8 without diacritics for the fold.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Quyết định", "Ho\u0300a", "ÐÀ", "\xe1\xbb", "thuỷ", "ǅ", "\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := AppendFold(nil, []byte(s))
		exact := AppendExact(nil, []byte(s))
		if utf8.ValidString(s) && (!utf8.Valid(folded) || !utf8.Valid(exact)) {
			t.Errorf("invalid UTF-8 from %q: fold %q exact %q", s, folded, exact)
		}
		if string(AppendFold(nil, folded)) != string(folded) {
			t.Errorf("fold is not idempotent on %q", s)
		}
	})
}

// TestNumberTypes: a type named beside a number, in a short query, names
// the document looked for; in a longer text it names a document cited.
func TestNumberTypes(t *testing.T) {
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"Nghị quyết 103/2025", []string{"nq", "nghi quyet"}},
		{"01 2026 NĐ CP", []string{"nd"}},
		{"Luật Viên chức 129/2025", []string{"l", "luat"}},
		{"103/2025", nil},
		{"Quy định chi tiết thi hành Luật Thi đua và Nghị định 152/2025/NĐ-CP", nil},
	} {
		if got := Understand(c.q).Number.Types; !reflect.DeepEqual(got, c.want) {
			t.Errorf("Understand(%q).Number.Types = %q, want %q", c.q, got, c.want)
		}
	}
}
