package ingest

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Candidate reports whether a file found inside a folder is one vanban
// reads, by its extension (a file named on the command line is always
// tried; its content decides).
func Candidate(name string) bool {
	if strings.HasPrefix(name, ".") {
		return false // hidden, and editors' and our own temporary files
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf", ".xlsx", ".xls", ".docx", ".doc", ".rtf":
		return true
	}
	return false
}

// Walk calls fn for every file to ingest under roots: a root that is a file
// is taken as is; inside folders, candidate files (Candidate), skipping
// hidden folders. An unreadable folder is passed to fn with its error. Walk
// stops when fn returns an error or ctx is cancelled.
func Walk(ctx context.Context, roots []string, fn func(path string, err error) error) error {
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if err != nil {
				return fn(path, err)
			}
			if d.IsDir() {
				if path != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if path != root && !Candidate(d.Name()) {
				return nil
			}
			return fn(path, nil)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Watcher polls a folder and adds new and changed files to a pool. Polling
// (size and modification time) is portable and needs no extra dependency;
// a file is taken once it looks the same on two polls in a row, so a copy
// still being written is not read half-way.
type Watcher struct {
	Dir      string
	Interval time.Duration // default 2 s
	Pool     *Pool
	Log      *slog.Logger
}

// Run polls until ctx is cancelled; it returns ctx's error, or a fatal
// error of the pool (data directory failing).
func (w *Watcher) Run(ctx context.Context) error {
	if w.Interval <= 0 {
		w.Interval = 2 * time.Second
	}
	log := w.Log
	if log == nil {
		log = slog.Default()
	}
	seen := map[string]PathStat{} // last poll's view of files not yet taken
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	for {
		next := map[string]PathStat{}
		err := Walk(ctx, []string{w.Dir}, func(path string, err error) error {
			if err != nil {
				log.Warn("watch: cannot read", "path", path, "err", err)
				return nil
			}
			fi, err := os.Stat(path)
			if err != nil || !fi.Mode().IsRegular() {
				return nil
			}
			abs, _ := filepath.Abs(path)
			st := PathStat{Size: fi.Size(), MTime: fi.ModTime()}
			if _, known := w.Pool.ledger.Known(abs, st); known {
				return nil
			}
			if prev, ok := seen[abs]; !ok || prev.Size != st.Size || !prev.MTime.Equal(st.MTime) {
				next[abs] = st // new or still changing: look again next poll
				return nil
			}
			e, err := w.Pool.AddPath(ctx, abs, "watch")
			if err != nil {
				return err
			}
			log.Info("watch: file added", "path", abs, "id", e.ID, "status", e.Status)
			return nil
		})
		if err != nil {
			return err
		}
		seen = next
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
