package index

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"vanban/extract"
)

// simSegment is a segment of the merge simulation: size documents.
type simSegment struct{ id, size int64 }

func (s simSegment) Id() uint64          { return uint64(s.id) }
func (s simSegment) FullSize() int64     { return s.size }
func (s simSegment) LiveSize() int64     { return s.size }
func (s simSegment) HasVector() bool     { return false }
func (s simSegment) FileSize() int64     { return s.size * 10000 }
func (s simSegment) LiveFileSize() int64 { return s.size * 10000 }

// simulateLoad plays a bulk load of batches of batch documents against the
// merge planner, every planned merge done at once: the documents rewritten
// per document loaded, and the most segments there were.
func simulateLoad(t *testing.T, o mergeplan.MergePlanOptions, batch, total int64) (rewrites float64, most int) {
	var segs []mergeplan.Segment
	var id, rewritten int64
	for n := int64(0); n < total; n += batch {
		id++
		segs = append(segs, simSegment{id, batch})
		plan, err := mergeplan.Plan(segs, &o)
		if err != nil {
			t.Fatal(err)
		}
		if plan == nil {
			plan = &mergeplan.MergePlan{}
		}
		for _, task := range plan.Tasks {
			merged := map[uint64]bool{}
			var size int64
			for _, s := range task.Segments {
				merged[s.Id()] = true
				size += s.FullSize()
			}
			var keep []mergeplan.Segment
			for _, s := range segs {
				if !merged[s.Id()] {
					keep = append(keep, s)
				}
			}
			id++
			segs = append(keep, simSegment{id, size})
			rewritten += size
		}
		most = max(most, len(segs))
	}
	return float64(rewritten) / float64(total), most
}

// TestMergePlan: with mergePlan a bulk load in batches of 500 rewrites its
// documents less often than with Bleve's default, and the segments it leaves
// before a compaction stay few enough to search.
func TestMergePlan(t *testing.T) {
	if err := mergeplan.ValidateMergePlannerOptions(&mergePlan); err != nil {
		t.Fatal(err)
	}
	// What scorch reads back from the configuration is mergePlan (a
	// misspelt key would be dropped without a word).
	b, err := json.Marshal(mergePlanConfig(mergePlan))
	if err != nil {
		t.Fatal(err)
	}
	var back mergeplan.MergePlanOptions
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, mergePlan) {
		t.Fatalf("configuration reads back as %+v, want %+v", back, mergePlan)
	}
	for _, c := range []struct {
		docs        int64
		maxRewrites float64
	}{{5000, 0.5}, {100000, 1.2}, {1000000, 2.0}} {
		ours, most := simulateLoad(t, mergePlan, 500, c.docs)
		def, defMost := simulateLoad(t, mergeplan.DefaultMergePlanOptions, 500, c.docs)
		t.Logf("%d docs: %.2f rewrites per document, at most %d segments (Bleve's default: %.2f, %d)",
			c.docs, ours, most, def, defMost)
		if ours > c.maxRewrites || ours >= def {
			t.Errorf("%d docs: %.2f rewrites per document, want ≤ %.1f and fewer than the default's %.2f",
				c.docs, ours, c.maxRewrites, def)
		}
		if most > 45 {
			t.Errorf("%d docs: up to %d segments, want ≤ 45", c.docs, most)
		}
	}
}

// TestMergePlanInEffect: Open gives scorch mergePlan. Four segments of 600
// documents stay four under it, while Bleve's default (the control, which
// must merge them for this test to mean anything) merges them.
func TestMergePlanInEffect(t *testing.T) {
	segments := func(t *testing.T, wait time.Duration) uint64 {
		ix, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		for b := 0; b < 4; b++ {
			var recs []*extract.Record
			for i := 0; i < 600; i++ {
				recs = append(recs, &extract.Record{ID: fmt.Sprintf("d%d-%d", b, i), Subject: fmt.Sprintf("văn bản %d", i)})
			}
			if err := ix.Add(context.Background(), recs...); err != nil {
				t.Fatal(err)
			}
		}
		adv, err := ix.bi.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		s := adv.(*scorch.Scorch)
		n := rootStat(s, "num_root_filesegments")
		for deadline := time.Now().Add(wait); n >= 4 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			n = rootStat(s, "num_root_filesegments")
		}
		return n
	}
	saved := mergePlan
	mergePlan = mergeplan.DefaultMergePlanOptions
	control := segments(t, 10*time.Second)
	mergePlan = saved
	if control >= 4 {
		t.Fatalf("control: Bleve's default merge plan left %d segments in 10 s, want fewer than 4", control)
	}
	if n := segments(t, 2*time.Second); n != 4 {
		t.Errorf("with mergePlan: %d segments after 2 s, want the 4 added (the control merged them to %d)", n, control)
	}
}

// TestLoadMergePlan: under loadMergePlan a load of fewer than 64 batches is
// not merged at all (the merging of a small vanban ingest was a quarter of
// its CPU), while a large load rewrites each document about once and keeps
// its segments bounded until the compaction at its end.
func TestLoadMergePlan(t *testing.T) {
	if err := mergeplan.ValidateMergePlannerOptions(&loadMergePlan); err != nil {
		t.Fatal(err)
	}
	if rw, most := simulateLoad(t, loadMergePlan, 64, 63*64); rw != 0 || most != 63 {
		t.Errorf("63 batches: %.2f rewrites per document, %d segments; want none merged (63)", rw, most)
	}
	if rw, _ := simulateLoad(t, mergePlan, 64, 63*64); rw == 0 {
		t.Errorf("control: mergePlan merged nothing of 63 batches of 64; the test means nothing")
	}
	for _, docs := range []int64{100000, 1000000} {
		rw, most := simulateLoad(t, loadMergePlan, 64, docs)
		t.Logf("%d docs in batches of 64: %.2f rewrites per document, at most %d segments", docs, rw, most)
		if rw > 2.0 {
			t.Errorf("%d docs: %.2f rewrites per document, want ≤ 2", docs, rw)
		}
		if most > 200 {
			t.Errorf("%d docs: up to %d segments, want ≤ 200", docs, most)
		}
	}
}
