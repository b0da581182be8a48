package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Facet counting by bitmaps (issue 6). Counting facets through Bleve visits
// the doc values of every hit: on a query matching most of 100k documents
// that alone took longer than the 50 ms target. Here the hits of the
// unscored query are collected into a bitmap of document numbers, and each
// facet value's count is the size of its intersection with the bitmap of
// the documents carrying it. Those per-value bitmaps are read once per
// index snapshot (document numbers change only with a new snapshot).

// facetBitmaps are the documents of each fFacet term in one snapshot.
type facetBitmaps struct {
	reader bindex.IndexReader // the snapshot they were read from (identity only)
	terms  []string
	docs   []*roaring.Bitmap
}

type facetCache struct {
	mu  sync.Mutex
	cur *facetBitmaps
}

// docNum is the document number of a Bleve internal id; ok is false when
// the id is not the 8-byte number the scorch index uses.
func docNum(id bindex.IndexInternalID) (uint32, bool) {
	if len(id) != 8 {
		return 0, false
	}
	n := binary.BigEndian.Uint64(id)
	return uint32(n), n <= 1<<32-1
}

// bitmaps returns the facet bitmaps of the snapshot r, reading them when r
// is a snapshot not seen last time.
func (c *facetCache) bitmaps(ctx context.Context, r bindex.IndexReader) (*facetBitmaps, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur != nil && c.cur.reader == r {
		return c.cur, nil
	}
	fb := &facetBitmaps{reader: r}
	dict, err := r.FieldDict(fFacet)
	if err != nil {
		return nil, err
	}
	for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
		if err != nil {
			dict.Close()
			return nil, err
		}
		fb.terms = append(fb.terms, e.Term)
	}
	dict.Close()
	for _, t := range fb.terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t), fFacet, false, false, false)
		if err != nil {
			return nil, err
		}
		bm := roaring.New()
		var tfd bindex.TermFieldDoc
		for {
			d, err := tfr.Next(tfd.Reset())
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if d == nil {
				break
			}
			n, ok := docNum(d.ID)
			if !ok {
				tfr.Close()
				return nil, fmt.Errorf("unexpected internal id %x", d.ID)
			}
			bm.Add(n)
		}
		tfr.Close()
		bm.RunOptimize()
		fb.docs = append(fb.docs, bm)
	}
	c.cur = fb
	return fb, nil
}

// facetCount is a term of fFacet ("type:Quyết định") and its hit count.
type facetCount struct {
	term  string
	count int
}

// countFacets runs fq unscored and returns the number of its hits and,
// unless totalOnly, the counts of their fFacet terms.
func (ix *Index) countFacets(ctx context.Context, fq query.Query, totalOnly bool) ([]facetCount, uint64, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, 0, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	s, err := fq.Searcher(ctx, r, ix.bi.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, 0, err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	hits := roaring.New()
	buf := make([]uint32, 0, 4096)
	for i := 0; ; i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, 0, err
		}
		if dm == nil {
			break
		}
		n, ok := docNum(dm.IndexInternalID)
		if !ok {
			return nil, 0, fmt.Errorf("unexpected internal id %x", dm.IndexInternalID)
		}
		buf = append(buf, n)
		if len(buf) == cap(buf) {
			hits.AddMany(buf)
			buf = buf[:0]
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	hits.AddMany(buf)
	total := hits.GetCardinality()
	if total == 0 || totalOnly {
		return nil, total, nil
	}
	fb, err := ix.facets.bitmaps(ctx, r)
	if err != nil {
		return nil, 0, err
	}
	var out []facetCount
	for i, bm := range fb.docs {
		if c := hits.AndCardinality(bm); c > 0 {
			out = append(out, facetCount{fb.terms[i], int(c)})
		}
	}
	return out, total, nil
}
