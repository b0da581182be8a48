package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/extract/vntext"
)

// OCR tolerance for the header. OCR drops or swaps the diacritics of a
// province name ("LÂM ĐÔNG", "THÀNH PHÓ HÒ CHÍ MINH"); the gazetteer knows
// the real spelling. Only a name whose folded letters equal a gazetteer
// name (or, on an OCRed page, differ from exactly one of them by one
// letter) is rewritten: nothing is added that the text does not show.

// placeFixKeys are the folded keys of the canonical province names.
var placeFixKeys map[string]string // provinceKey → canonical name

func placeFixInit() {
	if placeFixKeys != nil {
		return
	}
	placeFixKeys = map[string]string{}
	for _, r := range provincesNew {
		placeFixKeys[provinceKey(r.Name)] = canonicalName(r.Name)
	}
	for _, r := range provincesOld {
		placeFixKeys[provinceKey(r.Name)] = canonicalName(r.Name)
	}
	for _, h := range historicProvinces {
		placeFixKeys[provinceKey(h.name)] = h.name
	}
}

// nearestPlace returns the canonical name whose key equals k or, when
// fuzzy, is the only one at one edit from it (keys of 7 letters or more).
func nearestPlace(k string, fuzzy bool) (string, bool) {
	if n, ok := placeFixKeys[k]; ok {
		return n, true
	}
	if !fuzzy || len(k) < 7 {
		return "", false
	}
	found := ""
	for key, name := range placeFixKeys {
		if len(key) < 7 || len(key)-len(k) > 1 || len(k)-len(key) > 1 {
			continue
		}
		if editWithin1(k, key) {
			if found != "" && found != name {
				return "", false // ambiguous: Bình Thuận or Ninh Thuận
			}
			found = name
		}
	}
	return found, found != ""
}

// editWithin1 reports whether ASCII strings a and b differ by at most one
// insertion, deletion or substitution.
func editWithin1(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+min(1, len(a)-i):] == b[i+min(1, len(b)-i):]
	}
	return a[i:] == b[i+1:]
}

var placeWordTrim = ",.;:()"

// fixPlaceNames rewrites province names misspelled by OCR in a header line
// to their gazetteer spelling, keeping the line's case: "CÔNG AN TỈNH LÂM
// ĐÔNG" → "CÔNG AN TỈNH LÂM ĐỒNG", "Thành phố Hô Chí Minh" → "Thành phố Hồ
// Chí Minh", "THÀNH PHÓ HÒ CHÍ MINH" → "THÀNH PHỐ HỒ CHÍ MINH". fuzzy
// allows one wrong letter after folding (OCRed pages only).
func fixPlaceNames(s string, fuzzy bool) string {
	placeFixInit()
	words := strings.Fields(s)
	if len(words) < 2 {
		return s
	}
	changed := false
	for i := 0; i+1 < len(words); i++ {
		if isPlacePrefixWord(words[i]) {
			continue
		}
		for n := min(4, len(words)-i); n >= 2; n-- {
			last := words[i+n-1]
			core := strings.TrimRight(last, placeWordTrim)
			tail := last[len(core):]
			if core == "" || strings.ContainsAny(strings.Join(words[i:i+n-1], " "), placeWordTrim) {
				continue
			}
			cand := strings.Join(append(append([]string{}, words[i:i+n-1]...), core), " ")
			r := []rune(cand)
			if !unicode.IsUpper(r[0]) {
				continue
			}
			name, ok := nearestPlace(provinceKey(cand), fuzzy)
			if !ok {
				continue
			}
			upper := mostlyUpper(cand)
			if upper {
				name = strings.ToUpper(name)
			}
			nw := strings.Fields(name)
			if len(nw) != n {
				continue // "Bà Rịa - Vũng Tàu" spelled otherwise: leave it
			}
			if cand != name {
				changed = true
				copy(words[i:i+n], nw)
				words[i+n-1] += tail
			}
			// "THÀNH PHÓ" before it is "THÀNH PHỐ".
			if i >= 2 && vntext.Fold(words[i-2]) == "thanh" && vntext.Fold(words[i-1]) == "pho" {
				want := "phố"
				if upper || words[i-1] == strings.ToUpper(words[i-1]) {
					want = "PHỐ"
				}
				if words[i-1] != want {
					words[i-1] = want
					changed = true
				}
			}
			i += n - 1
			break
		}
	}
	if !changed {
		return s
	}
	return strings.Join(words, " ")
}

