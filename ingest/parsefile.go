package ingest

import (
	"context"

	"vanban/model"
)

// ParseFile parses one file outside the ledger's queue, with the pool's
// limits and options, as a worker of the pool would: the outcome, with the
// document when there is one to extract (nil when the outcome is already
// known: failed, needs OCR). A pool made with NewPool(nil, nil, nil, cfg)
// serves for this alone (a cluster worker, which keeps no ledger); its owner
// ends the pool's parse children with Close.
func (p *Pool) ParseFile(ctx context.Context, f *File) (Result, *model.Document) {
	return p.parse(ctx, f)
}
