package zap

// vanban: building a new segment's inverted index on every core
// (PATCHES.md item 5).
//
// Upstream builds it on the goroutine that turns a batch into a segment:
// realloc walks every field of every document to number the terms, then
// process walks them again, one document at a time, to fill each term's
// freq/norm and location lists. The fields are independent of each other, so
// buildParallel does both walks field by field on all cores: each field's
// terms are numbered from 1 in its own dictionary, and its postings ids are
// those numbers plus pidBase[field]. The result is what upstream builds, up
// to the numbering of the postings ids, which is not written anywhere:
// every term gets the same documents, freq/norms and locations in the same
// order, and writeDicts writes each field's terms in sorted order.

import (
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	index "github.com/blevesearch/bleve_index_api"
)

// useParallel says (deciding it at the segment's first call) whether
// buildParallel builds this segment's inverted index: on more than one core,
// for documents without composite fields (their locations name other
// fields) or geo shapes (they add doc values per document in realloc).
func (io *invertedIndexOpaque) useParallel() bool {
	if io.parallelDecided {
		return io.parallel
	}
	io.parallelDecided = true
	io.parallel = false
	if io.results == nil || runtime.GOMAXPROCS(0) < 2 || serialBuildOnly {
		return false
	}
	for _, d := range io.results {
		ok := true
		d.VisitComposite(func(index.CompositeField) { ok = false })
		d.VisitFields(func(f index.Field) {
			if _, geo := f.(index.GeoShapeField); geo {
				ok = false
			}
		})
		if !ok {
			return false
		}
	}
	io.parallel = true
	return true
}

// serialBuildOnly turns buildParallel off (tests compare the two builds);
// parallelBuilds counts the segments it built.
var (
	serialBuildOnly bool
	parallelBuilds  atomic.Int64
)

// fieldInstance is one field of one document.
type fieldInstance struct {
	doc   uint32
	field index.Field
}

// buildParallel does for the whole segment what realloc and process do.
func (io *invertedIndexOpaque) buildParallel() {
	parallelBuilds.Add(1)
	// Each field's instances, in document order. (convert has defined
	// every field already: getOrDefineField only looks them up.)
	var byField [][]fieldInstance
	var withDV []int
	for docNum, d := range io.results {
		d.VisitFields(func(f index.Field) {
			if isFieldExcludedFromInvertedTextIndexSection(f) {
				return
			}
			fid := io.getOrDefineField(f.Name())
			for len(byField) <= fid {
				byField = append(byField, nil)
			}
			byField[fid] = append(byField[fid], fieldInstance{doc: uint32(docNum), field: f})
			if f.Options().IncludeDocValues() {
				withDV = append(withDV, fid)
			}
		})
	}
	numFields := len(io.FieldsInv)
	for len(byField) < numFields {
		byField = append(byField, nil)
	}
	io.initDictsAndKeysFromFields()
	if cap(io.IncludeDocValues) >= numFields {
		io.IncludeDocValues = io.IncludeDocValues[:numFields]
	} else {
		io.IncludeDocValues = make([]bool, numFields)
	}
	for _, fid := range withDV {
		io.IncludeDocValues[fid] = true
	}
	if io.extraDocValues == nil {
		io.extraDocValues = map[int]map[uint16][][]byte{}
	}

	// Number each field's terms and count their postings and locations.
	numTerms := make([][]int, numFields)
	numLocs := make([][]int, numFields)
	forEachField(numFields, func(fid int) {
		dict := io.Dicts[fid]
		keys := io.DictKeys[fid][:0]
		var nt, nl []int
		for _, in := range byField[fid] {
			for term, tf := range in.field.AnalyzedTokenFrequencies() {
				p, ok := dict[term]
				if !ok {
					keys = append(keys, term)
					nt, nl = append(nt, 0), append(nl, 0)
					p = uint64(len(keys))
					dict[term] = p
				}
				nt[p-1]++
				nl[p-1] += len(tf.Locations)
			}
		}
		sort.Strings(keys)
		io.DictKeys[fid] = keys
		numTerms[fid], numLocs[fid] = nt, nl
	})

	if cap(io.pidBase) >= numFields {
		io.pidBase = io.pidBase[:numFields]
	} else {
		io.pidBase = make([]uint64, numFields)
	}
	io.numTermsPerPostingsList = io.numTermsPerPostingsList[:0]
	io.numLocsPerPostingsList = io.numLocsPerPostingsList[:0]
	var totTFs, totLocs int
	for fid := range numFields {
		io.pidBase[fid] = uint64(len(io.numTermsPerPostingsList))
		io.numTermsPerPostingsList = append(io.numTermsPerPostingsList, numTerms[fid]...)
		io.numLocsPerPostingsList = append(io.numLocsPerPostingsList, numLocs[fid]...)
		for _, n := range numTerms[fid] {
			totTFs += n
		}
		for _, n := range numLocs[fid] {
			totLocs += n
		}
	}
	io.allocPostings(len(io.numTermsPerPostingsList), totTFs, totLocs)

	// Fill the lists, one document at a time per field, merging the
	// instances of a field repeated in a document as process does.
	forEachField(numFields, func(fid int) {
		dict := io.Dicts[fid]
		base := io.pidBase[fid]
		ins := byField[fid]
		for i := 0; i < len(ins); {
			doc := ins[i].doc
			var tfs index.TokenFrequencies
			length := 0
			for ; i < len(ins) && ins[i].doc == doc; i++ {
				f := ins[i].field
				length += f.AnalyzedLength()
				if tfs != nil {
					tfs.MergeAll(f.Name(), f.AnalyzedTokenFrequencies())
				} else {
					tfs = f.AnalyzedTokenFrequencies()
				}
			}
			norm := math.Float32frombits(uint32(length))
			for term, tf := range tfs {
				io.addPosting(fid, base+dict[term]-1, tf, norm, doc)
			}
		}
	})
}

// forEachField runs fn for fields 0..n-1 on GOMAXPROCS goroutines, each
// taking the next field when done with one.
func forEachField(n int, fn func(fid int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				fid := int(next.Add(1) - 1)
				if fid >= n {
					return
				}
				fn(fid)
			}
		}()
	}
	wg.Wait()
}
