package httpx

import (
	"context"
	"io"

	"vanban/ingest"
)

// Ingester is what the upload, ingest-status and retry routes, JSON and
// pages alike, need from the ingest workers; *ingest.Pool implements it.
// Uploads go through the same queue as files from the command line and
// the watched folder.
type Ingester interface {
	AddReader(ctx context.Context, r io.Reader, name string) (*ingest.Entry, error)
	Entry(id string) (*ingest.Entry, error)
	// Summarize counts the ledger's files by status and lists the most
	// recent failures (GET /api/ingest, the ingest page).
	Summarize(maxFailures int) (*ingest.Summary, error)
	MaxSize() int64
	// Retry queues again the files of these statuses and returns them as
	// they were (POST /api/ingest/retry, the retry form).
	Retry(statuses ...ingest.Status) ([]*ingest.Entry, error)
}

// HealthReporter is implemented by an Ingester (*ingest.Pool) that can
// say whether a storage error holds its queue.
type HealthReporter interface {
	Health() ingest.Health
}

// ClusterQueuer is an Ingester whose work is spread over machines (vanban
// serve --nats): its queue (jobs waiting per subject, workers and what
// they read), which GET /api/ingest adds as "cluster" and the ingest page
// reads from the same JSON.
type ClusterQueuer interface {
	ClusterQueue(ctx context.Context) (any, error)
}
