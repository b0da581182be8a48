package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Encoding names how the text of a run or a cell is encoded.
type Encoding int

const (
	// Unicode is ordinary text.
	Unicode Encoding = iota
	// TCVN3 is TCVN 5712:1993 VN3, the "ABC" encoding of the .Vn* fonts
	// (.VnTime, .VnArial…): one byte per precomposed lower-case letter.
	TCVN3
	// TCVN3Capitals is TCVN3 drawn in a capitals font (.VnTimeH,
	// .VnArialH…): the lower-case codes show as capitals.
	TCVN3Capitals
	// VNI is the VNI-Windows encoding of the VNI-* fonts (VNI-Times…): a
	// base letter followed by accent bytes.
	VNI
)

func (e Encoding) String() string {
	switch e {
	case TCVN3:
		return "TCVN3"
	case TCVN3Capitals:
		return "TCVN3 capitals"
	case VNI:
		return "VNI"
	}
	return "Unicode"
}

// FontEncoding says which encoding a font name implies: ".VnTime",
// ".VnTimeH", "VnArial NarrowH", "ABCDEF+.VnTime-Bold" → TCVN3 (the final H
// of the family means capitals); "VNI-Times", "VNI-Helve-Condense" → VNI;
// anything else → Unicode.
func FontEncoding(fontName string) Encoding {
	f := fontName
	if i := strings.IndexByte(f, '+'); i == 6 { // subset prefix ABCDEF+
		f = f[i+1:]
	}
	f = strings.TrimSpace(f)
	lf := strings.ToLower(f)
	if strings.HasPrefix(lf, "vni-") || strings.HasPrefix(lf, "vni ") || strings.HasPrefix(lf, "vni_") {
		return VNI
	}
	if strings.HasPrefix(lf, ".vn") || (strings.HasPrefix(lf, "vn") && len(lf) > 3 && lf[2] != 'i') {
		// Drop style suffixes: ".VnTimeH-Bold", ".VnTimeH,Italic", "VnTimeH Bold".
		fam := f
		for _, sep := range []string{"-", ",", " Bold", " Italic"} {
			if i := strings.Index(fam, sep); i > 0 {
				fam = fam[:i]
			}
		}
		fam = strings.TrimSpace(fam)
		if strings.HasSuffix(fam, "H") {
			return TCVN3Capitals
		}
		return TCVN3
	}
	return Unicode
}

// tcvn3 maps TCVN3 (ABC) code points, as they come out of a Latin-1 or
// cp1252 reading of the bytes, to Unicode. Toned capitals have no code of
// their own: the .Vn*H fonts draw the lower-case codes as capitals.
var tcvn3 = map[rune]rune{
	0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
	0xA8: 'ă', 0xA9: 'â', 0xAA: 'ê', 0xAB: 'ô', 0xAC: 'ơ', 0xAD: 'ư', 0xAE: 'đ',
	0xB5: 'à', 0xB6: 'ả', 0xB7: 'ã', 0xB8: 'á', 0xB9: 'ạ',
	0xBB: 'ằ', 0xBC: 'ẳ', 0xBD: 'ẵ', 0xBE: 'ắ', 0xC6: 'ặ',
	0xC7: 'ầ', 0xC8: 'ẩ', 0xC9: 'ẫ', 0xCA: 'ấ', 0xCB: 'ậ',
	0xCC: 'è', 0xCE: 'ẻ', 0xCF: 'ẽ', 0xD0: 'é', 0xD1: 'ẹ',
	0xD2: 'ề', 0xD3: 'ể', 0xD4: 'ễ', 0xD5: 'ế', 0xD6: 'ệ',
	0xD7: 'ì', 0xD8: 'ỉ', 0xDC: 'ĩ', 0xDD: 'í', 0xDE: 'ị',
	0xDF: 'ò', 0xE1: 'ỏ', 0xE2: 'õ', 0xE3: 'ó', 0xE4: 'ọ',
	0xE5: 'ồ', 0xE6: 'ổ', 0xE7: 'ỗ', 0xE8: 'ố', 0xE9: 'ộ',
	0xEA: 'ờ', 0xEB: 'ở', 0xEC: 'ỡ', 0xED: 'ớ', 0xEE: 'ợ',
	0xEF: 'ù', 0xF1: 'ủ', 0xF2: 'ũ', 0xF3: 'ú', 0xF4: 'ụ',
	0xF5: 'ừ', 0xF6: 'ử', 0xF7: 'ữ', 0xF8: 'ứ', 0xF9: 'ự',
	0xFA: 'ỳ', 0xFB: 'ỷ', 0xFC: 'ỹ', 0xFD: 'ý', 0xFE: 'ỵ',
}

