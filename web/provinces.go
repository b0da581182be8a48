package web

import "vanban/extract"

// Province lists for the filters, from the project's one gazetteer
// (extract.Provinces), so every list spells a province as the index and
// the document page do ("Hòa Bình" beside "Thanh Hóa").

// currentProvince is a post-2025 unit and the old provinces merged into it.
type currentProvince struct {
	Name   string
	Merged []string
}

// oldProvinces are the 63 provinces before 1 July 2025, and
// currentProvinces the 34 units from 1 July 2025, both sorted by code.
var oldProvinces, currentProvinces = provinceLists()

func provinceLists() (old []string, current []currentProvince) {
	before, now := extract.Provinces()
	at := map[string]int{}
	for _, p := range now {
		at[p.Name] = len(current)
		current = append(current, currentProvince{Name: p.Name})
	}
	for _, p := range before {
		old = append(old, p.Name)
		if i, ok := at[p.Current]; ok {
			current[i].Merged = append(current[i].Merged, p.Name)
		}
	}
	return old, current
}
