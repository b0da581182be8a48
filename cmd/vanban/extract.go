package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"vanban/extract"
	"vanban/ingest/format"
	"vanban/ingest/sandbox"
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
	files := fs.Args()
	// Files are read in parallel (each in its own child process) and printed
	// in the order given. The feeder goroutine ends when every file has been
	// started or ctx is done; each reader goroutine ends after one send on
	// its own buffered channel, so none can block.
	results := make([]chan *extract.Record, len(files))
	for i := range results {
		results[i] = make(chan *extract.Record, 1)
	}
	sem := make(chan struct{}, max(1, runtime.NumCPU()))
	sb := sandbox.New()
	defer sb.Close()
	go func() {
		for i, path := range files {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				for j := i; j < len(files); j++ {
					results[j] <- &extract.Record{Source: extract.Source{Name: filepath.Base(files[j])}, Error: ctx.Err().Error()}
				}
				return
			}
			go func() {
				defer func() { <-sem }()
				results[i] <- extractFile(ctx, sb, path, format.ParseOptions{NoOCR: *noOCR}, *withText)
			}()
		}
	}()
	failed := 0
	for _, c := range results {
		rec := <-c
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
func extractFile(ctx context.Context, sb *sandbox.Sandbox, path string, opt format.ParseOptions, withText bool) *extract.Record {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return &extract.Record{Source: extract.Source{Name: name}, Error: err.Error()}
	}
	kind, _ := format.Sniff(data)
	doc, err := sb.Parse(ctx, path, name, opt, sandbox.Limits{})
	if err != nil {
		return &extract.Record{ID: extract.ContentID(data),
			Source: extract.Source{Name: name, Format: string(kind), Size: int64(len(data))},
			Error:  err.Error()}
	}
	rec := extract.Extract(doc, data)
	if withText {
		rec.Text = extract.Text(doc)
	}
	return rec
}
