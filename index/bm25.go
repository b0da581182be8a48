package index

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// BM25 scores a word in a field by how often it occurs there, against the
// field's length relative to the average length of that field in the
// index. Bleve takes that average as the number of distinct terms of the
// field divided by the documents: not a length at all. It made ranking
// depend on how many distinct numbers the spreadsheets hold: writing a
// sheet's figures as it shows them (9.28, not 9.2832250595092773) cut the
// distinct terms of the text by half, the "average" with them, and a long
// report on the PAR/PAPI/PCI indices of Đắk Nông fell out of the top 3 for
// "chỉ số cải cách hành chính Đắk Nông" (issue 17).
//
// The syllable-pair field is where that estimate swings: the distinct
// words of a language are bounded, the distinct pairs are not (every pair
// of figures of every table is one more), so its "average" followed the
// tables, not the texts. For the fields in realLengths the index keeps the
// real lengths: each record stores the number of tokens of each such field
// (fLengths), and the index the sum over its records (lengthsKey, written
// in the batch that changes it). Search hands Bleve those sums as the
// "cardinality" it divides by the number of documents, so the average is
// the real average length. The word fields keep Bleve's estimate, which
// the weights of the query clauses were measured with: giving the word
// and subject fields their real lengths too dropped "37 2025 TT BXD"-style
// queries on the vbpl set from 96.3 % to 60.3 % top 1 (TestSearchVBPL).
// With the pairs' real length alone, TestRelevance holds all its queries
// and the vbpl set ranks titles better (top 1 95.1 % → 96.3–96.5 %),
// numbers with their type and year about the same (76.9 → 77.2–77.4 %,
// spaces for slashes 96.3 → 96.0 %; the other fields' estimates move a
// little with the segments).

// realLengths are the fields ranked by their real average length.
var realLengths = map[string]bool{fBodyB: true}

// fLengths is the stored field holding a record's fieldLengths.
const fLengths = "lengths"

// lengthsKey is the internal key of the index's total fieldLengths.
var lengthsKey = []byte("vanban_field_lengths")

// fieldLengths are tokens per field.
type fieldLengths map[string]int

// add adds sign times other.
func (l fieldLengths) add(other fieldLengths, sign int) {
	for f, n := range other {
		l[f] += sign * n
		if l[f] <= 0 {
			delete(l, f)
		}
	}
}

// analyzeLengths analyzes the fields of doc in realLengths (with the rest
// of their family; Bleve does not analyze them again: textField.Analyze),
// stores their lengths on doc (fLengths, JSON) and returns them.
func analyzeLengths(doc *document.Document) (fieldLengths, error) {
	l := fieldLengths{}
	for _, f := range doc.Fields {
		t, ok := f.(*textField)
		if !ok || !realLengths[t.name] {
			continue
		}
		t.Analyze()
		if t.length > 0 {
			l[t.name] += t.length
		}
	}
	v, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	doc.AddField(document.NewTextFieldWithIndexingOptions(fLengths, nil, v, bindex.StoreField))
	return l, nil
}

// parseFieldLengths reads a record's stored fieldLengths.
func parseFieldLengths(v []byte) (fieldLengths, error) {
	l := fieldLengths{}
	if err := json.Unmarshal(v, &l); err != nil {
		return nil, fmt.Errorf("index: the field lengths are damaged (%v): run vanban reindex", err)
	}
	return l, nil
}

// fieldTotals reads the index's total lengths (empty for an empty index).
func (ix *Index) fieldTotals() (fieldLengths, error) {
	v, err := ix.bi.GetInternal(lengthsKey)
	if err != nil {
		return nil, fmt.Errorf("index: read the field lengths: %w", err)
	}
	if len(v) == 0 {
		return fieldLengths{}, nil
	}
	return parseFieldLengths(v)
}

// setIn writes the totals in batch b, with the records they count.
func (l fieldLengths) setIn(b *bleve.Batch) error {
	v, err := json.Marshal(l)
	if err != nil {
		return err
	}
	b.SetInternal(lengthsKey, v)
	return nil
}

// bm25Context gives Bleve the real average lengths of the records' text
// fields for the searches run with the returned context, and its own
// statistics for every other field. An index without totals (empty) keeps
// Bleve's.
func (ix *Index) bm25Context(ctx context.Context) (context.Context, error) {
	totals, err := ix.fieldTotals()
	if err != nil || len(totals) == 0 {
		return ctx, err
	}
	adv, err := ix.bi.Advanced()
	if err != nil {
		return ctx, err
	}
	r, err := adv.Reader()
	if err != nil {
		return ctx, err
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return ctx, err
	}
	stats := &search.BM25Stats{DocCount: float64(n), FieldCardinality: map[string]int{}}
	br, _ := r.(bindex.BM25Reader)
	// Every field a query may name needs a value, or Bleve refuses it.
	for _, f := range scoredFields() {
		if l, ok := totals[f]; ok {
			stats.FieldCardinality[f] = l
			continue
		}
		c := 0
		if br != nil {
			if c, err = br.FieldCardinality(f); err != nil {
				return ctx, err
			}
		}
		stats.FieldCardinality[f] = c
	}
	// Bleve's "unadorned" disjunction (an unscored filter over many terms,
	// amountRange) searches a field it names "*".
	stats.FieldCardinality["*"] = 0
	return context.WithValue(ctx, search.BM25StatsKey, stats), nil
}

// scoredFields are the indexed fields of the mapping (once the analyzers
// are registered: not at package initialization).
var scoredFields = sync.OnceValue(func() []string {
	var out []string
	for _, p := range newMapping().(*mapping.IndexMappingImpl).DefaultMapping.Properties {
		for _, f := range p.Fields {
			if f.Index {
				out = append(out, f.Name)
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
})
