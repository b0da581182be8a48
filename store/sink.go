package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"vanban/extract"
	"vanban/ingest"
	"vanban/model"
)

// adder is where a sink writes: the store's current index, or the index a
// reindex builds.
type adder interface {
	Add(ctx context.Context, recs ...*extract.Record) error
}

// sink extracts a record from each parsed document and writes it to the
// index: the wiring between ingest and extract/index, which ingest may not
// import. It is an ingest.BatchSink: the pool prepares (extracts) each
// document as it is parsed and writes them in batches.
type sink struct{ to adder }

// Sink is what a pool over this store hands its parsed documents to.
func (s *Store) Sink() ingest.BatchSink { return sink{s} }

// Store extracts and writes one document (a pool without batches).
func (k sink) Store(ctx context.Context, f *ingest.File, doc *model.Document) (ingest.Identity, error) {
	rec := Record(f, doc)
	if err := k.to.Add(ctx, rec); err != nil {
		return ingest.Identity{}, err
	}
	return identity(rec), nil
}

// Prepare extracts the record of a parsed document.
func (k sink) Prepare(ctx context.Context, f *ingest.File, doc *model.Document) (ingest.Prepared, error) {
	rec := Record(f, doc)
	return ingest.Prepared{Ident: identity(rec), Bytes: recordBytes(rec), Value: rec}, nil
}

// Write indexes a batch of prepared records, all or none, durably.
func (k sink) Write(ctx context.Context, batch []ingest.Prepared) error {
	recs := make([]*extract.Record, len(batch))
	for i, p := range batch {
		recs[i] = p.Value.(*extract.Record)
	}
	return k.to.Add(ctx, recs...)
}

// recordBytes is about what a record holds until its batch is written: its
// text, and about 200 bytes per allocation row.
func recordBytes(rec *extract.Record) int { return len(rec.Text) + 200*len(rec.Allocations) }

// Record is what vanban extracts from the parsed document of a queued
// file: the record with the file's id, name, size and text.
func Record(f *ingest.File, doc *model.Document) *extract.Record {
	rec := extract.Extract(doc, nil)
	rec.ID = f.ID
	rec.Source.Name = f.Name
	rec.Source.Size = f.Size
	rec.Text = extract.Text(doc)
	return rec
}

// identity is what the ledger keeps of a record: its number, issuer and
// date (probable duplicates) and a digest of the whole record (a reindex
// that reads the same record again is no change).
func identity(rec *extract.Record) ingest.Identity {
	id := ingest.Identity{Number: rec.Number, Issuer: rec.Issuer, Date: rec.Date.ISO()}
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(rec); err == nil {
		id.Digest = hex.EncodeToString(h.Sum(nil)[:16])
	}
	return id
}
