package store

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// A reindex builds the new index in DIR/.reindex while the old one stays in
// place, and publishes it all or nothing: swapIndex writes a journal, sets
// each old part aside (NAME.old), renames the new part into place, then
// drops the journal and the old parts. A crash before the journal leaves
// the old index untouched (the build is dropped on the next Open); a crash
// after it is finished forward on the next Open (recoverSwap).

// reindexBuild is where a reindex builds the new index inside the data
// directory.
const reindexBuild = ".reindex"

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
