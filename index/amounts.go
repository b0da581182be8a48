package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Amounts (đồng) are filtered on by range: the records' amounts field
// (every amount a document states, each once) and the allocation rows'
// amount. A term per value alone would make a wide range a disjunction of
// every distinct amount in it, so each value is also indexed at coarser
// precisions, as Bleve's numeric fields do, and a range is the few terms
// that cover it.
//
// Bleve's numeric field writes 16 terms per value (a precision step of 4
// bits): amounts are nearly all distinct, so most of those terms are new
// to the dictionary, and on the shared corpus they were 56 000 of the
// index's 122 000 terms. Building them was a tenth of the time of vanban
// ingest (BenchmarkIngestVsExtract: 1.58 s → 1.44 s without amounts,
// issue 17). Here a value is indexed at amountLevels precisions, 8 bits
// apart (exact, to 256 đồng, to 65 536 đồng, …): less than half the
// distinct terms and 6 postings per value instead of 16. A range then
// needs at most 255 terms at each end of each level instead of 15, and
// only those the index holds are looked up (amountTerms), by reading the
// dictionary over each piece of the range.
//
// A value is the exact integer of đồng (int64), not a float64: an amount
// above 2^53 đồng is filtered on as it is.

// amountStep is the bits between two precisions; amountLevels the
// precisions indexed (shifts 0, 8, …, 40). Amounts in đồng stay below
// 2^50 (a national budget is ~2^51 at most, a few nghìn nghìn tỷ), so the
// top level holds a handful of distinct terms and is read as a range.
const (
	amountStep   = 8
	amountLevels = 6
)

// amountKey maps v to an unsigned key that sorts as v does.
func amountKey(v int64) uint64 { return uint64(v) ^ (1 << 63) }

// amountTerm is the term of key at level: the level, then the key's bits
// above the level's shift, big-endian (terms of one level sort as their
// keys do).
func amountTerm(dst []byte, level int, key uint64) []byte {
	shift := level * amountStep
	dst = append(dst, byte(level))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], key>>shift)
	return append(dst, b[shift/8:]...)
}

// amountValue is the value of an amounts field: each amount as 8 bytes
// (what amountAnalyzer reads).
func amountValue(values []int64) []byte {
	out := make([]byte, 0, 8*len(values))
	for _, v := range values {
		out = binary.BigEndian.AppendUint64(out, uint64(v))
	}
	return out
}

// amountField is the indexed (not stored) field of amounts values.
func amountField(name string, values []int64) *textField {
	return &textField{name: name, options: bindex.IndexField, value: amountValue(values), analyzer: amountAnalyzer{}}
}

// amountAnalyzer makes the terms of an amounts field: each value at each
// level (a value repeated gives the same terms; the frequencies count them
// once per document as a filter needs).
type amountAnalyzer struct{}

func (amountAnalyzer) Analyze(input []byte) analysis.TokenStream {
	n := len(input) / 8
	out := make(analysis.TokenStream, 0, n*amountLevels)
	slab := make([]analysis.Token, n*amountLevels)
	terms := make([]byte, 0, n*(amountLevels*9))
	for i := 0; i < n; i++ {
		key := amountKey(int64(binary.BigEndian.Uint64(input[8*i:])))
		for level := 0; level < amountLevels; level++ {
			start := len(terms)
			terms = amountTerm(terms, level, key)
			t := &slab[len(out)]
			t.Term, t.Start, t.End, t.Position, t.Type = terms[start:len(terms):len(terms)], 8*i, 8*i+8, len(out)+1, analysis.Numeric
			out = append(out, t)
		}
	}
	return out
}

// amountPiece is a run of keys [lo, hi] at a level, in that level's units
// (keys shifted right by the level's bits).
type amountPiece struct {
	level  int
	lo, hi uint64
}

// amountPieces splits the keys [lo, hi] into pieces of whole units of each
// level: at each level, the partial units at both ends, then the rest one
// level up; the top level takes what is left.
func amountPieces(lo, hi uint64) []amountPiece {
	var out []amountPiece
	const mask = 1<<amountStep - 1
	for level := 0; ; level++ {
		if level == amountLevels-1 || lo>>amountStep == hi>>amountStep {
			return append(out, amountPiece{level, lo, hi})
		}
		if lo&mask != 0 {
			out = append(out, amountPiece{level, lo, lo | mask})
			lo = lo>>amountStep + 1
		} else {
			lo >>= amountStep
		}
		if hi&mask != mask {
			out = append(out, amountPiece{level, hi &^ mask, hi})
			hi = hi>>amountStep - 1
		} else {
			hi >>= amountStep
		}
		if lo > hi {
			return out
		}
	}
}

// amountRange is a query for documents with a value of an amounts field
// in [Min, Max] (either nil: unbounded). It implements Bleve's query
// interface with the terms of amountPieces that the index holds.
type amountRange struct {
	field    string
	min, max *int64
	boost    float64
}

func newAmountRange(field string, min, max *int64) *amountRange {
	return &amountRange{field: field, min: min, max: max, boost: 1}
}

func (q *amountRange) SetBoost(b float64) { q.boost = b }
func (q *amountRange) Boost() float64     { return q.boost }
func (q *amountRange) Field() string      { return q.field }
func (q *amountRange) SetField(f string)  { q.field = f }

func (q *amountRange) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	terms, err := amountTerms(r, q.field, q.min, q.max)
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	// A filter, not scored: Bleve then ORs the terms' postings (its
	// "unadorned" disjunction) instead of merging hundreds of term
	// searchers one document at a time.
	o.Score, o.Explain, o.IncludeTermVectors = "none", false, false
	return searcher.NewMultiTermSearcherBytes(ctx, r, terms, q.field, q.boost, o, false)
}

// amountTerms lists the terms of field the index holds that cover the
// values in [min, max].
func amountTerms(r bindex.IndexReader, field string, min, max *int64) ([][]byte, error) {
	lo, hi := uint64(0), ^uint64(0)
	if min != nil {
		lo = amountKey(*min)
	}
	if max != nil {
		hi = amountKey(*max)
	}
	if lo > hi {
		return nil, nil
	}
	var terms [][]byte
	for _, p := range amountPieces(lo, hi) {
		shift := uint(p.level * amountStep)
		// The piece's keys are whole units of the level: its terms are
		// those of the level between the first and the last unit.
		from := amountTerm(nil, p.level, p.lo<<shift)
		to := amountTerm(nil, p.level, p.hi<<shift)
		d, err := r.FieldDictRange(field, from, to)
		if err != nil {
			return nil, fmt.Errorf("index: amounts of %s: %w", field, err)
		}
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("index: amounts of %s: %w", field, err)
			}
			if e == nil {
				break
			}
			terms = append(terms, []byte(e.Term))
		}
		if err := d.Close(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(terms, bytes.Compare)
	return terms, nil
}
