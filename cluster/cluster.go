package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"vanban/ingest"
)

// Names of the streams, buckets, subjects and consumers vanban keeps in
// JetStream (see doc.go for their retention and replication).
const (
	JobsStream      = "VANBAN_JOBS"
	RecordsStream   = "VANBAN_RECORDS"
	OriginalsBucket = "VANBAN_ORIGINALS"
	BodiesBucket    = "VANBAN_RECORD_BODIES"
	WorkersBucket   = "VANBAN_WORKERS"

	// SubjectText carries every new file; SubjectOCR the files whose pages
	// turned out to have no text layer.
	SubjectText = "vanban.jobs.text"
	SubjectOCR  = "vanban.jobs.ocr"
	// recordPrefix + file id is the subject of a file's outcome.
	recordPrefix = "vanban.records."

	textConsumer = "workers-text"
	ocrConsumer  = "workers-ocr"
	hubConsumer  = "hub"
)

// Defaults of a Config.
const (
	DefaultAckWait       = time.Minute
	DefaultMaxDeliveries = 4
	DefaultDuplicates    = 10 * time.Minute
)

// Config says how to reach NATS and how the streams are set up.
type Config struct {
	// URL of the NATS server(s), comma-separated ("nats://host:4222").
	URL string
	// Replicas of every stream and bucket (1 for one nats-server; 3 in a
	// cluster of three or more). Only the hub (Setup with update) applies it
	// to streams that already exist.
	Replicas int
	// AckWait is how long a job (or a batch of the hub) may go without a
	// heartbeat before JetStream gives it to another worker (default
	// DefaultAckWait); workers beat every AckWait/4. It is set on the
	// consumers when they are created, and by the hub (ApplySettings).
	AckWait time.Duration
	// MaxDeliveries bounds how often a job is handed out: the delivery after
	// that many is recorded as failed without parsing (the file stopped a
	// worker each time). Default DefaultMaxDeliveries.
	MaxDeliveries int
	// Name tells this connection apart in the server's monitoring
	// ("vanban worker on HOST").
	Name string
	Log  *slog.Logger
}

// Cluster is a connection to NATS JetStream with vanban's streams.
type Cluster struct {
	cfg      Config
	nc       *nats.Conn
	js       jetstream.JetStream
	log      *slog.Logger
	host     string
	orig     jetstream.ObjectStore
	bodies   jetstream.ObjectStore
	workers  jetstream.KeyValue
	jobs     jetstream.Stream
	records  jetstream.Stream
	healthMu sync.Mutex
	health   ingest.Health // of the hub's writes
}

