package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"vanban/index"
	"vanban/ingest"
)

// runReindex rebuilds the whole index from the originals kept in the data
// directory (after a mapping or extraction change) and publishes it all or
// nothing: the new index is built in DIR/.reindex while the old one stays in
// place; only when every original has been read again is the old index set
// aside (index.bleve.old), the new one renamed into place and the old one
// removed. A crash before the swap leaves the old index untouched; a crash
// during the swap is repaired on the next start (recoverSwap). The ledger's
// lock keeps a running server or ingest out meanwhile: stop `vanban serve`
// first, then start it again to serve the new index.
func runReindex(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("reindex", "[--data DIR]",
		"Rebuilds the index from the original files kept in DIR/originals and swaps it in\n"+
			"when complete. Stop 'vanban serve' on DIR first.", stdout)
	data := fs.String("data", defaultData, "data directory")
	pf := addPoolFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	l, err := ingest.OpenLedger(*data)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	defer l.Close()
	if err := recoverSwap(*data); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	orig := ingest.NewOriginals(*data)
	var ids []string
	if err := orig.Each(func(id string) error { ids = append(ids, id); return nil }); err != nil {
		return fmt.Errorf("reindex: list originals: %w", err)
	}
	build := filepath.Join(*data, ".reindex")
	if err := os.RemoveAll(build); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	nix, err := index.Open(build)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	pool := ingest.NewPool(l, orig, indexSink{nix}, pf.config())
	done := 0
	results, err := pool.Rebuild(ctx, indexSink{nix}, ids, func(rb ingest.Rebuilt) {
		done++
		slog.Info("reindexed", "id", rb.Key, "status", rb.Result.Status, "reason", rb.Result.Reason, "done", done, "total", len(ids))
	})
	if cerr := nix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(build)
		return fmt.Errorf("reindex: nothing changed, the old index is still in place: %w", err)
	}
	if err := swapIndex(*data, filepath.Join(build, indexDir)); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	os.RemoveAll(build)
	if err := l.Record(results); err != nil {
		return fmt.Errorf("reindex: the new index is in place but the ledger was not updated: %w", err)
	}
	n := map[ingest.Status]int{}
	for _, r := range results {
		n[r.Result.Status]++
	}
	fmt.Fprintf(stdout, "reindexed %d originals: %d indexed, %d failed, %d need OCR\n",
		len(results), n[ingest.StatusIndexed], n[ingest.StatusFailed], n[ingest.StatusNeedsOCR])
	return nil
}

// swapIndex puts the index built at newPath in place of DIR/index.bleve.
func swapIndex(dir, newPath string) error {
	cur := filepath.Join(dir, indexDir)
	old := cur + ".old"
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(cur, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(newPath, cur); err != nil {
		// Put the old one back.
		os.Rename(old, cur)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return os.RemoveAll(old)
}
