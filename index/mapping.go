package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"

	// Indexes built before pairFilter name Bleve's shingle filter in their
	// stored mapping: it must stay registered for them to open.
	_ "github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	bindex "github.com/blevesearch/bleve_index_api"

	vq "vanban/query"
)

// Analyzer, tokenizer and filter names registered in the index mapping.
const (
	tokenizerName = "vi_words"
	foldFilter    = "vi_fold"
	exactFilter   = "vi_exact"
	// pairFilterName makes syllable pairs (pairFilter).
	pairFilterName = "vi_pairs"
	// analyzerExact: NFC, one tone-mark placement, lower case.
	analyzerExact = "vi_exact"
	// analyzerFold: diacritics removed, đ → d, lower case.
	analyzerFold = "vi_fold"
	// analyzerBigram: folded syllable pairs ("khuyen cong"), so that
	// multi-syllable words rank like phrases.
	analyzerBigram = "vi_bigram"
	// analyzerKeys: one term per line (an allocation row's keys).
	analyzerKeys  = "vi_keys"
	tokenizerKeys = "vi_lines"
)

func init() {
	// Words are runs of letters, digits and combining marks: Vietnamese
	// syllables are separated by spaces and punctuation.
	must(registry.RegisterTokenizer(tokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	}))
	must(registry.RegisterTokenizer(tokenizerKeys, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return linesTokenizer{}, nil
	}))
	must(registry.RegisterTokenFilter(foldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return tokenFilter(vq.AppendFold), nil
	}))
	must(registry.RegisterTokenFilter(exactFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return tokenFilter(vq.AppendExact), nil
	}))
	must(registry.RegisterTokenFilter(pairFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return pairFilter{}, nil
	}))
}

// pairFilter turns a stream of words into their consecutive pairs ("khuyen
// cong", "cong nghiep"): the tokens Bleve's shingle filter makes with min
// and max 2 and a space between (indexes built before it used that filter,
// with the same terms), at a third of its allocations: one slab of tokens
// and one arena of bytes per stream instead of a ring and two slices per
// pair. Unlike the shingle filter it pairs only words at consecutive
// positions: two cells of a table are not a phrase (wordTokenizer).
type pairFilter struct{}

func (pairFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	if len(in) < 2 {
		return in[:0]
	}
	size := 0
	for _, t := range in {
		size += 2*len(t.Term) + 1
	}
	arena := make([]byte, 0, size)
	slab := make([]analysis.Token, len(in)-1)
	out := make(analysis.TokenStream, 0, len(in)-1)
	for i := 1; i < len(in); i++ {
		a, b := in[i-1], in[i]
		if b.Position != a.Position+1 {
			continue // a cell boundary between them
		}
		start := len(arena)
		arena = append(arena, a.Term...)
		arena = append(arena, ' ')
		arena = append(arena, b.Term...)
		k := len(out)
		slab[k] = analysis.Token{Term: arena[start:len(arena):len(arena)], Start: a.Start, End: b.End,
			Position: a.Position, Type: analysis.Shingle}
		out = append(out, &slab[k])
	}
	return out
}

// wordTokenizer splits text into runs of word runes. It allocates the
// tokens of a field in one slab rather than one by one (the indexing
// profile showed the per-token allocations and the GC they cause).
//
// A tab separates the cells of a table in a document's text (a sheet's
// rows, a Word table's rows: model.Document.Text, format.Flow): the word
// after it is placed one position further, so that no syllable pair
// (pairFilter) and no phrase spans two cells. "Hà Giang\t1.389.380" pairs
// "1 389" and "389 380", not "giang 1". A budget sheet's pairs were mostly
// such name–figure and figure–figure neighbours; without them vanban
// ingest of the corpus took 4 % less time, and ranking did not move
// (TestRelevance, TestSearchVBPL: the same figures; issue 17).
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	slab := make([]analysis.Token, 0, len(input)/5+1)
	rv := make(analysis.TokenStream, 0, len(input)/5+1)
	start, pos := -1, 1
	emit := func(end int) {
		typ := analysis.AlphaNumeric
		if isDigitsBytes(input[start:end]) {
			typ = analysis.Numeric
		}
		if len(slab) == cap(slab) {
			slab = make([]analysis.Token, 0, cap(slab))
		}
		slab = append(slab, analysis.Token{Term: input[start:end:end], Start: start, End: end, Position: pos, Type: typ})
		rv = append(rv, &slab[len(slab)-1])
		pos++
		start = -1
	}
	for i := 0; i < len(input); {
		c := input[i]
		var r rune
		n := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, n = utf8.DecodeRune(input[i:])
		}
		if vq.IsWordRune(r) {
			if start < 0 {
				start = i
			}
		} else {
			if start >= 0 {
				emit(i)
			}
			if c == '\t' && len(rv) > 0 && rv[len(rv)-1].Position == pos-1 {
				pos++ // a cell boundary: the next word is not adjacent
			}
		}
		i += n
	}
	if start >= 0 {
		emit(len(input))
	}
	return rv
}

