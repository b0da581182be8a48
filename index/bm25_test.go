package index

import (
	"context"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"

	vq "vanban/query"
)

// The pair field is ranked by its real average length: the index keeps
// the pairs of every record, through replacements, duplicates in one
// batch, deletions and a reopen, and Search hands that sum to Bleve.
func TestPairLengthsFollowRecords(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ix.Close() }()
	pairs := func(text string) int {
		return max(len(strings.FieldsFunc(text, func(r rune) bool { return !vq.IsWordRune(r) }))-1, 0)
	}
	check := func(when string, want int) {
		t.Helper()
		sctx, err := ix.bm25Context(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stats, ok := sctx.Value(search.BM25StatsKey).(*search.BM25Stats)
		if want == 0 {
			if ok {
				t.Errorf("%s: statistics %+v for an empty index", when, stats)
			}
			return
		}
		if !ok {
			t.Fatalf("%s: Search gets no statistics", when)
		}
		if got := stats.FieldCardinality[fBodyB]; got != want {
			t.Errorf("%s: body_b length %d, want %d (the pairs of the records' texts)", when, got, want)
		}
		// Every field a query names has a value (Bleve refuses a query
		// on a field without one); the others keep Bleve's own estimate,
		// which moves as segments merge, so only its presence is checked.
		for _, f := range scoredFields() {
			if _, ok := stats.FieldCardinality[f]; !ok {
				t.Errorf("%s: no statistic for %s", when, f)
			}
		}
		adv, _ := ix.bi.Advanced()
		r, _ := adv.Reader()
		defer r.Close()
		n, _ := r.DocCount()
		if stats.DocCount != float64(n) {
			t.Errorf("%s: %v documents, want %d", when, stats.DocCount, n)
		}
	}
	check("empty", 0)
	recs := fixtureRecords()
	want := 0
	for _, r := range recs {
		want += pairs(r.Text)
	}
	if err := ix.Add(ctx, recs...); err != nil {
		t.Fatal(err)
	}
	check("added", want)

	longer := fixtureRecords()[0]
	longer.Text += " Bổ sung hai câu. Và một câu nữa."
	want += pairs(longer.Text) - pairs(recs[0].Text)
	if err := ix.Add(ctx, longer, longer); err != nil {
		t.Fatal(err)
	}
	check("replaced, given twice in one batch", want)

	if err := ix.Delete(ctx, "nd82", "nd82", "absent"); err != nil {
		t.Fatal(err)
	}
	want -= pairs(recs[2].Text)
	check("deleted", want)

	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	check("reopened", want)
	res, err := ix.Search(ctx, Query{Q: "cải cách hành chính"})
	if err != nil || res.Total == 0 {
		t.Fatalf("search after reopen: %v, %+v", err, res)
	}
}
