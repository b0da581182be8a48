package ingest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"syscall"
	"time"

	"vanban/ingest/format"
)

// ErrStorage marks a failure to write the data directory: a full disk, a
// quota, a read-only or failing device (format.ErrStorage, which the
// sandbox also says of a temporary folder it cannot make).
var ErrStorage = format.ErrStorage

// storageErrnos are the system errors that mean the disk, not the file.
var storageErrnos = []error{syscall.ENOSPC, syscall.EDQUOT, syscall.EROFS, syscall.EIO, syscall.EFBIG}

// IsStorageError reports whether err is a failure to write the data
// directory.
func IsStorageError(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrStorage) {
		return true
	}
	for _, e := range storageErrnos {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// StorageProblem says in a few words what is wrong with the data directory.
// Some libraries format the system error into their own (zapx: "persist
// err: %v"), so the errno is also recognised by its text.
func StorageProblem(err error) string {
	switch {
	case isErrno(err, syscall.ENOSPC), isErrno(err, syscall.EDQUOT):
		return "its disk is full"
	case isErrno(err, syscall.EROFS):
		return "its disk is read-only"
	case isErrno(err, syscall.EIO):
		return "its disk reports input/output errors"
	}
	return "its data directory cannot be written"
}

// isErrno reports whether err is errno, wrapped or only quoted in its text.
func isErrno(err error, errno syscall.Errno) bool {
	return errors.Is(err, errno) || err != nil && strings.Contains(err.Error(), errno.Error())
}

// storageWriter tags write errors as ErrStorage, so that a failed copy
// into the data directory is not mistaken for a bad incoming file.
type storageWriter struct{ w io.Writer }

func (s storageWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil {
		err = fmt.Errorf("%w: %w", ErrStorage, err)
	}
	return n, err
}

// Health is the state of the ingest workers as a server reports it.
type Health struct {
	// Err is the storage error that holds the queue, nil when healthy.
	Err error
	// Since is when the problem began; Retries how often it was tried since.
	Since   time.Time
	Retries int
	// NextRetry is when the queue is tried again.
	NextRetry time.Time
}

// Degraded reports whether ingestion is held by a storage error.
func (h Health) Degraded() bool { return h.Err != nil }

// Retry delays while the data directory cannot be written: from
// RetryMin, doubling, up to RetryMax.
const (
	DefaultRetryMin = time.Second
	DefaultRetryMax = time.Minute
)

// health is the pool's storage state, shared by its workers, its
// dispatcher and whoever asks (the server's /healthz).
type health struct {
	mu        sync.Mutex
	err       error
	since     time.Time
	retries   int
	delay     time.Duration
	nextRetry time.Time
}

func (h *health) get() Health {
	h.mu.Lock()
	defer h.mu.Unlock()
	return Health{Err: h.err, Since: h.since, Retries: h.retries, NextRetry: h.nextRetry}
}

// fail records a storage error and returns the delay before the next try
// and whether this began a degraded period.
func (h *health) fail(err error, min, max time.Duration) (time.Duration, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	began := h.err == nil
	if began {
		h.since = time.Now()
		h.delay = min
	} else {
		h.retries++
		h.delay = minDuration(h.delay*2, max)
	}
	h.err = err
	h.nextRetry = time.Now().Add(h.delay)
	return h.delay, began
}

// ok clears a storage error; it reports whether one was cleared.
func (h *health) ok() (Health, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	was := Health{Err: h.err, Since: h.since, Retries: h.retries}
	if h.err == nil {
		return was, false
	}
	h.err, h.retries, h.delay, h.nextRetry = nil, 0, 0, time.Time{}
	return was, true
}

// wait is how long the dispatcher must still hold the queue.
func (h *health) wait() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err == nil {
		return 0
	}
	return time.Until(h.nextRetry)
}

func minDuration(a, b time.Duration) time.Duration {
	if a < b {
		return a
	}
	return b
}
