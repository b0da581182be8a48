package extract

// Provinces lists the gazetteer's units in their canonical spelling (the
// one LookupProvince answers, traditional tone placement: "Hòa Bình"),
// sorted by code: the 63 provinces before 1 July 2025, each with the unit
// it belongs to now, and the 34 units since then (Nghị quyết
// 202/2025/QH15). Pages and errors list provinces from here, so every list
// spells a province one way.
func Provinces() (before2025, current []ProvinceInfo) {
	newByCode := map[string]provinceRow{}
	for _, r := range provincesNew {
		newByCode[r.Code] = r
		current = append(current, ProvinceInfo{Name: canonicalName(r.Name), Code: r.Code,
			Current: canonicalName(r.Name), CurrentCode: r.Code})
	}
	for _, r := range provincesOld {
		cur := newByCode[r.Current]
		before2025 = append(before2025, ProvinceInfo{Name: canonicalName(r.Name), Code: r.Code,
			Current: canonicalName(cur.Name), CurrentCode: cur.Code})
	}
	return before2025, current
}
