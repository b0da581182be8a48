package index

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	vq "vanban/query"
)

// Bleve analyzes every text field on its own, and that cost more than it
// needs to when indexing:
//   - the subject and the body are indexed three ways (exact, folded,
//     syllable pairs: newMapping), and each way tokenized the same text
//     again;
//   - analysis.TokenFrequency allocates one TokenFreq and one location
//     slice per distinct term (and grows it per occurrence);
//   - scorch sizes each analyzed document for its statistics by walking
//     every field's frequency map, on the one goroutine that then builds
//     the segment.
//
// ownFields swaps the text fields of a mapped document for textFields,
// which index exactly what Bleve's fields would (TestOwnFieldsAsBleve) but
// tokenize a subject or body once for its three fields, build each field's
// frequencies in a handful of allocations, and report their size without
// walking them.

// textRole says which of the three analyzers of a text family a field uses.
type textRole int

const (
	roleExact textRole = iota // analyzerExact
	roleFold                  // analyzerFold
	rolePairs                 // analyzerBigram
	numRoles
)

// textFamilies are the fields that index one text three ways (newMapping):
// the family's name and the field's role in it.
var textFamilies = map[string]struct {
	family string
	role   textRole
}{
	fSubject:  {fSubject, roleExact},
	fSubjectF: {fSubject, roleFold},
	fSubjectB: {fSubject, rolePairs},
	fBody:     {fBody, roleExact},
	fBodyF:    {fBody, roleFold},
	fBodyB:    {fBody, rolePairs},
}

// ownFields replaces doc's Bleve text fields by textFields.
func ownFields(doc *document.Document) {
	var groups map[string]*textGroup
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok {
			continue
		}
		t := &textField{name: tf.Name(), arrayPositions: tf.ArrayPositions(), options: tf.Options(),
			value: tf.Value(), analyzer: tf.Analyzer()}
		if fam, ok := textFamilies[t.name]; ok && t.analyzer != nil {
			g := groups[fam.family]
			if g == nil || g.fields[fam.role] != nil || !bytes.Equal(g.value, t.value) {
				g = &textGroup{value: t.value}
				if groups == nil {
					groups = make(map[string]*textGroup, 2)
				}
				groups[fam.family] = g
			}
			g.fields[fam.role] = t
			t.group = g
		}
		doc.Fields[i] = t
	}
}

// textField is a text field of a document being indexed (document.TextField's
// contract: EncodedFieldType 't', the same value, options and terms).
type textField struct {
	name           string
	arrayPositions []uint64
	options        bindex.FieldIndexingOptions
	value          []byte
	analyzer       analysis.Analyzer
	// group, when not nil, analyzes this field with the rest of its family.
	group       *textGroup
	length      int
	frequencies bindex.TokenFrequencies
	analyzed    bool // Analyze ran (fields outside a group)
}

func (t *textField) Name() string                         { return t.name }
func (t *textField) ArrayPositions() []uint64             { return t.arrayPositions }
func (t *textField) Options() bindex.FieldIndexingOptions { return t.options }
func (t *textField) Value() []byte                        { return t.value }
func (t *textField) NumPlainTextBytes() uint64            { return uint64(len(t.value)) }
func (t *textField) EncodedFieldType() byte               { return 't' }
func (t *textField) AnalyzedLength() int                  { return t.length }

func (t *textField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return t.frequencies }

// Size estimates the field's memory for scorch's statistics: the value and
// about 64 bytes per distinct term, without walking the terms.
func (t *textField) Size() int {
	return 96 + len(t.name) + 8*len(t.arrayPositions) + len(t.value) + 64*len(t.frequencies)
}

// Analyze makes the field's terms. A field analyzed already (by
// prepare, which needs the lengths: bm25.go) is not analyzed again when
// Bleve asks.
func (t *textField) Analyze() {
	if t.group != nil {
		t.group.once.Do(t.group.analyze)
		return
	}
	if t.analyzed {
		return
	}
	t.analyzed = true
	var tokens analysis.TokenStream
	if t.analyzer != nil {
		in := t.value
		if t.options.IsStored() {
			// As Bleve does: a filter may rewrite its input in place,
			// and the stored value must stay as it was.
			in = bytes.Clone(in)
		}
		tokens = t.analyzer.Analyze(in)
	} else {
		tokens = analysis.TokenStream{{Start: 0, End: len(t.value), Term: t.value, Position: 1, Type: analysis.AlphaNumeric}}
	}
	t.setTokens(tokens)
}

