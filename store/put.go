package store

import (
	"context"
	"fmt"

	"vanban/extract"
	"vanban/ingest"
)

// Put is the outcome of a file read by another source of records (a
// cluster worker): the file, where it came from, its outcome and, when
// indexed, the record extracted from it.
type Put struct {
	ID     string
	Size   int64
	Source ingest.Source
	Result ingest.Result
	Record *extract.Record // set when Result.Status is indexed
}

// PutRecords writes a batch of outcomes read elsewhere: the records of the
// indexed ones to the index in one batch (durable when it returns), then
// every outcome in the ledger in one transaction. It returns once both are
// durable; on an error nothing is recorded in the ledger and the caller
// delivers the batch again (writing the same outcome twice does no harm:
// records are replaced by id, a reindexed record that did not change logs
// no change).
func (s *Store) PutRecords(ctx context.Context, puts []Put) error {
	var recs []*extract.Record
	rs := make([]ingest.Received, len(puts))
	for i, p := range puts {
		r := p.Result
		if r.Status == ingest.StatusIndexed {
			if p.Record == nil || p.Record.ID != p.ID {
				return fmt.Errorf("store: put %s: an indexed outcome needs its record, with the same id", p.ID)
			}
			recs = append(recs, p.Record)
			r.Ident = identity(p.Record)
		}
		rs[i] = ingest.Received{ID: p.ID, Size: p.Size, Source: p.Source, Result: r}
	}
	if len(recs) > 0 {
		if err := s.Add(ctx, recs...); err != nil {
			return fmt.Errorf("store: put %d records: %w", len(recs), err)
		}
	}
	if err := s.ledger.RecordReceived(rs); err != nil {
		return fmt.Errorf("store: record %d outcomes in the ledger: %w", len(rs), err)
	}
	return nil
}