// cp1252 maps the cp1252 code points for bytes 0x80–0x9F back to the byte,
// so text that went through a cp1252 decoder is read like Latin-1.
var cp1252 = map[rune]rune{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// DecodeTCVN3 converts TCVN3 (ABC) text to Unicode NFC. s holds the legacy
// bytes as runes (a Latin-1 or cp1252 reading, as spreadsheet and PDF
// readers give them: "Bé Tµi chÝnh"). With capitals (a .Vn*H font) the whole
// run is upper-cased, as the font draws it. Runes outside the table pass
// through.
func DecodeTCVN3(s string, capitals bool) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for _, r := range s {
		if c, ok := cp1252[r]; ok {
			r = c
		}
		if u, ok := tcvn3[r]; ok {
			r = u
		}
		if capitals {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
	}
	return NFC(b.String())
}

// VNI accent bytes (as Latin-1 runes) → combining marks they add to the
// preceding vowel. Lower- and upper-case forms are both accepted.
var vniMarks = map[rune]string{
	'ø': "\u0300", 'Ø': "\u0300", // huyền
	'û': "\u0309", 'Û': "\u0309", // hỏi
	'õ': "\u0303", 'Õ': "\u0303", // ngã
	'ù': "\u0301", 'Ù': "\u0301", // sắc
	'ï': "\u0323", 'Ï': "\u0323", // nặng
	'â': "\u0302", 'Â': "\u0302", // ^
	'à': "\u0302\u0300", 'À': "\u0302\u0300",
	'å': "\u0302\u0309", 'Å': "\u0302\u0309",
	'ã': "\u0302\u0303", 'Ã': "\u0302\u0303",
	'á': "\u0302\u0301", 'Á': "\u0302\u0301",
	'ä': "\u0302\u0323", 'Ä': "\u0302\u0323",
	'ê': "\u0306", 'Ê': "\u0306", // ˘ (ă)
	'è': "\u0306\u0300", 'È': "\u0306\u0300",
	'ú': "\u0306\u0309", 'Ú': "\u0306\u0309",
	'ü': "\u0306\u0303", 'Ü': "\u0306\u0303",
	'é': "\u0306\u0301", 'É': "\u0306\u0301",
	'ë': "\u0306\u0323", 'Ë': "\u0306\u0323",
}

// vniLetters are VNI bytes that stand for a whole letter.
var vniLetters = map[rune]rune{
	'ô': 'ơ', 'Ô': 'Ơ', 'ö': 'ư', 'Ö': 'Ư', 'ñ': 'đ', 'Ñ': 'Đ',
	'ì': 'ì', 'Ì': 'Ì', 'æ': 'ỉ', 'Æ': 'Ỉ', 'ó': 'ĩ', 'Ó': 'Ĩ',
	'í': 'í', 'Í': 'Í', 'ò': 'ị', 'Ò': 'Ị', 'î': 'ỵ', 'Î': 'Ỵ',
}

// DecodeVNI converts VNI-Windows text (Latin-1 runes: "Vieät Nam") to
// Unicode NFC ("Việt Nam"). An accent byte applies to the vowel before it;
// after anything else it passes through unchanged.
func DecodeVNI(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	prevVowel := false
	for _, r := range s {
		if c, ok := cp1252[r]; ok {
			r = c
		}
		if prevVowel {
			if m, ok := vniMarks[r]; ok {
				b.WriteString(m)
				// a second accent byte may follow ("ô" + "ø" = ờ)
				prevVowel = false
				continue
			}
		}
		if l, ok := vniLetters[r]; ok {
			b.WriteRune(l)
			prevVowel = l == 'ơ' || l == 'Ơ' || l == 'ư' || l == 'Ư'
			continue
		}
		b.WriteRune(r)
		prevVowel = strings.ContainsRune("aeouyAEOUY", r)
	}
	return NFC(b.String())
}

// GuessLegacy guesses the encoding of text whose font is unknown, from
// rune statistics: Unicode Vietnamese letters (U+1EA0–U+1EF9, ơ ư đ ă)
// mean Unicode; runes that TCVN3 uses for letters but that are rare in
// Unicode Vietnamese (µ ¸ ¶ Ý Þ ® § ×…) mean TCVN3; vowels followed by VNI
// accent bytes (ø ù û õ ï after a/e/o/u/y, "ñ", "aâ", "eâ", "oâ") mean VNI.
// Plain ASCII is Unicode.
func GuessLegacy(s string) Encoding {
	var uni, tc, vni, upper, lower int
	prev := rune(0)
	for _, r := range s {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				upper++
			} else if r >= 'a' && r <= 'z' {
				lower++
			}
			prev = r
			continue
		}
		switch {
		case r >= 0x1EA0 && r <= 0x1EF9, r == 'ơ', r == 'ư', r == 'đ', r == 'ă', r == 'Ơ', r == 'Ư', r == 'Đ', r == 'Ă':
			uni++
		}
		isVowel := strings.ContainsRune("aeouyAEOUYôöÔÖ", prev)
		if isVowel {
			if _, ok := vniMarks[r]; ok {
				vni++
			}
		}
		if r == 'ñ' || r == 'Ñ' {
			vni++
		}
		if _, ok := tcvn3[r]; ok && !isLatin1Letter(r) {
			tc += 2 // µ ¸ ¶ ® § © ª « ¬ ­ … are not letters in Latin-1
		} else if ok {
			tc++
		}
		prev = r
	}
	if uni > 0 && uni >= tc && uni >= vni {
		return Unicode
	}
	if vni == 0 && tc == 0 {
		return Unicode
	}
	if vni*2 > tc {
		return VNI
	}
	if upper > 0 && lower == 0 {
		return TCVN3Capitals
	}
	return TCVN3
}

func isLatin1Letter(r rune) bool {
	return r >= 0xC0 && r <= 0xFF && r != 0xD7 && r != 0xF7
}

// Decode converts s from enc to Unicode NFC.
func Decode(s string, enc Encoding) string {
	switch enc {
	case TCVN3:
		return DecodeTCVN3(s, false)
	case TCVN3Capitals:
		return DecodeTCVN3(s, true)
	case VNI:
		return DecodeVNI(s)
	}
	return NFC(s)
}

// normNFD is kept for tests comparing decompositions.
var _ = norm.NFD
