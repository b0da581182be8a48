package index

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"

	"vanban/index/internal/synth"
)

// posting is what a term reader returns for one document.
type posting struct {
	id   string
	freq uint64
	norm float64
	locs []string
}

func readPosting(d *bindex.TermFieldDoc) posting {
	p := posting{id: string(d.ID), freq: d.Freq, norm: d.Norm}
	for _, v := range d.Vectors {
		p.locs = append(p.locs, fmt.Sprintf("%s:%d:%d-%d:%v", v.Field, v.Pos, v.Start, v.End, v.ArrayPositions))
	}
	return p
}

// TestPostingsAdvance checks what filtered and rescoring searches rely on in
// Bleve's segment format (zapx), so that an upgrade that breaks it is caught:
// advancing a term reader to any document, in one segment or several, finds
// the same posting (document, frequency, norm, locations) as reading the
// list in order, and reading on after the jump stays in step.
func TestPostingsAdvance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of 3000 documents; skipped with -short")
	}
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	g := synth.New(7)
	ctx := context.Background()
	check := func(t *testing.T) {
		adv, err := ix.bi.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		rng := rand.New(rand.NewPCG(1, 2))
		terms := []struct{ field, term string }{
			{fBodyF, "cong"}, {fBodyF, "nghiep"}, {fBodyF, "nong"}, {fBodyF, "ngan"},
			{fBodyB, "ngan sach"}, {fBodyB, "cong nghiep"}, {fSubjectF, "cong"}, {fSubject, "công"},
		}
		for _, tm := range terms {
			all := readAll(t, r, tm.field, tm.term)
			if len(all) < 200 {
				t.Fatalf("%s:%s has %d postings: too few to span several chunks", tm.field, tm.term, len(all))
			}
			for round := 0; round < 20; round++ {
				tfr, err := r.TermFieldReader(ctx, []byte(tm.term), tm.field, true, true, true)
				if err != nil {
					t.Fatal(err)
				}
				i := -1 // index in all of the last posting read
				for i < len(all)-1 {
					var target bindex.IndexInternalID
					switch step := rng.IntN(4); {
					case step == 0 && i+1 < len(all):
						// Next, as a conjunction's leader does.
						d, err := tfr.Next(nil)
						if err != nil {
							t.Fatal(err)
						}
						i++
						if d == nil || !reflect.DeepEqual(readPosting(d), all[i]) {
							t.Fatalf("%s:%s Next #%d = %+v, want %+v", tm.field, tm.term, i, d, all[i])
						}
						continue
					default:
						// Advance to a document in the list, or just past one.
						j := min(i+1+rng.IntN(1+[]int{2, 40, 400}[rng.IntN(3)]), len(all)-1)
						target = bindex.IndexInternalID(all[j].id)
						if rng.IntN(3) == 0 {
							target = nextID(target)
						}
					}
					d, err := tfr.Advance(target, nil)
					if err != nil {
						t.Fatal(err)
					}
					// The first posting at or after target.
					want := -1
					for k := i + 1; k < len(all); k++ {
						if bytes.Compare([]byte(all[k].id), target) >= 0 {
							want = k
							break
						}
					}
					if want < 0 {
						if d != nil {
							t.Fatalf("%s:%s Advance(%x) = %x, want the end", tm.field, tm.term, target, d.ID)
						}
						break
					}
					if d == nil || !reflect.DeepEqual(readPosting(d), all[want]) {
						t.Fatalf("%s:%s Advance(%x) = %+v, want %+v", tm.field, tm.term, target, d, all[want])
					}
					i = want
				}
				tfr.Close()
			}
		}
	}
	for n := 0; n < 3000; n += 500 {
		addSynth(t, ix, g, 500)
	}
	t.Run("segments", check)
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("compacted", check)
}

// readAll reads a term's postings in order.
func readAll(t *testing.T, r bindex.IndexReader, field, term string) []posting {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, true)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	var out []posting
	for {
		d, err := tfr.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			return out
		}
		out = append(out, readPosting(d))
	}
}

// nextID is the internal id right after id (a document number + 1).
func nextID(id bindex.IndexInternalID) bindex.IndexInternalID {
	out := append(bindex.IndexInternalID(nil), id...)
	for i := len(out) - 1; i >= 0; i-- {
		out[i]++
		if out[i] != 0 {
			break
		}
	}
	return out
}
