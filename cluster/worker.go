package cluster

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/sync/errgroup"

	"vanban/extract"
	"vanban/ingest"
	"vanban/ingest/sandbox"
	"vanban/model"
)

// WorkerConfig tunes RunWorker.
type WorkerConfig struct {
	// Slots is how many files this worker reads at once (default 1).
	Slots int
	// OCR says this worker takes OCR jobs (tesseract and pdftoppm are
	// installed and --no-ocr was not given). With two slots or more, the
	// first slot takes text jobs only, so typed documents never wait
	// behind a backlog of scans.
	OCR bool
	// Parse holds the parse limits of ingest (Memory, Timeout,
	// OCRTimePerPage, TempDir, Nice, Parser); Parse.Parse.NoOCR is set per
	// subject.
	Parse ingest.Config
	// Extract makes the record of a parsed document (with its ID, source
	// name and size set); it may panic, which fails only that file.
	Extract func(f *ingest.File, doc *model.Document) *extract.Record
	// OnOutcome, when set, is called after each outcome is published.
	OnOutcome func(*Outcome)
}

// workerTTL is how long a worker's entry in WorkersBucket outlives its
// last beat: a killed worker drops out of the status within it.
const workerTTL = 30 * time.Second

// WorkerState is a worker as it reports itself in WorkersBucket.
type WorkerState struct {
	Host    string     `json:"host"`
	PID     int        `json:"pid"`
	Slots   int        `json:"slots"`
	OCR     bool       `json:"ocr"`
	Started time.Time  `json:"started"`
	Done    int        `json:"done"`   // outcomes published
	Failed  int        `json:"failed"` // of which failed or needs_ocr
	Jobs    []JobState `json:"jobs"`   // in flight
}

// JobState is a job a worker is reading.
type JobState struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Subject   string    `json:"subject"`
	Since     time.Time `json:"since"`
	Delivered uint64    `json:"delivered"` // 1 the first time; more after a worker died on it
}

type worker struct {
	c           *Cluster
	cfg         WorkerConfig
	text, ocr   *ingest.Pool
	textC, ocrC jetstream.Consumer
	key         string

	mu    sync.Mutex
	state WorkerState
}

var keyUnsafe = regexp.MustCompile(`[^-_a-zA-Z0-9]`)

// RunWorker reads jobs until ctx is cancelled: it fetches each original
// from OriginalsBucket, parses it in a child process (an sandbox.Sandbox, as
// vanban ingest does), extracts its record and publishes the outcome on
// RecordsStream, then acknowledges the job. A text job whose pages have no
// text layer goes on to SubjectOCR (with an interim needs_ocr outcome). A
// job is kept alive with progress heartbeats while it is read; a worker
// killed mid-job leaves it to be handed out again after AckWait. Jobs being
// read when ctx is cancelled are given back at once.
func (c *Cluster) RunWorker(ctx context.Context, cfg WorkerConfig) error {
	if cfg.Slots <= 0 {
		cfg.Slots = 1
	}
	if cfg.Extract == nil {
		return errors.New("cluster: worker without Extract")
	}
	if cfg.Parse.TempDir == "" {
		cfg.Parse.TempDir = os.TempDir()
	}
	if err := os.MkdirAll(cfg.Parse.TempDir, 0o755); err != nil {
		return fmt.Errorf("cluster: worker temporary folder: %w", err)
	}
	// A folder of its own inside, removed when the worker stops.
	tmp, err := os.MkdirTemp(cfg.Parse.TempDir, "vanban-worker-")
	if err != nil {
		return fmt.Errorf("cluster: worker temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	cfg.Parse.TempDir = tmp
	if cfg.Parse.Parser == nil {
		// One sandbox of parse children for both subjects, ended with the
		// worker.
		sb := sandbox.New()
		defer sb.Close()
		cfg.Parse.Parser = sb.Parse
	}
	textCfg, ocrCfg := cfg.Parse, cfg.Parse
	textCfg.Parse.NoOCR, ocrCfg.Parse.NoOCR = true, false
	textCfg.OCRAvailable, ocrCfg.OCRAvailable = cfg.OCR, cfg.OCR
	w := &worker{c: c, cfg: cfg,
		text: ingest.NewPool(nil, nil, nil, textCfg), ocr: ingest.NewPool(nil, nil, nil, ocrCfg),
		key: keyUnsafe.ReplaceAllString(c.host, "_") + "-" + strconv.Itoa(os.Getpid()) + "-" + rand.Text()[:8],
		state: WorkerState{Host: c.host, PID: os.Getpid(), Slots: cfg.Slots, OCR: cfg.OCR,
			Started: time.Now().UTC(), Jobs: []JobState{}}}
	// The pools' parse children end with the worker.
	defer w.text.Close()
	defer w.ocr.Close()
	if w.textC, err = c.jobs.Consumer(ctx, textConsumer); err != nil {
		return fmt.Errorf("cluster: consumer %s: %w", textConsumer, err)
	}
	if w.ocrC, err = c.jobs.Consumer(ctx, ocrConsumer); err != nil {
		return fmt.Errorf("cluster: consumer %s: %w", ocrConsumer, err)
	}
	c.log.Info("worker ready", "host", c.host, "slots", cfg.Slots, "ocr", cfg.OCR)
	g, gctx := errgroup.WithContext(ctx)
	// The beat ends with ctx, removing this worker from WorkersBucket.
	g.Go(func() error { w.beat(gctx); return nil })
	for i := range cfg.Slots {
		// A slot ends when ctx is cancelled.
		g.Go(func() error { w.slot(gctx, cfg.OCR && (cfg.Slots == 1 || i > 0)); return nil })
	}
	g.Wait()
	return ctx.Err()
}

// beat publishes the worker's state every workerTTL/6 until ctx ends.
func (w *worker) beat(ctx context.Context) {
	t := time.NewTicker(workerTTL / 6)
	defer t.Stop()
	for {
		w.mu.Lock()
		b, _ := json.Marshal(w.state)
		w.mu.Unlock()
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if _, err := w.c.workers.Put(pctx, w.key, b); err != nil && ctx.Err() == nil {
			w.c.log.Debug("worker state not published", "err", err)
		}
		cancel()
		select {
		case <-ctx.Done():
			dctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			w.c.workers.Purge(dctx, w.key)
			cancel()
			return
		case <-t.C:
		}
	}
}

// slot takes one job at a time until ctx ends: text jobs first; OCR jobs
// when ocr and no text job waits.
func (w *worker) slot(ctx context.Context, ocr bool) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		msg, subject, err := w.next(ctx, ocr)
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, jetstream.ErrNoMessages) {
				w.c.log.Debug("worker: fetch a job", "err", err)
				retry(ctx, &backoff)
			}
			continue
		}
		backoff = 100 * time.Millisecond
		w.handle(ctx, msg, subject)
	}
}