func isPlacePrefixWord(w string) bool {
	switch vntext.Fold(strings.TrimRight(w, ".")) {
	case "tinh", "thanh", "tp", "t.p":
		return true
	}
	return false
}

// Loose header patterns for OCRed headers: the comma after the place lost
// ("Hà Nội ngày 12 tháng 01 năm 2010"), anchored at the line start so a
// body sentence is never read as the date line.
var (
	placeDateLooseRe  = regexp.MustCompile(`^\s*(\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,4})\s+(ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4})`)
	placeMonthLooseRe = regexp.MustCompile(`^\s*(\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,4})\s+ngày\s*\S{0,3}\s*(tháng\s*\d{1,2}\s*năm\s*\d{4})`)
)

// garbledNumberRe is a "Số:" line whose digits OCR could not read ("Số:
// 4ll2 /CAT-PC04(Đ1)", handwritten digits) but whose code it could.
var garbledNumberRe = regexp.MustCompile(`(?i)^\s*số\s*:?\s*(\S{1,6})\s*/\s*((?:(?:19|20)\d\d\s*/\s*)?[\p{L}\d&.()]+(?:\s*-\s*[\p{L}\d&.()]+)*)`)

// ocrNumberFromFileName reconciles an OCRed header number with the file
// name, whose digits a person typed: handwritten digits are what OCR reads
// worst.
//   - The header reads the same code with other digits ("37/QĐ-TTg", file
//     "57-QD-TTg"): the file name's number is kept, with a warning.
//   - The header's digits are unreadable ("Số: 4ll2 /CAT-PC04(Đ1)") and the
//     file name shows digits next to a part of that code ("CV1413-PC04"):
//     those digits with the header's code, with a warning.
//
// Nothing is taken when the file name does not confirm the code.
func ocrNumberFromFileName(id *Identity, lines []hline, name string) {
	if name == "" {
		return
	}
	fileNum := numberFromFileName(name)
	if id.Number != "" {
		if fileNum != "" && fileNum != id.Number && numberCode(fileNum) == numberCode(id.Number) {
			id.Warnings = append(id.Warnings, "the number read by OCR ("+id.Number+") differs from the file name's: "+fileNum+" is kept")
			id.Number = fileNum
		}
		return
	}
	for i, l := range lines {
		if i > 30 || isBodyStart(l.text) {
			break
		}
		m := garbledNumberRe.FindStringSubmatch(l.text)
		if m == nil || !strings.ContainsFunc(m[1], func(r rune) bool { return !unicode.IsDigit(r) }) {
			continue
		}
		code := canonicalCode(m[2])
		if code == "" || !strings.ContainsFunc(code, unicode.IsLetter) {
			return
		}
		base := strings.ToUpper(vntext.Fold(name))
		for _, part := range strings.FieldsFunc(code, func(r rune) bool { return r == '-' || r == '(' || r == ')' || r == '/' }) {
			part = strings.ToUpper(vntext.Fold(part))
			if len(part) < 2 || !strings.ContainsFunc(part, unicode.IsLetter) {
				continue
			}
			re := regexp.MustCompile(`(?:^|[^\d])(\d{1,6})[-_ ]?` + regexp.QuoteMeta(part) + `(?:$|[^A-Z\d])`)
			fm := re.FindStringSubmatch(base)
			if fm == nil && !strings.ContainsFunc(part, unicode.IsDigit) {
				// "KH-753_…": the code's letters, then the digits.
				re = regexp.MustCompile(`(?:^|[^A-Z\d])` + regexp.QuoteMeta(part) + `[-_ ]?(\d{1,6})(?:$|[^\d])`)
				fm = re.FindStringSubmatch(base)
			}
			if fm != nil {
				id.Number = strings.TrimLeft(fm[1], "0") + "/" + code
				if fm[1] == "0" || id.Number[0] == '/' {
					id.Number = ""
					return
				}
				id.Warnings = append(id.Warnings, "the digits of the number cannot be read (OCR): "+fm[1]+" is taken from the file name, the code "+code+" from the header")
				return
			}
		}
		return
	}
}

