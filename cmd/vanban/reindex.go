package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"vanban/index"
	"vanban/ingest"
)

// runReindex rebuilds the whole index from the originals kept in the data
// directory (after a mapping or extraction change) and publishes it all or
// nothing: the new index is built in DIR/.reindex while the old one stays in
// place; only when every original has been read again is the old index set
// aside (*.bleve.old), the new one renamed into place and the old one
// removed. A crash before the swap leaves the old index untouched; a crash
// during the swap is finished on the next start (recoverSwap). The ledger's
// lock keeps an ingest out meanwhile. When `vanban serve` holds the data
// directory, reindex asks it (SIGHUP, pid from DIR/serve.pid) to do the same
// live: it keeps serving the old index until the new one is complete.
// reindexBuild is where a reindex builds the new index inside the data
// directory.
const reindexBuild = ".reindex"

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
	l, err := ingest.OpenLedger(*data)
	if errors.Is(err, ingest.ErrLedgerBusy) {
		// A server holds the data directory: ask it to reindex live.
		pid, perr := readPID(*data)
		if perr != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		proc, perr := os.FindProcess(pid)
		if perr == nil {
			perr = proc.Signal(syscall.SIGHUP)
		}
		if perr != nil {
			return fmt.Errorf("reindex: %w (and the server pid %d could not be signalled: %v)", err, pid, perr)
		}
		fmt.Fprintf(stdout, "asked the running server (pid %d) to reindex; it keeps serving the old index until the new one is complete (see its log)\n", pid)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	defer l.Close()
	if err := recoverSwap(*data); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if err := sweepTemp(*data); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	orig := ingest.NewOriginals(*data)
	var ids []string
	if err := orig.Each(func(id string) error { ids = append(ids, id); return nil }); err != nil {
		return fmt.Errorf("reindex: list originals: %w", err)
	}
	build := filepath.Join(*data, reindexBuild)
	if err := os.RemoveAll(build); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	nix, err := index.Open(build)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	pool := ingest.NewPool(l, orig, indexSink{nix}, pf.config(*data))
	done := 0
	results, err := pool.Rebuild(ctx, indexSink{nix}, ids, func(rb ingest.Rebuilt) {
		done++
		slog.Info("reindexed", "id", rb.Key, "status", rb.Result.Status, "reason", rb.Result.Reason, "done", done, "total", len(ids))
	})
	if err == nil {
		err = compact(ctx, nix, len(ids))
	}
	if cerr := nix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(build)
		return fmt.Errorf("reindex: nothing changed, the old index is still in place: %w", err)
	}
	if err := swapIndex(*data, build); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
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

// swapJournal marks a swap in progress: written once the new index is
// complete, removed when every part is in place. While it exists, the swap
// is finished forward (recoverSwap), so a crash never leaves half an index.
const swapJournal = "reindex.swap"

// swapIndex puts the index built in build (every part index.Open made
// there: index.bleve, allocations.bleve…) in place of the one in dir. The
// index must be closed on both sides.
func swapIndex(dir, build string) error {
	j := filepath.Join(dir, swapJournal)
	if err := os.WriteFile(j, []byte(build+"\n"), 0o644); err != nil {
		return err
	}
	syncPath(j)
	syncPath(dir)
	return finishSwap(dir, build)
}

// finishSwap moves each part of build into dir (the current one set aside
// as NAME.old), then drops the journal and the old parts. Every step can be
// repeated, so an interrupted swap is finished by running it again.
func finishSwap(dir, build string) error {
	parts, err := os.ReadDir(build)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for _, p := range parts {
		cur := filepath.Join(dir, p.Name())
		old := cur + ".old"
		if _, err := os.Stat(cur); err == nil {
			if err := os.RemoveAll(old); err != nil {
				return err
			}
			if err := os.Rename(cur, old); err != nil {
				return err
			}
		}
		if err := os.Rename(filepath.Join(build, p.Name()), cur); err != nil {
			return err
		}
	}
	syncPath(dir)
	if err := os.Remove(filepath.Join(dir, swapJournal)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	syncPath(dir)
	removeLeftovers(dir, build)
	return nil
}

func removeLeftovers(dir, build string) {
	os.RemoveAll(build)
	olds, _ := filepath.Glob(filepath.Join(dir, "*.bleve.old"))
	for _, o := range olds {
		os.RemoveAll(o)
	}
}

func syncPath(path string) {
	if f, err := os.Open(path); err == nil {
		f.Sync()
		f.Close()
	}
}

// recoverSwap finishes a swap that a crash interrupted (the journal is
// there), or else clears what an interrupted build left behind.
func recoverSwap(dir string) error {
	build := filepath.Join(dir, reindexBuild)
	if b, err := os.ReadFile(filepath.Join(dir, swapJournal)); err == nil {
		if p := strings.TrimSpace(string(b)); p != "" {
			build = p
		}
		slog.Warn("finishing an interrupted reindex swap", "dir", dir)
		return finishSwap(dir, build)
	}
	if _, err := os.Stat(build); err == nil {
		removeLeftovers(dir, build)
	}
	return nil
}
