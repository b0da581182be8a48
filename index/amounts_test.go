package index

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"vanban/extract"
	"vanban/model"
)

// TestAmountPieces: the pieces of a range cover its keys exactly, each key
// once, in whole units of their level.
func TestAmountPieces(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	edges := []uint64{0, 1, 255, 256, 257, 65535, 65536, 1 << 40, 1<<40 - 1, 1 << 63, 1<<63 - 1, 1<<63 + 1, math.MaxUint64 - 1, math.MaxUint64}
	key := func() uint64 {
		switch rng.IntN(4) {
		case 0:
			return edges[rng.IntN(len(edges))]
		case 1:
			return amountKey(rng.Int64N(1 << 50)) // a positive amount
		case 2:
			return edges[rng.IntN(len(edges))] + uint64(rng.IntN(600)) - 300
		}
		return rng.Uint64()
	}
	for i := 0; i < 20000; i++ {
		lo, hi := key(), key()
		if lo > hi {
			lo, hi = hi, lo
		}
		pieces := amountPieces(lo, hi)
		type span struct{ from, to uint64 }
		var spans []span
		for _, p := range pieces {
			shift := uint(p.level * amountStep)
			if p.lo > p.hi || p.level >= amountLevels {
				t.Fatalf("[%d, %d]: bad piece %+v", lo, hi, p)
			}
			if p.level < amountLevels-1 && p.hi-p.lo >= 1<<amountStep {
				t.Fatalf("[%d, %d]: piece %+v spans more than one unit of the next level", lo, hi, p)
			}
			spans = append(spans, span{p.lo << shift, p.hi<<shift | (1<<shift - 1)})
		}
		slices.SortFunc(spans, func(a, b span) int {
			if a.from < b.from {
				return -1
			}
			return 1
		})
		next := lo
		for j, s := range spans {
			if s.from != next {
				t.Fatalf("[%d, %d]: pieces %+v leave a gap or overlap at %d", lo, hi, pieces, next)
			}
			if s.to == math.MaxUint64 && j < len(spans)-1 {
				t.Fatalf("[%d, %d]: pieces %+v run past the end", lo, hi, pieces)
			}
			next = s.to + 1
		}
		if spans[len(spans)-1].to != hi {
			t.Fatalf("[%d, %d]: pieces %+v end at %d", lo, hi, pieces, spans[len(spans)-1].to)
		}
	}
}

