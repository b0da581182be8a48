package httpx

import (
	"context"

	"vanban/extract"
	"vanban/index"
)

// Store is what the API and the pages read from the index. A store may
// also implement AllocationStore and NumberFinder: allocations are then
// counted once across files, and cited numbers are linked to the records
// held.
type Store interface {
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Get(id string) (*extract.Record, error)
}

// AllocationStore answers allocation queries (GET /api/allocations, the
// allocations page).
type AllocationStore interface {
	Allocations(ctx context.Context, q index.AllocationQuery) (*index.AllocationResult, error)
}

// NumberFinder maps cited document numbers to the ids of records we hold.
type NumberFinder interface {
	FindNumbers(ctx context.Context, numbers []string) (map[string]string, error)
}
