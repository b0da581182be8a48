package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"vanban/ingest"
)

// Sink takes outcomes in batches, in stream order. Write returns only once
// the batch is durable (indexed, recorded); an error leaves the batch to be
// delivered again. Writing the same outcome twice must do no harm (records
// are replaced by file id).
type Sink interface {
	Write(ctx context.Context, batch []*Outcome) error
}

// BatchConfig bounds a batch of outcomes: at most Size outcomes, gathered
// for at most Wait (defaults 64 and 1 s).
type BatchConfig struct {
	Size int
	Wait time.Duration
}

func (b BatchConfig) withDefaults() BatchConfig {
	if b.Size <= 0 {
		b.Size = 64
	}
	if b.Wait <= 0 {
		b.Wait = time.Second
	}
	return b
}

// RunHub feeds sink from RecordsStream through the durable consumer "hub"
// until ctx is cancelled: each batch is acknowledged only after
// sink.Write returns and dir's hub.seq records its last sequence. A hub
// killed mid-batch gets the unacknowledged outcomes again (after AckWait)
// when it comes back. A data directory older than what the consumer has
// acknowledged (restored from a backup, or new) makes the hub start the
// consumer again from the outcome after the one hub.seq records.
func (c *Cluster) RunHub(ctx context.Context, dir string, sink Sink, bc BatchConfig) error {
	bc = bc.withDefaults()
	last, err := readSeq(dir, hubState)
	if err != nil {
		return err
	}
	cc := jetstream.ConsumerConfig{
		Durable:       hubConsumer,
		Description:   "vanban hub: outcomes written to its index and ledger",
		FilterSubject: recordPrefix + ">",
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.cfg.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: 10 * bc.Size,
	}
	if old, err := c.records.Consumer(ctx, hubConsumer); err == nil {
		if ci, err := old.Info(ctx); err == nil && ci.AckFloor.Stream > last {
			c.log.Warn("hub: the data directory is behind the records it acknowledged (restored or new): reading them again",
				"from", last+1, "acknowledged", ci.AckFloor.Stream)
			if err := c.records.DeleteConsumer(ctx, hubConsumer); err != nil {
				return fmt.Errorf("cluster: consumer %s: %w", hubConsumer, err)
			}
		}
	}
	if last > 0 {
		if _, err := c.records.Consumer(ctx, hubConsumer); errors.Is(err, jetstream.ErrConsumerNotFound) {
			cc.DeliverPolicy, cc.OptStartSeq = jetstream.DeliverByStartSequencePolicy, last+1
		}
	}
	cons, err := c.records.CreateOrUpdateConsumer(ctx, cc)
	if err != nil {
		return fmt.Errorf("cluster: consumer %s: %w", hubConsumer, err)
	}
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		msgs := c.fetch(ctx, cons, bc, &backoff)
		if len(msgs) == 0 {
			continue
		}
		outs := c.decodeBatch(ctx, msgs)
		if len(outs) > 0 {
			if err := sink.Write(ctx, outs); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				c.hubFailed(err)
				c.log.Error("hub: a batch of outcomes could not be written; it will come again", "outcomes", len(outs), "err", err)
				for _, m := range msgs {
					m.NakWithDelay(5 * time.Second)
				}
				retry(ctx, &backoff)
				continue
			}
		}
		c.hubOK()
		if md, err := msgs[len(msgs)-1].Metadata(); err == nil {
			if err := writeSeq(dir, hubState, md.Sequence.Stream); err != nil {
				return err
			}
		}
		// Acknowledged only now that the batch is durable; the last
		// acknowledgement is confirmed by the server.
		for i, m := range msgs {
			if i == len(msgs)-1 {
				actx, cancel := context.WithTimeout(ctx, 10*time.Second)
				if err := m.DoubleAck(actx); err != nil {
					c.log.Warn("hub: acknowledgement lost; the batch will be written again (harmless)", "err", err)
				}
				cancel()
			} else {
				m.Ack()
			}
		}
	}
	return ctx.Err()
}

// fetch gets the outcomes waiting, up to bc.Size, at once; when none
// waits, it waits up to bc.Wait for the first, then takes what came with
// it. A batch is thus what has arrived, never held back to fill up. While
// the server is away it pauses (backoff) and returns none.
func (c *Cluster) fetch(ctx context.Context, cons jetstream.Consumer, bc BatchConfig, backoff *time.Duration) []jetstream.Msg {
	collect := func(batch jetstream.MessageBatch, err error) ([]jetstream.Msg, error) {
		if err != nil {
			return nil, err
		}
		var msgs []jetstream.Msg
		for m := range batch.Messages() {
			msgs = append(msgs, m)
		}
		if err := batch.Error(); err != nil && len(msgs) == 0 && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, jetstream.ErrNoMessages) {
			return nil, err
		}
		return msgs, nil
	}
	msgs, err := collect(cons.FetchNoWait(bc.Size))
	if err == nil && len(msgs) == 0 {
		msgs, err = collect(cons.Fetch(1, jetstream.FetchMaxWait(bc.Wait)))
		if err == nil && len(msgs) == 1 && bc.Size > 1 {
			var more []jetstream.Msg
			more, err = collect(cons.FetchNoWait(bc.Size - 1))
			msgs = append(msgs, more...)
		}
	}
	if err != nil {
		c.log.Debug("fetch outcomes", "err", err)
		if len(msgs) == 0 {
			retry(ctx, backoff)
			return nil
		}
	}
	*backoff = 100 * time.Millisecond
	return msgs
}

