package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalization form C. It is cheap when s is
// already NFC (the common case).
func NFC(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// Normalize returns the display-safe canonical form of s: what a reader
// sees is unchanged, only its encoding is (the tone placement as written is
// kept for display; Key and NormalizeTones unify it):
//
//   - NFC; Ð (U+00D0, Icelandic eth) and Ɖ (U+0189) become Đ, ð becomes đ;
//   - HTML entities left in text layers are decoded (&amp; &lt; &gt; &quot;
//     &apos; &#39; &nbsp; and numeric &#NNN; / &#xHH;);
//   - every Unicode space (NBSP, thin space, ideographic space, tab) becomes
//     an ASCII space and runs of spaces collapse to one; zero-width
//     characters and the soft hyphen are dropped; line breaks are kept;
//   - hyphen and dash variants (‐ ‑ ‒ – — ― −) become '-'.
//
// Leading and trailing spaces on each line are trimmed.
func Normalize(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = decodeEntities(s)
	}
	s = NFC(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	lineStart := true
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\f' || r == '\v':
			space = false
			lineStart = true
			if r == '\r' {
				r = '\n'
			}
			b.WriteRune(r)
			continue
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u2060':
			continue
		case r == ' ' || r == '\t' || unicode.IsSpace(r):
			space = true
			continue
		case r == '\u00d0' || r == '\u0189':
			r = 'Đ'
		case r == '\u00f0':
			r = 'đ'
		case r >= '\u2010' && r <= '\u2015', r == '\u2212', r == '\ufe63', r == '\uff0d':
			r = '-'
		}
		if space && !lineStart {
			b.WriteByte(' ')
		}
		space = false
		lineStart = false
		b.WriteRune(r)
	}
	out := b.String()
	// Trim spaces before line breaks (the loop drops them after).
	if strings.Contains(out, " \n") {
		out = strings.ReplaceAll(out, " \n", "\n")
	}
	return out
}

// NormalizeTones places the tone of a syllable ending in oa, oe or uy (no
// final consonant) on the first vowel, the traditional ("old") style that
// official documents and the province lists mostly use: hoà → hòa, thuỷ →
// thủy, khoẻ → khỏe, Uỷ → Ủy. quý, hoàng, thuyết are left alone: there both
// styles agree. s should be NFC.
func NormalizeTones(s string) string {
	return fixTones(s)
}

// Key is the comparison key of s: Normalize, one tone placement
// (NormalizeTones), then lower case. Two strings that a clerk would call
// "the same text" have the same Key: "THÀNH PHỐ HOÀ BÌNH" and "Thành phố
// Hòa Bình" do. Never compare strings without it.
func Key(s string) string {
	return strings.ToLower(fixTones(Normalize(s)))
}

// FoldKey is Key without diacritics: Fold(Normalize(s)), for search and for
// matching text typed without accents ("Thua Thien Hue").
func FoldKey(s string) string {
	return Fold(Normalize(s))
}

// foldTable maps runes below foldLimit to their folded form: lower case,
// diacritics removed, đ → d. 0 means "drop" (combining marks).
const foldLimit = 0x2000

var foldTable [foldLimit]rune

// ext maps U+1E00–U+1EFF (Latin Extended Additional: ạ ả ấ …).
var foldExt [0x100]rune

func init() {
	for r := rune(0); r < foldLimit; r++ {
		foldTable[r] = computeFold(r)
	}
	for i := range foldExt {
		foldExt[i] = computeFold(rune(0x1E00 + i))
	}
}

func computeFold(r rune) rune {
	if r >= 0x300 && r <= 0x36f {
		return 0
	}
	switch r {
	case 'đ', 'Đ', '\u00d0', '\u00f0', '\u0189':
		return 'd'
	}
	d := norm.NFD.String(string(r))
	base, _ := utf8.DecodeRuneInString(d)
	return unicode.ToLower(base)
}

// FoldRune folds one rune: lower case, diacritics removed, đ/Đ → d. It
// returns 0 for a combining mark (U+0300–U+036F), which callers drop. It is
// a table lookup for Latin runes and allocation-free.
func FoldRune(r rune) rune {
	if r >= 0 && r < foldLimit {
		return foldTable[r]
	}
	if r >= 0x1E00 && r <= 0x1EFF {
		return foldExt[r-0x1E00]
	}
	return unicode.ToLower(r)
}

// Fold returns s lower-cased with its diacritics removed and đ → d:
// "Thừa Thiên Huế" → "thua thien hue". It works on NFC and NFD input alike
// and allocates only when s changes.
func Fold(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if FoldRune(r) != r {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	buf := make([]byte, i, len(s))
	copy(buf, s[:i])
	for _, r := range s[i:] {
		f := FoldRune(r)
		if f == 0 && r != 0 {
			continue
		}
		if f < utf8.RuneSelf {
			buf = append(buf, byte(f))
		} else {
			buf = utf8.AppendRune(buf, f)
		}
	}
	return string(buf)
}

// AppendFold appends Fold(s) to dst and returns it: the allocation-free
// form for token filters that reuse a buffer.
func AppendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		f := FoldRune(r)
		if f == 0 {
			continue
		}
		dst = utf8.AppendRune(dst, f)
	}
	return dst
}

// Tone marks, in the order used by the tone tables: none, grave (huyền),
// hook (hỏi), tilde (ngã), acute (sắc), dot below (nặng).
var toneMarks = [...]rune{0, 0x300, 0x309, 0x303, 0x301, 0x323}

