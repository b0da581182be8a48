package zap

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestAddManyAsAdd (vanban): a new segment's postings bitmaps are built with
// one AddMany of the term's documents in order instead of one Add per
// posting; the bitmap written must be byte for byte the one Add made, for
// sparse and dense lists and lists spanning several containers.
func TestAddManyAsAdd(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, c := range []struct {
		n       int
		density float64
	}{{1, 1}, {5, 0.001}, {300, 0.01}, {5000, 0.5}, {70000, 0.9}, {200000, 0.05}, {150000, 1}} {
		var docs []uint32
		for d := uint32(0); len(docs) < c.n; d++ {
			if rng.Float64() < c.density {
				docs = append(docs, d)
			}
		}
		one := roaring.New()
		for _, d := range docs {
			one.Add(d)
		}
		many := roaring.New()
		many.AddMany(docs)
		var a, b bytes.Buffer
		if _, err := one.WriteTo(&a); err != nil {
			t.Fatal(err)
		}
		if _, err := many.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%d documents at density %v: AddMany wrote %d bytes, Add %d, not the same", c.n, c.density, b.Len(), a.Len())
		}
	}
}
