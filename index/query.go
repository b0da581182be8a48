package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"vanban/extract"
	vq "vanban/query"
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

// Accepted lists the values a parameter of a Query takes when they are a
// closed set (type, province, current_province, sort), nil otherwise: an
// error about such a parameter can name them.
func Accepted(param string) []string {
	switch param {
	case "type":
		var out []string
		for _, t := range extract.DocumentTypes() {
			out = append(out, t.Name)
			if t.Code != "" {
				out = append(out, t.Code)
			}
		}
		return out
	case "province", "current_province":
		before, now := extract.Provinces()
		var out []string
		if param == "province" {
			for _, p := range before {
				out = append(out, p.Name)
			}
		}
		for _, p := range now {
			if !slices.Contains(out, p.Name) {
				out = append(out, p.Name)
			}
		}
		return out
	case "sort":
		return []string{"relevance", "date", "-date"}
	}
	return nil
}

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
	if q.Type != "" {
		if _, ok := extract.LookupType(q.Type); !ok {
			return &QueryError{"type", fmt.Sprintf("%q is not a document type we know (a name such as \"Quyết định\" or a code such as \"QĐ\")", q.Type)}
		}
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
		if _, ok := vq.LookupProvince(q.Province); !ok {
			return &QueryError{"province", fmt.Sprintf("%q is not a province we know", q.Province)}
		}
	}
	if q.CurrentProvince != "" {
		if _, ok := vq.LookupProvince(q.CurrentProvince); !ok {
			return &QueryError{"current_province", fmt.Sprintf("%q is not a province we know", q.CurrentProvince)}
		}
	}
	return nil
}

