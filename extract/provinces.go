package extract

//go:generate go run ./internal/provgen/gen -corpus ../../shared/corpus/meta/provinces -out provinces_data.go

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/extract/vntext"
)

// provinceRow is one row of the generated tables.
type provinceRow struct {
	Code, Name, Kind string
	Current          string // post-2025 code, old rows only
}

// ProvinceInfo is a provincial unit as written and the post-2025 unit it
// belongs to now. Name is the canonical name of the unit the text names:
// the pre-2025 unit when the name is an old province ("Bình Thuận",
// "Thừa Thiên Huế", even "Hà Tây"), the post-2025 unit when only the new
// list has it ("Huế"). Current is the unit of the 34 it is part of since
// 1 July 2025 (Nghị quyết 202/2025/QH15).
type ProvinceInfo struct {
	Name        string `json:"name"`
	Code        string `json:"code"`
	Current     string `json:"current"`
	CurrentCode string `json:"current_code"`
}

var (
	// provinceByKey maps a spelling key (see provinceKey) to the unit.
	provinceByKey = map[string]ProvinceInfo{}
	// provinceAliases lists every known spelling as folded words, for the
	// text scanner; longest first.
	provinceAliases []provinceAlias
	maxAliasWords   int
)

type provinceAlias struct {
	words []string // folded words
	info  ProvinceInfo
	// needsPrefix: only with "thành phố"/"TP" before it in running text
	// ("Hồ Chí Minh" alone is usually the President).
	needsPrefix bool
}

// historic units that are neither in the 63 nor the 34 lists but appear
// in older tables: Hà Tây (into Hà Nội, 2008), Hà Bắc (split 1997 into
// Bắc Ninh and Bắc Giang, both now Bắc Ninh), Thừa Thiên Huế (Huế since
// 2025-01-01, code 46).
var historicProvinces = []struct{ name, code, current string }{
	{"Hà Tây", "", "01"},
	{"Hà Bắc", "", "24"},
	{"Thừa Thiên Huế", "46", "46"},
}

// extraSpellings are spellings that folding and prefix stripping do not
// reach, mapped to a canonical name from the tables.
var extraSpellings = map[string]string{
	"TP HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh", "TP.HCM": "Hồ Chí Minh", "HCM": "Hồ Chí Minh",
	"Hồ Chí Minh City": "Hồ Chí Minh", "Sài Gòn": "Hồ Chí Minh", "HCMC": "Hồ Chí Minh",
	"Đắc Lắc": "Đắk Lắk", "Đắk Lắc": "Đắk Lắk", "Đắc Lắk": "Đắk Lắk", "Daklak": "Đắk Lắk", "Đaklak": "Đắk Lắk",
	"Đắc Nông": "Đắk Nông", "Đăk Nông": "Đắk Nông", "Đăk Lăk": "Đắk Lắk", "Đắk Lăk": "Đắk Lắk", "Daknong": "Đắk Nông",
	"BR-VT": "Bà Rịa - Vũng Tàu", "BRVT": "Bà Rịa - Vũng Tàu", "Vũng Tàu": "Bà Rịa - Vũng Tàu",
	"Thừa Thiên - Huế": "Thừa Thiên Huế", "TT Huế": "Thừa Thiên Huế", "TT-Huế": "Thừa Thiên Huế", "T.T.Huế": "Thừa Thiên Huế", "TT.Huế": "Thừa Thiên Huế",
	"Kontum": "Kon Tum", "Bắc Cạn": "Bắc Kạn", "Hà Nội City": "Hà Nội",
}

