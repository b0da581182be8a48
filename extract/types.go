package extract

import (
	"sort"
	"sync"

	"vanban/extract/vntext"
)

// DocumentType is a type of document a record can carry: its name as
// Record.Type holds it ("Quyết định") and its code in a số/ký hiệu ("QĐ"),
// empty for types written without one (Công văn, Phụ lục, Hiến pháp).
type DocumentType struct {
	Name string `json:"name"`
	Code string `json:"code,omitempty"`
}

var (
	typesOnce sync.Once
	typeList  []DocumentType
	typeByKey map[string]string // FoldKey of a name or code → name
)

// DocumentTypes lists every type the extractor can give a record, sorted
// by name: the types of Nghị định 30/2020 and the legal types (from the
// codes and the title lines it reads), "Công văn" and "Phụ lục".
func DocumentTypes() []DocumentType {
	typesOnce.Do(buildTypes)
	return append([]DocumentType(nil), typeList...)
}

// LookupType resolves a type as a clerk types it — its name or its code,
// any case, with or without diacritics ("Quyết định", "QĐ", "qd",
// "quyet dinh") — to the type's name. ok is false for a type no record
// can carry.
func LookupType(s string) (name string, ok bool) {
	typesOnce.Do(buildTypes)
	name, ok = typeByKey[vntext.FoldKey(s)]
	return name, ok
}

func buildTypes() {
	codes := map[string]string{} // name → code: the shortest, then the first in byte order
	for _, tc := range typeCodes {
		c, ok := codes[tc.name]
		if !ok || len(tc.code) < len(c) || len(tc.code) == len(c) && tc.code < c {
			codes[tc.name] = tc.code
		}
	}
	names := map[string]bool{"Công văn": true, "Phụ lục": true}
	for _, tc := range typeCodes {
		names[tc.name] = true
	}
	for _, t := range typeTitles {
		names[sentenceCase(t)] = true
	}
	typeByKey = map[string]string{}
	for n := range names {
		typeList = append(typeList, DocumentType{Name: n, Code: codes[n]})
		typeByKey[vntext.FoldKey(n)] = n
	}
	for k, tc := range typeCodes {
		if _, taken := typeByKey[vntext.FoldKey(k)]; !taken {
			typeByKey[vntext.FoldKey(k)] = tc.name
		}
	}
	sort.Slice(typeList, func(i, j int) bool { return vntext.FoldKey(typeList[i].Name) < vntext.FoldKey(typeList[j].Name) })
}
