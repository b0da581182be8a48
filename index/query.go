package index

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is a search request. The zero value of each filter means "any".
type Query struct {
	Q               string
	Type            string // type name or code, any spelling: "Quyết định", "QĐ", "qd"
	Issuer          string
	Province        string // as written in the document, any spelling
	CurrentProvince string // post-2025 unit: every province merged into it matches
	Year            int
	DateFrom        string // ISO dates, inclusive
	DateTo          string
	AmountMin       *int64 // đồng, inclusive
	AmountMax       *int64
	Sort            string // "" or "relevance", "date" (oldest first), "-date" (newest first)
	Page            int    // 1-based
	Size            int
	// NoFacets and NoHighlights skip work a caller does not need.
	NoFacets, NoHighlights bool
}

// MaxSize is the largest page size.
const MaxSize = 100

// QueryError is a request that cannot be run as given: the client should
// fix the named parameter.
type QueryError struct {
	Param, Msg string
}

func (e *QueryError) Error() string { return e.Param + ": " + e.Msg }

func parseISODate(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, s)
}

// Validate checks the request and fills defaults.
func (q *Query) Validate() error {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Size == 0 {
		q.Size = 10
	}
	switch {
	case q.Page < 1 || q.Page > 10000:
		return &QueryError{"page", "must be from 1 to 10000"}
	case q.Size < 1 || q.Size > MaxSize:
		return &QueryError{"size", fmt.Sprintf("must be from 1 to %d", MaxSize)}
	case q.Year != 0 && (q.Year < 1900 || q.Year > 2200):
		return &QueryError{"year", "must be a year such as 2025"}
	case q.AmountMin != nil && q.AmountMax != nil && *q.AmountMin > *q.AmountMax:
		return &QueryError{"amount_min", "is larger than amount_max"}
	}
	switch q.Sort {
	case "", "relevance", "date", "-date":
	default:
		return &QueryError{"sort", `must be "relevance", "date" or "-date"`}
	}
	for _, p := range []struct{ name, v string }{{"date_from", q.DateFrom}, {"date_to", q.DateTo}} {
		if p.v == "" {
			continue
		}
		if _, err := parseISODate(p.v); err != nil {
			return &QueryError{p.name, "must be a date written YYYY-MM-DD"}
		}
	}
	if q.DateFrom != "" && q.DateTo != "" && q.DateFrom > q.DateTo {
		return &QueryError{"date_from", "is after date_to"}
	}
	if q.Province != "" {
		if _, ok := lookupProvince(q.Province); !ok {
			return &QueryError{"province", fmt.Sprintf("%q is not a province we know", q.Province)}
		}
	}
	if q.CurrentProvince != "" {
		if _, ok := lookupProvince(q.CurrentProvince); !ok {
			return &QueryError{"current_province", fmt.Sprintf("%q is not a province we know", q.CurrentProvince)}
		}
	}
	return nil
}

// Hit is one search result.
type Hit struct {
	ID      string  `json:"id"`
	Number  string  `json:"number"`
	Type    string  `json:"type"`
	Issuer  string  `json:"issuer"`
	Date    string  `json:"date"`
	Subject string  `json:"subject"`
	Score   float64 `json:"score"`
	// Highlights maps a field (subject, body) to fragments of its text,
	// HTML-escaped, with <mark> around the matched words; empty without q.
	Highlights map[string][]string `json:"highlights"`
}

// FacetValue is one value of a facet and how many hits carry it.
type FacetValue struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Result is a page of hits.
type Result struct {
	Total  uint64                  `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetValue `json:"facets"`
	// Took is how long the index worked, in milliseconds.
	Took float64 `json:"took_ms"`
}

// facetFields maps a facet name in the API to its index field.
var facetFields = map[string]string{"type": fType, "issuer": fIssuer, "province": fProvince,
	"current_province": fCurrent, "year": fYearS}

func term(field, v string, boost float64) *query.TermQuery {
	t := bleve.NewTermQuery(v)
	t.SetField(field)
	if boost != 0 {
		t.SetBoost(boost)
	}
	return t
}

func match(field, v string, boost float64) *query.MatchQuery {
	m := bleve.NewMatchQuery(v)
	m.SetField(field)
	m.SetBoost(boost)
	return m
}

var quotedRe = regexp.MustCompile(`"([^"]+)"`)

// parsed is what Search understood of the query text.
type parsed struct {
	number    numberQuery
	text      string // words to match, original spelling
	phrases   []string
	provinces []province
}