// Hit is one search result.
type Hit struct {
	ID     string `json:"id"`
	Number string `json:"number"`
	Type   string `json:"type"`
	Issuer string `json:"issuer"`
	Date   string `json:"date,omitempty"` // YYYY-MM-DD; absent when unknown
	// DateMonth is "2025-11" for a document known to the month only.
	DateMonth string  `json:"date_month,omitempty"`
	Subject   string  `json:"subject"`
	Score     float64 `json:"score"`
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

// facetNames are the facets of a search result. Their values are indexed
// together in one field, fFacet, as "name:value", and counted by bitmaps
// (facets.go): visiting five doc-values fields per hit was a third of a
// faceted query's time on 100k documents (issue 6).
var facetNames = []string{"type", "issuer", "province", "current_province", "year"}

// facetSize is how many values of each facet a result lists.
const facetSize = 20

// facetValues are the fFacet terms of a record document.
func facetValues(d *bdoc) []string {
	var out []string
	add := func(name string, vs ...string) {
		for _, v := range vs {
			if v != "" {
				out = append(out, name+":"+v)
			}
		}
	}
	add("type", d.Type)
	add("issuer", d.Issuer)
	add("province", d.Province...)
	add("current_province", d.Current...)
	add("year", d.YearS)
	return out
}

func term(field, v string, boost float64) *query.TermQuery {
	t := bleve.NewTermQuery(v)
	t.SetField(field)
	if boost != 0 {
		t.SetBoost(boost)
	}
	return t
}

// keyTerm matches the exact value of a filter field: the field itself in
// a record, the term "field:value" of its keys in an allocation row
// (rows.go).
func keyTerm(kind, field, v string) *query.TermQuery {
	if kind == kindAlloc {
		return term(fKeys, field+":"+v, 0)
	}
	return term(field, v, 0)
}

// fieldAnalyzers name the analyzer of each field a match query searches.
// Bleve finds a match query's analyzer by the document path, and several
// fields share one path ("subject" holds subject, subject_f, subject_b):
// without this, the text for subject_b was cut into single words and never
// met its syllable pairs.
var fieldAnalyzers = map[string]string{
	fSubject: analyzerExact, fBody: analyzerExact,
	fSubjectF: analyzerFold, fBodyF: analyzerFold, fTitleF: analyzerFold, fIssuerText: analyzerFold, fAllocText: analyzerFold,
	fSubjectB: analyzerBigram, fBodyB: analyzerBigram,
}

func match(field, v string, boost float64) *query.MatchQuery {
	m := bleve.NewMatchQuery(v)
	m.SetField(field)
	m.SetBoost(boost)
	a, ok := fieldAnalyzers[field]
	if !ok {
		panic("index: no analyzer named for field " + field)
	}
	m.Analyzer = a
	return m
}

// parsed is a query's plan (package query) with what Search learns of it
// from the index and how far it means to score.
type parsed struct {
	vq.Plan
	// cheap leaves out the exact-spelling clauses (see Search: they are
	// applied to the best rescoreWindow hits only).
	cheap bool
	// subjectPhrases looks for the "quoted phrases" in the subject only
	// (the first tier of a phrase search, see Search).
	subjectPhrases bool
	// matchOnly leaves out every clause that only adds to the score: the
	// query then finds the same documents, for counting facets unscored.
	matchOnly bool
	// phraseDocs bounds the number of texts holding the least rare of the
	// "quoted phrases" (see wordStats).
	phraseDocs uint64
	// common are folded words of the text found in so many documents that
	// they only add to the score; absent are words found in no document
	// (see wordStats). Both are nil until Search reads the statistics.
	common, absent map[string]bool
}

// understand plans q (vq.Understand) for Search.
func understand(q string) parsed { return parsed{Plan: vq.Understand(q)} }

// numberClause finds the number a query names: the whole key first, then
// the running number (and year) with the codes as a bonus.
func (p parsed) numberClause() query.Query {
	nq := p.Number
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
		if len(nq.Types) > 0 {
			// "Nghị quyết 103/2025": the resolution 103/2025/UBTVQH15, whose
			// number holds no NQ, before the law 103/2025/QH15: the type's
			// code or its name (a record keeps both in type_key).
			types := bleve.NewDisjunctionQuery()
			for _, k := range nq.Types {
				types.AddQuery(term(fTypeKey, vq.FoldKey(k), 0))
			}
			bq.AddShould(types)
		}
		// Typed in full, a number that differs in its codes (34/2024/TT-BTNMT
		// for 34/2024/TT-NHNN) ranks below a document citing the number.
		if nq.Key != "" {
			bq.SetBoost(4)
		} else {
			bq.SetBoost(15)
		}
		dq.AddQuery(bq)
	}
	// The number as written in the text, the subject or the file name
	// ("184/BC-SNV" is the words 184 bc snv in a row): finds a document
	// whose number was not read from its header, and documents citing the
	// number (an amendment names it in its subject), below the documents
	// that carry it.
	if words := nq.Words(); len(words) > 0 {
		cited := 2.0
		if nq.Key != "" {
			cited = 10 // the whole number, typed in full, named in a subject
		}
		for _, f := range []struct {
			field string
			boost float64
		}{{fTitleF, 2}, {fSubjectF, cited}, {fBodyF, 0.5}} {
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

// textClause matches words with and without diacritics. The informative
// words must be there (all of one or two, 60% of more), in the subject, the
// file name or the text, folded; words found in most documents of a large
// index ("đầu tư công" in "đầu tư công trung hạn") and words found nowhere
// (a typo) only add to the score, unless no informative word is left, when
// every word found is required. The exact spelling, syllable pairs and all
// words in the file name only add to the score. A "quoted phrase" must
// appear as consecutive syllable pairs.
func (p parsed) textClause() query.Query {
	text := strings.TrimSpace(p.Text)
	words := vq.FoldedWords(text)
	if len(words) == 0 && len(p.Phrases) == 0 {
		return nil
	}
	bq := bleve.NewBooleanQuery()
	for _, ph := range p.Phrases {
		if q := phraseClause(vq.FoldedWords(ph), p.subjectPhrases); q != nil {
			bq.AddMust(q)
		}
	}
	if len(words) > 0 {
		var required, optional, every []query.Query
		for _, w := range words {
			d := bleve.NewDisjunctionQuery(term(fSubjectF, w, 2), term(fBodyF, w, 0.6), term(fTitleF, w, 1))
			if vq.IsBareNumber(w) {
				d.AddQuery(term(fNumberTerms, "n:"+strings.TrimLeft(w, "0"), 8))
			}
			every = append(every, d)
			switch {
			case p.absent[w]: // matches nothing: neither required nor scored
			case p.common[w], p.ProvinceWords[w]:
				optional = append(optional, d)
			default:
				required = append(required, d)
			}
		}
		need := len(required)
		switch {
		case len(required) > 2:
			need = (len(required)*6 + 9) / 10
		case len(required) == 0 && len(optional) > 0:
			// Only common words: every one of them.
			required, optional, need = optional, nil, len(optional)
		case len(required) == 0:
			// No word is in the index: the query finds nothing.
			required, need = every, len(every)
		}
		all := bleve.NewDisjunctionQuery(required...)
		all.SetMin(float64(need))
		bq.AddMust(all)
		if p.matchOnly {
			return bq
		}
		var should []query.Query
		// Common words weigh little (BM25) and scoring them on every hit
		// costs as much as the rest: the rescoring pass adds them.
		if len(optional) > 0 && !p.cheap {
			should = append(should, bleve.NewDisjunctionQuery(optional...))
		}
		if !vq.IsASCII(text) && !p.cheap {
			should = append(should, match(fSubject, text, 3), match(fBody, text, 1))
		}
		if len(words) > 1 {
			if p.cheap && len(p.common)+len(p.absent) > 0 {
				// Pairs of common words ("đầu tư") are in most documents
				// too: the rescoring pass adds them, and the other pairs
				// in the text; the subject's pairs pick the window (8–12%
				// faster than walking the text's pairs here).
				if pairs := p.informativePairs(text); len(pairs) > 0 {
					should = append(should, pairsQuery(fSubjectB, pairs, 4))
				}
			} else {
				should = append(should, match(fSubjectB, text, 4), match(fBodyB, text, 3))
			}
		}
		// Every word in the file name is a strong sign (a long spreadsheet
		// named "PCI-2016" for "PCI 2016"); the rescoring pass adds it (it
		// cost 5–15% of the cheap pass on 100k documents).
		if !p.cheap {
			m := match(fTitleF, text, 3)
			m.SetOperator(query.MatchQueryOperatorAnd)
			should = append(should, m)
		}
		bq.AddShould(should...)
	}
	return bq
}

// informativePairs are the syllable pairs of text, as the bigram analyzer
// makes them, with at least one word that is not common and none absent.
func (p parsed) informativePairs(text string) []string {
	var seq []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !vq.IsWordRune(r) }) {
		seq = append(seq, string(vq.AppendFold(nil, []byte(w))))
	}
	var out []string
	for i := 0; i+1 < len(seq); i++ {
		a, b := seq[i], seq[i+1]
		if p.absent[a] || p.absent[b] || p.common[a] && p.common[b] {
			continue
		}
		out = append(out, a+" "+b)
	}
	return out
}

func pairsQuery(field string, pairs []string, boost float64) query.Query {
	d := bleve.NewDisjunctionQuery()
	for _, pr := range pairs {
		d.AddQuery(term(field, pr, 0))
	}
	d.SetBoost(boost)
	return d
}

// phraseClause requires the folded words in a row: every consecutive pair
// in the subject's or the text's bigram field (fast on large indexes, where
// a positional phrase over common syllables is not); in the subject only
// when subjectOnly.
func phraseClause(words []string, subjectOnly bool) query.Query {
	switch {
	case len(words) == 0:
		return nil
	case len(words) == 1 && subjectOnly:
		return term(fSubjectF, words[0], 3)
	case len(words) == 1:
		return bleve.NewDisjunctionQuery(term(fSubjectF, words[0], 3), term(fBodyF, words[0], 1), term(fTitleF, words[0], 1))
	}
	fields := []struct {
		field string
		boost float64
	}{{fSubjectB, 3}, {fBodyB, 1}}
	if subjectOnly {
		fields = fields[:1]
	}
	d := bleve.NewDisjunctionQuery()
	for _, f := range fields {
		c := bleve.NewConjunctionQuery()
		for i := 0; i+1 < len(words); i++ {
			c.AddQuery(term(f.field, words[i]+" "+words[i+1], 0))
		}
		c.SetBoost(f.boost)
		d.AddQuery(c)
	}
	return d
}

// filters are the exact conditions every hit meets.
func (q *Query) filters(kind string) []query.Query {
	// Records and allocation rows live in separate indexes: no kind filter.
	var fs []query.Query
	if q.Type != "" {
		fs = append(fs, keyTerm(kind, fTypeKey, vq.FoldKey(q.Type)))
	}
	if q.Issuer != "" {
		d := bleve.NewDisjunctionQuery(keyTerm(kind, fIssuerKey, vq.FoldKey(q.Issuer)))
		m := match(fIssuerText, q.Issuer, 1)
		m.SetOperator(query.MatchQueryOperatorAnd)
		d.AddQuery(m)
		fs = append(fs, d)
	}
	if q.Province != "" {
		p, _ := vq.LookupProvince(q.Province)
		fs = append(fs, keyTerm(kind, fProvinceKey, vq.ProvinceKey(p.Name)))
	}
	if q.CurrentProvince != "" {
		p, _ := vq.LookupProvince(q.CurrentProvince)
		fs = append(fs, keyTerm(kind, fCurrentKey, vq.ProvinceKey(p.Current)))
	}
	if q.Year != 0 {
		fs = append(fs, keyTerm(kind, fYearS, fmt.Sprint(q.Year)))
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
		if !from.IsZero() {
			// A document known to the month only carries its month's last
			// day as its date: it matches when the range covers the whole
			// month, so one whose month starts before the range is out.
			f := false
			early := bleve.NewDateRangeInclusiveQuery(time.Time{}, from, nil, &f)
			early.SetField(fDateStart)
			b := bleve.NewBooleanQuery()
			b.AddMustNot(early)
			b.AddMust(bleve.NewMatchAllQuery())
			fs = append(fs, b)
		}
	}
	if q.AmountMin != nil || q.AmountMax != nil {
		field := fAmounts
		if kind == kindAlloc {
			field = fAmount
		}
		fs = append(fs, newAmountRange(field, q.AmountMin, q.AmountMax))
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
	if len(fs) > 0 {
		bq.AddMust(fs...)
	}
	hasNumber := p.Number.Found()
	if !hasNumber && !numberOnly && p.textClause() == nil && len(fs) == 0 {
		bq.AddMust(bleve.NewMatchAllQuery())
	}
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
	for _, pr := range p.Provinces {
		if p.matchOnly {
			break
		}
		bq.AddShould(term(fProvinceKey, vq.ProvinceKey(pr.Name), 4), term(fCurrentKey, vq.ProvinceKey(pr.Current), 1))
	}
	return bq
}

// Search runs a query: filters, then a number lookup and/or a text match,
// with facets and highlights.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	ctx, err := ix.bm25Context(ctx)
	if err != nil {
		return nil, err
	}
	p := understand(q.Q)
	// facetQuery finds the same documents as the search, unscored.
	facetQuery := func(p parsed, numberOnly bool) query.Query {
		p.cheap, p.matchOnly = true, true
		return q.build(p, numberOnly)
	}
	if p.Number.Only && len(p.Phrases) == 0 {
		res, err := ix.run(ctx, &q, q.build(p, true), facetQuery(p, true))
		if err != nil || res.Total > 0 {
			return res, err
		}
		// The number is not in the index: fall back to the words.
		p.Plan = p.Plan.WithoutNumber(q.Q)
	}
	if err := ix.wordStats(ctx, &p); err != nil {
		return nil, err
	}
	full := q.build(p, false)
	if (q.Sort == "" || q.Sort == "relevance") && q.Page*q.Size <= rescoreWindow {
		switch {
		case len(p.Phrases) > 0 && strings.TrimSpace(p.Text) == "" && !p.Number.Found() && p.phraseDocs >= tierMinDocs:
			// A phrase alone, often one most documents hold ("ngân sách
			// nhà nước": 70% of 100k), where ranking every match cost 35 ms.
			// The phrase in the subject weighs 3 times the phrase in the
			// text, so the documents holding it in their subject come
			// first: when there are enough of them, the page is ranked
			// among the best tierWindow of them by their subject, with
			// the whole query, and the total comes from the unscored
			// count.
			tier := q.build(parsed{Plan: vq.Plan{Phrases: p.Phrases}, subjectPhrases: true}, false)
			return ix.runRescored(ctx, &q, nil, full, facetQuery(p, false), tier)
		case !vq.IsASCII(p.Text) || len(p.common) > 0:
			// The cheap query leaves out the exact spelling (nothing to
			// leave out when the text is plain ASCII) and the common words.
			cheap := p
			cheap.cheap = true
			return ix.runRescored(ctx, &q, q.build(cheap, false), full, facetQuery(p, false), nil)
		}
	}
	return ix.run(ctx, &q, full, facetQuery(p, false))
}

// A word found in more than commonShare of the documents is common: it
// only adds to the score (see textClause). Below commonMinDocs documents
// the counts are too few to call a word common, and every query is fast.
const (
	commonShare   = 0.3
	commonMinDocs = 1000
)

// wordStats reads how many documents hold each folded word of p's text
// (in the subject, the text or the file name, whichever holds it most) and
// marks the words that are common and those found nowhere. A word typed
// with its diacritics is common only if its exact spelling is: "dán" (to
// label) is rare although its folded form "dan" (dân, people) is in most
// documents.
func (ix *Index) wordStats(ctx context.Context, p *parsed) error {
	words := vq.FoldedWords(p.Text)
	if len(words) == 0 && len(p.Phrases) == 0 {
		return nil
	}
	exact := map[string][]string{} // folded word → exact spellings typed
	for _, w := range strings.FieldsFunc(p.Text, func(r rune) bool { return !vq.IsWordRune(r) }) {
		if vq.IsASCII(w) {
			continue
		}
		f := string(vq.AppendFold(nil, []byte(w)))
		exact[f] = append(exact[f], string(vq.AppendExact(nil, []byte(w))))
	}
	adv, err := ix.bi.Advanced()
	if err != nil {
		return fmt.Errorf("index: word counts: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("index: word counts: %w", err)
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return fmt.Errorf("index: word counts: %w", err)
	}
	p.common, p.absent = map[string]bool{}, map[string]bool{}
	// count is the most documents any of terms (field, term) is in.
	count := func(terms [][2]string) (uint64, error) {
		var df uint64
		for _, t := range terms {
			tfr, err := r.TermFieldReader(ctx, []byte(t[1]), t[0], false, false, false)
			if err != nil {
				return 0, fmt.Errorf("index: word counts: %w", err)
			}
			df = max(df, tfr.Count())
			tfr.Close()
		}
		return df, nil
	}
	// A phrase is in at most as many texts as its rarest syllable pair
	// (its word, for one word).
	for _, ph := range p.Phrases {
		w := vq.FoldedWords(ph)
		terms := [][2]string{}
		for i := 0; i+1 < len(w); i++ {
			terms = append(terms, [2]string{fBodyB, w[i] + " " + w[i+1]})
		}
		if len(w) == 1 {
			terms = append(terms, [2]string{fBodyF, w[0]})
		}
		docs := uint64(math.MaxUint64)
		for _, t := range terms {
			df, err := count([][2]string{t})
			if err != nil {
				return err
			}
			docs = min(docs, df)
		}
		if len(terms) > 0 {
			p.phraseDocs = max(p.phraseDocs, docs)
		}
	}
	common := func(df uint64) bool { return n >= commonMinDocs && float64(df) > commonShare*float64(n) }
	for _, w := range words {
		terms := [][2]string{{fSubjectF, w}, {fBodyF, w}, {fTitleF, w}}
		if vq.IsBareNumber(w) {
			terms = append(terms, [2]string{fNumberTerms, "n:" + strings.TrimLeft(w, "0")})
		}
		df, err := count(terms)
		if err != nil {
			return err
		}
		if df == 0 {
			p.absent[w] = true
			continue
		}
		if forms := exact[w]; len(forms) > 0 && common(df) {
			// Common when folded: judge the spelling typed.
			terms = terms[:0]
			for _, e := range forms {
				terms = append(terms, [2]string{fSubject, e}, [2]string{fBody, e})
			}
			if df, err = count(terms); err != nil {
				return err
			}
		}
		if common(df) {
			p.common[w] = true
		}
	}
	return nil
}

// rescoreWindow is how many of the best hits of the folded match are ranked
// again with the exact-spelling clauses: on a large index, scoring every
// match against the exact fields costs more than the rest of the query.
const rescoreWindow = 100

// tierMinDocs is how many texts must hold a phrase before its search goes
// by tiers (runRescored): below, ranking every match is as fast. A variable
// for the tests.
var tierMinDocs uint64 = 20000

// tierWindow is how many documents of a tier (see runRescored) are ranked
// again with the whole query.
const tierWindow = 1000

// runRescored finds and counts the hits (and facets) with cheap, then
// ranks the best rescoreWindow of them with full and returns the page.
//
// tier, when not nil, finds a part of the hits that ranks above the rest
// (the documents with the phrase in their subject, see Search): when it
// holds at least rescoreWindow documents, the best tierWindow of them by
// tier's own score are ranked with full, and the total is the unscored
// count of fq. Otherwise cheap finds the window, or, when nil, full ranks
// every match in one pass.
func (ix *Index) runRescored(ctx context.Context, q *Query, cheap, full, fq, tier query.Query) (*Result, error) {
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	facets := ix.startFacets(ctx, q, fq, tier != nil)
	window := func(bq query.Query, n int) (*bleve.SearchResult, error) {
		res, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, n, 0, false))
		if err != nil {
			return nil, fmt.Errorf("index: search: %w", err)
		}
		return res, nil
	}
	var win *bleve.SearchResult // the window's documents; nil: every match
	exactTotal := true
	if tier != nil {
		r, err := window(tier, tierWindow)
		if err != nil {
			return nil, err
		}
		if r.Total >= rescoreWindow {
			win, exactTotal = r, false
		}
	}
	if win == nil && cheap != nil {
		var err error
		if win, err = window(cheap, rescoreWindow); err != nil {
			return nil, err
		}
	}
	out := &Result{Hits: []Hit{}}
	from := (q.Page - 1) * q.Size
	page := full
	if win != nil {
		out.Total = win.Total
		ids := make([]string, len(win.Hits))
		for i, h := range win.Hits {
			ids[i] = h.ID
		}
		page = bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), full)
	}
	if win == nil || len(win.Hits) > from {
		req := bleve.NewSearchRequestOptions(page, q.Size, from, false)
		req.Fields = []string{fNumber, fType, fIssuer, fDate, fDateMonth, fSubject}
		res, err := ix.bi.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("index: search: %w", err)
		}
		if win == nil {
			out.Total = res.Total
		}
		for _, h := range res.Hits {
			out.Hits = append(out.Hits, toHit(h))
		}
		if !q.NoHighlights && len(out.Hits) > 0 {
			if err := ix.highlight(ctx, q.Q, out.Hits); err != nil {
				return nil, err
			}
		}
	}
	fc, total, err := facets()
	if err != nil {
		return nil, err
	}
	out.Facets = fc
	if !exactTotal {
		out.Total = total
	}
	out.Took = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// startFacets counts the facets of the documents fq finds (countFacets:
// an unscored pass collecting a bitmap of the hits, intersected with the
// cached bitmap of each facet value), beside the scored search; with
// NoFacets, only the hits when needTotal. The returned function waits for
// the counts.
func (ix *Index) startFacets(ctx context.Context, q *Query, fq query.Query, needTotal bool) func() (map[string][]FacetValue, uint64, error) {
	if q.NoFacets && !needTotal {
		return func() (map[string][]FacetValue, uint64, error) { return map[string][]FacetValue{}, 0, nil }
	}
	type result struct {
		counts []facetCount
		total  uint64
		err    error
	}
	ch := make(chan result, 1)
	go func() {
		counts, total, err := ix.countFacets(ctx, fq, q.NoFacets)
		ch <- result{counts, total, err}
	}()
	return func() (map[string][]FacetValue, uint64, error) {
		r := <-ch
		if r.err != nil {
			return nil, 0, fmt.Errorf("index: facets: %w", r.err)
		}
		if q.NoFacets {
			return map[string][]FacetValue{}, r.total, nil
		}
		return facetsOf(r.counts), r.total, nil
	}
}

// facetsOf splits the counts of the merged facet field into the facets of
// the API, each its facetSize most frequent values (ties by value), years
// newest first.
func facetsOf(counts []facetCount) map[string][]FacetValue {
	out := map[string][]FacetValue{}
	for _, name := range facetNames {
		out[name] = []FacetValue{}
	}
	for _, t := range counts {
		name, v, ok := strings.Cut(t.term, ":")
		if _, known := out[name]; !ok || !known {
			continue
		}
		out[name] = append(out[name], FacetValue{Term: v, Count: t.count})
	}
	for name, vals := range out {
		sort.Slice(vals, func(i, j int) bool {
			if vals[i].Count != vals[j].Count {
				return vals[i].Count > vals[j].Count
			}
			return vals[i].Term < vals[j].Term
		})
		if len(vals) > facetSize {
			vals = vals[:facetSize]
		}
		if name == "year" {
			sort.Slice(vals, func(i, j int) bool { return vals[i].Term > vals[j].Term })
		}
		out[name] = vals
	}
	return out
}