// splitTone returns the toneless NFC rune (keeping ^ ˘ and the horn) and the
// tone index (0 = none) of a Vietnamese vowel; ok is false for other runes.
func splitTone(r rune) (base rune, tone int, ok bool) {
	if t, found := toneOf[r]; found {
		return t.base, t.tone, true
	}
	return r, 0, false
}

type toned struct {
	base rune
	tone int
}

var (
	toneOf   = map[rune]toned{}
	withTone = map[toned]rune{}
)

func init() {
	const vowels = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
	for _, v := range vowels {
		for t, m := range toneMarks {
			var r rune
			if m == 0 {
				r = v
			} else {
				s := norm.NFC.String(string(v) + string(m))
				r, _ = utf8.DecodeRuneInString(s)
				if utf8.RuneCountInString(s) != 1 {
					continue
				}
			}
			toneOf[r] = toned{v, t}
			withTone[toned{v, t}] = r
		}
	}
}

// fixTones moves the tone of a syllable ending in oa, oe or uy (no final
// consonant) to the first vowel: hoà → hòa. Not after q (quý keeps its tone).
func fixTones(s string) string {
	if !needsToneFix(s) {
		return s
	}
	rs := []rune(s)
	for i := 1; i < len(rs); i++ {
		// rs[i-1], rs[i] is the candidate pair; rs[i+1] must not be a letter.
		if i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
			continue
		}
		b2, t2, ok2 := splitTone(rs[i])
		if !ok2 || t2 == 0 {
			continue
		}
		b1, t1, ok1 := splitTone(rs[i-1])
		if !ok1 || t1 != 0 {
			continue
		}
		l1, l2 := unicode.ToLower(b1), unicode.ToLower(b2)
		if !((l1 == 'o' && (l2 == 'a' || l2 == 'e')) || (l1 == 'u' && l2 == 'y')) {
			continue
		}
		if i >= 2 && (rs[i-2] == 'q' || rs[i-2] == 'Q') {
			continue
		}
		// Only within a word of at most 3 letters before the pair (a syllable).
		rs[i-1] = withTone[toned{b1, t2}]
		rs[i] = b2
	}
	return string(rs)
}

// needsToneFix is a cheap pre-check: is there a toned a/e/y right after o/u?
func needsToneFix(s string) bool {
	prev := rune(0)
	for _, r := range s {
		if r >= 0x80 {
			if b, t, ok := splitTone(r); ok && t != 0 {
				lb := unicode.ToLower(b)
				lp := unicode.ToLower(prev)
				if (lp == 'o' && (lb == 'a' || lb == 'e')) || (lp == 'u' && lb == 'y') {
					return true
				}
			}
		}
		prev = r
	}
	return false
}

var entityNames = map[string]string{
	"amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u00a0",
	"ndash": "–", "mdash": "—", "hellip": "…", "ldquo": "“", "rdquo": "”",
	"lsquo": "‘", "rsquo": "’",
}

// decodeEntities decodes the HTML entities text layers leave behind. It is
// linear and leaves anything it does not recognise unchanged.
func decodeEntities(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, ';')
		if j < 2 || j > 10 {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		name := s[1:j]
		if rep, ok := entityNames[strings.ToLower(name)]; ok {
			b.WriteString(rep)
			s = s[j+1:]
			continue
		}
		if name[0] == '#' {
			if r, ok := parseCharRef(name[1:]); ok {
				b.WriteRune(r)
				s = s[j+1:]
				continue
			}
		}
		b.WriteByte('&')
		s = s[1:]
	}
}

func parseCharRef(s string) (rune, bool) {
	base := 10
	if len(s) > 0 && (s[0] == 'x' || s[0] == 'X') {
		base = 16
		s = s[1:]
	}
	if s == "" || len(s) > 7 {
		return 0, false
	}
	var v rune
	for _, c := range s {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case base == 16 && c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		v = v*rune(base) + d
	}
	if v == 0 || v > unicode.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
		return 0, false
	}
	return v, true
}

// cyrillicLookalikes are the Cyrillic letters that look like Latin ones;
// titles and text layers put them in place of Latin letters ("NĐ-СР").
var cyrillicLookalikes = strings.NewReplacer(
	"А", "A", "В", "B", "С", "C", "Е", "E", "Н", "H", "К", "K", "М", "M", "О", "O",
	"Р", "P", "Т", "T", "Х", "X", "У", "Y", "І", "I", "а", "a", "с", "c", "е", "e",
	"о", "o", "р", "p", "х", "x", "у", "y", "і", "i",
)

// LatinLookalikes replaces every Cyrillic letter of s that looks like a
// Latin one by that Latin letter. Use it where only Latin is expected (the
// code of a document number).
func LatinLookalikes(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == 0xD0 || s[i] == 0xD1 { // lead bytes of U+0400–U+047F
			return cyrillicLookalikes.Replace(s)
		}
	}
	return s
}

// FixMixedScript applies LatinLookalikes to each word of s that also holds
// an ASCII letter or digit ("TT-BTС" with a Cyrillic С), and leaves words
// written wholly in Cyrillic alone.
func FixMixedScript(s string) string {
	if LatinLookalikes(s) == s {
		return s
	}
	words := strings.Fields(s)
	changed := false
	for i, w := range words {
		if strings.IndexFunc(w, func(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }) < 0 {
			continue
		}
		if f := LatinLookalikes(w); f != w {
			words[i], changed = f, true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(words, " ")
}