// numberCode is the part of a canonical number after the digits:
// "37/QĐ-TTg" → "/QĐ-TTg".
func numberCode(n string) string {
	i := strings.IndexFunc(n, func(r rune) bool { return !unicode.IsDigit(r) })
	if i < 0 {
		return ""
	}
	return n[i:]
}

// mostlyUpper: a name in capitals with at most one OCR slip ("NGÃl").
func mostlyUpper(s string) bool {
	lower := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			lower++
		}
	}
	return lower <= 1 && len([]rune(s)) > 3
}

// ranks are the titles written before a signer's name (armed forces,
// police, academic), folded.
var ranks = []string{"dai tuong", "thuong tuong", "trung tuong", "thieu tuong", "dai ta", "thuong ta", "trung ta", "thieu ta", "dai uy", "thuong uy", "trung uy", "thieu uy"}

// stripRank removes a rank before a name, tolerating one OCR slip in it:
// "Thiến tướng Trương Minh Đương" → "Trương Minh Đương". It returns ""
// when s starts with no rank.
func stripRank(s string) string {
	f := strings.Fields(s)
	if len(f) < 4 {
		return ""
	}
	pre := vntext.Fold(f[0] + " " + f[1])
	for _, r := range ranks {
		if pre == r || len(r) >= 7 && editWithin1(pre, r) {
			return strings.Join(f[2:], " ")
		}
	}
	return ""
}

// signerInRecipients finds a signer whose title block OCR lost (a stamp
// over it): a line that is only a person's name, in the last "Nơi nhận"
// block, where the name of the signer sits beside the recipients.
func signerInRecipients(lines []hline) string {
	start := -1
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-300; i-- {
		if strings.HasPrefix(strings.TrimSpace(lines[i].text), "Nơi nhận") {
			start = i
			break
		}
	}
	if start < 0 {
		return ""
	}
	for j := start + 1; j < len(lines) && j <= start+30; j++ {
		t := vntext.Normalize(lines[j].text)
		if strings.HasPrefix(t, "-") || t == strings.ToUpper(t) {
			continue
		}
		if looksLikeName(t) {
			return t
		}
	}
	return ""
}

// ocrDateRe is a date line whose words OCR misspelled ("ngáy 12 thang 3
// nam 2025"); the words are checked after folding.
var ocrDateRe = regexp.MustCompile(`(?i)(ng\p{L}{1,2}y)\s*(\d{1,2})\s*(th\p{L}{1,2}ng)\s*(\d{1,2})\s*(n\p{L}{1,2}m)\s*(\d{4})`)

// fixDateWords rewrites an OCR-misspelled "ngày … tháng … năm …" with the
// right words, the digits untouched.
func fixDateWords(s string) string {
	m := ocrDateRe.FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	w := func(k int) string { return vntext.Fold(s[m[2*k]:m[2*k+1]]) }
	if w(1) != "ngay" || w(3) != "thang" || w(5) != "nam" {
		return s
	}
	fixed := "ngày " + s[m[4]:m[5]] + " tháng " + s[m[8]:m[9]] + " năm " + s[m[12]:m[13]]
	return s[:m[0]] + fixed + s[m[1]:]
}