// Connect connects to NATS and makes sure vanban's streams and buckets
// exist (creating missing ones with cfg's settings). It keeps reconnecting
// for ever when the server goes away: calls fail meanwhile and the loops of
// this package wait and try again.
func Connect(ctx context.Context, cfg Config) (*Cluster, error) {
	if cfg.URL == "" {
		return nil, errors.New("cluster: no NATS URL")
	}
	if cfg.Replicas <= 0 {
		cfg.Replicas = 1
	}
	if cfg.AckWait <= 0 {
		cfg.AckWait = DefaultAckWait
	}
	if cfg.MaxDeliveries <= 0 {
		cfg.MaxDeliveries = DefaultMaxDeliveries
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	host, _ := os.Hostname()
	if host == "" {
		host = "unknown"
	}
	if cfg.Name == "" {
		cfg.Name = "vanban on " + host
	}
	log := cfg.Log
	nc, err := nats.Connect(cfg.URL, nats.Name(cfg.Name),
		nats.MaxReconnects(-1), nats.ReconnectWait(500*time.Millisecond),
		nats.RetryOnFailedConnect(false),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats: disconnected; reconnecting", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("nats: reconnected", "server", c.ConnectedUrlRedacted()) }))
	if err != nil {
		return nil, fmt.Errorf("cluster: connect to %s: %w", cfg.URL, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("cluster: jetstream: %w", err)
	}
	c := &Cluster{cfg: cfg, nc: nc, js: js, log: log, host: host}
	if err := c.setup(ctx, false); err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

// Close drains and closes the connection.
func (c *Cluster) Close() error {
	if err := c.nc.Drain(); err != nil {
		c.nc.Close()
		return err
	}
	return nil
}

// Host is this machine's host name, as workers report it.
func (c *Cluster) Host() string { return c.host }

// ApplySettings updates existing streams and buckets to this Config's
// settings (replicas); the hub calls it at start.
func (c *Cluster) ApplySettings(ctx context.Context) error { return c.setup(ctx, true) }

func (c *Cluster) streamConfigs() []jetstream.StreamConfig {
	r := c.cfg.Replicas
	return []jetstream.StreamConfig{{
		Name:        JobsStream,
		Description: "vanban: files waiting to be parsed (text first, then OCR); a job leaves when a worker acknowledges it",
		Subjects:    []string{SubjectText, SubjectOCR},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    r,
		Duplicates:  DefaultDuplicates,
	}, {
		Name:              RecordsStream,
		Description:       "vanban: the outcome of every file (its extracted record, or why it was not indexed), the latest per file",
		Subjects:          []string{recordPrefix + ">"},
		Retention:         jetstream.LimitsPolicy,
		MaxMsgsPerSubject: 1,
		Storage:           jetstream.FileStorage,
		Replicas:          r,
		Duplicates:        DefaultDuplicates,
	}}
}

// setup creates what is missing; with update it also applies the settings
// to what exists.
func (c *Cluster) setup(ctx context.Context, update bool) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for _, sc := range c.streamConfigs() {
		var s jetstream.Stream
		var err error
		if update {
			s, err = c.js.CreateOrUpdateStream(ctx, sc)
		} else if s, err = c.js.Stream(ctx, sc.Name); errors.Is(err, jetstream.ErrStreamNotFound) {
			s, err = c.js.CreateStream(ctx, sc)
			if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
				s, err = c.js.Stream(ctx, sc.Name)
			}
		}
		if err != nil {
			return fmt.Errorf("cluster: stream %s: %w", sc.Name, err)
		}
		if sc.Name == JobsStream {
			c.jobs = s
		} else {
			c.records = s
		}
	}
	var err error
	obs := func(name, about string) (jetstream.ObjectStore, error) {
		oc := jetstream.ObjectStoreConfig{Bucket: name, Description: about,
			Storage: jetstream.FileStorage, Replicas: c.cfg.Replicas}
		if update {
			return c.js.CreateOrUpdateObjectStore(ctx, oc)
		}
		o, err := c.js.ObjectStore(ctx, name)
		if errors.Is(err, jetstream.ErrBucketNotFound) {
			o, err = c.js.CreateObjectStore(ctx, oc)
			if errors.Is(err, jetstream.ErrBucketExists) {
				o, err = c.js.ObjectStore(ctx, name)
			}
		}
		return o, err
	}
	if c.orig, err = obs(OriginalsBucket, "vanban: every file, named by the SHA-256 of its bytes"); err != nil {
		return fmt.Errorf("cluster: bucket %s: %w", OriginalsBucket, err)
	}
	if c.bodies, err = obs(BodiesBucket, "vanban: records too large for one message, named by their file's SHA-256"); err != nil {
		return fmt.Errorf("cluster: bucket %s: %w", BodiesBucket, err)
	}
	kc := jetstream.KeyValueConfig{Bucket: WorkersBucket, Description: "vanban: workers alive and what they are reading",
		TTL: workerTTL, Storage: jetstream.FileStorage, Replicas: c.cfg.Replicas, History: 1}
	if update {
		c.workers, err = c.js.CreateOrUpdateKeyValue(ctx, kc)
	} else if c.workers, err = c.js.KeyValue(ctx, WorkersBucket); errors.Is(err, jetstream.ErrBucketNotFound) {
		c.workers, err = c.js.CreateKeyValue(ctx, kc)
		if errors.Is(err, jetstream.ErrBucketExists) {
			c.workers, err = c.js.KeyValue(ctx, WorkersBucket)
		}
	}
	if err != nil {
		return fmt.Errorf("cluster: bucket %s: %w", WorkersBucket, err)
	}
	for _, cc := range []jetstream.ConsumerConfig{
		c.jobConsumer(textConsumer, SubjectText), c.jobConsumer(ocrConsumer, SubjectOCR),
	} {
		// Everyone creates a missing consumer; only the hub changes one
		// (its AckWait), so that processes never undo each other's.
		_, err := c.jobs.Consumer(ctx, cc.Durable)
		if update || errors.Is(err, jetstream.ErrConsumerNotFound) {
			_, err = c.jobs.CreateOrUpdateConsumer(ctx, cc)
		}
		if err != nil {
			return fmt.Errorf("cluster: consumer %s: %w", cc.Durable, err)
		}
	}
	return nil
}

func (c *Cluster) jobConsumer(name, subject string) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       name,
		Description:   "vanban workers taking " + subject,
		FilterSubject: subject,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.cfg.AckWait,
		// Deliveries are bounded by the workers (Config.MaxDeliveries), who
		// record the file as failed rather than let it vanish.
		MaxDeliver:    -1,
		MaxAckPending: 10000,
	}
}

// retry waits d (doubling up to max) or until ctx is cancelled, for loops
// that go on while the server is away.
func retry(ctx context.Context, d *time.Duration) error {
	t := time.NewTimer(*d)
	defer t.Stop()
	*d = min(*d*2, 5*time.Second)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
