package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// textLayerPDFs lists the shared corpus PDFs that have a text layer.
func textLayerPDFs(tb testing.TB) []string {
	tb.Helper()
	all, _ := filepath.Glob("../../../shared/corpus/pdf/*.pdf")
	var out []string
	for _, p := range all {
		if !strings.Contains(filepath.Base(p), "SCAN") {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		tb.Skip("shared corpus not found at ../shared/corpus: run from a checkout with ../shared beside it")
	}
	return out
}

// BenchmarkExtractVsPdftotext runs the whole `vanban extract --text` path
// (child process per file, extraction, JSON) over every text-layer PDF of the
// corpus, and `pdftotext -raw` over the same files in the same run, and
// reports the ratio of the two (issue target: ≤ 2).
//
//	go test ./cmd/vanban -run XXX -bench ExtractVsPdftotext -benchtime 3x
func BenchmarkExtractVsPdftotext(b *testing.B) {
	files := textLayerPDFs(b)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		b.Skip("pdftotext not found: apt-get install poppler-utils")
	}
	ctx := context.Background()
	var ours, ref time.Duration
	for b.Loop() {
		t0 := time.Now()
		var out bytes.Buffer
		args := append([]string{"extract", "--no-ocr", "--text"}, files...)
		if err := run(ctx, args, &out, &out); err != nil {
			b.Fatalf("extract: %v", err)
		}
		ours += time.Since(t0)
		t0 = time.Now()
		for _, f := range files {
			if err := exec.Command(pdftotext, "-raw", f, os.DevNull).Run(); err != nil {
				b.Fatalf("pdftotext %s: %v", f, err)
			}
		}
		ref += time.Since(t0)
	}
	b.ReportMetric(float64(ours.Milliseconds())/float64(b.N), "vanban-ms/op")
	b.ReportMetric(float64(ref.Milliseconds())/float64(b.N), "pdftotext-ms/op")
	b.ReportMetric(float64(ours)/float64(ref), "ratio")
}
