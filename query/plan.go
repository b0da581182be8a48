package query

import (
	"regexp"
	"strings"
	"unicode"

	"vanban/extract/vntext"
)

// Plan is what a query's text says, before any index is asked: the
// document number it names (with the spellings to look for), the words to
// match, the "quoted phrases", and the provinces it names. The index turns
// a Plan into its own queries and adds what only it knows (which words are
// common, which are in no document).
type Plan struct {
	Number Number
	// Text is the words to match in their original spelling: the query
	// without its phrases, and without the number when the number and its
	// type words are all but two words of it.
	Text    string
	Phrases []string
	// Provinces named in Text, in the gazetteer's spelling, with the
	// post-2025 unit each belongs to.
	Provinces []Province
	// ProvinceWords are the folded words of Text that name a province
	// ("sai gon", "tphcm"): a province match scores them, so a document
	// about the province need not spell it the same way.
	ProvinceWords map[string]bool
}

var quotedRe = regexp.MustCompile(`"([^"]+)"`)

// Understand reads what a clerk typed: "qd 4768 lam dong" is number 4768
// of a quyết định (code qd) and the province Lâm Đồng; "82/2020/NĐ-CP" is
// a whole number; "\"ngân sách nhà nước\" 2025" is a phrase and a word.
func Understand(q string) Plan {
	var p Plan
	q = vntext.FixMixedScript(strings.TrimSpace(q))
	for _, m := range quotedRe.FindAllStringSubmatch(q, -1) {
		if s := strings.TrimSpace(m[1]); s != "" {
			p.Phrases = append(p.Phrases, s)
		}
	}
	q = strings.TrimSpace(quotedRe.ReplaceAllString(q, " "))
	folded := Fold(q)
	nq, rest := parseNumber(folded)
	p.Number = nq
	switch {
	case !nq.Found():
		p.Text = q
	case len(strings.Fields(rest)) >= 3:
		// A sentence that cites a number ("sửa đổi … Thông tư số
		// 62/2023/TT-BCA"): all its words count, as written, the type
		// words too.
		p.Text = q
		if m, _ := numberSpan(q); m != nil {
			p.Text = strings.TrimSpace(q[:m[0]] + " " + q[m[1]:])
		}
	default:
		p.Text = rest
	}
	words := strings.FieldsFunc(Fold(p.Text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	p.Provinces, p.ProvinceWords = provincesIn(words)
	return p
}

// WithoutNumber is the plan of the same query read as words only: the
// fall-back when the number it names is in no document.
func (p Plan) WithoutNumber(q string) Plan {
	p.Text = strings.TrimSpace(quotedRe.ReplaceAllString(q, " "))
	p.Number = Number{}
	return p
}

// FoldedWords are the distinct words of s as the folding analyzer indexes
// them.
func FoldedWords(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !IsWordRune(r) }) {
		f := string(AppendFold(nil, []byte(w)))
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// IsWordRune tells the runes that make words, for the tokenizer of the
// index and for reading queries alike.
func IsWordRune(r rune) bool {
	return r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
		r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

// IsASCII tells whether s has no letter beyond ASCII (nothing to match in
// its exact spelling).
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// IsBareNumber tells a word that may be a running number (1 to 6 digits).
func IsBareNumber(w string) bool { return digitsRe.MatchString(w) }
