package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vanban/internal/natstest"
)

// benchSets writes the text set (every document of the shared corpus that
// is not a scan) and the scan set (a one-page scan and three variants of
// it with a comment appended: four distinct files) into two folders.
func benchSets(b *testing.B) (text string, nText int, scans string, nScans int) {
	text, scans = b.TempDir(), b.TempDir()
	for _, f := range corpusDocuments(b) {
		if strings.Contains(f, "_SCAN") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		os.WriteFile(filepath.Join(text, filepath.Base(f)), data, 0o644)
		nText++
	}
	scan, err := os.ReadFile("../../../shared/corpus/pdf/lamdong_CV1413-PC04_ho-tro-kinh-phi_SCAN.pdf")
	if err != nil {
		b.Skip("the shared corpus scan is missing")
	}
	for i := range 4 {
		v := append(append([]byte{}, scan...), fmt.Sprintf("\n%% variant %d\n%%%%EOF\n", i)...)
		os.WriteFile(filepath.Join(scans, fmt.Sprintf("scan-%d.pdf", i)), v, 0o644)
		nScans++
	}
	return
}

// timed runs the vanban binary with args and returns its wall time.
func timed(b *testing.B, bin string, args ...string) time.Duration {
	b.Helper()
	start := time.Now()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		b.Fatalf("vanban %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return time.Since(start)
}

// BenchmarkClusterWorkers measures files/s of the text documents of the
// shared corpus and OCR pages/s of four one-page scans through a hub and
// 1, 2 and 4 worker processes (one file at a time each) on a real
// nats-server on this machine, from `vanban ingest --nats --wait` to the
// last outcome. The reference is the plain single-machine `vanban ingest
// --workers 1` of the same files in the same script: x-ref-N is the
// cluster's rate with N workers over it. Needs nats-server, the shared
// corpus, and tesseract for the OCR figures.
//
//	go test ./cmd/vanban -run XXX -bench ClusterWorkers -benchtime 1x -timeout 60m
func BenchmarkClusterWorkers(b *testing.B) {
	text, nText, scans, nScans := benchSets(b)
	_, errT := exec.LookPath("tesseract")
	ocr := errT == nil
	bin := buildVanban(b)
	for i := 0; i < b.N; i++ {
		refText := timed(b, bin, "ingest", "--no-ocr", "--workers", "1", "--data", b.TempDir(), text)
		b.ReportMetric(float64(nText)/refText.Seconds(), "files/s-ref")
		var refOCR time.Duration
		if ocr {
			refOCR = timed(b, bin, "ingest", "--workers", "1", "--data", b.TempDir(), scans)
			b.ReportMetric(float64(nScans)/refOCR.Seconds(), "ocr-pages/s-ref")
		}
		for _, n := range []int{1, 2, 4} {
			srv := natstest.Start(b)
			hub := exec.Command(bin, "serve", "--nats", srv.URL, "--data", b.TempDir(), "--addr", "127.0.0.1:0")
			if err := hub.Start(); err != nil {
				b.Fatal(err)
			}
			var workers []*exec.Cmd
			for range n {
				w := exec.Command(bin, "worker", "--nats", srv.URL, "--workers", "1")
				if err := w.Start(); err != nil {
					b.Fatal(err)
				}
				workers = append(workers, w)
			}
			took := timed(b, bin, "ingest", "--nats", srv.URL, "--wait", text)
			b.ReportMetric(float64(nText)/took.Seconds(), fmt.Sprintf("files/s-%dw", n))
			b.ReportMetric(refText.Seconds()/took.Seconds(), fmt.Sprintf("x-ref-%dw", n))
			if ocr {
				took := timed(b, bin, "ingest", "--nats", srv.URL, "--wait", scans)
				b.ReportMetric(float64(nScans)/took.Seconds(), fmt.Sprintf("ocr-pages/s-%dw", n))
				b.ReportMetric(refOCR.Seconds()/took.Seconds(), fmt.Sprintf("x-ref-ocr-%dw", n))
			}
			for _, p := range append(workers, hub) {
				p.Process.Signal(syscall.SIGTERM)
				p.Wait()
			}
			srv.Stop()
		}
	}
}
