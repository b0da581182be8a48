package zap

import (
	"bytes"
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"testing"

	index "github.com/blevesearch/bleve_index_api"
)

// parallelTestDocs makes n documents (the same ones for the same seed) with
// what buildParallel must handle: fields with and without term vectors, a
// field repeated within a document at several array positions, doc values,
// stored fields, terms shared across fields and documents, empty fields.
func parallelTestDocs(seed int64, n int) []index.Document {
	rng := rand.New(rand.NewSource(seed))
	vocab := make([]string, 3000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", rng.Intn(1<<20))
	}
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			// Zipf-like: a few words in most documents, most in few.
			ws[i] = vocab[int(float64(len(vocab))*rng.Float64()*rng.Float64()*rng.Float64())]
		}
		return strings.Join(ws, " ")
	}
	docs := make([]index.Document, n)
	for d := range docs {
		id := fmt.Sprintf("doc%05d", d)
		fields := []*stubField{
			newStubFieldSplitString("_id", nil, id, true, false, false),
			newStubFieldSplitString("title", nil, words(1+rng.Intn(8)), true, false, true),
			newStubFieldSplitString("body", nil, words(20+rng.Intn(300)), false, false, true),
			newStubFieldSplitString("pairs", nil, words(10+rng.Intn(200)), false, false, false),
			newStubFieldSplitString("kind", nil, vocab[rng.Intn(5)], false, true, false),
		}
		for a := range rng.Intn(5) {
			fields = append(fields, newStubFieldSplitString("tag", []uint64{uint64(a)}, words(1+rng.Intn(3)), true, false, true))
		}
		if rng.Intn(4) == 0 {
			fields = append(fields, newStubFieldSplitString("rare", nil, words(2), false, false, true))
		}
		docs[d] = &stubDocument{id: id, fields: fields}
	}
	return docs
}

// TestParallelBuildAsSerial (vanban): a segment built by buildParallel is
// byte for byte the segment upstream's realloc and process build from the
// same documents.
func TestParallelBuildAsSerial(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	build := func(docs []index.Document, serial bool) []byte {
		serialBuildOnly = serial
		defer func() { serialBuildOnly = false }()
		seg, _, err := zapPlugin.newWithChunkMode(docs, DefaultChunkMode, nil)
		if err != nil {
			t.Fatal(err)
		}
		return seg.(*SegmentBase).mem
	}
	for _, n := range []int{1, 2, 37, 500} {
		before := parallelBuilds.Load()
		// Each build gets its own documents: building merges the
		// frequencies of a repeated field into its first instance.
		par := build(parallelTestDocs(int64(n), n), false)
		if parallelBuilds.Load() != before+1 {
			t.Fatalf("%d docs: buildParallel did not run", n)
		}
		ser := build(parallelTestDocs(int64(n), n), true)
		if parallelBuilds.Load() != before+1 {
			t.Fatalf("%d docs: buildParallel ran with serialBuildOnly", n)
		}
		if !bytes.Equal(par, ser) {
			t.Errorf("%d docs: the parallel build wrote %d bytes, the serial one %d, not the same", n, len(par), len(ser))
		}
	}
}
