package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vanban/index"
	"vanban/ingest"
)

// buildVanban builds the real program into a temporary folder.
func buildVanban(t testing.TB) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH; cannot build vanban for this test")
	}
	bin := filepath.Join(t.TempDir(), "vanban")
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashCorpus writes a folder of distinct files: the fixtures, real corpus
// PDFs when present, and copies of them with a comment and a second %%EOF
// appended (still readable PDFs, each with distinct bytes).
// It returns the folder and the number of distinct contents.
func crashCorpus(t *testing.T) (string, int) {
	t.Helper()
	dir := t.TempDir()
	var bases []string
	for _, f := range []string{"cv-95-UBND-KT-lam-dong.pdf", "qd-4768-QD-BCT-khuyen-cong-2024.pdf", "phu-luc-kinh-phi-khuyen-cong-2024.xlsx"} {
		bases = append(bases, filepath.Join(fixtures, f))
	}
	for _, f := range []string{"binhthuan_779-QD-UBND_dieu-le-quy-khuyen-hoc.pdf", "lamdong_181-BC-SNV_2025-11-05_mo-hinh-CCHC-QD787.pdf"} {
		p := filepath.Join("../../../shared/corpus/pdf", f)
		if _, err := os.Stat(p); err == nil {
			bases = append(bases, p)
		}
	}
	distinct := map[[32]byte]bool{}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		distinct[sha256.Sum256(data)] = true
	}
	for _, b := range bases {
		data, err := os.ReadFile(b)
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Base(b), data)
		if !strings.HasSuffix(b, ".pdf") {
			continue
		}
		for i := range 10 {
			v := append(bytes.Clone(data), fmt.Sprintf("\n%% variant %d\n%%%%EOF\n", i)...)
			write(fmt.Sprintf("v%02d-%s", i, filepath.Base(b)), v)
		}
	}
	// The same bytes under another name: one document with two paths.
	data, _ := os.ReadFile(bases[0])
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "sub", "copy-of-cv95.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, len(distinct)
}

// TestIngestSurvivesSIGKILL starts the real `vanban ingest`, kills it with
// SIGKILL while it works, starts it again, and checks that every file is
// indexed exactly once and the index opens cleanly.
func TestIngestSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := buildVanban(t)
	src, distinct := crashCorpus(t)
	data := filepath.Join(t.TempDir(), "data")
	args := []string{"ingest", "--no-ocr", "--workers", "2", "--data", data, src}

	// First run: killed after a few files are indexed.
	cmd := exec.Command(bin, args...)
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	indexed := 0
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "msg=indexed") {
			indexed++
		}
		if indexed == 4 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, stderr)
	cmd.Wait()
	if indexed < 4 {
		t.Fatalf("first run ended after %d files, before it could be killed", indexed)
	}
	// The parse children die with it (parent-death signal on Linux).
	time.Sleep(300 * time.Millisecond)
	if n := countProcesses(bin); n > 0 {
		t.Errorf("%d parse children outlived the killed ingest", n)
	}

	// Second run: resumes and finishes.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), fmt.Sprintf("%d indexed", distinct)) {
		t.Errorf("second run summary does not say %d indexed:\n%s", distinct, lastLines(string(out), 3))
	}

	l, err := ingest.OpenLedger(data)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := l.Summarize(10)
	if err != nil {
		t.Fatal(err)
	}
	maxAttempts := 0
	l.Each(func(e *ingest.Entry) bool { maxAttempts = max(maxAttempts, e.Attempts); return true })
	l.Close()
	if sum.Files != distinct || sum.ByStatus[ingest.StatusIndexed] != distinct {
		t.Errorf("ledger: %d files, by status %v; want %d all indexed (failures: %v)", sum.Files, sum.ByStatus, distinct, sum.Failures)
	}
	if sum.Sources != distinct+1 {
		t.Errorf("ledger sources = %d, want %d (the copy adds a path, not a document)", sum.Sources, distinct+1)
	}
	if maxAttempts > 2 {
		t.Errorf("a file took %d attempts", maxAttempts)
	}
	ix, err := index.Open(data)
	if err != nil {
		t.Fatalf("index does not open after the crash: %v", err)
	}
	defer ix.Close()
	n, err := ix.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if int(n) != distinct {
		t.Errorf("index holds %d documents, want %d", n, distinct)
	}
	res, err := ix.Search(context.Background(), index.Query{Q: "95/UBND-KT"})
	if err != nil || len(res.Hits) == 0 {
		t.Errorf("search after the crash: %v, %d hits", err, len(res.Hits))
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// countProcesses counts running processes of the executable at path (0
// where /proc is missing).
func countProcesses(path string) int {
	n := 0
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		exe, err := os.Readlink(filepath.Join(d, "exe"))
		if err == nil && exe == path {
			stat, _ := os.ReadFile(filepath.Join(d, "stat"))
			if !bytes.Contains(stat, []byte(") Z ")) { // not a zombie
				n++
			}
		}
	}
	return n
}
