package store

import (
	"context"
	"errors"

	"vanban/index"
	"vanban/ingest"
)

// Reader reads a data directory's index for search and export: opened
// here, or, while `vanban serve` holds it (Bleve's lock keeps a second
// process out), through that server's API.
type Reader struct {
	ix *index.Index
	// Server is the server that answers, nil when the index is open here.
	Server *Server
}

// OpenReader opens dir's index, or finds the server that holds it. When
// the index is held and no server answers, reads fail with index.ErrInUse.
func OpenReader(dir string) (*Reader, error) {
	ix, err := index.Open(dir)
	if errors.Is(err, index.ErrInUse) {
		srv, serr := Dial(dir)
		if serr != nil {
			return nil, err
		}
		srv.held = err
		return &Reader{Server: srv}, nil
	}
	if err != nil {
		return nil, err
	}
	return &Reader{ix: ix}, nil
}

// Search runs q.
func (r *Reader) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	if r.Server != nil {
		return r.Server.Search(ctx, q)
	}
	return r.ix.Search(ctx, q)
}

// Allocations runs q (every matching row with q.All).
func (r *Reader) Allocations(ctx context.Context, q index.AllocationQuery) (*index.AllocationResult, error) {
	if r.Server != nil {
		return r.Server.Allocations(ctx, q)
	}
	return r.ix.Allocations(ctx, q)
}

// Close closes the index when it was opened here.
func (r *Reader) Close() error {
	if r.ix != nil {
		return r.ix.Close()
	}
	return nil
}

// OpenLedger opens dir's ledger for reading (vanban status) or, while
// `vanban serve` holds the directory, finds that server: exactly one of
// the two is set. When no server answers, its calls fail with
// ingest.ErrLedgerBusy.
func OpenLedger(dir string) (*ingest.Ledger, *Server, error) {
	l, err := ingest.OpenLedger(dir)
	if errors.Is(err, ingest.ErrLedgerBusy) {
		srv, serr := Dial(dir)
		if serr != nil {
			return nil, nil, err
		}
		srv.held = err
		return nil, srv, nil
	}
	return l, nil, err
}
