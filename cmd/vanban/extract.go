package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"vanban/extract"
	"vanban/ingest"
)

func runExtract(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("extract", "[--text] FILE...",
		"Reads each file and prints one JSON object per file (JSON Lines when there are several).\n"+
			"A file that cannot be read still gets a record with an \"error\", and the exit status is 1.", stdout)
	withText := fs.Bool("text", false, "include the reading-order text (pages separated by form feeds)")
	noOCR := fs.Bool("no-ocr", false, "do not OCR pages that have no text layer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("extract: no file given")
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, path := range fs.Args() {
		rec := extractFile(ctx, path, ingest.ParseOptions{NoOCR: *noOCR}, *withText)
		if rec.Error != "" {
			failed++
		}
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	if failed > 0 {
		return exitError{fmt.Sprintf("%d of %d files could not be read", failed, fs.NArg())}
	}
	return nil
}

// extractFile reads, parses (in a child process) and extracts one file. It
// always returns a record; a failure is in rec.Error.
func extractFile(ctx context.Context, path string, opt ingest.ParseOptions, withText bool) *extract.Record {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return &extract.Record{Source: extract.Source{Name: name}, Error: err.Error()}
	}
	format, _ := ingest.Sniff(data)
	doc, err := ingest.Isolated(ctx, path, name, opt, ingest.Limits{})
	if err != nil {
		return &extract.Record{ID: extract.ContentID(data),
			Source: extract.Source{Name: name, Format: string(format), Size: int64(len(data))},
			Error:  err.Error()}
	}
	rec := extract.Extract(doc, data)
	if withText {
		rec.Text = doc.Text()
	}
	return rec
}
