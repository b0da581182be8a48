package index

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"vanban/extract"
	"vanban/index/internal/synth"
)

// TestOwnFieldsAsBleve: a document whose text fields ownFields replaced
// indexes exactly what Bleve's own fields would: per field the same name,
// value, options and analyzed length, and the same terms with the same
// frequencies and locations (start, end, position, array positions).
func TestOwnFieldsAsBleve(t *testing.T) {
	m := newMapping()
	recs := []*extract.Record{
		{ID: "empty"},
		{ID: "one-word", Subject: "Khuyến", Text: "công"},
		{ID: "repeats", Subject: "Kiểm toán kiểm toán KIỂM TOÁN", Text: "Hòa hoà HÒA Bình, hòa bình; Hoà Bình."},
		{ID: "marks", Subject: "Quyết định 4768/QĐ-BCT ngày 25/12/2023",
			Text: "Kho\u0302\u0301i thuỷ lợi: 181.946,9 triệu đồng (55,461 tỷ) — Ðồng Tháp, TP. Hồ Chí Minh. 12,5%"},
	}
	g := synth.New(7)
	for i := 0; i < 60; i++ {
		recs = append(recs, g.Record())
	}
	for _, r := range recs {
		d, _, err := toDocs(r)
		if err != nil {
			t.Fatal(err)
		}
		want, got := document.NewDocument(r.ID), document.NewDocument(r.ID)
		if err := m.MapDocument(want, d); err != nil {
			t.Fatal(err)
		}
		if err := m.MapDocument(got, d); err != nil {
			t.Fatal(err)
		}
		ownFields(got)
		if len(got.Fields) != len(want.Fields) {
			t.Fatalf("%s: %d fields, want %d", r.ID, len(got.Fields), len(want.Fields))
		}
		// Analyze in an order unlike the document's: a family's
		// analysis must not depend on which of its fields comes first.
		for i := len(got.Fields) - 1; i >= 0; i-- {
			if got.Fields[i].Options().IsIndexed() {
				got.Fields[i].Analyze()
			}
		}
		replaced := 0
		for i, w := range want.Fields {
			f := got.Fields[i]
			if _, ok := f.(*textField); ok {
				replaced++
			}
			if w.Options().IsIndexed() {
				w.Analyze()
			}
			where := fmt.Sprintf("%s field %d %s", r.ID, i, w.Name())
			if f.Name() != w.Name() || string(f.Value()) != string(w.Value()) || f.Options() != w.Options() ||
				f.EncodedFieldType() != w.EncodedFieldType() || !reflect.DeepEqual(f.ArrayPositions(), w.ArrayPositions()) ||
				f.NumPlainTextBytes() != w.NumPlainTextBytes() {
				t.Fatalf("%s: got %s %q %v, want %s %q %v", where, f.Name(), f.Value(), f.Options(), w.Name(), w.Value(), w.Options())
			}
			if f.AnalyzedLength() != w.AnalyzedLength() {
				t.Errorf("%s: analyzed length %d, want %d", where, f.AnalyzedLength(), w.AnalyzedLength())
			}
			if !reflect.DeepEqual(f.AnalyzedTokenFrequencies(), w.AnalyzedTokenFrequencies()) {
				t.Errorf("%s: frequencies\n got %s\nwant %s", where, freqString(f.AnalyzedTokenFrequencies()),
					freqString(w.AnalyzedTokenFrequencies()))
			}
		}
		if replaced == 0 {
			t.Fatalf("%s: no field replaced", r.ID)
		}
	}
}

func freqString(tfs bindex.TokenFrequencies) string {
	s := ""
	for k, tf := range tfs {
		s += fmt.Sprintf("%q×%d", k, tf.Frequency())
		for _, l := range tf.Locations {
			s += fmt.Sprintf("[%d %d-%d %v]", l.Position, l.Start, l.End, l.ArrayPositions)
		}
		s += " "
	}
	return s
}

// TestTokenFrequencies compares tokenFrequencies with Bleve's
// analysis.TokenFrequency under every option that changes its result.
func TestTokenFrequencies(t *testing.T) {
	words := wordTokenizer{}.Tokenize([]byte("a b a c b a dd a"))
	for _, opts := range []bindex.FieldIndexingOptions{
		bindex.IndexField,
		bindex.IndexField | bindex.IncludeTermVectors,
		bindex.IndexField | bindex.IncludeTermVectors | bindex.SkipFreqNorm,
		bindex.IndexField | bindex.SkipFreqNorm,
	} {
		for _, ap := range [][]uint64{nil, {2, 5}} {
			for _, stream := range []analysis.TokenStream{words, words[:0], words[:1]} {
				got := tokenFrequencies(stream, ap, opts)
				want := analysis.TokenFrequency(stream, ap, opts)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("options %v, array positions %v, %d tokens:\n got %s\nwant %s", opts, ap, len(stream),
						freqString(got), freqString(want))
				}
			}
		}
	}
}

// BenchmarkAnalyze measures the analysis of a synthetic record's fields
// through ownFields against Bleve's own fields (the reference).
func BenchmarkAnalyze(b *testing.B) {
	m := newMapping()
	g := synth.New(3)
	var docs []*bdoc
	for i := 0; i < 200; i++ {
		d, _, err := toDocs(g.Record())
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	run := func(own bool) time.Duration {
		start := time.Now()
		for _, d := range docs {
			doc := document.NewDocument("x")
			if err := m.MapDocument(doc, d); err != nil {
				b.Fatal(err)
			}
			if own {
				ownFields(doc)
			}
			for _, f := range doc.Fields {
				if f.Options().IsIndexed() {
					f.Analyze()
				}
			}
			_ = doc.Size()
		}
		return time.Since(start)
	}
	var ours, ref time.Duration
	for i := 0; i < b.N; i++ {
		ours += run(true)
		ref += run(false)
	}
	b.ReportMetric(float64(len(docs)*b.N)/ours.Seconds(), "docs/s")
	b.ReportMetric(float64(len(docs)*b.N)/ref.Seconds(), "ref-docs/s")
	b.ReportMetric(ref.Seconds()/ours.Seconds(), "x-ref-speed")
}