// HubHealth says whether the hub's writes fail (a full disk, a broken
// index): the error, since when and how often it was tried since; the
// zero value while they succeed.
func (c *Cluster) HubHealth() ingest.Health {
	c.healthMu.Lock()
	defer c.healthMu.Unlock()
	return c.health
}

func (c *Cluster) hubFailed(err error) {
	c.healthMu.Lock()
	defer c.healthMu.Unlock()
	if c.health.Err == nil {
		c.health.Since = time.Now().UTC()
	}
	c.health.Err = err
	c.health.Retries++
}

func (c *Cluster) hubOK() {
	c.healthMu.Lock()
	defer c.healthMu.Unlock()
	if c.health.Err != nil {
		c.log.Info("hub: outcomes are written again", "failed_for", time.Since(c.health.Since).Round(time.Second))
	}
	c.health = ingest.Health{}
}

// decodeBatch decodes outcome messages; one that cannot be read is logged
// and terminated (it would fail the same way each time).
func (c *Cluster) decodeBatch(ctx context.Context, msgs []jetstream.Msg) []*Outcome {
	outs := make([]*Outcome, 0, len(msgs))
	for _, m := range msgs {
		o, err := c.readOutcome(ctx, m.Headers(), m.Data())
		if err != nil {
			c.log.Error("an outcome that cannot be read is skipped", "subject", m.Subject(), "err", err)
			continue
		}
		if md, err := m.Metadata(); err == nil {
			o.Seq = md.Sequence.Stream
		}
		outs = append(outs, o)
	}
	return outs
}

// followState and hubState are the files, in a replica's and in the
// hub's data directory, holding the sequence of the last outcome made
// durable there.
const (
	followState = "follow.seq"
	hubState    = "hub.seq"
)

// Follow feeds sink with every outcome of RecordsStream, from the one after
// the last that dir's follow.seq records (from the beginning for a new
// replica), then live as they come, until ctx is cancelled. It keeps no
// state on the server (an ordered consumer): a replica that is gone for
// good leaves nothing behind. After each durable batch, follow.seq is
// replaced atomically.
func (c *Cluster) Follow(ctx context.Context, dir string, sink Sink, bc BatchConfig) error {
	bc = bc.withDefaults()
	last, err := readSeq(dir, followState)
	if err != nil {
		return err
	}
	cons, err := c.records.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{recordPrefix + ">"},
		DeliverPolicy:  jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:    last + 1,
	})
	if err != nil {
		return fmt.Errorf("cluster: follow %s: %w", RecordsStream, err)
	}
	c.log.Info("following the records", "from", last+1)
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		msgs := c.fetch(ctx, cons, bc, &backoff)
		if len(msgs) == 0 {
			continue
		}
		outs := c.decodeBatch(ctx, msgs)
		for len(outs) > 0 {
			err := sink.Write(ctx, outs)
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// The stream keeps them: write again after a pause.
			c.log.Error("follow: a batch could not be written; trying again", "err", err)
			if err := retry(ctx, &backoff); err != nil {
				return err
			}
		}
		md, err := msgs[len(msgs)-1].Metadata()
		if err != nil {
			return fmt.Errorf("cluster: follow: %w", err)
		}
		if err := writeSeq(dir, followState, md.Sequence.Stream); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// IsHubDir reports whether dir is the data directory of a hub (it has
// written outcomes there). Its originals hold only the files the hub
// accepted itself, so a rebuild from them would drop the others: a hub is
// rebuilt by starting it on an empty data directory instead, which reads
// every outcome again.
func IsHubDir(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, hubState))
	return err == nil
}

// ErrHubReindex is the reason a hub's data directory is not reindexed from
// its originals.
var ErrHubReindex = errors.New("this is the data directory of a cluster hub (vanban serve --nats): files read on other machines are not among its originals, so rebuilding from them would drop those documents; to rebuild a hub, start it on an empty data directory: it reads every record again from NATS")

func readSeq(dir, name string) (uint64, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("cluster: %w", err)
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("cluster: %s holds %q, not a sequence number: %w", name, b, err)
	}
	return n, nil
}

func writeSeq(dir, name string, seq uint64) error {
	p := filepath.Join(dir, name)
	tmp := p + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	_, err = fmt.Fprintf(f, "%d\n", seq)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		return fmt.Errorf("cluster: record the followed sequence: %w", err)
	}
	return nil
}
