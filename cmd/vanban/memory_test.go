package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"vanban/index"
)

// TestIngestMemoryBounded repeats the case that spiked to ~950 MiB (issue
// 18): `vanban ingest --no-ocr --workers 1` of the 2007 and 2011 budget
// workbooks, 8 times from empty. Every run must stay within twice ingest's
// soft memory limit (VmHWM of the vanban process, as --stats prints it).
func TestIngestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("8 ingests of two workbooks (about 40 s); skipped with -short")
	}
	dir := filepath.Join(sharedCorpus, "xls")
	files := []string{filepath.Join(dir, "btc_du-toan-NSNN-2007_QD-3855-QD-BTC.xls"), filepath.Join(dir, "btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls")}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("%s is absent (see ../shared/corpus/README.md); skipping", f)
		}
	}
	bin := buildVanban(t)
	peakRE := regexp.MustCompile(`peak RSS ([0-9.]+) MiB`)
	limit := float64(2 * index.BatchMemoryLimit >> 20)
	var peaks []float64
	for i := range 8 {
		data := filepath.Join(t.TempDir(), "data")
		cmd := exec.Command(bin, append([]string{"ingest", "--no-ocr", "--workers", "1", "--stats", "--data", data}, files...)...)
		cmd.Env = append(os.Environ(), "GOMEMLIMIT=", "GOGC=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("run %d: %v\n%s", i+1, err, out)
		}
		m := peakRE.FindSubmatch(out)
		if m == nil {
			t.Fatalf("run %d: no peak in\n%s", i+1, out)
		}
		peak, _ := strconv.ParseFloat(string(m[1]), 64)
		peaks = append(peaks, peak)
		if peak > limit {
			t.Errorf("run %d: peak RSS %.0f MiB, over twice the %d MiB soft limit", i+1, peak, index.BatchMemoryLimit>>20)
		}
	}
	t.Logf("peak RSS of 8 runs (MiB): %v; the limit is %.0f", peaks, limit)
}
