package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"vanban/model"
)

// Extract turns a parsed document into a Record. data is the file's bytes
// (for the content hash); it may be nil when the ID is set by the caller.
func Extract(doc *model.Document, data []byte) *Record {
	rec := &Record{
		Source: Source{
			Name:   doc.Name,
			Format: string(doc.Format),
			Pages:  doc.PageCount(),
			OCR:    doc.OCR,
			Size:   int64(len(data)),
		},
	}
	if data != nil {
		rec.ID = ContentID(data)
	}
	var conf float64
	var nconf int
	for _, p := range doc.Pages {
		if p.OCR {
			conf += p.Confidence
			nconf++
		}
	}
	if nconf > 0 {
		rec.Source.Confidence = conf / float64(nconf)
	}
	for _, s := range doc.Signatures {
		rec.Signatures = append(rec.Signatures, Signature{Page: s.Page, SignedBy: s.SignedBy, Organization: s.Organization, Time: s.Time})
	}
	rec.Warnings = append(rec.Warnings, doc.Warnings...)

	id := Identify(doc)
	rec.Number, rec.Type, rec.TypeCode = id.Number, id.Type, id.TypeCode
	rec.Issuer, rec.Place = id.Issuer, id.Place
	rec.SetDate(id.Date)
	rec.AttachedTo = id.AttachedTo
	rec.Subject, rec.Signer = id.Subject, id.Signer
	rec.Warnings = append(rec.Warnings, id.Warnings...)

	text := Text(doc)
	rec.References = FindReferences(text, rec.Number, rec.When().Year)
	rec.Figures = FindFigures(doc)
	tables, allocs, warns := Tables(doc)
	rec.Tables, rec.Allocations = tables, allocs
	rec.Warnings = append(rec.Warnings, warns...)
	rec.Provinces = mergeProvinces(FindProvinces(text), allocs)
	return rec
}

// mergeProvinces adds the provinces of allocation rows that the text scan
// did not see (a workbook in a legacy encoding is only readable after the
// table repair), one mention per row.
func mergeProvinces(found []Province, allocs []Allocation) []Province {
	inText := make(map[string]bool, len(found))
	for _, p := range found {
		inText[p.Code] = true
	}
	at := map[string]int{}       // code → index in found, for added ones
	rows := map[[3]string]bool{} // one mention per table row
	for _, a := range allocs {
		info, ok := LookupProvince(a.Province)
		if a.Province == "" || !ok || inText[info.Code] {
			continue
		}
		key := [3]string{info.Code, strconv.Itoa(a.Table), strconv.Itoa(a.Row)}
		if rows[key] {
			continue
		}
		rows[key] = true
		i, ok := at[info.Code]
		if !ok {
			found = append(found, Province{Name: info.Name, Code: info.Code, Current: info.Current, CurrentCode: info.CurrentCode})
			i = len(found) - 1
			at[info.Code] = i
		}
		found[i].Count++
	}
	return found
}

// ContentID is the document id: the SHA-256 of the file bytes, hex.
func ContentID(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
