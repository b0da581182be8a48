package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
	"vanban/ingest/parse"
	"vanban/internal/natstest"
	"vanban/store"
)

// countingSink counts the outcomes its HubSink has written.
type countingSink struct {
	HubSink
	n atomic.Int64
}

func (s *countingSink) Write(ctx context.Context, batch []*Outcome) error {
	if err := s.HubSink.Write(ctx, batch); err != nil {
		return err
	}
	s.n.Add(int64(len(batch)))
	return nil
}

// BenchmarkHubIndexRate measures how fast the hub writes outcomes that
// arrive faster than one machine parses them: the records of the text
// documents of the shared corpus, each 10 times under distinct ids, all
// waiting in RecordsStream when the hub starts, are consumed in batches,
// indexed and recorded in the ledger (store.PutRecords, as vanban serve
// --nats does). The reference is the same records
// written to a fresh index with index.Add in batches of 64 in the same
// process (no NATS, no ledger): x-ref is the hub's rate over it.
//
//	go test ./cluster -run XXX -bench HubIndexRate -benchtime 1x -timeout 30m
func BenchmarkHubIndexRate(b *testing.B) {
	var files []string
	for _, dir := range []string{"pdf", "xls", "xlsx", "doc"} {
		m, _ := filepath.Glob(filepath.Join("../../shared/corpus", dir, "*"))
		for _, f := range m {
			if !strings.Contains(f, "_SCAN") {
				files = append(files, f)
			}
		}
	}
	if len(files) == 0 {
		b.Skip("the shared corpus is not at ../shared/corpus")
	}
	sort.Strings(files)
	ctx := context.Background()
	var base []*Outcome
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := parse.Bytes(ctx, filepath.Base(f), data, parse.Options{NoOCR: true})
		if err != nil {
			continue // a file the corpus keeps to be refused
		}
		sum := sha256.Sum256(data)
		id := hex.EncodeToString(sum[:])
		rec := testRecord(&ingest.File{ID: id, Name: filepath.Base(f), Size: int64(len(data))}, doc)
		base = append(base, &Outcome{ID: id, Size: int64(len(data)), Record: rec,
			Source: ingest.Source{Kind: "path", Name: filepath.Base(f)},
			Result: ingest.Result{Status: ingest.StatusIndexed, Pages: doc.PageCount()}})
	}
	const copies = 10
	var outs []*Outcome
	for i := range copies {
		for _, o := range base {
			c := *o
			r := *o.Record
			sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", o.ID, i)))
			c.ID = hex.EncodeToString(sum[:])
			r.ID = c.ID
			c.Record = &r
			outs = append(outs, &c)
		}
	}
	recs := make([]*extract.Record, len(outs))
	for i, o := range outs {
		recs[i] = o.Record
	}
	for range b.N {
		// Reference: the plain index writes.
		ix, err := index.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for i := 0; i < len(recs); i += 64 {
			if err := ix.Add(ctx, recs[i:min(i+64, len(recs))]...); err != nil {
				b.Fatal(err)
			}
		}
		ref := time.Since(start)
		ix.Close()

		srv := natstest.Start(b)
		c, err := Connect(ctx, Config{URL: srv.URL})
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range outs {
			if err := c.publishOutcome(ctx, o); err != nil {
				b.Fatal(err)
			}
		}
		dir := b.TempDir()
		st, err := store.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		put := func(ctx context.Context, outs []*Outcome) error {
			puts := make([]store.Put, len(outs))
			for i, o := range outs {
				puts[i] = store.Put{ID: o.ID, Size: o.Size, Source: o.Source, Result: o.Result, Record: o.Record}
			}
			return st.PutRecords(ctx, puts)
		}
		sink := &countingSink{HubSink: HubSink{Put: put, Ledger: st.Ledger()}}
		hctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		start = time.Now()
		go func() { defer close(done); c.RunHub(hctx, dir, sink, BatchConfig{}) }()
		for sink.n.Load() < int64(len(outs)) {
			time.Sleep(20 * time.Millisecond)
		}
		took := time.Since(start)
		stop()
		<-done
		if n, _ := st.Count(ctx); n != uint64(len(outs)) {
			b.Fatalf("the hub's index holds %d records, want %d", n, len(outs))
		}
		st.Close()
		c.Close()
		srv.Stop()
		b.ReportMetric(float64(len(outs))/took.Seconds(), "records/s")
		b.ReportMetric(float64(len(outs))/ref.Seconds(), "records/s-ref")
		b.ReportMetric(ref.Seconds()/took.Seconds(), "x-ref")
		b.ReportMetric(float64(len(outs)), "records")
	}
}
