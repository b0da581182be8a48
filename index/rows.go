package index

import (
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// An allocation row is one small document, and a budget workbook has
// thousands of them: what a row costs to index is what a large ingest
// costs. Mapped through the document mapping, a row was 17 fields, each
// analyzed on its own (a frequency map per field) and each with a
// dictionary of its own in every segment; the rows took a third of vanban
// ingest's index time and most of its memory at its peak (issue 17). A row
// is now built field by field, without reflection, and its exact filter
// values (type, issuer, year, provinces, number, recipient kind, column)
// are the terms of one field, keys, each "field:value": eight fields in
// all. Queries on rows name a filter with keyTerm.

// rowFields is what is indexed of one allocation row.
type rowFields struct {
	docID, seq string
	date       string // yyyy-mm-dd, "" when unknown
	amount     int64  // đồng
	row        []byte // the stored AllocationRow (JSON)
	issuer     string // words of the issuer (issuer_f)
	text       string // words of recipient, column, group, subject, number (alloc_f)
	keys       []byte // "field:value" lines (keys)
}

// key adds the exact filter values of field to the row's keys.
func (f *rowFields) key(field string, values ...string) {
	for _, v := range values {
		if v == "" {
			continue
		}
		f.keys = append(f.keys, field...)
		f.keys = append(f.keys, ':')
		f.keys = append(f.keys, v...)
		f.keys = append(f.keys, '\n')
	}
}

// rowDocument is the Bleve document of an allocation row: doc_id and seq
// (sorted on), date (filtered and sorted on), amount (filtered on), row
// (stored), alloc_f and issuer_f (words, analyzed with fold, the mapping's
// analyzerFold, looked up once per batch of rows), keys (exact filters).
func rowDocument(id string, f *rowFields, fold analysis.Analyzer) *document.Document {
	d := document.NewDocument(id)
	d.AddField(&textField{name: fDocID, options: bindex.IndexField | bindex.DocValues, value: []byte(f.docID)})
	d.AddField(&textField{name: fSeq, options: bindex.IndexField | bindex.DocValues, value: []byte(f.seq)})
	if t, err := time.Parse(time.DateOnly, f.date); err == nil {
		if df, err := document.NewDateTimeFieldWithIndexingOptions(fDate, nil, t, time.DateOnly,
			bindex.IndexField|bindex.DocValues); err == nil {
			d.AddField(df)
		}
	}
	d.AddField(amountField(fAmount, []int64{f.amount}))
	d.AddField(&textField{name: fRow, options: bindex.StoreField, value: f.row})
	d.AddField(&textField{name: fAllocText, options: bindex.IndexField, value: []byte(f.text), analyzer: fold})
	if f.issuer != "" {
		d.AddField(&textField{name: fIssuerText, options: bindex.IndexField, value: []byte(f.issuer), analyzer: fold})
	}
	if len(f.keys) > 0 {
		d.AddField(&textField{name: fKeys, options: bindex.IndexField, value: f.keys, analyzer: keysAnalyzer{}})
	}
	return d
}

// keysAnalyzer makes one term of each line: the keys of a row.
type keysAnalyzer struct{}

func (keysAnalyzer) Analyze(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	start, pos := 0, 1
	for i := 0; i <= len(input); i++ {
		if i < len(input) && input[i] != '\n' {
			continue
		}
		if i > start {
			out = append(out, &analysis.Token{Term: input[start:i:i], Start: start, End: i, Position: pos, Type: analysis.AlphaNumeric})
			pos++
		}
		start = i + 1
	}
	return out
}
