package ingest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// scanSummary is Summarize the slow way: every entry read.
func scanSummary(t *testing.T, l *Ledger) *Summary {
	t.Helper()
	s := &Summary{ByStatus: map[Status]int{}, Failures: []*Entry{}}
	err := l.Each(func(e *Entry) bool {
		s.Files++
		s.ByStatus[e.Status]++
		s.Pages += e.Pages
		if e.ID != "" {
			s.Bytes += e.Size
		}
		s.Sources += len(e.Sources)
		if len(e.ProbableDuplicates) > 0 {
			s.ProbableDuplicates++
		}
		if isFailure(e) {
			s.Failures = append(s.Failures, e)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(s.Failures, func(i, j int) bool { return s.Failures[i].Finished.After(s.Failures[j].Finished) })
	return s
}

func sameSummary(t *testing.T, when string, got, want *Summary) {
	t.Helper()
	keys := func(es []*Entry) (out []string) {
		for _, e := range es {
			out = append(out, e.Key)
		}
		return out
	}
	g, w := *got, *want
	gf, wf := keys(g.Failures), keys(w.Failures)
	g.Failures, w.Failures = nil, nil
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s: Summarize counts %+v, every entry counted %+v", when, g, w)
	}
	// Failures finished in the same instant may come in either order.
	sort.Strings(gf)
	sort.Strings(wf)
	if !reflect.DeepEqual(gf, wf) {
		t.Fatalf("%s: failures %v, want %v", when, gf, wf)
	}
}

// The counts Summarize reads are kept by every change of an entry, and
// match a count of every entry after any sequence of them; a ledger
// written before them gets them when opened.
func TestSummaryFollowsEveryChange(t *testing.T) {
	dir := t.TempDir()
	l, err := OpenLedger(dir)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var keys []string
	check := func(step string) {
		t.Helper()
		got, err := l.Summarize(-1)
		if err != nil {
			t.Fatal(err)
		}
		sameSummary(t, step, got, scanSummary(t, l))
		few, err := l.Summarize(2)
		if err != nil {
			t.Fatal(err)
		}
		if len(few.Failures) > 2 || len(got.Failures) >= 2 && len(few.Failures) != 2 {
			t.Fatalf("%s: Summarize(2) lists %d failures", step, len(few.Failures))
		}
		for i, e := range few.Failures {
			if e.Key != got.Failures[i].Key {
				t.Fatalf("%s: Summarize(2) is not the newest of Summarize(-1)", step)
			}
		}
	}
	check("empty")
	for step := 0; step < 300; step++ {
		op := rng.IntN(8)
		name := fmt.Sprintf("step %d op %d", step, op)
		switch {
		case op <= 1 || len(keys) == 0: // a new file, or a known one from another path
			n := rng.IntN(40)
			id := fmt.Sprintf("%064x", n)
			_, _, err = l.Add(id, int64(100+n), Source{Kind: "path", Path: fmt.Sprintf("/d/%d/f%d.pdf", step, n), Name: fmt.Sprintf("f%d.pdf", n)}, nil)
			keys = append(keys, id)
		case op == 2:
			_, err = l.Refuse(Source{Kind: "upload", Name: fmt.Sprintf("big%d.pdf", step)}, 1<<30, nil, errors.New("too large"))
		case op == 3:
			_, _, err = l.Start(keys[rng.IntN(len(keys))])
		case op == 4, op == 5:
			st := []Status{StatusIndexed, StatusFailed, StatusNeedsOCR}[rng.IntN(3)]
			k := keys[rng.IntN(len(keys))]
			_, err = l.Finish(k, Result{Status: st, Reason: "r", Pages: rng.IntN(5),
				Ident: Identity{Number: fmt.Sprintf("%d/QĐ-UBND", rng.IntN(3)), Issuer: "UBND tỉnh", Date: "2024-01-02"}})
		case op == 6:
			_, err = l.Requeue(StatusNeedsOCR)
		case op == 7:
			err = l.Postpone(keys[rng.IntN(len(keys))], "waiting: disk full")
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		check(name)
	}
	want := scanSummary(t, l)
	if want.ProbableDuplicates == 0 || want.ByStatus[StatusFailed] == 0 || want.ByStatus[StatusNeedsOCR] == 0 {
		t.Fatalf("the sequence did not make every kind of entry: %+v", want)
	}
	// A ledger written before the counts: they are made when it opens.
	err = l.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketCounts); err != nil {
			return err
		}
		return tx.DeleteBucket(bucketFailures)
	})
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if l, err = OpenLedger(dir); err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	got, err := l.Summarize(-1)
	if err != nil {
		t.Fatal(err)
	}
	sameSummary(t, "reopened without counts", got, want)
}

// Summarize of a ledger of 100 000 files, one in fifty failed: what the
// ingest page and GET /api/ingest cost per view. Reading every entry took
// 0.46 s here.
func BenchmarkSummarize100k(b *testing.B) {
	l, err := OpenLedger(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	for batch := 0; batch < 100; batch++ {
		var rs []Received
		for i := 0; i < 1000; i++ {
			n := batch*1000 + i
			st := StatusIndexed
			if n%50 == 0 {
				st = StatusFailed
			}
			rs = append(rs, Received{ID: fmt.Sprintf("%064x", n), Size: 1000,
				Source: Source{Kind: "path", Path: fmt.Sprintf("/data/f%d.pdf", n), Name: fmt.Sprintf("f%d.pdf", n)},
				Result: Result{Status: st, Reason: "unreadable", Pages: 3}})
		}
		if err := l.RecordReceived(rs); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := l.Summarize(50)
		if err != nil || s.Files != 100_000 || len(s.Failures) != 50 {
			b.Fatalf("Summarize: %v, %+v", err, s)
		}
	}
}
