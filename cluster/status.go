package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Queue is the work across machines, as JetStream holds it.
type Queue struct {
	// Subjects: jobs waiting, in flight (handed to a worker, not yet
	// acknowledged) and handed out again (a worker died or gave it back),
	// for SubjectText and SubjectOCR.
	Subjects []SubjectQueue `json:"subjects"`
	// Workers alive (each beats every few seconds), with the jobs they read.
	Workers []WorkerState `json:"workers"`
	// Outcomes is the number of files RecordsStream holds an outcome for;
	// HubWaiting of them are not yet written by the hub (-1 before the hub
	// first ran).
	Outcomes   uint64 `json:"outcomes"`
	LastSeq    uint64 `json:"last_seq"`
	HubWaiting int64  `json:"hub_waiting"`
	// HubInFlight of them are in a batch the hub is writing (delivered,
	// not yet acknowledged).
	HubInFlight int `json:"hub_in_flight"`
}

// SubjectQueue is the state of one job subject.
type SubjectQueue struct {
	Subject     string `json:"subject"`
	Waiting     uint64 `json:"waiting"`
	InFlight    int    `json:"in_flight"`
	Redelivered int    `json:"redelivered"`
}

// Status reads the queue.
func (c *Cluster) Status(ctx context.Context) (*Queue, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	q := &Queue{Subjects: []SubjectQueue{}, Workers: []WorkerState{}, HubWaiting: -1}
	for _, s := range []struct{ consumer, subject string }{{textConsumer, SubjectText}, {ocrConsumer, SubjectOCR}} {
		cons, err := c.jobs.Consumer(ctx, s.consumer)
		if err != nil {
			return nil, fmt.Errorf("cluster: consumer %s: %w", s.consumer, err)
		}
		ci, err := cons.Info(ctx)
		if err != nil {
			return nil, fmt.Errorf("cluster: consumer %s: %w", s.consumer, err)
		}
		q.Subjects = append(q.Subjects, SubjectQueue{Subject: s.subject, Waiting: ci.NumPending,
			InFlight: ci.NumAckPending, Redelivered: ci.NumRedelivered})
	}
	si, err := c.records.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("cluster: stream %s: %w", RecordsStream, err)
	}
	q.Outcomes, q.LastSeq = si.State.Msgs, si.State.LastSeq
	if cons, err := c.records.Consumer(ctx, hubConsumer); err == nil {
		if ci, err := cons.Info(ctx); err == nil {
			q.HubWaiting = int64(ci.NumPending) + int64(ci.NumAckPending)
			q.HubInFlight = ci.NumAckPending
		}
	} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, fmt.Errorf("cluster: consumer %s: %w", hubConsumer, err)
	}
	keys, err := c.workers.ListKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("cluster: bucket %s: %w", WorkersBucket, err)
	}
	for k := range keys.Keys() {
		e, err := c.workers.Get(ctx, k)
		if err != nil {
			continue // gone meanwhile
		}
		var ws WorkerState
		if json.Unmarshal(e.Value(), &ws) == nil {
			q.Workers = append(q.Workers, ws)
		}
	}
	sort.Slice(q.Workers, func(i, j int) bool {
		a, b := q.Workers[i], q.Workers[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		return a.PID < b.PID
	})
	return q, nil
}

// Stalled says why jobs that wait cannot move, or "" when some live worker
// can take each subject's jobs: no worker at all, or scans waiting for OCR
// while every live worker runs with --no-ocr. `vanban ingest --nats --wait`
// prints it, so a wait that cannot end is not silent.
func (q *Queue) Stalled() string {
	var text, ocr uint64
	for _, s := range q.Subjects {
		switch s.Subject {
		case SubjectText:
			text = s.Waiting
		case SubjectOCR:
			ocr = s.Waiting
		}
	}
	if text+ocr == 0 {
		return ""
	}
	if len(q.Workers) == 0 {
		return fmt.Sprintf("%d files wait and no worker is running: start 'vanban worker --nats URL' on any machine", text+ocr)
	}
	if ocr == 0 {
		return ""
	}
	for _, w := range q.Workers {
		if w.OCR {
			return ""
		}
	}
	return fmt.Sprintf("%d files wait for OCR and every running worker has --no-ocr: start 'vanban worker --nats URL' without --no-ocr (tesseract and tesseract-ocr-vie installed) on some machine", ocr)
}