// centralOrgans are the issuing organs whose names a header prints on one
// line, spelled officially; an OCRed header line equal to one of them
// after folding (or, on an OCRed page, one letter off) is written so.
var centralOrgans = []string{
	"BỘ CÔNG AN", "BỘ QUỐC PHÒNG", "BỘ NGOẠI GIAO", "BỘ NỘI VỤ", "BỘ TƯ PHÁP", "BỘ TÀI CHÍNH", "BỘ CÔNG THƯƠNG",
	"BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "BỘ XÂY DỰNG", "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "BỘ KHOA HỌC VÀ CÔNG NGHỆ",
	"BỘ GIÁO DỤC VÀ ĐÀO TẠO", "BỘ Y TẾ", "BỘ DÂN TỘC VÀ TÔN GIÁO", "BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "BỘ GIAO THÔNG VẬN TẢI",
	"BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
	"BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "ỦY BAN DÂN TỘC", "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "THANH TRA CHÍNH PHỦ",
	"VĂN PHÒNG CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ", "CHÍNH PHỦ", "QUỐC HỘI", "VĂN PHÒNG QUỐC HỘI", "KIỂM TOÁN NHÀ NƯỚC",
	"ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "SỞ NỘI VỤ", "SỞ TÀI CHÍNH", "SỞ TƯ PHÁP", "SỞ Y TẾ", "SỞ XÂY DỰNG",
	"SỞ CÔNG THƯƠNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
	"SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "SỞ NGOẠI VỤ", "CÔNG AN",
}

var organKeys map[string]string // letters-only fold → official capitals

