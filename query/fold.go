package query

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"vanban/extract/vntext"
)

// The folding and exact keys are built on precomputed rune tables (DESIGN.md:
// a transform chain per token was 3× slower). Folding uses the shared table
// of extract/vntext (vntext.FoldRune); the exact key needs a second table
// (tone taken off, vowel quality kept) that vntext does not have, built here
// over U+0000–U+1EFF, which holds every Latin letter Vietnamese uses.

const tableSize = 0x1F00

// Tone marks (dấu thanh): huyền, sắc, ngã, hỏi, nặng.
var toneMarks = [...]rune{0, 0x0300, 0x0301, 0x0303, 0x0309, 0x0323}

var (
	// foldTable maps a rune to its lower-case base letter without any
	// diacritic (ấ → a, Đ → d); 0 means "drop" (a combining mark).
	foldTable [tableSize]rune
	// exactBase maps a rune to its lower-case form without the tone mark
	// but keeping the vowel quality (ấ → â, Ở → ơ); exactTone holds the
	// index in toneMarks of the tone it carried.
	exactBase [tableSize]rune
	exactTone [tableSize]uint8
)

func init() {
	for r := rune(0); r < tableSize; r++ {
		lr := unicode.ToLower(r)
		foldTable[r], exactBase[r] = lr, lr
		if unicode.Is(unicode.Mn, r) {
			foldTable[r] = 0
		}
		d := norm.NFD.String(string(r))
		base, n := utf8.DecodeRuneInString(d)
		if n == len(d) || base == utf8.RuneError {
			continue
		}
		marks := d[n:]
		allMarks := true
		for _, m := range marks {
			if !unicode.Is(unicode.Mn, m) {
				allMarks = false
			}
		}
		if !allMarks {
			continue
		}
		foldTable[r] = unicode.ToLower(base)
		var keep strings.Builder
		keep.WriteRune(base)
		for _, m := range marks {
			if t := toneIndex(m); t > 0 {
				exactTone[r] = uint8(t)
				continue
			}
			keep.WriteRune(m)
		}
		c := []rune(norm.NFC.String(keep.String()))
		if len(c) == 1 {
			exactBase[r] = unicode.ToLower(c[0])
		}
	}
	for _, r := range []rune{'Đ', 'đ', 'Ð'} {
		foldTable[r] = 'd'
		exactBase[r] = 'đ'
	}
}

func toneIndex(m rune) int {
	for i, t := range toneMarks {
		if i > 0 && t == m {
			return i
		}
	}
	return 0
}

// needsNFC reports whether s holds combining marks (NFD or mixed input).
func needsNFC(s []byte) bool {
	for _, c := range s {
		if c == 0xCC || c == 0xCD { // lead bytes of U+0300–U+036F
			return true
		}
	}
	return false
}

// AppendFold appends the folded form of s (lower case, no diacritics,
// đ → d) to dst. It is vntext.AppendFold for bytes: the token filter gets
// []byte tokens, and converting each to a string would allocate on the
// indexing hot path.
func AppendFold(dst []byte, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		i += n
		if r = vntext.FoldRune(r); r == 0 {
			continue
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// Fold returns s lower-cased with every diacritic removed and đ → d:
// "Quyết định Hoà Bình" → "quyet dinh hoa binh".
func Fold(s string) string {
	return vntext.Fold(s)
}

// AppendExact appends the exact key of one word: NFC, lower case, the tone
// mark taken off its vowel and written once at the end of the word, so the
// old and new placements ("hoà", "hòa"; "thuỷ", "thủy") give the same key
// while "khuyến" and "khuyên" stay apart.
func AppendExact(dst []byte, s []byte) []byte {
	if needsNFC(s) {
		s = norm.NFC.Bytes(s)
	}
	tone := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		i += n
		if r < tableSize {
			if t := exactTone[r]; t != 0 {
				tone = int(t)
			}
			if t := toneIndex(r); t > 0 {
				tone = t
				continue
			}
			r = exactBase[r]
		} else {
			r = unicode.ToLower(r)
		}
		dst = utf8.AppendRune(dst, r)
	}
	if tone > 0 {
		dst = utf8.AppendRune(dst, toneMarks[tone])
	}
	return dst
}

// FoldKey is the key used for keyword fields compared in any spelling
// (provinces, types, issuers): folded, spaces collapsed, punctuation other
// than '-' and '/' dropped.
func FoldKey(s string) string {
	f := AppendFold(nil, []byte(s))
	var b strings.Builder
	space := false
	for _, r := range string(f) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '/':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}
