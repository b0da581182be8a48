package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
	"vanban/ingest/format"
	"vanban/ingest/parse"
	"vanban/ingest/sandbox"
	"vanban/internal/natstest"
	"vanban/model"
)

func TestMain(m *testing.M) {
	// The test binary doubles as the parse child of an sandbox.Sandbox.
	sandbox.RunWorkerIfRequested(parse.Bytes)
	os.Exit(m.Run())
}

const fixtures = "../testdata/corpus"

func testRecord(f *ingest.File, doc *model.Document) *extract.Record {
	rec := extract.Extract(doc, nil)
	rec.ID, rec.Source.Name, rec.Source.Size = f.ID, f.Name, f.Size
	rec.Text = extract.Text(doc)
	return rec
}

// indexSink writes indexed records to an index and counts every outcome
// it was given, by file.
type indexSink struct {
	ix *index.Index
	mu sync.Mutex
	n  map[string]int
	st map[string]ingest.Status
	// failFirst makes the first Write fail, as a full disk would.
	failFirst atomic.Bool
}

func newIndexSink(t *testing.T, dir string) *indexSink {
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return &indexSink{ix: ix, n: map[string]int{}, st: map[string]ingest.Status{}}
}

func (s *indexSink) Write(ctx context.Context, batch []*Outcome) error {
	if s.failFirst.CompareAndSwap(true, false) {
		return errors.New("a full disk, once")
	}
	var recs []*extract.Record
	for _, o := range batch {
		if o.Record != nil {
			recs = append(recs, o.Record)
		}
	}
	if len(recs) > 0 {
		if err := s.ix.Add(ctx, recs...); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range batch {
		s.n[o.ID]++
		s.st[o.ID] = o.Result.Status
	}
	return nil
}

func (s *indexSink) statuses() map[string]ingest.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]ingest.Status{}
	for k, v := range s.st {
		out[k] = v
	}
	return out
}