func understand(q string) parsed {
	var p parsed
	q = strings.TrimSpace(q)
	for _, m := range quotedRe.FindAllStringSubmatch(q, -1) {
		if s := strings.TrimSpace(m[1]); s != "" {
			p.phrases = append(p.phrases, s)
		}
	}
	q = strings.TrimSpace(quotedRe.ReplaceAllString(q, " "))
	folded := Fold(q)
	nq, rest := parseNumber(folded)
	p.number = nq
	if nq.Key != "" || len(nq.Terms) > 0 {
		p.text = rest
	} else {
		p.text = q
	}
	words := strings.FieldsFunc(Fold(p.text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	p.provinces = provincesIn(words)
	return p
}

// numberClause finds the number a query names: the whole key first, then
// the running number (and year) with the codes as a bonus.
func (p parsed) numberClause() query.Query {
	nq := p.number
	dq := bleve.NewDisjunctionQuery()
	if nq.Key != "" {
		dq.AddQuery(term(fNumberKey, nq.Key, 40))
	}
	if len(nq.Terms) > 0 {
		var must []query.Query
		for _, t := range nq.Terms {
			must = append(must, term(fNumberTerms, t, 0))
		}
		bq := bleve.NewBooleanQuery()
		bq.AddMust(must...)
		for _, c := range nq.Codes {
			bq.AddShould(term(fNumberTerms, c, 0))
		}
		bq.SetBoost(15)
		dq.AddQuery(bq)
	}
	// The number as written in the text or the file name ("184/BC-SNV" is
	// the words 184 bc snv in a row): finds a document whose number was not
	// read from its header, and documents citing the number, below the
	// documents that carry it.
	if words := nq.words(); len(words) > 0 {
		for _, f := range []struct {
			field string
			boost float64
		}{{fTitleF, 2}, {fBodyF, 0.5}} {
			var q query.Query
			if len(words) == 1 {
				q = term(f.field, words[0], f.boost)
			} else {
				mp := bleve.NewPhraseQuery(words, f.field)
				mp.SetBoost(f.boost)
				q = mp
			}
			dq.AddQuery(q)
		}
	}
	return dq
}

// textClause matches words with and without diacritics; exact spelling and
// syllable pairs score higher.
func (p parsed) textClause() query.Query {
	text := strings.TrimSpace(p.text)
	if text == "" && len(p.phrases) == 0 {
		return nil
	}
	var must []query.Query
	for _, ph := range p.phrases {
		d := bleve.NewDisjunctionQuery()
		for _, f := range []struct {
			field string
			boost float64
		}{{fSubjectF, 3}, {fBodyF, 1}} {
			mp := bleve.NewMatchPhraseQuery(ph)
			mp.SetField(f.field)
			mp.SetBoost(f.boost)
			d.AddQuery(mp)
		}
		must = append(must, d)
	}
	var should []query.Query
	if text != "" {
		should = append(should,
			match(fSubject, text, 3), match(fSubjectF, text, 2), match(fTitleF, text, 1),
			match(fBody, text, 1), match(fBodyF, text, 0.6), match(fIssuerText, text, 0.5))
		// Every word in the file name or the subject is a strong sign
		// (a long spreadsheet named "PCI-2016" for "PCI 2016").
		for _, f := range []string{fTitleF, fSubjectF} {
			m := match(f, text, 3)
			m.SetOperator(query.MatchQueryOperatorAnd)
			should = append(should, m)
		}
		words := strings.Fields(text)
		if len(words) > 1 {
			should = append(should, match(fSubjectB, text, 4), match(fBodyB, text, 3))
		}
		for _, w := range words {
			if digitsRe.MatchString(w) {
				should = append(should, term(fNumberTerms, "n:"+strings.TrimLeft(w, "0"), 8))
			}
		}
	}
	for _, ph := range p.phrases {
		should = append(should, match(fSubjectB, ph, 2), match(fBodyB, ph, 1))
	}
	bq := bleve.NewBooleanQuery()
	if len(must) > 0 {
		bq.AddMust(must...)
	}
	if len(should) > 0 {
		if len(must) == 0 {
			bq.AddShould(should...)
			bq.SetMinShould(1)
		} else {
			bq.AddShould(should...)
		}
	}
	return bq
}

// filters are the exact conditions every hit meets.
func (q *Query) filters(kind string) []query.Query {
	fs := []query.Query{term(fKind, kind, 0)}
	if q.Type != "" {
		fs = append(fs, term(fTypeKey, foldKey(q.Type), 0))
	}
	if q.Issuer != "" {
		d := bleve.NewDisjunctionQuery(term(fIssuerKey, foldKey(q.Issuer), 0))
		m := match(fIssuerText, q.Issuer, 1)
		m.SetOperator(query.MatchQueryOperatorAnd)
		d.AddQuery(m)
		fs = append(fs, d)
	}
	if q.Province != "" {
		p, _ := lookupProvince(q.Province)
		fs = append(fs, term(fProvinceKey, provinceKey(p.Name), 0))
	}
	if q.CurrentProvince != "" {
		p, _ := lookupProvince(q.CurrentProvince)
		fs = append(fs, term(fCurrentKey, provinceKey(p.Current), 0))
	}
	if q.Year != 0 {
		fs = append(fs, term(fYearS, fmt.Sprint(q.Year), 0))
	}
	if q.DateFrom != "" || q.DateTo != "" {
		var from, to time.Time
		if q.DateFrom != "" {
			from, _ = parseISODate(q.DateFrom)
		}
		if q.DateTo != "" {
			to, _ = parseISODate(q.DateTo)
		}
		t := true
		dr := bleve.NewDateRangeInclusiveQuery(from, to, &t, &t)
		dr.SetField(fDate)
		fs = append(fs, dr)
	}
	if q.AmountMin != nil || q.AmountMax != nil {
		var lo, hi *float64
		if q.AmountMin != nil {
			v := float64(*q.AmountMin)
			lo = &v
		}
		if q.AmountMax != nil {
			v := float64(*q.AmountMax)
			hi = &v
		}
		t := true
		field := fAmounts
		if kind == kindAlloc {
			field = fAmount
		}
		nr := bleve.NewNumericRangeInclusiveQuery(lo, hi, &t, &t)
		nr.SetField(field)
		fs = append(fs, nr)
	}
	return fs
}

// build returns the Bleve query for q; numberOnly says whether the query
// is a number alone (then only that number is searched first).
func (q *Query) build(p parsed, numberOnly bool) query.Query {
	bq := bleve.NewBooleanQuery()
	fs := q.filters(kindDoc)
	for _, f := range fs {
		// Filters select; they should not move the ranking.
		f.(query.BoostableQuery).SetBoost(0.0001)
	}
	bq.AddMust(fs...)
	hasNumber := p.number.Key != "" || len(p.number.Terms) > 0
	switch {
	case numberOnly:
		bq.AddMust(p.numberClause())
	default:
		tc := p.textClause()
		switch {
		case hasNumber && tc != nil:
			bq.AddMust(bleve.NewDisjunctionQuery(p.numberClause(), tc))
		case hasNumber:
			bq.AddMust(p.numberClause())
		case tc != nil:
			bq.AddMust(tc)
		}
	}
	for _, pr := range p.provinces {
		bq.AddShould(term(fProvinceKey, provinceKey(pr.Name), 4), term(fCurrentKey, provinceKey(pr.Current), 1))
	}
	return bq
}

// Search runs a query: filters, then a number lookup and/or a text match,
// with facets and highlights.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	p := understand(q.Q)
	if p.number.Only && len(p.phrases) == 0 {
		res, err := ix.run(ctx, &q, q.build(p, true))
		if err != nil || res.Total > 0 {
			return res, err
		}
		// The number is not in the index: fall back to the words.
		p.text = strings.TrimSpace(quotedRe.ReplaceAllString(q.Q, " "))
		p.number = numberQuery{}
	}
	return ix.run(ctx, &q, q.build(p, false))
}

func (ix *Index) run(ctx context.Context, q *Query, bq query.Query) (*Result, error) {
	req := bleve.NewSearchRequestOptions(bq, q.Size, (q.Page-1)*q.Size, false)
	req.Fields = []string{fNumber, fType, fIssuer, fDate, fSubject}
	switch q.Sort {
	case "date":
		req.SortBy([]string{"date", "-_score", "_id"})
	case "-date":
		req.SortBy([]string{"-date", "-_score", "_id"})
	}
	if !q.NoFacets {
		for name, field := range facetFields {
			req.AddFacet(name, bleve.NewFacetRequest(field, 20))
		}
	}
	if !q.NoHighlights && strings.TrimSpace(q.Q) != "" {
		req.Highlight = bleve.NewHighlightWithStyle("html")
		req.Highlight.AddField(fSubjectF)
		req.Highlight.AddField(fBodyF)
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	out := &Result{Total: res.Total, Hits: []Hit{}, Facets: map[string][]FacetValue{},
		Took: float64(res.Took.Microseconds()) / 1000}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	for name, fr := range res.Facets {
		vals := []FacetValue{}
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				vals = append(vals, FacetValue{Term: t.Term, Count: t.Count})
			}
		}
		if name == "year" {
			sort.Slice(vals, func(i, j int) bool { return vals[i].Term > vals[j].Term })
		}
		out.Facets[name] = vals
	}
	return out, nil
}

func toHit(h *search.DocumentMatch) Hit {
	str := func(k string) string { s, _ := h.Fields[k].(string); return s }
	date := str(fDate)
	if len(date) > 10 {
		date = date[:10]
	}
	hit := Hit{ID: h.ID, Number: str(fNumber), Type: str(fType), Issuer: str(fIssuer), Date: date,
		Subject: str(fSubject), Score: h.Score}
	hit.Highlights = map[string][]string{}
	if len(h.Fragments) > 0 {
		for f, frags := range h.Fragments {
			name := strings.TrimSuffix(f, "_f")
			hit.Highlights[name] = frags
		}
	}
	return hit
}
