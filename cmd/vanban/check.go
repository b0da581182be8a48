package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"vanban/index"
	"vanban/ingest"
)

// runCheck verifies the data directory, and with --repair rebuilds what is
// damaged: the index from the kept originals (as reindex does), the ledger
// from the originals and the names the index holds. Damaged originals are
// set aside in DIR/damaged (their file must be added again).
func runCheck(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("check", "[--data DIR] [--repair]",
		"Verifies the data directory: each index segment's checksum, the index and ledger\n"+
			"structure, and each kept original against its SHA-256. A damaged part is named with\n"+
			"its repair; --repair rebuilds the index from the originals and the ledger from the\n"+
			"originals and the index. Stop 'vanban serve' on DIR first.", stdout)
	data := fs.String("data", defaultData, "data directory")
	repair := fs.Bool("repair", false, "rebuild what is damaged")
	pf := addPoolFlags(fs, index.BatchMemoryLimit, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, err := checkData(*data)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	for _, p := range r.problems() {
		fmt.Fprintln(stdout, "DAMAGED:", p)
	}
	if len(r.problems()) == 0 {
		fmt.Fprintf(stdout, "all well: %d originals, the ledger and the index verified\n", r.originals)
		return nil
	}
	if !*repair {
		fmt.Fprintln(stdout, "run 'vanban check --repair' to rebuild what is damaged")
		return exitError{"damaged data directory"}
	}
	if err := repairData(ctx, *data, r, pf, stdout); err != nil {
		return fmt.Errorf("check --repair: %w", err)
	}
	after, err := checkData(*data)
	if err != nil {
		return fmt.Errorf("check after repair: %w", err)
	}
	for _, p := range after.problems() {
		fmt.Fprintln(stdout, "STILL DAMAGED:", p)
	}
	if len(after.problems()) > 0 {
		return exitError{"the repair did not mend everything"}
	}
	fmt.Fprintf(stdout, "repaired: %d originals, the ledger and the index verified\n", after.originals)
	return nil
}

// checkReport is what check found.
type checkReport struct {
	originals int
	damaged   []string // ids of damaged originals
	origErrs  []error
	ledger    error
	index     []error
}

func (r *checkReport) problems() []error {
	var ps []error
	ps = append(ps, r.origErrs...)
	if r.ledger != nil {
		ps = append(ps, r.ledger)
	}
	return append(ps, r.index...)
}

// checkData verifies the ledger, the index and the originals of dir. An
// error means the check itself could not run (a server holds dir).
func checkData(dir string) (*checkReport, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	r := &checkReport{}
	r.ledger = ingest.CheckLedger(dir)
	if errors.Is(r.ledger, ingest.ErrLedgerBusy) {
		return nil, fmt.Errorf("%w: stop 'vanban serve' first", r.ledger)
	}
	r.index = index.Check(dir)
	for _, err := range r.index {
		if errors.Is(err, index.ErrInUse) {
			return nil, fmt.Errorf("%w: stop 'vanban serve' first", err)
		}
	}
	orig := ingest.NewOriginals(dir)
	err := orig.Each(func(id string) error {
		r.originals++
		if err := orig.Verify(id); err != nil {
			r.damaged = append(r.damaged, id)
			r.origErrs = append(r.origErrs, fmt.Errorf("%w; --repair sets it aside in %s and the file must be added again",
				err, filepath.Join(dir, "damaged")))
		}
		return nil
	})
	return r, err
}

// repairData mends what checkData found: damaged originals set aside, a
// damaged ledger rebuilt, and the index rebuilt from the originals
// whenever any part was damaged (the outcomes go into the ledger).
func repairData(ctx context.Context, dir string, r *checkReport, pf poolFlags, stdout io.Writer) error {
	orig := ingest.NewOriginals(dir)
	for _, id := range r.damaged {
		dst, err := orig.SetAside(id)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "set aside the damaged original %s in %s\n", id, dst)
	}
	if r.ledger != nil {
		if err := rebuildLedger(dir, r.index == nil, stdout); err != nil {
			return err
		}
	}
	if len(r.damaged) > 0 {
		l, err := ingest.OpenLedger(dir)
		if err != nil {
			return err
		}
		for _, id := range r.damaged {
			if e, _ := l.Get(id); e != nil {
				l.Finish(id, ingest.Result{Status: ingest.StatusFailed, Cause: "missing",
					Reason: "the kept original was damaged (set aside in " + filepath.Join(dir, "damaged") + "); add the file again"})
			}
		}
		if err := l.Close(); err != nil {
			return err
		}
	}
	// Every original read again into a new index, swapped in whole; the
	// ledger gets each outcome.
	args := []string{"--data", dir, "--workers", fmt.Sprint(*pf.workers), "--no-ocr=" + fmt.Sprint(*pf.noOCR)}
	return runReindex(ctx, args, stdout)
}

// rebuildLedger sets a damaged ledger aside and starts a new one with an
// entry for every kept original, named as the index knows it when it can
// be read (the reindex that follows records each outcome).
func rebuildLedger(dir string, indexOK bool, stdout io.Writer) error {
	path := filepath.Join(dir, ingest.LedgerFile)
	aside := path + ".damaged-" + time.Now().UTC().Format("20060102T150405")
	if err := os.Rename(path, aside); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "set aside the damaged ledger as %s\n", aside)
	l, err := ingest.OpenLedger(dir)
	if err != nil {
		return err
	}
	defer l.Close()
	var ix *index.Index
	if indexOK {
		if ix, err = index.Open(dir); err != nil {
			ix = nil
		} else {
			defer ix.Close()
		}
	}
	orig := ingest.NewOriginals(dir)
	n := 0
	err = orig.Each(func(id string) error {
		src := ingest.Source{Kind: "repair", Name: id}
		if ix != nil {
			if rec, err := ix.Get(id); err == nil && rec.Source.Name != "" {
				src.Name = rec.Source.Name
			}
		}
		var size int64
		if fi, err := os.Stat(orig.Path(id)); err == nil {
			size = fi.Size()
		}
		n++
		_, _, err := l.Add(id, size, src, nil)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rebuilt the ledger: %d originals\n", n)
	return nil
}
