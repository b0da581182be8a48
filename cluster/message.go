package cluster

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"vanban/extract"
	"vanban/ingest"
)

// Job is a file waiting for a worker, on SubjectText or SubjectOCR.
type Job struct {
	ID     string        `json:"id"` // SHA-256 of the bytes: the name in OriginalsBucket
	Size   int64         `json:"size"`
	Source ingest.Source `json:"source"`
	// Host is the machine that accepted the file.
	Host string `json:"host"`
}

// Outcome is what a worker learnt about a file: the record to index, or why
// there is none. Its subject is vanban.records.<ID>.
type Outcome struct {
	ID     string          `json:"id"`
	Size   int64           `json:"size"`
	Source ingest.Source   `json:"source"`
	Result ingest.Result   `json:"result"`
	Record *extract.Record `json:"record,omitempty"` // when Result.Status is indexed
	Worker string          `json:"worker"`           // host name of the worker
	// Interim: a later outcome will replace this one (a scan waiting for a
	// worker with OCR); the file is still in the queue.
	Interim bool `json:"interim,omitempty"`
	// Seq is the outcome's sequence in RecordsStream (set when read).
	Seq uint64 `json:"-"`
}

// Headers of an outcome message.
const (
	hdrStatus = "Vanban-Status" // the outcome's status, readable without the body
	// hdrBody names the object in BodiesBucket holding the gzipped JSON
	// when it is too large for one message.
	hdrBody = "Vanban-Body"
	hdrSize = "Vanban-Size"
	// hdrInterim marks an outcome a later one will replace (a scan waiting
	// for an OCR worker).
	hdrInterim = "Vanban-Interim"
)

func gzipJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func gunzipJSON(b []byte, v any) error {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer zr.Close()
	return json.NewDecoder(io.LimitReader(zr, 1<<30)).Decode(v)
}

// publishOutcome publishes o with message id = file hash (JetStream drops
// a second copy within the duplicate window); a body larger than the
// server's message limit goes to BodiesBucket first.
func (c *Cluster) publishOutcome(ctx context.Context, o *Outcome) error {
	return c.publish(ctx, o, o.ID)
}

// publishInterim publishes an outcome that a later one replaces (a scan
// waiting for OCR), under a message id of its own.
func (c *Cluster) publishInterim(ctx context.Context, o *Outcome) error {
	o.Interim = true
	defer func() { o.Interim = false }()
	return c.publish(ctx, o, o.ID+".waiting-ocr")
}

// isInterim reports whether an outcome message will be replaced.
func isInterim(h nats.Header) bool { return h.Get(hdrInterim) != "" }

func (c *Cluster) publish(ctx context.Context, o *Outcome, msgID string) error {
	body, err := gzipJSON(o)
	if err != nil {
		return fmt.Errorf("cluster: encode the outcome of %s: %w", o.ID, err)
	}
	m := nats.NewMsg(recordPrefix + o.ID)
	m.Header.Set(hdrStatus, string(o.Result.Status))
	m.Header.Set(hdrSize, strconv.Itoa(len(body)))
	m.Header.Set(jetstream.MsgIDHeader, msgID)
	if o.Interim {
		m.Header.Set(hdrInterim, "1")
	}
	if int64(len(body)) > c.nc.MaxPayload()-4096 {
		if _, err := c.bodies.PutBytes(ctx, o.ID, body); err != nil {
			return fmt.Errorf("cluster: store the record of %s (%d bytes): %w", o.ID, len(body), err)
		}
		m.Header.Set(hdrBody, o.ID)
		body = nil
	}
	m.Data = body
	if _, err := c.js.PublishMsg(ctx, m); err != nil {
		return fmt.Errorf("cluster: publish the outcome of %s: %w", o.ID, err)
	}
	return nil
}

// readOutcome decodes an outcome message (fetching its body from
// BodiesBucket when it is there).
func (c *Cluster) readOutcome(ctx context.Context, h nats.Header, data []byte) (*Outcome, error) {
	if name := h.Get(hdrBody); name != "" {
		b, err := c.bodies.GetBytes(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("cluster: read the record body %s: %w", name, err)
		}
		data = b
	}
	var o Outcome
	if err := gunzipJSON(data, &o); err != nil {
		return nil, fmt.Errorf("cluster: decode an outcome: %w", err)
	}
	if o.ID == "" {
		return nil, fmt.Errorf("cluster: an outcome without a file id")
	}
	if o.Record != nil && o.Record.ID != o.ID {
		return nil, fmt.Errorf("cluster: the outcome of %s holds the record of %s", o.ID, o.Record.ID)
	}
	return &o, nil
}