// linesTokenizer makes one token of each line (keysAnalyzer).
type linesTokenizer struct{}

func (linesTokenizer) Tokenize(input []byte) analysis.TokenStream {
	return keysAnalyzer{}.Analyze(input)
}

func isDigitsBytes(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func must(err error) {
	if err != nil {
		panic("index: " + err.Error())
	}
}

// tokenFilter rewrites each token's term with a table-driven function.
type tokenFilter func(dst, src []byte) []byte

func (f tokenFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	// One arena per stream instead of one allocation per token: a term
	// keeps pointing into the old array when the arena grows.
	var arena []byte
	for _, t := range in {
		ascii := true
		for _, c := range t.Term {
			if c >= 0x80 || 'A' <= c && c <= 'Z' {
				ascii = false
				break
			}
		}
		if ascii {
			continue
		}
		if arena == nil {
			arena = make([]byte, 0, 8*len(in)+64)
		}
		start := len(arena)
		arena = f(arena, t.Term)
		t.Term = arena[start:len(arena):len(arena)]
	}
	return in
}

// Field names in the index. Record fields appear under several analyzers:
// subject (exact), subject_f (folded), subject_b (bigrams); same for body
// and title.
const (
	fKind        = "kind"
	fNumber      = "number"
	fNumberKey   = "number_key"
	fNumberTerms = "number_terms"
	fType        = "type"
	fTypeKey     = "type_key"
	fIssuer      = "issuer"
	fIssuerKey   = "issuer_key"
	fIssuerText  = "issuer_f"
	fDate        = "date"
	fDateStart   = "date_start"
	fDateMonth   = "date_month"
	fYearS       = "year_s"
	fProvinceKey = "province_key"
	fCurrentKey  = "current_key"
	fAmounts     = "amounts"
	fRecord      = "record"
	fAllocN      = "alloc_n"
	fSubject     = "subject"
	fSubjectF    = "subject_f"
	fSubjectB    = "subject_b"
	fTitleF      = "title_f"
	fBody        = "body"
	fBodyF       = "body_f"
	fBodyB       = "body_b"
	// allocation rows
	fDocID     = "doc_id"
	fSeq       = "seq"
	fAmount    = "amount"
	fRow       = "row"
	fAllocText = "alloc_f"
	// fKeys are a row's exact filter values, one term "field:value" each
	// (rows.go, keyTerm), under the names of the records' fields and
	// these two: fRecipientKind is extract.Allocation.RecipientKind;
	// fColumnPath the folded leading runs of a column path's segments
	// (columnPrefixes).
	fKeys          = "keys"
	fRecipientKind = "recipient_kind"
	fColumnPath    = "column_path"
	// fFacet holds every facet value of a record as "name:value" (see
	// facetNames and facets.go).
	fFacet = "facet"
)

const (
	kindDoc   = "doc"
	kindAlloc = "allocation"
)

func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	must(im.AddCustomAnalyzer(analyzerExact, map[string]any{
		"type": custom.Name, "tokenizer": tokenizerName, "token_filters": []any{exactFilter},
	}))
	must(im.AddCustomAnalyzer(analyzerFold, map[string]any{
		"type": custom.Name, "tokenizer": tokenizerName, "token_filters": []any{foldFilter},
	}))
	must(im.AddCustomAnalyzer(analyzerBigram, map[string]any{
		"type": custom.Name, "tokenizer": tokenizerName, "token_filters": []any{foldFilter, pairFilterName},
	}))
	must(im.AddCustomAnalyzer(analyzerKeys, map[string]any{"type": custom.Name, "tokenizer": tokenizerKeys}))
	// BM25 saturates term frequency: a long report repeating "kiểm toán" a
	// thousand times must not outrank a short text holding the asked words.
	im.ScoringModel = bindex.BM25Scoring
	im.DefaultAnalyzer = analyzerFold
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	text := func(name, analyzer string, store, vectors bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{Type: "text", Name: name, Analyzer: analyzer, Index: true,
			Store: store, IncludeTermVectors: vectors}
	}
	kw := func(name string, store, docValues bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{Type: "text", Name: name, Analyzer: keyword.Name, Index: true,
			Store: store, DocValues: docValues}
	}
	stored := func(name string) *mapping.FieldMapping {
		return &mapping.FieldMapping{Type: "text", Name: name, Analyzer: keyword.Name, Store: true}
	}
	amounts := func(name string) *mapping.FieldMapping {
		return &mapping.FieldMapping{Type: "text", Name: name, Analyzer: keyword.Name, Index: true}
	}

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fKind, kw(fKind, false, false))
	dm.AddFieldMappingsAt(fNumber, stored(fNumber))
	dm.AddFieldMappingsAt(fNumberKey, kw(fNumberKey, true, false))
	dm.AddFieldMappingsAt(fNumberTerms, kw(fNumberTerms, false, false))
	// Facets are counted from the postings of fFacet (facets.go), not doc
	// values: only the sort fields (date, doc_id, seq) keep doc values.
	dm.AddFieldMappingsAt(fFacet, kw(fFacet, false, false))
	dm.AddFieldMappingsAt(fType, kw(fType, true, false))
	dm.AddFieldMappingsAt(fTypeKey, kw(fTypeKey, false, false))
	dm.AddFieldMappingsAt(fIssuer, kw(fIssuer, true, false), text(fIssuerText, analyzerFold, false, false))
	dm.AddFieldMappingsAt("issuer_text", text(fIssuerText, analyzerFold, false, false))
	dm.AddFieldMappingsAt(fIssuerKey, kw(fIssuerKey, false, false))
	dm.AddFieldMappingsAt(fDate, &mapping.FieldMapping{Type: "datetime", Name: fDate, Index: true, Store: true, DocValues: true})
	dm.AddFieldMappingsAt(fDateStart, &mapping.FieldMapping{Type: "datetime", Name: fDateStart, Index: true})
	dm.AddFieldMappingsAt(fDateMonth, stored(fDateMonth))
	dm.AddFieldMappingsAt(fYearS, kw(fYearS, false, false))
	// The province names as written (bdoc.Province, bdoc.Current) feed
	// the facets; filters read the keys: the names are not indexed.
	dm.AddFieldMappingsAt(fProvinceKey, kw(fProvinceKey, false, false))
	dm.AddFieldMappingsAt(fCurrentKey, kw(fCurrentKey, false, false))
	// The amounts of a record (and the amount of a row, below) are built
	// by amountField (amounts.go), not from bdoc: described here for the
	// queries that read them (amountRange).
	dm.AddFieldMappingsAt(fAmounts, amounts(fAmounts))
	dm.AddFieldMappingsAt(fRecord, stored(fRecord))
	dm.AddFieldMappingsAt(fAllocN, stored(fAllocN))
	dm.AddFieldMappingsAt(fSubject,
		text(fSubject, analyzerExact, true, false),
		text(fSubjectF, analyzerFold, true, true),
		text(fSubjectB, analyzerBigram, false, false))
	dm.AddFieldMappingsAt("title", text(fTitleF, analyzerFold, false, true))
	dm.AddFieldMappingsAt(fBody,
		text(fBody, analyzerExact, false, false),
		text(fBodyF, analyzerFold, true, true),
		text(fBodyB, analyzerBigram, false, false))
	// Allocation rows are built field by field (rows.go); their fields
	// are described here for the queries that read them.
	dm.AddFieldMappingsAt(fDocID, kw(fDocID, false, true))
	dm.AddFieldMappingsAt(fSeq, kw(fSeq, false, true))
	dm.AddFieldMappingsAt(fAmount, amounts(fAmount))
	dm.AddFieldMappingsAt(fRow, stored(fRow))
	dm.AddFieldMappingsAt("alloc_text", text(fAllocText, analyzerFold, false, false))
	dm.AddFieldMappingsAt(fKeys, text(fKeys, analyzerKeys, false, false))
	// No "_all" composite field: every field above is left out of it, yet
	// Bleve still built an empty one per document (6% of indexing CPU).
	dm.AddSubDocumentMapping("_all", &mapping.DocumentMapping{Enabled: false})
	im.DefaultMapping = dm
	im.DefaultField = fBodyF
	return im
}
