package main

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
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

// measure runs f and returns its wall time, the CPU time it took (user and
// system, of this process and of the parse children it waited for) and the
// peak resident set of this process while it ran: the high-water mark is
// reset to the current resident set first (/proc/self/clear_refs, Linux ≥
// 4.0), after returning what the previous phase freed to the system. The
// garbage collector starts from Go's defaults each time (a command may set
// its own, as ingest does). RSS is 0 where there is no /proc.
func measure(f func() error) (took, cpu time.Duration, rss int64, err error) {
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	runtime.GC()
	debug.FreeOSMemory()
	reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	cpu0 := cpuTime()
	start := time.Now()
	err = f()
	took = time.Since(start)
	// The parse children exit once the command has closed their input:
	// their CPU counts once they are reaped (not in the wall time).
	waitChildren(5 * time.Second)
	cpu = cpuTime() - cpu0
	if reset == nil {
		rss = procStatus()["VmHWM"]
	}
	return took, cpu, rss, err
}

// BenchmarkIngestVsExtract runs `vanban extract --no-ocr` and then `vanban
// ingest --no-ocr` (into a new data directory) of the same corpus documents
// in this process, through run as the command line does, and reports the
// ratios of ingest over extract: wall time (x-time), CPU time of the
// process and its parse children (x-cpu; each side's seconds per run as
// extract-cpu-s/op and ingest-cpu-s/op) and peak RSS of the process
// (x-rss; parse children are not counted: both commands parse in the same
// children). Issue 17's targets: x-time ≤ 1.5 and x-rss ≤ 2.
// $VANBAN_BENCH_INGEST_FLAGS adds flags to the ingest (--batch-size 16,
// --soft-memory 128MiB…) to compare settings.
//
//	go test ./cmd/vanban -run XXX -bench IngestVsExtract -benchtime 3x
func BenchmarkIngestVsExtract(b *testing.B) {
	files := corpusDocuments(b)
	extra := strings.Fields(os.Getenv("VANBAN_BENCH_INGEST_FLAGS"))
	ctx := context.Background()
	var ext, ing, extCPU, ingCPU time.Duration
	// The peaks of the first run: later runs start with what the earlier
	// ones left in this process (pools, caches), which would flatter the
	// ratio.
	var extRSS, ingRSS int64
	for i := 0; i < b.N; i++ {
		took, cpu, rss, err := measure(func() error {
			err := run(ctx, append([]string{"extract", "--no-ocr"}, files...), io.Discard, io.Discard)
			if _, ok := err.(exitError); ok {
				err = nil // a file that cannot be read is a record with an error, as in ingest
			}
			return err
		})
		if err != nil {
			b.Fatalf("extract: %v", err)
		}
		ext, extCPU = ext+took, extCPU+cpu
		if i == 0 {
			extRSS = rss
		}
		data := b.TempDir()
		args := append(append([]string{"ingest", "--no-ocr", "--data", data}, extra...), files...)
		took, cpu, rss, err = measure(func() error { return run(ctx, args, io.Discard, io.Discard) })
		if err != nil {
			b.Fatalf("ingest: %v", err)
		}
		ing, ingCPU = ing+took, ingCPU+cpu
		if i == 0 {
			ingRSS = rss
		}
	}
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(ext.Seconds()/float64(b.N), "extract-s/op")
	b.ReportMetric(ing.Seconds()/float64(b.N), "ingest-s/op")
	b.ReportMetric(ing.Seconds()/ext.Seconds(), "x-time")
	if extCPU > 0 {
		b.ReportMetric(extCPU.Seconds()/float64(b.N), "extract-cpu-s/op")
		b.ReportMetric(ingCPU.Seconds()/float64(b.N), "ingest-cpu-s/op")
		b.ReportMetric(ingCPU.Seconds()/extCPU.Seconds(), "x-cpu")
	}
	if extRSS > 0 {
		b.ReportMetric(float64(extRSS)/(1<<20), "extract-peak-MiB")
		b.ReportMetric(float64(ingRSS)/(1<<20), "ingest-peak-MiB")
		b.ReportMetric(float64(ingRSS)/float64(extRSS), "x-rss")
	}
	b.ReportMetric(0, "ns/op")
}
