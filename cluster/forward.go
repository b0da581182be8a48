package cluster

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"vanban/ingest"
	"vanban/ingest/format"
)

// HubSink writes outcomes to the hub's data directory. Put writes a batch
// of final outcomes durably — the records to the index, every outcome to
// the ledger (cmd/vanban: store.PutRecords) — and returns only then. An
// outcome the ledger already holds (same status and reason: a job read
// twice, a batch delivered again after the hub died) is skipped, so each
// file is indexed and recorded once; an interim outcome (a scan waiting
// for OCR) leaves the file queued with the reason.
type HubSink struct {
	Put    func(ctx context.Context, outs []*Outcome) error
	Ledger *ingest.Ledger
}

// Write implements Sink.
func (s HubSink) Write(ctx context.Context, batch []*Outcome) error {
	var fresh []*Outcome
	for _, o := range batch {
		e, err := s.Ledger.Get(o.ID)
		if err != nil {
			return fmt.Errorf("hub: ledger: %w", err)
		}
		if o.Interim {
			if err := s.wait(e, o); err != nil {
				return fmt.Errorf("hub: ledger: %w", err)
			}
			continue
		}
		if e != nil && e.Status == o.Result.Status && e.Reason == o.Result.Reason {
			continue // already recorded
		}
		fresh = append(fresh, o)
	}
	if len(fresh) == 0 {
		return nil
	}
	return s.Put(ctx, fresh)
}

// wait records an interim outcome: the file stays in the queue, with the
// reason it waits. One that comes after the final outcome changes nothing.
func (s HubSink) wait(e *ingest.Entry, o *Outcome) error {
	if e != nil && e.Status != ingest.StatusQueued && e.Status != ingest.StatusParsing {
		return nil
	}
	e, _, err := s.Ledger.Add(o.ID, o.Size, o.Source, nil)
	if err != nil {
		return err
	}
	if e.Status == ingest.StatusQueued {
		if _, _, err := s.Ledger.Start(o.ID); err != nil {
			return err
		}
	}
	return s.Ledger.Postpone(o.ID, o.Result.Reason)
}

// Forward submits the files the hub accepted itself (uploads, --watch,
// --ingest: queued in its ledger, kept in its originals, whose paths path
// gives) as jobs, and marks them taken, until ctx is cancelled. A file
// whose outcome RecordsStream already holds is written to sink at once. A
// file forwarded before the hub stopped is forwarded again when it starts
// (JetStream drops the second job within the duplicate window; past it,
// the second outcome is the same and the hub skips it).
func (c *Cluster) Forward(ctx context.Context, l *ingest.Ledger, path func(id string) string, sink Sink) error {
	sent := map[string]bool{} // forwarded by this run, until their outcome
	backoff := 100 * time.Millisecond
	skip := func(key string) bool { return sent[key] }
	for ctx.Err() == nil {
		keys, err := l.Pending(64, skip)
		if err != nil {
			return fmt.Errorf("cluster: forward: %w", err)
		}
		if len(keys) == 0 {
			// Forget what has finished, then look again shortly.
			for k := range sent {
				if e, err := l.Get(k); err == nil && (e == nil || (e.Status != ingest.StatusQueued && e.Status != ingest.StatusParsing)) {
					delete(sent, k)
				}
			}
			t := time.NewTimer(300 * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
			continue
		}
		for _, k := range keys {
			if err := c.forward(ctx, l, k, path, sink); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				c.log.Warn("hub: a file could not be queued on NATS; trying again", "id", k, "err", err)
				retry(ctx, &backoff)
				break
			}
			backoff = 100 * time.Millisecond
			sent[k] = true
		}
	}
	return ctx.Err()
}

func (c *Cluster) forward(ctx context.Context, l *ingest.Ledger, key string, path func(string) string, sink Sink) error {
	e, err := l.Get(key)
	if err != nil || e == nil {
		return err
	}
	if _, err := os.Stat(path(e.ID)); errors.Is(err, fs.ErrNotExist) {
		// Submitted elsewhere (vanban ingest --nats) and known here from
		// an interim outcome: its job is in JetStream already.
		return nil
	}
	src := ingest.Source{Kind: "hub", Name: e.Name()}
	if len(e.Sources) > 0 {
		src = e.Sources[0]
	}
	sub, err := c.SubmitFile(ctx, path(e.ID), src, 1<<62)
	if errors.Is(err, format.ErrEmpty) || errors.Is(err, format.ErrTooLarge) {
		_, err = l.Finish(key, ingest.Result{Status: ingest.StatusFailed, Reason: err.Error(), Cause: "unreadable"})
		return err
	}
	if err != nil {
		return err
	}
	if e.Status == ingest.StatusQueued {
		if _, _, err := l.Start(key); err != nil {
			return err
		}
	}
	if sub.Known {
		o, err := c.Outcome(ctx, sub.ID)
		if err != nil {
			return err
		}
		return sink.Write(ctx, []*Outcome{o})
	}
	return nil
}

// Outcome reads the latest outcome of the file id from RecordsStream.
func (c *Cluster) Outcome(ctx context.Context, id string) (*Outcome, error) {
	m, err := c.records.GetLastMsgForSubject(ctx, recordPrefix+id)
	if err != nil {
		return nil, fmt.Errorf("cluster: the outcome of %s: %w", id, err)
	}
	o, err := c.readOutcome(ctx, m.Header, m.Data)
	if err != nil {
		return nil, err
	}
	o.Seq = m.Sequence
	return o, nil
}
