package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"vanban/ingest"
)

// Extract turns a parsed document into a Record. data is the file's bytes
// (for the content hash); it may be nil when the ID is set by the caller.
func Extract(doc *ingest.Document, data []byte) *Record {
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

	id := headerIdentity(doc)
	rec.Number, rec.Type, rec.TypeCode = id.Number, id.Type, id.TypeCode
	rec.Issuer, rec.Place, rec.Date = id.Issuer, id.Place, id.Date
	rec.Subject, rec.Signer = id.Subject, id.Signer
	return rec
}

// ContentID is the document id: the SHA-256 of the file bytes, hex.
func ContentID(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

type skeletonIdentity struct {
	Number, Type, TypeCode, Issuer, Place, Date, Subject, Signer string
}

var (
	skelNumber = regexp.MustCompile(`(?i)Số\s*:?\s*(\d+)\s*((?:/\s*\d{4})?\s*/\s*[\p{L}\d&;-]+(?:-[\p{L}\d&]+)*)`)
	skelDate   = regexp.MustCompile(`(?i)([\p{L} .]+),\s*ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})`)
)

// headerIdentity is the walking skeleton's reading of the header block; the
// full reader replaces it (issue #4).
func headerIdentity(doc *ingest.Document) skeletonIdentity {
	var id skeletonIdentity
	text := doc.Text()
	if len(text) > 4000 {
		text = text[:4000]
	}
	// Join a number split over two lines ("Số: 779" / "/QĐ-UBND").
	joined := regexp.MustCompile(`\n\s*/`).ReplaceAllString(text, "/")
	if m := skelNumber.FindStringSubmatch(joined); m != nil {
		id.Number = m[1] + strings.Join(strings.Fields(m[2]), "")
		if i := strings.LastIndex(id.Number, "/"); i >= 0 {
			code := id.Number[i+1:]
			if j := strings.Index(code, "-"); j > 0 {
				id.TypeCode = code[:j]
			}
		}
	}
	if m := skelDate.FindStringSubmatch(text); m != nil {
		id.Place = strings.TrimSpace(m[1])
		id.Date = m[4] + "-" + pad2(m[3]) + "-" + pad2(m[2])
	}
	return id
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