func (w *worker) next(ctx context.Context, ocr bool) (jetstream.Msg, string, error) {
	if !ocr {
		m, err := fetchOne(ctx, w.textC, 5*time.Second)
		return m, SubjectText, err
	}
	if b, err := w.textC.FetchNoWait(1); err == nil {
		for m := range b.Messages() {
			return m, SubjectText, nil
		}
	}
	m, err := fetchOne(ctx, w.ocrC, time.Second)
	return m, SubjectOCR, err
}

func fetchOne(ctx context.Context, c jetstream.Consumer, wait time.Duration) (jetstream.Msg, error) {
	fctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	return c.Next(jetstream.FetchContext(fctx))
}

// handle reads one job and publishes its outcome.
func (w *worker) handle(ctx context.Context, msg jetstream.Msg, subject string) {
	md, err := msg.Metadata()
	var j Job
	if err == nil {
		err = gunzipJSON(msg.Data(), &j)
	}
	if err != nil || j.ID == "" {
		w.c.log.Error("worker: a job that cannot be read is dropped", "subject", subject, "err", err)
		msg.Term()
		return
	}
	js := JobState{ID: j.ID, Name: j.Source.Name, Subject: subject, Since: time.Now().UTC(), Delivered: md.NumDelivered}
	w.track(js, true)
	defer w.track(js, false)
	// Heartbeats keep the job ours while it is read (OCR takes minutes).
	hbCtx, stopBeat := context.WithCancel(ctx)
	defer stopBeat()
	go func() { // ends with handle
		t := time.NewTicker(w.ackWait(subject) / 4)
		defer t.Stop()
		for {
			select {
			case <-hbCtx.Done():
				return
			case <-t.C:
				msg.InProgress()
			}
		}
	}()

	o := &Outcome{ID: j.ID, Size: j.Size, Source: j.Source, Worker: w.c.host}
	forward := false
	if md.NumDelivered > uint64(w.c.cfg.MaxDeliveries) {
		o.Result = ingest.Result{Status: ingest.StatusFailed, Cause: "gave_up",
			Reason: fmt.Sprintf("handed to a worker %d times without an outcome (each worker reading it was killed, ran out of memory, lost its machine or was stopped); it is not tried again", md.NumDelivered-1)}
	} else {
		o.Result, o.Record = w.read(ctx, &j, subject)
		if ctx.Err() != nil {
			msg.Nak() // given back to another worker at once
			return
		}
		forward = subject == SubjectText && o.Result.Status == ingest.StatusNeedsOCR && o.Result.Cause == "needs_ocr"
		if forward {
			o.Result.Reason = "almost no text on its pages (a scan): waiting for a worker with OCR"
		}
	}
	// Published before the job is acknowledged: a worker that dies in
	// between leaves a job whose second outcome JetStream drops as a
	// duplicate (message id) or the hub skips (same status).
	if err := w.publish(ctx, o, forward); err != nil {
		if ctx.Err() == nil {
			w.c.log.Error("worker: the outcome could not be published; the job is given back", "id", j.ID, "err", err)
		}
		msg.Nak()
		return
	}
	if forward {
		if err := w.c.publishJob(ctx, SubjectOCR, &j); err != nil {
			msg.Nak()
			return
		}
	}
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	if err := msg.DoubleAck(actx); err != nil {
		w.c.log.Warn("worker: the job was read but its acknowledgement was lost; it will be read again and its outcome dropped as a duplicate", "id", j.ID, "err", err)
	}
	cancel()
	w.mu.Lock()
	w.state.Done++
	if o.Result.Status != ingest.StatusIndexed {
		w.state.Failed++
	}
	w.mu.Unlock()
	if w.cfg.OnOutcome != nil {
		w.cfg.OnOutcome(o)
	}
	w.c.log.Info("worker: file read", "name", j.Source.Name, "id", j.ID, "status", o.Result.Status,
		"subject", subject, "parse_ms", o.Result.ParseMs, "reason", o.Result.Reason)
}