// TestAmountRange: the amount filter on records and on allocation rows
// returns exactly the documents that hold an amount in the range, for
// ranges with one end or both, around the values held, negative
// (a budget cut), zero, and past what a float64 holds exactly.
func TestAmountRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var values []int64
	for _, v := range []int64{0, 1, -1, -5_000_000_000, 255, 256, 65_536, 1_500_000_000, 1_500_000_001,
		181_946_900_000, 1<<53 + 1, 1<<53 + 2, math.MaxInt64, math.MinInt64} {
		values = append(values, v)
	}
	for len(values) < 300 {
		switch rng.IntN(3) {
		case 0: // round millions, as budgets are
			values = append(values, rng.Int64N(1_000_000)*1_000_000)
		case 1:
			values = append(values, rng.Int64N(1<<45))
		default:
			values = append(values, -rng.Int64N(1<<40))
		}
	}
	// 60 records of up to 8 amounts each (figures in the text, or rows).
	var recs []*extract.Record
	held := map[string][]int64{}
	for i := 0; i < 60; i++ {
		r := &extract.Record{ID: fmt.Sprintf("r%02d", i), Number: fmt.Sprintf("%d/QĐ-BTC", i+1), Type: "Quyết định",
			Date: model.MustParseDate("2024-01-02"), Subject: "Phân bổ dự toán", Text: "Phân bổ dự toán ngân sách."}
		for j := rng.IntN(9); j > 0; j-- {
			v := values[rng.IntN(len(values))]
			held[r.ID] = append(held[r.ID], v)
			if rng.IntN(2) == 0 && v != 0 {
				r.Figures = append(r.Figures, extract.Figure{Value: v, Unit: "VND"})
			} else {
				r.Allocations = append(r.Allocations, extract.Allocation{Recipient: "Lâm Đồng", Province: "Lâm Đồng",
					Column: "Kinh phí", AmountVND: v})
			}
		}
		recs = append(recs, r)
	}
	ix := openEmpty(t)
	ctx := context.Background()
	if err := ix.Add(ctx, recs[:30]...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(ctx, recs[30:]...); err != nil { // two segments
		t.Fatal(err)
	}
	bound := func() *int64 {
		if rng.IntN(5) == 0 {
			return nil
		}
		v := values[rng.IntN(len(values))]
		if rng.IntN(2) == 0 {
			v += rng.Int64N(3) - 1
		}
		return &v
	}
	in := func(v int64, lo, hi *int64) bool { return (lo == nil || v >= *lo) && (hi == nil || v <= *hi) }
	show := func(p *int64) string {
		if p == nil {
			return "∞"
		}
		return fmt.Sprint(*p)
	}
	for i := 0; i < 150; i++ {
		lo, hi := bound(), bound()
		if lo == nil && hi == nil {
			continue // no filter
		}
		if lo != nil && hi != nil && *lo > *hi {
			lo, hi = hi, lo
		}
		var wantDocs []string
		wantRows := 0
		for _, r := range recs {
			found := false
			for _, f := range r.Figures {
				found = found || in(f.Value, lo, hi)
			}
			for _, a := range r.Allocations {
				found = found || (a.AmountVND != 0 && in(a.AmountVND, lo, hi))
				if in(a.AmountVND, lo, hi) {
					wantRows++
				}
			}
			if found {
				wantDocs = append(wantDocs, r.ID)
			}
		}
		// Alone, and with words (the filter selects, the words rank).
		for _, words := range []string{"", "dự toán"} {
			res, err := ix.Search(ctx, Query{Q: words, AmountMin: lo, AmountMax: hi, Size: 100})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			slices.Sort(got)
			if !slices.Equal(got, wantDocs) {
				t.Fatalf("records with %q and an amount in [%s, %s]: got %v, want %v", words, show(lo), show(hi), got, wantDocs)
			}
		}
		ar, err := ix.Allocations(ctx, AllocationQuery{Query: Query{AmountMin: lo, AmountMax: hi}, All: true,
			Kinds: []string{extract.RecipientProvince}})
		if err != nil {
			t.Fatal(err)
		}
		if len(ar.Rows) != wantRows {
			t.Fatalf("rows with an amount in [%s, %s]: got %d, want %d", show(lo), show(hi), len(ar.Rows), wantRows)
		}
		for _, row := range ar.Rows {
			if !in(row.AmountVND, lo, hi) {
				t.Fatalf("rows with an amount in [%s, %s]: got %d", show(lo), show(hi), row.AmountVND)
			}
		}
	}
}

