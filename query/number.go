package query

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"vanban/extract/vntext"
)

// NumberKey is the exact-match key of a document number (số, ký hiệu): NFC,
// no spaces, lower case, Đ/đ folded to d, so "779 /QĐ-UBND" and
// "779/qd-ubnd" agree. It is stored in the number_key field.
func NumberKey(s string) string {
	s = vntext.LatinLookalikes(norm.NFC.String(s))
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

// NumberTerms are the keyword terms indexed for a number so that partial
// spellings find it: "n:4768" (the running number), "y:2020" (a year part),
// "c:qd", "c:bct" (each code), "s:qd-bct" (the whole code).
// "82/2020/NĐ-CP" → n:82 y:2020 c:nd c:cp s:nd-cp.
func NumberTerms(number string) []string {
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
			// "60-nq" (party style): the number and a code; "66.7" (a
			// numbered series) is one running number.
			num, code, _ := strings.Cut(p, "-")
			if isDigits(num) || dottedRe.MatchString(num) {
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

// maxTypedWords is how many words besides the number and its type a query
// may hold for the type to name the document looked for (Number.Types).
const maxTypedWords = 3

// typeCodes are the codes a clerk may type in front of a number ("QĐ 2319").
var typeCodes = map[string]bool{
	"nq": true, "qd": true, "ct": true, "qc": true, "qyd": true, "tc": true, "tb": true, "hd": true,
	"ctr": true, "kh": true, "pa": true, "da": true, "bc": true, "bb": true, "ttr": true, "cd": true,
	"bgn": true, "btt": true, "guq": true, "gm": true, "ggt": true, "gnp": true, "pg": true, "pc": true,
	"pb": true, "nd": true, "tt": true, "ttlt": true, "vbhn": true, "cv": true,
}

// Number is what a query says about a document number.
type Number struct {
	Key   string   // whole number key when typed in full ("4768/qd-bct")
	Terms []string // number terms that must match (n:, y:)
	Codes []string // code terms that should match (c:)
	// Types are the keys of a type the query names beside the number
	// ("nq" and "nghi quyet" for "Nghị quyết 103/2025"; "nd" for "01
	// 2026 NĐ CP"): a document of that type comes before one of another
	// type with the same number. Nil when none.
	Types []string
	Only  bool // the query is nothing but a number
}

var (
	// A full number: 4768/QĐ-BCT, 82/2020/NĐ-CP, 4768 / qd-bct, 60-NQ/TW.
	fullNumberRe = regexp.MustCompile(`(?i)\b(\d{1,6}(?:\.\d{1,3})?)\s*(?:/\s*(\d{4})\s*)?/\s*([\p{L}&][\p{L}\d&]*(?:\s*[-.]\s*[\p{L}\d&]+)*)|\b(\d{1,6})-(\p{L}+)/([\p{L}\d-]+)`)
	// A number with its year: 82/2020.
	numberYearRe = regexp.MustCompile(`\b(\d{1,6}(?:\.\d{1,3})?)\s*/\s*((?:19|20)\d\d)\b`)
	digitsRe     = regexp.MustCompile(`^\d{1,6}$`)
	// A running number of a numbered series: "66.7/2025/NQ-CP".
	dottedRe = regexp.MustCompile(`^\d{1,6}\.\d{1,3}$`)
	yearRe   = regexp.MustCompile(`^(?:19|20)\d\d$`)
)

// numberSpan finds the document number written in s (folded or not): a
// full number ("4768/QĐ-BCT") first, else a number with its year
// ("82/2020", not the 12/2025 of a date 19/12/2025). m is the match's
// submatch index (of fullNumberRe when full, else of numberYearRe); nil
// when there is none.
func numberSpan(s string) (m []int, full bool) {
	if m := fullNumberRe.FindStringSubmatchIndex(s); m != nil {
		return m, true
	}
	for _, m := range numberYearRe.FindAllStringSubmatchIndex(s, -1) {
		before := strings.TrimRight(s[:m[0]], " ")
		after := strings.TrimLeft(s[m[1]:], " ")
		if strings.HasSuffix(before, "/") || strings.HasPrefix(after, "/") {
			continue
		}
		return m, false
	}
	return nil, false
}

// parseNumber looks for a document number in a folded query and returns it
// with the words left over.
func parseNumber(folded string) (Number, string) {
	var nq Number
	rest := folded
	if m, full := numberSpan(folded); m != nil {
		s := folded[m[0]:m[1]]
		if full {
			nq.Key = NumberKey(s)
			for _, t := range NumberTerms(s) {
				if strings.HasPrefix(t, "n:") || strings.HasPrefix(t, "y:") {
					nq.Terms = append(nq.Terms, t)
				} else if strings.HasPrefix(t, "c:") {
					nq.Codes = append(nq.Codes, t)
				}
			}
		} else {
			nq.Terms = []string{"n:" + strings.TrimLeft(folded[m[2]:m[3]], "0"), "y:" + folded[m[4]:m[5]]}
		}
		rest = folded[:m[0]] + " " + folded[m[1]:]
	}
	words := strings.Fields(splitPunct(rest))
	// Type words or codes next to a bare number: "qd 4768", "quyết định
	// 2319", "quyết định số 779", "4768 qd". A number elsewhere ("chương
	// trình lập pháp năm 2026") is a word.
	var kept []string
	var afterType, beforeType []bool
	var code, typeName string
	sawType, lastType := false, false
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
					code, typeName = c, phrase
				}
				matched = true
				i += n - 1
				break
			}
		}
		if !matched && typeCodes[w] {
			code, matched = w, true
		}
		if matched {
			if !lastType && len(kept) > 0 {
				beforeType[len(kept)-1] = true
			}
			sawType, lastType = true, true
			continue
		}
		kept = append(kept, w)
		afterType = append(afterType, lastType)
		beforeType = append(beforeType, false)
		lastType = false
	}
	if !nq.Found() && sawType {
		bare := func(i int) bool {
			return i < len(kept) && (digitsRe.MatchString(kept[i]) || dottedRe.MatchString(kept[i]))
		}
		for i := range kept {
			if !bare(i) {
				continue
			}
			if bare(i+1) && !yearRe.MatchString(kept[i]) && yearRe.MatchString(kept[i+1]) && (afterType[i] || beforeType[i+1]) {
				// "nđ 181 2025", "181 2025 NĐ CP": the number and its
				// year with spaces for slashes.
				nq.Terms = []string{"n:" + strings.TrimLeft(kept[i], "0"), "y:" + kept[i+1]}
				kept = append(kept[:i:i], kept[i+2:]...)
				break
			}
			if afterType[i] || beforeType[i] {
				nq.Terms = []string{"n:" + strings.TrimLeft(kept[i], "0")}
				kept = append(kept[:i:i], kept[i+1:]...)
				break
			}
		}
	}
	if code != "" && nq.Found() {
		nq.Codes = append(nq.Codes, "c:"+code)
		// The type names the document looked for when the query is the
		// number with a few words ("Nghị quyết 103/2025", "01 2026 NĐ
		// CP", "Luật Viên chức 129/2025"); in a longer text (a title "…
		// hướng dẫn Nghị định 152/2025/NĐ-CP …") it names a document
		// cited.
		if len(kept) <= maxTypedWords {
			nq.Types = append(nq.Types, code)
			if typeName != "" {
				nq.Types = append(nq.Types, typeName)
			}
		}
	}
	if !nq.Found() {
		// No number: the type words are ordinary words again.
		return nq, folded
	}
	nq.Only = len(kept) == 0
	return nq, strings.Join(kept, " ")
}

// splitPunct turns the colons, commas and full stops of s into spaces,
// except a dot between digits ("66.7").
func splitPunct(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch c {
		case ':', ',':
			b[i] = ' '
		case '.':
			if i == 0 || i == len(b)-1 || !isDigit(b[i-1]) || !isDigit(b[i+1]) {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// found says whether the query names a number (whole or running part).
func (nq Number) Found() bool { return nq.Key != "" || len(nq.Terms) > 0 }

// words are the folded words of the number in reading order, as the text
// analyzer sees them: "4768/qd-bct" → 4768 qd bct; "qd 4768" → 4768 qd.
func (nq Number) Words() []string {
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
