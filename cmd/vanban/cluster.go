package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"golang.org/x/sync/errgroup"

	"vanban/cluster"
	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
	"vanban/ingest/format"
	"vanban/server"
	"vanban/store"
)

// natsFlags are the flags of every command that can work over NATS.
type natsFlags struct {
	url      *string
	ackWait  *time.Duration // the hub's
	replicas *int           // the hub's
}

func addNATSFlags(fs *flag.FlagSet, hub bool) natsFlags {
	nf := natsFlags{url: fs.String("nats", "", "NATS server URL (nats://host:4222, JetStream on): work across machines (see README, \"Running on several machines\"); none: this machine alone")}
	if hub {
		nf.ackWait = fs.Duration("ack-wait", cluster.DefaultAckWait, "with --nats: how long a job may go without a worker's heartbeat before another worker gets it")
		nf.replicas = fs.Int("replicas", 1, "with --nats: copies of each JetStream stream and bucket (1 for one nats-server, 3 in a NATS cluster of 3 or more)")
	}
	return nf
}

func (nf natsFlags) connect(ctx context.Context, role string) (*cluster.Cluster, error) {
	cfg := cluster.Config{URL: *nf.url, Name: "vanban " + role}
	if nf.ackWait != nil {
		cfg.AckWait, cfg.Replicas = *nf.ackWait, *nf.replicas
	}
	host, _ := os.Hostname()
	cfg.Name += " on " + host
	return cluster.Connect(ctx, cfg)
}