// BenchmarkAmountRange builds two indexes of the same 20 000 documents of
// 8 amounts each (round thousands to round millions, 1 triệu to 10 nghìn
// tỷ đồng, spread as budgets are: evenly over orders of magnitude): one
// with Bleve's numeric field (16 terms a value), one with amountField (6),
// in batches of 500, and times both, then the same 300 ranges on each (one
// order of magnitude wide, open-ended, narrow). It checks both find the
// same documents and reports build time, distinct terms and the ranges'
// latency of each, and the ratios (x-build, x-p50, x-p99: ours over
// Bleve's range query, scored as it was in vanban's filters; ours is not
// scored: amounts.go).
//
//	go test ./index -run XXX -bench AmountRange -benchtime 1x
func BenchmarkAmountRange(b *testing.B) {
	const docs, perDoc, batch = 20000, 8, 500
	rng := rand.New(rand.NewPCG(5, 6))
	amount := func() int64 {
		v := int64(math.Pow(10, 6+7*rng.Float64())) // 1e6 .. 1e13
		round := int64(1000)
		if rng.IntN(2) == 0 {
			round = 1_000_000
		}
		return max(round, v/round*round)
	}
	values := make([][]int64, docs)
	for i := range values {
		for j := 0; j < perDoc; j++ {
			values[i] = append(values[i], amount())
		}
	}
	type built struct {
		bi    bleve.Index
		took  time.Duration
		terms int
	}
	build := func(name string, field func(v []int64) []document.Field) built {
		im := bleve.NewIndexMapping()
		im.DefaultMapping.Dynamic = false
		bi, err := bleve.New(filepath.Join(b.TempDir(), name), im)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		bt := bi.NewBatch()
		for i, v := range values {
			d := document.NewDocument(fmt.Sprintf("d%05d", i))
			for _, f := range field(v) {
				d.AddField(f)
			}
			if err := bt.IndexAdvanced(d); err != nil {
				b.Fatal(err)
			}
			if bt.Size() == batch || i == len(values)-1 {
				if err := bi.Batch(bt); err != nil {
					b.Fatal(err)
				}
				bt.Reset()
			}
		}
		took := time.Since(start)
		r, _ := bi.Advanced()
		rd, err := r.Reader()
		if err != nil {
			b.Fatal(err)
		}
		defer rd.Close()
		d, err := rd.FieldDict(fAmounts)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for e, _ := d.Next(); e != nil; e, _ = d.Next() {
			n++
		}
		d.Close()
		return built{bi, took, n}
	}
	for n := 0; n < b.N; n++ {
		ref := build("bleve", func(v []int64) []document.Field {
			out := make([]document.Field, len(v))
			for i, x := range v {
				out[i] = document.NewNumericFieldWithIndexingOptions(fAmounts, []uint64{uint64(i)}, float64(x), bindex.IndexField)
			}
			return out
		})
		ours := build("vanban", func(v []int64) []document.Field { return []document.Field{amountField(fAmounts, v)} })
		type rng2 struct{ lo, hi *int64 }
		var ranges []rng2
		for i := 0; i < 300; i++ {
			a := amount()
			switch i % 3 {
			case 0:
				hi := a * 10
				ranges = append(ranges, rng2{&a, &hi})
			case 1:
				ranges = append(ranges, rng2{&a, nil})
			default:
				hi := a + a/100
				ranges = append(ranges, rng2{&a, &hi})
			}
		}
		run := func(ix bleve.Index, q func(r rng2) query.Query) ([]time.Duration, []uint64) {
			var lat []time.Duration
			var totals []uint64
			for _, r := range ranges {
				req := bleve.NewSearchRequestOptions(q(r), 10, 0, false)
				start := time.Now()
				res, err := ix.Search(req)
				lat = append(lat, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				totals = append(totals, res.Total)
			}
			slices.Sort(lat)
			return lat, totals
		}
		t := true
		bleveRange := func(r rng2) query.Query {
			var lo, hi *float64
			if r.lo != nil {
				v := float64(*r.lo)
				lo = &v
			}
			if r.hi != nil {
				v := float64(*r.hi)
				hi = &v
			}
			nr := bleve.NewNumericRangeInclusiveQuery(lo, hi, &t, &t)
			nr.SetField(fAmounts)
			return nr
		}
		refLat, refTotals := run(ref.bi, bleveRange)
		ourLat, ourTotals := run(ours.bi, func(r rng2) query.Query { return newAmountRange(fAmounts, r.lo, r.hi) })
		if !slices.Equal(refTotals, ourTotals) {
			for i := range ranges {
				if refTotals[i] != ourTotals[i] {
					b.Fatalf("range %d from %d: Bleve finds %d documents, ours %d", i,
						*ranges[i].lo, refTotals[i], ourTotals[i])
				}
			}
		}
		p := func(lat []time.Duration, q float64) float64 {
			return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000
		}
		b.ReportMetric(ref.took.Seconds(), "bleve-build-s")
		b.ReportMetric(ours.took.Seconds(), "build-s")
		b.ReportMetric(ours.took.Seconds()/ref.took.Seconds(), "x-build")
		b.ReportMetric(float64(ref.terms), "bleve-terms")
		b.ReportMetric(float64(ours.terms), "terms")
		b.ReportMetric(p(refLat, 0.5), "bleve-p50-ms")
		b.ReportMetric(p(ourLat, 0.5), "p50-ms")
		b.ReportMetric(p(refLat, 0.99), "bleve-p99-ms")
		b.ReportMetric(p(ourLat, 0.99), "p99-ms")
		b.ReportMetric(p(ourLat, 0.5)/p(refLat, 0.5), "x-p50")
		b.ReportMetric(p(ourLat, 0.99)/p(refLat, 0.99), "x-p99")
		ref.bi.Close()
		ours.bi.Close()
	}
	b.ReportMetric(0, "ns/op")
}