// publish publishes o, trying again while the server is away, until ctx
// ends. An interim outcome (a scan forwarded to OCR) gets its own message
// id, so that the final one is not dropped as its duplicate.
func (w *worker) publish(ctx context.Context, o *Outcome, interim bool) error {
	backoff := 200 * time.Millisecond
	for {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		var err error
		if interim {
			err = w.c.publishInterim(pctx, o)
		} else {
			err = w.c.publishOutcome(pctx, o)
		}
		cancel()
		if err == nil {
			return nil
		}
		w.c.log.Warn("worker: publish the outcome; trying again", "id", o.ID, "err", err)
		if err := retry(ctx, &backoff); err != nil {
			return err
		}
	}
}

// read fetches and parses the original of j and extracts its record.
func (w *worker) read(ctx context.Context, j *Job, subject string) (ingest.Result, *extract.Record) {
	path := filepath.Join(w.cfg.Parse.TempDir, j.ID)
	defer os.Remove(path)
	if err := w.c.orig.GetFile(ctx, j.ID, path); err != nil {
		r := ingest.Result{Status: ingest.StatusFailed, Cause: "missing",
			Reason: fmt.Sprintf("the original could not be read from %s: %v", OriginalsBucket, err)}
		return r, nil
	}
	pool := w.text
	if subject == SubjectOCR {
		pool = w.ocr
	}
	f := &ingest.File{ID: j.ID, Name: j.Source.Name, Path: path, Size: j.Size}
	r, doc := pool.ParseFile(ctx, f)
	if doc == nil {
		return r, nil
	}
	start := time.Now()
	rec, err := extractSafely(w.cfg.Extract, f, doc)
	r.StoreMs = time.Since(start).Milliseconds()
	if err != nil {
		r.Status, r.Reason, r.Cause = ingest.StatusFailed, err.Error(), "extract_failed"
		return r, nil
	}
	r.Status = ingest.StatusIndexed
	r.Ident = ingest.Identity{Number: rec.Number, Issuer: rec.Issuer, Date: rec.Date.ISO()}
	return r, rec
}

func extractSafely(fn func(*ingest.File, *model.Document) *extract.Record, f *ingest.File, doc *model.Document) (rec *extract.Record, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("reading the document's content failed (internal error: %v)", v)
		}
	}()
	rec = fn(f, doc)
	if rec == nil || rec.ID != f.ID {
		return nil, fmt.Errorf("reading the document's content gave no record")
	}
	return rec, nil
}

// ackWait is the AckWait of the consumer of subject, as the server has it.
func (w *worker) ackWait(subject string) time.Duration {
	c := w.textC
	if subject == SubjectOCR {
		c = w.ocrC
	}
	if ci := c.CachedInfo(); ci != nil && ci.Config.AckWait > 0 {
		return ci.Config.AckWait
	}
	return w.c.cfg.AckWait
}

func (w *worker) track(js JobState, add bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	jobs := w.state.Jobs[:0:0]
	for _, x := range w.state.Jobs {
		if x.ID != js.ID || x.Subject != js.Subject {
			jobs = append(jobs, x)
		}
	}
	if add {
		jobs = append(jobs, js)
	}
	w.state.Jobs = jobs
}