func (ix *Index) run(ctx context.Context, q *Query, bq, fq query.Query) (*Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	facets := ix.startFacets(ctx, q, fq, false)
	req := bleve.NewSearchRequestOptions(bq, q.Size, (q.Page-1)*q.Size, false)
	req.Fields = []string{fNumber, fType, fIssuer, fDate, fDateMonth, fSubject}
	switch q.Sort {
	case "date":
		req.SortBy([]string{"date", "-_score", "_id"})
	case "-date":
		req.SortBy([]string{"-date", "-_score", "_id"})
	}
	start := time.Now()
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	out := &Result{Total: res.Total, Hits: []Hit{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	if !q.NoHighlights && strings.TrimSpace(q.Q) != "" && len(res.Hits) > 0 {
		if err := ix.highlight(ctx, q.Q, out.Hits); err != nil {
			return nil, err
		}
	}
	if out.Facets, _, err = facets(); err != nil {
		return nil, err
	}
	out.Took = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// highlight fills the highlights of a page of hits. It is a second search
// limited to those ids: asking Bleve for highlights in the main search makes
// it read term locations for every matching document, not just the page.
// It marks every folded word of the query text (numbers and "phrases"
// included) in the subject and the body: the words alone, not the whole
// ranking query, whose exact-spelling and syllable-pair clauses only cost
// time here (issue 6).
func (ix *Index) highlight(ctx context.Context, text string, hits []Hit) error {
	words := vq.FoldedWords(text)
	if len(words) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	d := bleve.NewDisjunctionQuery()
	for _, w := range words {
		d.AddQuery(term(fSubjectF, w, 0), term(fBodyF, w, 0))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), d), len(ids), 0, false)
	req.Score = bleve.ScoreNone
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.AddField(fSubjectF)
	req.Highlight.AddField(fBodyF)
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("index: highlight: %w", err)
	}
	byID := map[string]map[string][]string{}
	for _, h := range res.Hits {
		byID[h.ID] = toHit(h).Highlights
	}
	for i := range hits {
		if hl, ok := byID[hits[i].ID]; ok {
			hits[i].Highlights = hl
		}
	}
	return nil
}

func toHit(h *search.DocumentMatch) Hit {
	str := func(k string) string { s, _ := h.Fields[k].(string); return s }
	date := str(fDate)
	if len(date) > 10 {
		date = date[:10]
	}
	hit := Hit{ID: h.ID, Number: str(fNumber), Type: str(fType), Issuer: str(fIssuer), Date: date,
		DateMonth: str(fDateMonth), Subject: str(fSubject), Score: h.Score}
	if hit.DateMonth != "" {
		hit.Date = "" // the stored date is the month's last day, for sorting
	}
	hit.Highlights = map[string][]string{}
	if len(h.Fragments) > 0 {
		for f, frags := range h.Fragments {
			name := strings.TrimSuffix(f, "_f")
			hit.Highlights[name] = frags
		}
	}
	return hit
}
