package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path/filepath"
	"strings"

	"vanban/index"
	"vanban/ingest"
)

const defaultData = "vanban-data"

func runIngest(ctx context.Context, args []string, stdout io.Writer) error {
	fset := newFlagSet("ingest", "[--data DIR] PATH...",
		"Adds files, and every PDF/XLSX/XLS file under folders, to the index in DIR.", stdout)
	data := fset.String("data", defaultData, "data directory holding the index")
	noOCR := fset.Bool("no-ocr", false, "do not OCR pages that have no text layer")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		fset.Usage()
		return fmt.Errorf("ingest: no path given")
	}
	ix, err := index.Open(*data)
	if err != nil {
		return err
	}
	defer ix.Close()
	sum, err := ingestPaths(ctx, ix, fset.Args(), ingest.ParseOptions{NoOCR: *noOCR})
	fmt.Fprintln(stdout, sum)
	return err
}

type ingestSummary struct {
	files, indexed, failed, pages int
	failures                      []string
}

func (s ingestSummary) String() string {
	out := fmt.Sprintf("ingested %d files: %d indexed (%d pages/sheets), %d failed", s.files, s.indexed, s.pages, s.failed)
	for _, f := range s.failures {
		out += "\n  failed: " + f
	}
	return out
}

func ingestPaths(ctx context.Context, ix *index.Index, paths []string, opt ingest.ParseOptions) (ingestSummary, error) {
	var sum ingestSummary
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				sum.files++
				sum.failed++
				sum.failures = append(sum.failures, fmt.Sprintf("%s: %v", path, err))
				return nil
			}
			if d.IsDir() {
				if path != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".pdf", ".xlsx", ".xls":
			default:
				if path != root {
					return nil
				}
			}
			sum.files++
			rec := extractFile(ctx, path, opt, true)
			if rec.Error != "" {
				sum.failed++
				sum.failures = append(sum.failures, fmt.Sprintf("%s: %s", path, rec.Error))
				slog.Warn("file not indexed", "path", path, "reason", rec.Error)
				return ctx.Err()
			}
			if err := ix.Add(ctx, rec); err != nil {
				return fmt.Errorf("index %s: %w", path, err)
			}
			sum.indexed++
			sum.pages += rec.Source.Pages
			return ctx.Err()
		})
		if err != nil {
			return sum, err
		}
	}
	return sum, nil
}