// provinceKey folds a name to its matching key: no diacritics, no prefix
// (tỉnh, thành phố, TP., Tp), no spaces, hyphens, dots or dashes.
func provinceKey(s string) string {
	// A trailing note in brackets: "Hà Bắc (cũ)", "Lâm Đồng (mới)".
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(strings.TrimSpace(s), ")") {
		s = s[:i]
	}
	f := vntext.Fold(vntext.Normalize(strings.ReplaceAll(s, "\n", " ")))
	f = strings.TrimSpace(f)
	for changed := true; changed; {
		changed = false
		for _, p := range []string{"thanh pho ", "thanh pho", "tinh ", "tp. ", "tp.", "tp ", "t.p. ", "t.p ", "t.p."} {
			if strings.HasPrefix(f, p) && len(f) > len(p)+2 {
				f = strings.TrimSpace(f[len(p):])
				changed = true
			}
		}
	}
	var b strings.Builder
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func init() {
	newByCode := map[string]provinceRow{}
	for _, r := range provincesNew {
		newByCode[r.Code] = r
	}
	add := func(spelling string, info ProvinceInfo) {
		k := provinceKey(spelling)
		if k == "" {
			return
		}
		if _, dup := provinceByKey[k]; !dup {
			provinceByKey[k] = info
		}
		words := strings.Fields(strings.NewReplacer("-", " ", ".", " ", "–", " ").Replace(vntext.Fold(vntext.Normalize(spelling))))
		provinceAliases = append(provinceAliases, provinceAlias{words: words, info: info, needsPrefix: k == "hochiminh"})
		if len(words) > maxAliasWords {
			maxAliasWords = len(words)
		}
	}
	byName := map[string]ProvinceInfo{}
	for _, r := range provincesOld {
		cur := newByCode[r.Current]
		info := ProvinceInfo{Name: canonicalName(r.Name), Code: r.Code, Current: canonicalName(cur.Name), CurrentCode: cur.Code}
		byName[info.Name] = info
		add(r.Name, info)
	}
	for _, h := range historicProvinces {
		cur := newByCode[h.current]
		info := ProvinceInfo{Name: h.name, Code: h.code, Current: canonicalName(cur.Name), CurrentCode: cur.Code}
		byName[h.name] = info
		add(h.name, info)
	}
	for _, r := range provincesNew {
		info := ProvinceInfo{Name: canonicalName(r.Name), Code: r.Code, Current: canonicalName(r.Name), CurrentCode: r.Code}
		if _, ok := byName[info.Name]; !ok {
			byName[info.Name] = info
		}
		add(r.Name, info)
	}
	for sp, name := range extraSpellings {
		add(sp, byName[name])
	}
	sort.SliceStable(provinceAliases, func(i, j int) bool {
		return len(provinceAliases[i].words) > len(provinceAliases[j].words)
	})
	aliasesByFirstWord = map[string][]int{}
	for ai, a := range provinceAliases {
		aliasesByFirstWord[a.words[0]] = append(aliasesByFirstWord[a.words[0]], ai)
	}
}

// aliasesByFirstWord indexes provinceAliases by their first folded word,
// longest alias first.
var aliasesByFirstWord map[string][]int

// canonicalName is a gazetteer name for display: normalized, traditional
// tone placement ("Hoà Bình" in the source list → "Hòa Bình").
func canonicalName(s string) string {
	return vntext.NormalizeTones(vntext.Normalize(s))
}

// LookupProvince recognizes one province name as a table cell or a clerk
// writes it — any case, with or without diacritics, NFD, old or new tone
// placement, with "Tỉnh", "Thành phố", "TP.", "Tp" before it, wrapped over
// two lines, "TP. HCM", "BÀ RỊA - VŨNG TÀU", "Đắc Lắc", "Thừa Thiên - Huế" —
// and returns the unit and its post-2025 unit.
func LookupProvince(name string) (ProvinceInfo, bool) {
	if len(name) > 200 {
		return ProvinceInfo{}, false
	}
	info, ok := provinceByKey[provinceKey(name)]
	return info, ok
}

// FindProvinces lists the provinces a text mentions, with counts, most
// mentioned first. A mention is a known spelling on word boundaries whose
// first letter is a capital in the text (so "long an" in a sentence is not
// Long An); "Hồ Chí Minh" counts only after "Thành phố"/"TP" (otherwise it
// is usually the President's name).
func FindProvinces(text string) []Province {
	type tok struct {
		fold  string
		lower string // the word in lower case, diacritics kept
		upper bool
		// near: only spaces separate it from the token before.
		near bool
	}
	// About one word per six bytes of Vietnamese text: grown by append
	// from nothing, this slice was the largest allocation of extraction.
	toks := make([]tok, 0, len(text)/6+1)
	var prefixTP []bool // token i is preceded by "thành phố" / "tp"
	i, prevEnd := 0, 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) && !unicode.Is(unicode.Mn, r2) {
				break
			}
			j += n2
		}
		word := vntext.NFC(text[i:j])
		near := len(toks) > 0 && strings.Trim(text[prevEnd:i], " ") == ""
		toks = append(toks, tok{fold: vntext.Fold(word), lower: strings.ToLower(word), upper: unicode.IsUpper(r), near: near})
		i, prevEnd = j, j
	}
	prefixTP = make([]bool, len(toks))
	for k := range toks {
		if k >= 1 && toks[k-1].fold == "tp" || k >= 2 && toks[k-2].fold == "thanh" && toks[k-1].fold == "pho" {
			prefixTP[k] = true
		}
	}
	first := aliasesByFirstWord
	counts := map[ProvinceInfo]int{}
	inProvince := make([]bool, len(toks)) // token k is part of a province found
	// notMeant: the name at k is no province — a commune, ward or district
	// of that name ("xã Tuyên Quang", "phường Bình Thuận"), or a person's
	// name ("Phó Thủ tướng Nguyễn Hòa Bình": a surname, maybe a middle name,
	// right before it).
	notMeant := func(k int) bool {
		if k == 0 || !toks[k].near {
			return false
		}
		switch toks[k-1].lower {
		case "xã", "phường", "huyện", "quận", "trấn":
			return true
		}
		for back := 1; back <= 2 && k-back >= 0; back++ {
			p := toks[k-back]
			if !p.upper || inProvince[k-back] || back == 2 && !toks[k-1].near {
				return false
			}
			if back == 2 && !nameWord(toks[k-1].lower, text) {
				return false // "Đoàn TNCS HCM": an acronym is no middle name
			}
			if surnames[vntext.Key(p.lower)] {
				return true
			}
			if !toks[k-back].near {
				return false
			}
		}
		return false
	}
	for k := 0; k < len(toks); k++ {
		if !toks[k].upper {
			continue
		}
		cands := first[toks[k].fold]
		matched := 0
		for _, ai := range cands {
			a := provinceAliases[ai]
			if k+len(a.words) > len(toks) {
				continue
			}
			ok := true
			for wi, w := range a.words {
				if toks[k+wi].fold != w {
					ok = false
					break
				}
			}
			if !ok || a.needsPrefix && !prefixTP[k] {
				continue
			}
			matched = len(a.words)
			if notMeant(k) {
				break
			}
			counts[a.info]++
			for wi := range a.words {
				inProvince[k+wi] = true
			}
			break
		}
		if matched > 0 {
			k += matched - 1
		}
	}
	out := make([]Province, 0, len(counts))
	for info, n := range counts {
		out = append(out, Province{Name: info.Name, Code: info.Code, Current: info.Current, CurrentCode: info.CurrentCode, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// nameWord: a middle name is a word that is written capitalized somewhere
// in text ("Văn" in "Nguyễn Văn …"), not only in capitals ("TNCS").
func nameWord(lower, text string) bool {
	w := []rune(lower)
	if len(w) == 0 {
		return false
	}
	w[0] = unicode.ToUpper(w[0])
	return strings.Contains(text, string(w)+" ") && utf8.RuneCountInString(lower) <= 5
}
