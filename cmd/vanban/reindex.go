package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"vanban/cluster"
	"vanban/index"
	"vanban/ingest"
	"vanban/store"
)

// runReindex rebuilds the whole index from the originals kept in the data
// directory (store.Reindex: built beside the old one, compacted, swapped in
// whole). When `vanban serve` holds the data directory, it asks that server
// (SIGHUP) to do the same while it keeps serving the old index.
func runReindex(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("reindex", "[--data DIR]",
		"Rebuilds the index from the original files kept in DIR/originals and swaps it in\n"+
			"when complete. If 'vanban serve' runs on DIR, asks it to do so while serving.", stdout)
	data := fs.String("data", defaultData, "data directory")
	pf := addPoolFlags(fs, index.BatchMemoryLimit, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	pf.applyMemory()
	if cluster.IsHubDir(*data) {
		return fmt.Errorf("reindex: %s: %w", *data, cluster.ErrHubReindex)
	}
	d, err := store.OpenForRebuild(*data)
	if errors.Is(err, ingest.ErrLedgerBusy) {
		// A server holds the data directory: ask it to reindex live.
		pid, serr := store.SignalReindex(*data)
		if serr != nil {
			return fmt.Errorf("reindex: %w (%w)", err, serr)
		}
		fmt.Fprintf(stdout, "asked the running server (pid %d) to reindex; it keeps serving the old index until the new one is complete (see its log)\n", pid)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	defer d.Close()
	res, err := d.Reindex(ctx, pf.config(*data), reindexProgress())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, reindexSummary(res))
	return nil
}

// reindexProgress logs how far a reindex is, every 10 s and at the end of
// a round, rather than a line per document.
func reindexProgress() func(done, total int) {
	var mu sync.Mutex
	last := time.Now()
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if done == total || time.Since(last) >= 10*time.Second {
			last = time.Now()
			slog.Info("reindexing", "done", done, "total", total)
		}
	}
}

// reindexSummary is the line a reindex ends with.
func reindexSummary(r *store.Reindexed) string {
	return fmt.Sprintf("reindexed %d originals in %s: %d indexed, %d failed, %d need OCR; %d documents changed in the index",
		r.Originals, r.Took.Round(100*time.Millisecond), r.ByStatus[ingest.StatusIndexed], r.ByStatus[ingest.StatusFailed],
		r.ByStatus[ingest.StatusNeedsOCR], r.Changed)
}
