package index

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NumberKey is the exact-match key of a document number (số, ký hiệu): NFC,
// no spaces, lower case, Đ/đ folded to d, so "779 /QĐ-UBND" and
// "779/qd-ubnd" agree. It is stored in the number_key field.
func NumberKey(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case r == 'Đ' || r == 'đ' || r == 'Ð':
			b.WriteRune('d')
		case r == '–' || r == '—':
			b.WriteByte('-')
		default:
			if r < tableSize {
				if f := foldTable[r]; f != 0 {
					r = f
				}
			}
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.ReplaceAll(b.String(), "&amp;", "&")
}

// numberTerms are the keyword terms indexed for a number so that partial
// spellings find it: "n:4768" (the running number), "y:2020" (a year part),
// "c:qd", "c:bct" (each code), "s:qd-bct" (the whole code).
// "82/2020/NĐ-CP" → n:82 y:2020 c:nd c:cp s:nd-cp.
func numberTerms(number string) []string {
	key := NumberKey(number)
	if key == "" {
		return nil
	}
	var terms []string
	add := func(t string) {
		for _, x := range terms {
			if x == t {
				return
			}
		}
		terms = append(terms, t)
	}
	parts := strings.FieldsFunc(key, func(r rune) bool { return r == '/' })
	for i, p := range parts {
		if i == 0 {
			// "60-nq" (party style): the number and a code.
			num, code, _ := strings.Cut(p, "-")
			if isDigits(num) {
				add("n:" + strings.TrimLeft(num, "0"))
			}
			if code != "" {
				add("s:" + code)
				for _, c := range strings.Split(code, "-") {
					if c != "" {
						add("c:" + c)
					}
				}
			}
			continue
		}
		if isDigits(p) && len(p) == 4 {
			add("y:" + p)
			continue
		}
		add("s:" + p)
		for _, c := range strings.FieldsFunc(p, func(r rune) bool { return r == '-' || r == '.' || r == '&' }) {
			add("c:" + c)
		}
	}
	return terms
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// typeWords maps the folded name of a document type, as typed before a
// number ("quyết định 2319"), to its code. "so" (số) and "cong van" name no
// code.
var typeWords = map[string]string{
	"quyet dinh": "qd", "nghi dinh": "nd", "nghi quyet": "nq", "thong tu": "tt",
	"thong tu lien tich": "ttlt", "chi thi": "ct", "thong bao": "tb", "huong dan": "hd",
	"chuong trinh": "ctr", "ke hoach": "kh", "phuong an": "pa", "de an": "da", "du an": "da",
	"bao cao": "bc", "bien ban": "bb", "to trinh": "ttr", "hop dong": "hd", "cong dien": "cd",
	"giay moi": "gm", "luat": "l", "van ban hop nhat": "vbhn", "quy che": "qc", "quy dinh": "qyd",
	"cong van": "", "so": "", "van ban": "", "ky hieu": "",
}

// typeCodes are the codes a clerk may type in front of a number ("QĐ 2319").
var typeCodes = map[string]bool{
	"nq": true, "qd": true, "ct": true, "qc": true, "qyd": true, "tc": true, "tb": true, "hd": true,
	"ctr": true, "kh": true, "pa": true, "da": true, "bc": true, "bb": true, "ttr": true, "cd": true,
	"bgn": true, "btt": true, "guq": true, "gm": true, "ggt": true, "gnp": true, "pg": true, "pc": true,
	"pb": true, "nd": true, "tt": true, "ttlt": true, "vbhn": true, "cv": true,
}

// numberQuery is what a query says about a document number.
type numberQuery struct {
	Key   string   // whole number key when typed in full ("4768/qd-bct")
	Terms []string // number terms that must match (n:, y:)
	Codes []string // code terms that should match (c:)
	Only  bool     // the query is nothing but a number
}

var (
	// A full number: 4768/QĐ-BCT, 82/2020/NĐ-CP, 4768 / qd-bct, 60-NQ/TW.
	fullNumberRe = regexp.MustCompile(`(?i)\b(\d{1,6})\s*(?:/\s*(\d{4})\s*)?/\s*([\p{L}&][\p{L}\d&]*(?:\s*[-.]\s*[\p{L}\d&]+)*)|\b(\d{1,6})-(\p{L}+)/([\p{L}\d-]+)`)
	// A number with its year: 82/2020.
	numberYearRe = regexp.MustCompile(`\b(\d{1,6})\s*/\s*((?:19|20)\d\d)\b`)
	digitsRe     = regexp.MustCompile(`^\d{1,6}$`)
)

// parseNumber looks for a document number in a folded query and returns it
// with the words left over.
func parseNumber(folded string) (numberQuery, string) {
	var nq numberQuery
	rest := folded
	if m := fullNumberRe.FindStringSubmatchIndex(folded); m != nil {
		s := folded[m[0]:m[1]]
		nq.Key = NumberKey(s)
		for _, t := range numberTerms(s) {
			if strings.HasPrefix(t, "n:") || strings.HasPrefix(t, "y:") {
				nq.Terms = append(nq.Terms, t)
			} else if strings.HasPrefix(t, "c:") {
				nq.Codes = append(nq.Codes, t)
			}
		}
		rest = folded[:m[0]] + " " + folded[m[1]:]
	} else {
		for _, m := range numberYearRe.FindAllStringSubmatchIndex(folded, -1) {
			// 12/2025 inside a date (19/12/2025) is no document number.
			before := strings.TrimRight(folded[:m[0]], " ")
			after := strings.TrimLeft(folded[m[1]:], " ")
			if strings.HasSuffix(before, "/") || strings.HasPrefix(after, "/") {
				continue
			}
			nq.Terms = []string{"n:" + strings.TrimLeft(folded[m[2]:m[3]], "0"), "y:" + folded[m[4]:m[5]]}
			rest = folded[:m[0]] + " " + folded[m[1]:]
			break
		}
	}
	words := strings.Fields(strings.NewReplacer(":", " ", ",", " ", ".", " ").Replace(rest))
	// Type words or codes in front of (or after) a bare number: "qd 4768",
	// "quyết định 2319", "số 779", "4768 qd".
	var kept []string
	var code string
	sawType := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		matched := false
		for n := 4; n >= 1; n-- {
			if i+n > len(words) {
				continue
			}
			phrase := strings.Join(words[i:i+n], " ")
			if c, ok := typeWords[phrase]; ok {
				if c != "" {
					code = c
				}
				sawType, matched = true, true
				i += n - 1
				break
			}
		}
		if matched {
			continue
		}
		if typeCodes[w] {
			code, sawType = w, true
			continue
		}
		kept = append(kept, w)
	}
	if nq.Key == "" && len(nq.Terms) == 0 {
		var bare []string
		var others []string
		for _, w := range kept {
			if digitsRe.MatchString(w) {
				bare = append(bare, w)
			} else {
				others = append(others, w)
			}
		}
		if len(bare) == 1 && sawType {
			nq.Terms = []string{"n:" + strings.TrimLeft(bare[0], "0")}
			kept = others
		}
	}
	if code != "" && (nq.Key != "" || len(nq.Terms) > 0) {
		nq.Codes = append(nq.Codes, "c:"+code)
	}
	if nq.Key == "" && len(nq.Terms) == 0 {
		// No number: the type words are ordinary words again.
		return nq, folded
	}
	nq.Only = len(kept) == 0
	return nq, strings.Join(kept, " ")
}

// words are the folded words of the number in reading order, as the text
// analyzer sees them: "4768/qd-bct" → 4768 qd bct; "qd 4768" → 4768 qd.
func (nq numberQuery) words() []string {
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		})
	}
	if nq.Key != "" {
		return split(nq.Key)
	}
	var w []string
	for _, t := range nq.Terms { // n: then y:
		w = append(w, t[2:])
	}
	for _, c := range nq.Codes {
		w = append(w, split(c[2:])...)
		break
	}
	return w
}