func (t *textField) setTokens(tokens analysis.TokenStream) {
	t.length = len(tokens)
	t.frequencies = tokenFrequencies(tokens, t.arrayPositions, t.options)
}

// textGroup is one text indexed by the fields of a family: tokenized once,
// then filtered for each role.
type textGroup struct {
	once   sync.Once
	value  []byte
	fields [numRoles]*textField
}

func (g *textGroup) analyze() {
	words := wordTokenizer{}.Tokenize(g.value)
	var folded analysis.TokenStream
	if g.fields[roleFold] != nil || g.fields[rolePairs] != nil {
		folded = tokenFilter(vq.AppendFold).Filter(copyTokens(words))
	}
	if f := g.fields[roleExact]; f != nil {
		// The exact filter rewrites the tokens it is given: it gets the
		// originals, the folded stream has its own copies.
		f.setTokens(tokenFilter(vq.AppendExact).Filter(words))
	}
	if f := g.fields[rolePairs]; f != nil {
		f.setTokens(pairFilter{}.Filter(folded))
	}
	if f := g.fields[roleFold]; f != nil {
		f.setTokens(folded)
	}
	g.value = nil
}

// copyTokens copies a stream's tokens into one new slab.
func copyTokens(in analysis.TokenStream) analysis.TokenStream {
	slab := make([]analysis.Token, len(in))
	out := make(analysis.TokenStream, len(in))
	for i, t := range in {
		slab[i] = *t
		out[i] = &slab[i]
	}
	return out
}

// tokenFrequencies is analysis.TokenFrequency (the same terms, frequencies
// and locations in the same order) in a handful of allocations instead of
// two or more per distinct term. The map and the TokenFreqs grow with the
// distinct terms found, not with the tokens: a body of 40 000 words holds
// a few thousand distinct ones, and sizing both by the tokens made this
// the largest allocation of vanban ingest (220 MB a run of the corpus,
// issue 17).
func tokenFrequencies(tokens analysis.TokenStream, arrayPositions []uint64, options bindex.FieldIndexingOptions) bindex.TokenFrequencies {
	rv := make(bindex.TokenFrequencies, min(len(tokens), 64))
	// terms in order of first occurrence; their TokenFreqs live in chunks
	// that never grow in place, so the pointers into them stay valid.
	terms := make([]*bindex.TokenFreq, 0, min(len(tokens), 64))
	var chunk []bindex.TokenFreq
	vectors := options.IncludeTermVectors()
	var of []*bindex.TokenFreq
	if vectors {
		of = make([]*bindex.TokenFreq, len(tokens))
	}
	for i, tok := range tokens {
		tf := rv[string(tok.Term)]
		if tf == nil {
			if len(chunk) == cap(chunk) {
				chunk = make([]bindex.TokenFreq, 0, min(max(2*len(terms), 32), 4096, len(tokens)-i))
			}
			chunk = append(chunk, bindex.TokenFreq{Term: tok.Term})
			tf = &chunk[len(chunk)-1]
			rv[string(tok.Term)] = tf
			terms = append(terms, tf)
		}
		// Counted here even when the frequency is not kept: the
		// locations below are laid out by it.
		tf.SetFrequency(tf.Frequency() + 1)
		if vectors {
			of[i] = tf
		}
	}
	if vectors {
		// Each term's locations are a window of one array, sized by its
		// count, then filled in token order.
		locs := make([]bindex.TokenLocation, len(tokens))
		ptrs := make([]*bindex.TokenLocation, len(tokens))
		off := 0
		for _, tf := range terms {
			n := tf.Frequency()
			tf.Locations = ptrs[off:off:(off + n)]
			off += n
		}
		for i, tok := range tokens {
			locs[i] = bindex.TokenLocation{ArrayPositions: arrayPositions, Start: tok.Start, End: tok.End, Position: tok.Position}
			of[i].Locations = append(of[i].Locations, &locs[i])
		}
	}
	if options.SkipFreqNorm() {
		for _, tf := range terms {
			tf.SetFrequency(0)
		}
	}
	return rv
}