func organKey(s string) string {
	var b strings.Builder
	for _, r := range vntext.Fold(s) {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fixOrganLine rewrites a header line in capitals that is an organ's name
// misread by OCR ("BÔ TÀI CHINH", "BỘCÔNGAN -") in its official spelling.
// Lines in lower case, lines with digits and other lines are kept.
func fixOrganLine(s string, fuzzy bool) string {
	if organKeys == nil {
		organKeys = map[string]string{}
		for _, o := range centralOrgans {
			organKeys[organKey(o)] = o
		}
	}
	t := strings.Trim(s, " -_.*")
	if !mostlyUpper(t) || strings.ContainsFunc(t, unicode.IsDigit) || utf8.RuneCountInString(t) > 60 {
		return s
	}
	k := organKey(t)
	if o, ok := organKeys[k]; ok {
		if o == t {
			return s
		}
		return o
	}
	if !fuzzy || len(k) < 8 {
		return s
	}
	found := ""
	for key, o := range organKeys {
		if len(key) >= 8 && editWithin1(k, key) {
			if found != "" {
				return s
			}
			found = o
		}
	}
	if found == "" {
		return s
	}
	return found
}

// issuerCodes are the issuer parts of numbers that headers print, as
// officially spelled: central bodies (TTg, CP, QH, BTC, BNV …) and the
// local ones (UBND, HĐND, SNV …). An OCRed code one look-alike letter
// away from exactly one of them is read as it.
var issuerCodes = strings.Fields(`TTg CP QH UBTVQH CTN VPCP VPQH TTCP KTNN TANDTC VKSNDTC NHNN UBDT
	BTC BNV BCA BQP BNG BTP BCT BXD BYT BGDĐT BKHCN BNNMT BVHTTDL BDTTG BKHĐT BGTVT BTNMT BLĐTBXH
	BTTTT BNNPTNT UBND HĐND SNV STC SYT SXD SCT SGDĐT SNNMT SKHCN SVHTTDL STP CAT BCH TW VP KT`)

// lookAlike groups the characters OCR takes for one another in a header.
var lookAlike = map[rune]int{'I': 1, 'l': 1, '1': 1, 'T': 1, 'i': 1, 'J': 1, 't': 1, 'O': 2, '0': 2, 'D': 2, 'Đ': 2, 'Q': 2,
	'B': 3, '8': 3, 'S': 4, '5': 4, 'G': 5, '6': 5, 'C': 5, 'U': 6, 'V': 6, 'Z': 7, '2': 7, 'g': 8, 'q': 8, '9': 8}

// nearCode returns the one known code that part differs from by a single
// look-alike letter, or "".
func nearCode(part string) string {
	rp := []rune(part)
	found := ""
	for _, c := range issuerCodes {
		if c == part {
			return ""
		}
		rc := []rune(c)
		if len(rc) != len(rp) || len(rc) < 2 {
			continue
		}
		diff := 0
		ok := true
		for i := range rc {
			if rc[i] == rp[i] {
				continue
			}
			diff++
			if g := lookAlike[rc[i]]; g == 0 || g != lookAlike[rp[i]] {
				ok = false
			}
		}
		if ok && diff == 1 {
			if found != "" {
				return "" // two codes fit: leave it
			}
			found = c
		}
	}
	return found
}

// fixNumberCodes corrects one-letter OCR slips in the issuer parts of an
// OCRed number ("64/QĐ-TIg" → "64/QĐ-TTg"), with a warning.
func fixNumberCodes(id *Identity) {
	n := id.Number
	slash := strings.LastIndexByte(n, '/')
	if slash < 0 {
		return
	}
	parts := strings.Split(n[slash+1:], "-")
	changed := false
	for i, p := range parts {
		if i == 0 && len(parts) > 1 {
			continue // the type code
		}
		if c := nearCode(p); c != "" {
			parts[i], changed = c, true
		}
	}
	if !changed {
		return
	}
	id.Number = n[:slash+1] + strings.Join(parts, "-")
	id.Warnings = append(id.Warnings, "the number read by OCR ("+n+") has a code no issuer uses: read as "+id.Number)
}

// fixPlaceTail completes an OCRed place that is the tail of exactly one
// province's name ("Nội" → "Hà Nội": the first word lost under a stamp or
// a fold), with a warning. A place that is a known name stays.
func fixPlaceTail(id *Identity) {
	if id.Place == "" {
		return
	}
	if _, ok := LookupProvince(id.Place); ok {
		return
	}
	placeFixInit()
	pw := strings.Fields(vntext.Fold(strings.ToLower(id.Place)))
	if len(pw) == 0 || len(strings.Join(pw, "")) < 3 {
		return
	}
	found := ""
	for _, name := range placeFixKeys {
		nw := strings.Fields(vntext.Fold(strings.ToLower(name)))
		if len(nw) <= len(pw) || !slices.Equal(nw[len(nw)-len(pw):], pw) {
			continue
		}
		if found != "" && found != name {
			return // "Giang": Hà Giang, Bắc Giang, Kiên Giang …
		}
		found = name
	}
	if found == "" {
		return
	}
	id.Warnings = append(id.Warnings, "the place read by OCR ("+id.Place+") is read as "+found)
	id.Place = found
}

// dropStamps removes the lines of a received stamp ("CÔNG VĂN ĐẾN", "ĐẾN
// Số: … Ngày: …", "Chuyển: …") from the header: its number, date and
// words are the receiver's, never the document's.
func dropStamps(lines []hline) []hline {
	out := lines[:0]
	skip := 0
	for i, l := range lines {
		t := strings.TrimSpace(l.text)
		if skip > 0 && stampFieldRe.MatchString(t) {
			skip--
			continue
		}
		skip = 0
		// "CÔNG VĂN" with "ĐẾN" on the next line.
		if vntext.Fold(strings.ToLower(t)) == "cong van" && i+1 < len(lines) && strings.HasPrefix(vntext.Fold(strings.ToLower(strings.TrimSpace(lines[i+1].text))), "den") {
			skip = 1
			continue
		}
		if isStampLine(t) {
			skip = 4
			continue
		}
		out = append(out, l)
	}
	return out
}

// stampFieldRe is a field of a received stamp's box.
var stampFieldRe = regexp.MustCompile(`(?i)^\s*(đ\p{L}n\b|số\s*:?\s*\d{0,6}\s*$|ngày\s*:|giờ\s*:|chuyển\s*:|lưu\s*hồ\s*sơ|số\s*:\s*\S{0,8}\s+ngày)`)
