package index

import (
	"strings"
)

// provinceRow is one pre-2025 province and the post-2025 unit it merged into.
type provinceRow struct {
	Code, Name, CurrentCode, Current string
}

// province is what a spelling resolves to.
type province struct {
	Name, Current string
}

var (
	provinceByKey = map[string]province{}
	// maxProvinceWords is the longest key in words, for scanning queries.
	maxProvinceWords = 1
)

var provinceAliases = map[string]string{
	"hcm": "Hồ Chí Minh", "tphcm": "Hồ Chí Minh", "sai gon": "Hồ Chí Minh", "tp hcm": "Hồ Chí Minh",
	"hue": "Thừa Thiên Huế", "ba ria vung tau": "Bà Rịa - Vũng Tàu", "brvt": "Bà Rịa - Vũng Tàu",
	"dac lac": "Đắk Lắk", "dak lak": "Đắk Lắk", "dac nong": "Đắk Nông", "dak nong": "Đắk Nông",
	"bac can": "Bắc Kạn", "ha tay": "Hà Tây", "kontum": "Kon Tum", "tt hue": "Thừa Thiên Huế",
}

func init() {
	for _, r := range provinceTable {
		addProvince(r.Name, province{Name: r.Name, Current: r.Current})
	}
	// Hà Tây merged into Hà Nội in 2008; old budget tables still list it.
	addProvince("Hà Tây", province{Name: "Hà Tây", Current: "Hà Nội"})
	for _, r := range provinceTable {
		if _, ok := provinceByKey[provinceKey(r.Current)]; !ok {
			addProvince(r.Current, province{Name: r.Current, Current: r.Current})
		}
	}
	for alias, name := range provinceAliases {
		p, ok := provinceByKey[provinceKey(name)]
		if !ok {
			panic("index: province alias to unknown province " + name)
		}
		addProvince(alias, p)
	}
}

func addProvince(spelling string, p province) {
	k := provinceKey(spelling)
	provinceByKey[k] = p
	if n := len(strings.Fields(k)); n > maxProvinceWords {
		maxProvinceWords = n
	}
}

var provincePrefixes = []string{"thanh pho ", "tp. ", "tp ", "tinh "}

// provinceKey folds a province spelling to its lookup key: "Tỉnh Lâm Đồng",
// "LAM DONG", "lâm  đồng" → "lam dong"; "Bà Rịa – Vũng Tàu" → "ba ria vung tau".
func provinceKey(s string) string {
	k := strings.Join(strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), " ")
	for _, p := range provincePrefixes {
		if rest, ok := strings.CutPrefix(k, p); ok && rest != "" {
			return rest
		}
	}
	return k
}

// lookupProvince resolves any spelling of a province (pre- or post-2025).
func lookupProvince(s string) (province, bool) {
	p, ok := provinceByKey[provinceKey(s)]
	return p, ok
}

// provincesIn finds province names in free text (a query): it returns the
// provinces and the words that were not part of one.
func provincesIn(words []string) (found []province, rest []string) {
	for i := 0; i < len(words); {
		matched := 0
		for n := min(maxProvinceWords, len(words)-i); n >= 1; n-- {
			if p, ok := provinceByKey[strings.Join(words[i:i+n], " ")]; ok {
				found = append(found, p)
				matched = n
				break
			}
		}
		if matched == 0 {
			rest = append(rest, words[i])
			i++
			continue
		}
		i += matched
	}
	return found, rest
}