func runWorker(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("worker", "--nats URL [--workers N] [--no-ocr] [flags]",
		"Parses and OCRs files for the vanban hub on NATS JetStream, on any machine: it takes\n"+
			"jobs (text first, then scans), parses each in a child process as vanban ingest does,\n"+
			"extracts its record and publishes it for the hub and the search replicas.", stdout)
	nf := addNATSFlags(fs, false)
	pf := addPoolFlags(fs, index.BatchMemoryLimit, false)
	temp := fs.String("temp", "", "the files being read are kept in a new folder inside this one, removed at exit (default $TMPDIR)")
	maxDeliveries := fs.Int("max-deliveries", cluster.DefaultMaxDeliveries, "a file that stopped this many workers (killed mid-job) is recorded as failed, not tried again")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *nf.url == "" {
		fs.Usage()
		return errors.New("worker: --nats URL is required")
	}
	pf.applyMemory()
	c, err := cluster.Connect(ctx, cluster.Config{URL: *nf.url, MaxDeliveries: *maxDeliveries, Name: "vanban worker"})
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	defer c.Close()
	cfg := pf.config("")
	cfg.TempDir = *temp
	ocr := cfg.OCRAvailable && !*pf.noOCR
	if !cfg.OCRAvailable && !*pf.noOCR {
		slog.Warn("this worker takes no OCR jobs: tesseract or pdftoppm is not installed (apt install tesseract-ocr tesseract-ocr-vie poppler-utils)")
	}
	fmt.Fprintf(stdout, "vanban worker on %s: %d at once, OCR %v, jobs from %s\n", c.Host(), cfg.Workers, ocr, *nf.url)
	err = c.RunWorker(ctx, cluster.WorkerConfig{Slots: cfg.Workers, OCR: ocr, Parse: cfg, Extract: store.Record})
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// submitPaths is `vanban ingest --nats`: every file under paths goes to
// the cluster's object store and job queue; with wait, it returns once
// each has its final outcome.
func submitPaths(ctx context.Context, nf natsFlags, paths []string, maxSize int64, wait bool, stdout io.Writer) error {
	c, err := nf.connect(ctx, "ingest")
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer c.Close()
	var queued []string
	known, refused := map[ingest.Status]int{}, 0
	err = ingest.Walk(ctx, paths, func(path string, werr error) error {
		abs, _ := filepath.Abs(path)
		if werr != nil {
			refused++
			slog.Warn("file refused", "path", abs, "reason", werr)
			return nil
		}
		sub, err := c.SubmitFile(ctx, abs, ingest.Source{Kind: "path", Path: abs, Name: filepath.Base(abs)}, maxSize)
		if errors.Is(err, format.ErrTooLarge) || errors.Is(err, format.ErrEmpty) || errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
			refused++
			slog.Warn("file refused", "path", abs, "reason", err)
			return nil
		}
		if err != nil {
			return err
		}
		if sub.Known {
			known[sub.Status]++
		} else {
			queued = append(queued, sub.ID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	fmt.Fprintf(stdout, "submitted to %s: %d queued, %d read before (%d indexed), %d refused\n",
		*nf.url, len(queued), sum(known), known[ingest.StatusIndexed], refused)
	if !wait || len(queued) == 0 {
		return nil
	}
	done := map[ingest.Status]int{}
	start := time.Now()
	// Every few seconds the queue is read to tell, once per reason, when
	// the wait cannot end: no worker, or scans and no worker with OCR.
	var said string
	lastLook := start
	for len(queued) > 0 {
		if time.Since(lastLook) >= 5*time.Second {
			lastLook = time.Now()
			if q, err := c.Status(ctx); err == nil {
				why := q.Stalled()
				if why != "" && why != said {
					fmt.Fprintf(stdout, "waiting for %d files: %s\n", len(queued), why)
				}
				said = why
			}
		}
		left := queued[:0]
		for _, id := range queued {
			st, ok, err := c.Finished(ctx, id)
			if err != nil {
				slog.Debug("ingest: read an outcome", "err", err)
			}
			if ok {
				done[st]++
			} else {
				left = append(left, id)
			}
		}
		queued = left
		if len(queued) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("ingest: stopped waiting with %d files not yet read (they stay queued)", len(queued))
		case <-time.After(300 * time.Millisecond):
		}
	}
	fmt.Fprintf(stdout, "read in %.1f s: %d indexed, %d failed, %d need OCR ('vanban status' on the hub gives the reasons)\n",
		time.Since(start).Seconds(), done[ingest.StatusIndexed], done[ingest.StatusFailed], done[ingest.StatusNeedsOCR])
	return nil
}

func sum(m map[ingest.Status]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// hubIngester is the hub's pool — it takes uploads, --watch and --ingest
// files into the ledger and originals as on one machine — with the
// cluster's queue for GET /api/ingest; cluster workers read the files.
type hubIngester struct {
	*ingest.Pool
	c *cluster.Cluster
}

func (h hubIngester) ClusterQueue(ctx context.Context) (any, error) { return h.c.Status(ctx) }

// Health is the pool's (files accepted), else the hub's writes of what
// workers read: /healthz and /metrics say degraded while either fails.
func (h hubIngester) Health() ingest.Health {
	if ph := h.Pool.Health(); ph.Degraded() {
		return ph
	}
	return h.c.HubHealth()
}

// startHub makes this server the hub: files it accepts go to the cluster
// (Forward) instead of local parse workers, and every outcome comes back
// into its index and ledger (RunHub). Both end with ctx.
func startHub(ctx context.Context, bg *errgroup.Group, nf natsFlags, d *store.Store) (*cluster.Cluster, error) {
	c, err := nf.connect(ctx, "hub")
	if err != nil {
		return nil, err
	}
	if err := c.ApplySettings(ctx); err != nil {
		c.Close()
		return nil, err
	}
	sink := cluster.HubSink{Put: putOutcomes(d), Ledger: d.Ledger()}
	// Forward ends with ctx; RunHub too.
	bg.Go(func() error { return ignoreCancel(c.Forward(ctx, d.Ledger(), d.Originals().Path, sink)) })
	bg.Go(func() error { return ignoreCancel(c.RunHub(ctx, d.Dir(), sink, cluster.BatchConfig{})) })
	slog.Info("serving as the hub of a cluster: workers parse the files", "nats", *nf.url)
	return c, nil
}

// putOutcomes writes the hub's outcomes through the store: indexed and
// recorded in the ledger, durably, in one batch.
func putOutcomes(d *store.Store) func(context.Context, []*cluster.Outcome) error {
	return func(ctx context.Context, outs []*cluster.Outcome) error {
		puts := make([]store.Put, len(outs))
		for i, o := range outs {
			puts[i] = store.Put{ID: o.ID, Size: o.Size, Source: o.Source, Result: o.Result, Record: o.Record}
		}
		return d.PutRecords(ctx, puts)
	}
}

func ignoreCancel(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// followSink writes the records of a replica through its store.
type followSink struct{ d *store.Store }

func (s followSink) Write(ctx context.Context, batch []*cluster.Outcome) error {
	var recs []*extract.Record
	for _, o := range batch {
		if o.Record != nil && o.Result.Status == ingest.StatusIndexed {
			recs = append(recs, o.Record)
		}
	}
	if len(recs) == 0 {
		return nil
	}
	return s.d.Add(ctx, recs...)
}

// clusterOriginals serves originals from the cluster's object store.
type clusterOriginals struct {
	c   *cluster.Cluster
	tmp string
}

func (o clusterOriginals) OpenFile(id string) (*os.File, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return o.c.OpenOriginal(ctx, id, o.tmp)
}

// hubOriginals serves the hub's own originals (files it accepted itself),
// else the cluster's (files submitted on other machines).
type hubOriginals struct {
	local   *ingest.Originals
	cluster clusterOriginals
}

func (o hubOriginals) OpenFile(id string) (*os.File, error) {
	f, err := o.local.OpenFile(id)
	if errors.Is(err, fs.ErrNotExist) {
		return o.cluster.OpenFile(id)
	}
	return f, err
}

// runFollow is `vanban serve --nats URL --follow`: a search replica. Its
// own index in data is built from the records stream (from the beginning,
// then live) and served read-only; originals come from the object store.
func runFollow(ctx context.Context, nf natsFlags, data, addr string, stdout io.Writer) error {
	d, err := store.Open(data)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer d.Close()
	c, err := nf.connect(ctx, "replica")
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer c.Close()
	h := server.New(server.Config{Store: d, Log: slog.Default(), Files: clusterOriginals{c, store.TempDir(data)}}).Handler()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	// Ends with ctx, or on an error of the data directory (logged; what
	// the index holds is still served). The store closes after it.
	go func() {
		defer close(done)
		if err := ignoreCancel(c.Follow(ctx, data, followSink{d}, cluster.BatchConfig{})); err != nil {
			slog.Error("following the records stopped; still serving what the index holds", "err", err)
		}
	}()
	defer store.AnnounceURL(data, "http://"+ln.Addr().String())()
	fmt.Fprintf(stdout, "vanban is serving http://%s/ (a read-only replica following %s; index in %s)\n", ln.Addr(), *nf.url, data)
	err = serveHTTP(ctx, ln, h)
	cancel()
	<-done
	return err
}

// clusterStatus is `vanban status --nats URL`: the queue across machines,
// read from JetStream (the hub's ledger, with the reasons of failures, is
// `vanban status` on the hub).
func clusterStatus(ctx context.Context, nf natsFlags, enc *json.Encoder, stdout io.Writer, asJSON bool) error {
	c, err := nf.connect(ctx, "status")
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	defer c.Close()
	q, err := c.Status(ctx)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if asJSON {
		return enc.Encode(q)
	}
	printQueue(stdout, q)
	return nil
}

// printQueue prints the cluster's queue for a person.
func printQueue(w io.Writer, q *cluster.Queue) {
	fmt.Fprintln(w, "\ncluster queue (NATS JetStream):")
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  subject\twaiting\tin flight\thanded out again")
	for _, s := range q.Subjects {
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\n", s.Subject, s.Waiting, s.InFlight, s.Redelivered)
	}
	tw.Flush()
	hub := "the hub has not run yet"
	if q.HubWaiting >= 0 {
		hub = fmt.Sprintf("%d not yet written by the hub", q.HubWaiting)
	}
	fmt.Fprintf(w, "  %d files read (%s)\n", q.Outcomes, hub)
	if len(q.Workers) == 0 {
		fmt.Fprintln(w, "  no worker is running")
	}
	for _, wk := range q.Workers {
		ocr := ""
		if wk.OCR {
			ocr = ", OCR"
		}
		fmt.Fprintf(w, "  worker %s (pid %d, %d at once%s): %d read, %d not indexed, %d in flight\n",
			wk.Host, wk.PID, wk.Slots, ocr, wk.Done, wk.Failed, len(wk.Jobs))
		for _, j := range wk.Jobs {
			again := ""
			if j.Delivered > 1 {
				again = fmt.Sprintf(", handed out %d times", j.Delivered)
			}
			fmt.Fprintf(w, "    %s (%s) for %s%s\n", j.Name, j.Subject, time.Since(j.Since).Round(time.Second), again)
		}
	}
}
