package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"vanban/ingest"
	"vanban/ingest/format"
)

// Submitted says what became of a submitted file.
type Submitted struct {
	ID   string
	Size int64
	// Known: an outcome for these bytes is already in RecordsStream, so no
	// job was queued; Status is that outcome's status (else queued).
	Known  bool
	Status ingest.Status
}

// SubmitFile puts the file at path in OriginalsBucket under the SHA-256 of
// its bytes (unless it is there already) and a job on SubjectText, with
// message id "text.<id>" so that submitting it twice within the duplicate
// window queues one job. When RecordsStream already holds an outcome for
// these bytes, nothing is queued (Known). A file larger than maxSize is
// refused with an error wrapping format.ErrTooLarge, an empty one with
// format.ErrEmpty.
func (c *Cluster) SubmitFile(ctx context.Context, path string, src ingest.Source, maxSize int64) (*Submitted, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	switch {
	case fi.Size() > maxSize:
		return nil, fmt.Errorf("%w: %s, the limit is %s", format.ErrTooLarge, ingest.HumanBytes(fi.Size()), ingest.HumanBytes(maxSize))
	case fi.Size() == 0:
		return nil, format.ErrEmpty
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("cluster: read %s: %w", path, err)
	}
	id := hex.EncodeToString(h.Sum(nil))
	sub := &Submitted{ID: id, Size: fi.Size(), Status: ingest.StatusQueued}
	if st, ok, err := c.KnownOutcome(ctx, id); err != nil {
		return nil, err
	} else if ok {
		sub.Known, sub.Status = true, st
		return sub, nil
	}
	info, err := c.orig.GetInfo(ctx, id)
	if errors.Is(err, jetstream.ErrObjectNotFound) || (err == nil && int64(info.Size) != fi.Size()) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
		if _, err := c.orig.Put(ctx, jetstream.ObjectMeta{Name: id, Description: src.Name}, f); err != nil {
			return nil, fmt.Errorf("cluster: store %s in %s: %w", src.Name, OriginalsBucket, err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("cluster: look for %s in %s: %w", id, OriginalsBucket, err)
	}
	if src.Seen.IsZero() {
		src.Seen = time.Now().UTC()
	}
	if err := c.publishJob(ctx, SubjectText, &Job{ID: id, Size: fi.Size(), Source: src, Host: c.host}); err != nil {
		return nil, err
	}
	return sub, nil
}

func (c *Cluster) publishJob(ctx context.Context, subject string, j *Job) error {
	body, err := gzipJSON(j)
	if err != nil {
		return fmt.Errorf("cluster: encode the job of %s: %w", j.ID, err)
	}
	m := nats.NewMsg(subject)
	m.Data = body
	kind := "text."
	if subject == SubjectOCR {
		kind = "ocr."
	}
	m.Header.Set(jetstream.MsgIDHeader, kind+j.ID)
	if _, err := c.js.PublishMsg(ctx, m); err != nil {
		return fmt.Errorf("cluster: queue %s on %s: %w", j.Source.Name, subject, err)
	}
	return nil
}

// KnownOutcome reports whether RecordsStream holds an outcome for the file
// id, and its status.
func (c *Cluster) KnownOutcome(ctx context.Context, id string) (ingest.Status, bool, error) {
	st, ok, _, err := c.outcomeStatus(ctx, id)
	return st, ok, err
}

// Finished reports whether RecordsStream holds the final outcome of the
// file id (not an interim one: a scan waiting for OCR), and its status.
func (c *Cluster) Finished(ctx context.Context, id string) (ingest.Status, bool, error) {
	st, ok, interim, err := c.outcomeStatus(ctx, id)
	return st, ok && !interim, err
}

func (c *Cluster) outcomeStatus(ctx context.Context, id string) (st ingest.Status, ok, interim bool, err error) {
	m, err := c.records.GetLastMsgForSubject(ctx, recordPrefix+id)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return "", false, false, nil
	}
	if err != nil {
		return "", false, false, fmt.Errorf("cluster: look for the outcome of %s: %w", id, err)
	}
	return ingest.Status(m.Header.Get(hdrStatus)), true, isInterim(m.Header), nil
}

// OpenOriginal copies the original of id from OriginalsBucket into an
// unnamed temporary file under tmpDir and returns it open at its start; a
// missing object is an error wrapping fs.ErrNotExist.
func (c *Cluster) OpenOriginal(ctx context.Context, id, tmpDir string) (*os.File, error) {
	if err := os.MkdirAll(tmpDir, 0o755); err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	obj, err := c.orig.Get(ctx, id)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, fmt.Errorf("cluster: %s is not in %s: %w", id, OriginalsBucket, os.ErrNotExist)
	}
	if err != nil {
		return nil, fmt.Errorf("cluster: read %s from %s: %w", id, OriginalsBucket, err)
	}
	defer obj.Close()
	f, err := os.CreateTemp(tmpDir, "original-*")
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	os.Remove(f.Name()) // unnamed: gone when closed
	if _, err := io.Copy(f, obj); err != nil {
		f.Close()
		return nil, fmt.Errorf("cluster: read %s from %s: %w", id, OriginalsBucket, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("cluster: %w", err)
	}
	return f, nil
}
