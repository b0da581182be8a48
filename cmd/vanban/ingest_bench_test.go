package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"testing"
	"time"
)

// corpusDocuments lists the documents of the shared corpus (PDF, workbooks,
// Word; not the malformed files nor the ICDAR set).
func corpusDocuments(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, dir := range []string{"pdf", "xls", "xlsx", "doc"} {
		files, _ := filepath.Glob(filepath.Join("../../../shared/corpus", dir, "*"))
		out = append(out, files...)
	}
	if len(out) == 0 {
		tb.Skip("shared corpus not found at ../shared/corpus: run from a checkout with ../shared beside it")
	}
	sort.Strings(out)
	return out
}

// peakRSS runs f and returns its wall time and the peak resident set of
// this process while it ran: the high-water mark is reset to the current
// resident set first (/proc/self/clear_refs, Linux ≥ 4.0), after returning
// what the previous phase freed to the system. 0 where there is no /proc.
func peakRSS(f func() error) (time.Duration, int64, error) {
	runtime.GC()
	debug.FreeOSMemory()
	reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	start := time.Now()
	err := f()
	took := time.Since(start)
	if reset != nil {
		return took, 0, err
	}
	return took, procStatus()["VmHWM"], err
}

// BenchmarkIngestVsExtract runs `vanban extract --no-ocr` and then `vanban
// ingest --no-ocr` (into a new data directory) of the same corpus documents
// in this process, and reports the time ratio and the peak-RSS ratio of
// ingest over extract (issue 17 targets: ≤ 1.5 and ≤ 2). Parse children are
// counted in neither (both commands parse in the same children).
//
//	go test ./cmd/vanban -run XXX -bench IngestVsExtract -benchtime 1x
func BenchmarkIngestVsExtract(b *testing.B) {
	files := corpusDocuments(b)
	ctx := context.Background()
	var ext, ing time.Duration
	var extRSS, ingRSS int64
	for i := 0; i < b.N; i++ {
		took, rss, err := peakRSS(func() error {
			err := run(ctx, append([]string{"extract", "--no-ocr"}, files...), io.Discard, io.Discard)
			if _, ok := err.(exitError); ok {
				err = nil // a file that cannot be read is a record with an error, as in ingest
			}
			return err
		})
		if err != nil {
			b.Fatalf("extract: %v", err)
		}
		ext += took
		extRSS = max(extRSS, rss)
		data := b.TempDir()
		took, rss, err = peakRSS(func() error {
			return run(ctx, append([]string{"ingest", "--no-ocr", "--data", data}, files...), io.Discard, io.Discard)
		})
		if err != nil {
			b.Fatalf("ingest: %v", err)
		}
		ing += took
		ingRSS = max(ingRSS, rss)
	}
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(ext.Seconds()/float64(b.N), "extract-s/op")
	b.ReportMetric(ing.Seconds()/float64(b.N), "ingest-s/op")
	b.ReportMetric(ing.Seconds()/ext.Seconds(), "x-time")
	if extRSS > 0 {
		b.ReportMetric(float64(extRSS)/(1<<20), "extract-peak-MiB")
		b.ReportMetric(float64(ingRSS)/(1<<20), "ingest-peak-MiB")
		b.ReportMetric(float64(ingRSS)/float64(extRSS), "x-rss")
	}
	b.ReportMetric(0, "ns/op")
}