func connect(t *testing.T, url string) *Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := Connect(ctx, Config{URL: url, AckWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestSubmitWorkHubFollow: files submitted on one connection are read by
// two workers, written by the hub once each, and a follower built from the
// records stream answers searches as the hub does.
func TestSubmitWorkHubFollow(t *testing.T) {
	srv := natstest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub := connect(t, srv.URL)
	files, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	ids := map[string]string{}
	for _, f := range files {
		s, err := sub.SubmitFile(ctx, f, ingest.Source{Kind: "path", Path: f, Name: filepath.Base(f)}, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		if s.Known {
			t.Fatalf("%s known before any worker ran", f)
		}
		ids[s.ID] = filepath.Base(f)
	}
	if q, err := sub.Status(ctx); err != nil {
		t.Fatal(err)
	} else if q.Subjects[0].Waiting != uint64(len(files)) {
		t.Fatalf("text jobs waiting = %d, want %d", q.Subjects[0].Waiting, len(files))
	}

	var wg sync.WaitGroup
	for i := range 2 {
		w := connect(t, srv.URL)
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.RunWorker(ctx, WorkerConfig{Slots: 1, Extract: testRecord,
				Parse: ingest.Config{TempDir: filepath.Join(t.TempDir(), fmt.Sprint(i)), Parse: format.ParseOptions{}}})
		}()
	}
	hdir := t.TempDir()
	hub := newIndexSink(t, hdir)
	hub.failFirst.Store(true) // that batch must come again, not be lost
	hc := connect(t, srv.URL)
	hctx, stopHub := context.WithCancel(ctx)
	hubDone := make(chan struct{})
	go func() {
		defer close(hubDone)
		hc.RunHub(hctx, hdir, hub, BatchConfig{Size: 8, Wait: 200 * time.Millisecond})
	}()
	defer wg.Wait()
	defer cancel()

	waitFor(t, time.Minute, func() bool { return len(hub.statuses()) == len(ids) })
	for id, name := range ids {
		if st := hub.statuses()[id]; st != ingest.StatusIndexed {
			t.Errorf("%s: status %s, want indexed", name, st)
		}
	}
	n, _ := hub.ix.Count(ctx)
	if n != uint64(len(ids)) {
		t.Fatalf("hub index holds %d records, want %d", n, len(ids))
	}
	// Submitted again: known, no second job.
	s, err := sub.SubmitFile(ctx, files[0], ingest.Source{Kind: "path", Name: "again"}, 1<<30)
	if err != nil || !s.Known || s.Status != ingest.StatusIndexed {
		t.Fatalf("second submission = %+v, %v; want known, indexed", s, err)
	}
	if q, err := sub.Status(ctx); err != nil {
		t.Fatal(err)
	} else {
		if q.Subjects[0].Waiting != 0 || q.Outcomes != uint64(len(ids)) || len(q.Workers) != 2 {
			t.Fatalf("status %+v: want no job waiting, %d outcomes, 2 workers", q, len(ids))
		}
	}

	// A hub on a new data directory (a restore) reads every outcome again.
	stopHub()
	<-hubDone
	rdir := t.TempDir()
	restored := newIndexSink(t, rdir)
	wg.Add(1)
	go func() {
		defer wg.Done()
		hc.RunHub(ctx, rdir, restored, BatchConfig{Size: 8, Wait: 200 * time.Millisecond})
	}()
	waitFor(t, time.Minute, func() bool { return len(restored.statuses()) == len(ids) })

	// A follower from the beginning.
	fdir := t.TempDir()
	fol := newIndexSink(t, fdir)
	fc := connect(t, srv.URL)
	wg.Add(1)
	go func() { defer wg.Done(); fc.Follow(ctx, fdir, fol, BatchConfig{Size: 3, Wait: 200 * time.Millisecond}) }()
	waitFor(t, time.Minute, func() bool { return len(fol.statuses()) == len(ids) })
	for _, q := range []string{"khuyến công", "4768/QĐ-BCT", "kinh phí", "Lâm Đồng"} {
		a, err := hub.ix.Search(ctx, index.Query{Q: q, NoFacets: true, NoHighlights: true})
		if err != nil {
			t.Fatal(err)
		}
		b, err := fol.ix.Search(ctx, index.Query{Q: q, NoFacets: true, NoHighlights: true})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := hitIDs(b), hitIDs(a); got != want || want == "" {
			t.Errorf("%q: follower %s, hub %s", q, got, want)
		}
	}
	if seq, err := readSeq(fdir, followState); err != nil || seq == 0 {
		t.Fatalf("follow.seq = %d, %v", seq, err)
	}
}

func hitIDs(r *index.Result) string {
	s := ""
	for _, h := range r.Hits {
		s += h.ID[:8] + " "
	}
	return s
}

func waitFor(t *testing.T, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("not done within %s", d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestFileThatStopsEveryWorker: a job whose workers never finish it (each
// is stopped mid-parse) is handed out MaxDeliveries times, then recorded
// as failed with the reason, without being parsed again.
func TestFileThatStopsEveryWorker(t *testing.T) {
	srv := natstest.Start(t)
	ctx := context.Background()
	c, err := Connect(ctx, Config{URL: srv.URL, AckWait: 5 * time.Second, MaxDeliveries: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	f := filepath.Join(fixtures, "cv-95-UBND-KT-lam-dong.pdf")
	sub, err := c.SubmitFile(ctx, f, ingest.Source{Kind: "path", Name: filepath.Base(f)}, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{}, 1)
	hang := func(ctx context.Context, path, name string, opt format.ParseOptions, lim sandbox.Limits) (*model.Document, error) {
		started <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	for i := range 2 {
		wctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			c.RunWorker(wctx, WorkerConfig{Extract: testRecord, Parse: ingest.Config{Parser: hang, TempDir: t.TempDir()}})
		}()
		select {
		case <-started:
		case <-time.After(time.Minute):
			t.Fatalf("worker %d got no job", i)
		}
		stop()
		<-done
	}
	if _, ok, _ := c.KnownOutcome(ctx, sub.ID); ok {
		t.Fatal("an outcome was published by a worker that was stopped")
	}
	// The third delivery is past the bound: failed, not parsed.
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	go c.RunWorker(wctx, WorkerConfig{Extract: testRecord, Parse: ingest.Config{Parser: hang, TempDir: t.TempDir()}})
	waitFor(t, time.Minute, func() bool { _, ok, _ := c.Finished(ctx, sub.ID); return ok })
	o, err := c.Outcome(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Result.Status != ingest.StatusFailed || o.Result.Cause != "gave_up" || !strings.Contains(o.Result.Reason, "2 times") {
		t.Fatalf("outcome %+v, want failed (gave_up) after 2 deliveries", o.Result)
	}
	select {
	case <-started:
		t.Fatal("the file was parsed a third time")
	default:
	}
}

// TestHeartbeatKeepsLongJob: a parse three times longer than the ack wait
// (a long OCR) keeps its job through progress heartbeats: the other
// worker never gets it, and it is parsed once.
func TestHeartbeatKeepsLongJob(t *testing.T) {
	srv := natstest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := Connect(ctx, Config{URL: srv.URL, AckWait: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	f := filepath.Join(fixtures, "qd-4768-QD-BCT-khuyen-cong-2024.pdf")
	sub, err := c.SubmitFile(ctx, f, ingest.Source{Kind: "path", Name: filepath.Base(f)}, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	parses := 0
	slow := func(ctx context.Context, path, name string, opt format.ParseOptions, lim sandbox.Limits) (*model.Document, error) {
		mu.Lock()
		parses++
		mu.Unlock()
		select {
		case <-time.After(3 * time.Second):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return parse.Bytes(ctx, name, data, opt)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.RunWorker(ctx, WorkerConfig{Extract: testRecord, Parse: ingest.Config{Parser: slow, TempDir: t.TempDir()}})
		}()
	}
	waitFor(t, time.Minute, func() bool { _, ok, _ := c.Finished(ctx, sub.ID); return ok })
	time.Sleep(time.Second) // a redelivery would have started by now
	mu.Lock()
	defer mu.Unlock()
	if parses != 1 {
		t.Fatalf("the file was parsed %d times, want once (heartbeats keep the job)", parses)
	}
	if st, _, _ := c.Finished(ctx, sub.ID); st != ingest.StatusIndexed {
		t.Fatalf("status %s, want indexed", st)
	}
}

// failingSink fails every write while fail is set.
type failingSink struct {
	fail    atomic.Bool
	written atomic.Int64
}

func (s *failingSink) Write(ctx context.Context, batch []*Outcome) error {
	if s.fail.Load() {
		return errors.New("no space left on device")
	}
	s.written.Add(int64(len(batch)))
	return nil
}

// TestHubHealth: while the hub's writes fail it reports itself degraded
// with the error (for /healthz), keeps the outcomes, and recovers by itself.
func TestHubHealth(t *testing.T) {
	srv := natstest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := connect(t, srv.URL)
	o := &Outcome{ID: strings.Repeat("ab", 32), Size: 1, Source: ingest.Source{Kind: "path", Name: "x.pdf"},
		Result: ingest.Result{Status: ingest.StatusFailed, Reason: "unreadable"}}
	if err := c.publishOutcome(ctx, o); err != nil {
		t.Fatal(err)
	}
	sink := &failingSink{}
	sink.fail.Store(true)
	done := make(chan struct{})
	go func() { defer close(done); c.RunHub(ctx, t.TempDir(), sink, BatchConfig{Wait: 200 * time.Millisecond}) }()
	waitFor(t, time.Minute, func() bool { return c.HubHealth().Degraded() })
	if h := c.HubHealth(); !strings.Contains(h.Err.Error(), "no space left") || h.Since.IsZero() {
		t.Fatalf("health %+v, want the write error and since when", h)
	}
	sink.fail.Store(false)
	waitFor(t, time.Minute, func() bool { return sink.written.Load() == 1 && !c.HubHealth().Degraded() })
	cancel()
	<-done
}
