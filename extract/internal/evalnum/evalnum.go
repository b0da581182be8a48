// Package evalnum measures Identify on the vbpl.vn corpus: for every
// Vietnamese text whose title carries a number, does the number read from
// the body agree with it?
package evalnum

import (
	"fmt"
	"regexp"
	"strings"

	"vanban/extract"
	"vanban/extract/vntext"
	"vanban/internal/vbpl"
)

// Case is one document compared.
type Case struct {
	ID, Title, Want, Got string
	// SiteNumber is the number vbpl.vn's own page chrome shows ("Số hiệu").
	Head string
}

// Report is the outcome over the corpus.
type Report struct {
	Docs, Vietnamese, WithTitleNumber, Compared, Agree int
	// Missing are texts where the title has a number, the body gave none and
	// the number is printed nowhere in the text (the header was not kept).
	Missing []Case
	// MissedPrinted are texts where Identify found no number although the
	// title's number is printed in the text: real misses.
	MissedPrinted []Case
	// Disagree are texts where both exist and differ although the title's
	// number is printed somewhere in the text.
	Disagree []Case
	// Explained are disagreements where the title's number appears nowhere
	// in the text: the page itself is inconsistent.
	Explained []Case
	// DatesCompared / DatesAgree: the place-and-date line of the corpus
	// against Identify's Date and Place.
	DatesCompared, DatesAgree, PlacesAgree int
	DateMisses                             []Case
}

// Rate is Agree / Compared.
func (r Report) Rate() float64 {
	if r.Compared == 0 {
		return 0
	}
	return float64(r.Agree) / float64(r.Compared)
}

// RateExplained is the agreement over the comparisons left once the
// explained disagreements (title number absent from the text) are removed.
func (r Report) RateExplained() float64 {
	n := r.Compared - len(r.Explained)
	if n <= 0 {
		return 0
	}
	return float64(r.Agree) / float64(n)
}

// SameNumber compares two canonical numbers case-insensitively and with
// leading zeros of the serial ignored ("1/2026/TT-BNV" = "01/2026/TT-BNV").
func SameNumber(a, b string) bool {
	return strings.EqualFold(strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0"))
}

func foldNumber(s string) string {
	return strings.ToLower(strings.TrimLeft(s, "0"))
}

// foldNumbers lower-cases the text and drops spaces around '/' and '-'.
func foldNumbers(s string) string {
	s = strings.ToLower(s)
	return spaceAroundRe.ReplaceAllString(s, "$1")
}

var spaceAroundRe = regexp.MustCompile(`\s*([/-])\s*`)

var digitsRe = regexp.MustCompile(`\d`)

// Run reads the gzipped JSON Lines corpus at path.
func Run(path string) (Report, error) {
	var rep Report
	err := vbpl.Each(path, func(d vbpl.Doc) error {
		rep.add(d)
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("evalnum: %w", err)
	}
	return rep, nil
}

// add compares one document.
func (rep *Report) add(d vbpl.Doc) {
	rep.Docs++
	if d.Lang != "vi" {
		return
	}
	rep.Vietnamese++
	if d.PlaceDate != "" {
		if want, ok := vntext.ParseDate(strings.SplitN(d.PlaceDate, ",", 2)[len(strings.SplitN(d.PlaceDate, ",", 2))-1], 0); ok {
			id := extract.IdentifyText(d.Text)
			rep.DatesCompared++
			if id.Date == want {
				rep.DatesAgree++
			} else {
				rep.DateMisses = append(rep.DateMisses, Case{ID: d.ID, Title: d.PlaceDate, Want: want.ISO(), Got: id.Date.ISO()})
			}
			if place := strings.TrimSpace(strings.SplitN(d.PlaceDate, ",", 2)[0]); vntext.Key(place) == vntext.Key(id.Place) {
				rep.PlacesAgree++
			}
		}
	}
	want := extract.CanonicalNumber(d.Number)
	if want == "" || !digitsRe.MatchString(d.Number) {
		return
	}
	rep.WithTitleNumber++
	id := extract.IdentifyText(d.Text)
	c := Case{ID: d.ID, Title: d.Title, Want: want, Got: id.Number}
	if id.Number == "" {
		if strings.Contains(foldNumbers(d.Text), foldNumber(want)) {
			rep.MissedPrinted = append(rep.MissedPrinted, c)
		} else {
			rep.Missing = append(rep.Missing, c)
		}
		return
	}
	rep.Compared++
	switch {
	case SameNumber(id.Number, want):
		rep.Agree++
	case !strings.Contains(foldNumbers(d.Text), foldNumber(want)):
		// The title's number is printed nowhere in the text: the body
		// carries another number (a source error on vbpl.vn).
		rep.Explained = append(rep.Explained, c)
	default:
		rep.Disagree = append(rep.Disagree, c)
	}
}
