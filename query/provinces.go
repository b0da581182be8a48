package query

import (
	"strings"

	"vanban/extract"
)

// Province is what a spelling resolves to: the unit as written (canonical
// name) and the post-2025 unit it belongs to.
type Province struct {
	Name, Current string
}

// maxProvinceWords is the longest province spelling in words ("thanh pho
// ho chi minh"), for scanning queries.
const maxProvinceWords = 6

// LookupProvince resolves any spelling of a province (pre- or post-2025)
// with extract.LookupProvince, the project's one gazetteer.
func LookupProvince(s string) (Province, bool) {
	info, ok := extract.LookupProvince(s)
	if !ok || info.Name == "" {
		return Province{}, false
	}
	cur := info.Current
	if cur == "" {
		cur = info.Name
	}
	return Province{Name: info.Name, Current: cur}, true
}

// ProvinceKey folds a province name to the key stored in province_key and
// current_key: "Tỉnh Lâm Đồng", "LAM DONG", "lâm  đồng" → "lam dong".
// Index and query both pass canonical names through it.
func ProvinceKey(s string) string {
	if p, ok := LookupProvince(s); ok {
		s = p.Name
	}
	return strings.Join(strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), " ")
}

// provincesIn finds province names in the folded words of a query,
// longest spelling first; used holds the words that spelled them.
func provincesIn(words []string) (found []Province, used map[string]bool) {
	for i := 0; i < len(words); {
		matched := 0
		for n := min(maxProvinceWords, len(words)-i); n >= 1; n-- {
			if n == 1 && len(words[i]) < 3 {
				continue // "an", "ha": too short to be a province alone
			}
			if p, ok := LookupProvince(strings.Join(words[i:i+n], " ")); ok {
				found = append(found, p)
				matched = n
				if used == nil {
					used = map[string]bool{}
				}
				for _, w := range words[i : i+n] {
					used[w] = true
				}
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		i += matched
	}
	return found, used
}
