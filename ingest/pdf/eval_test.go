package pdf

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

const corpusDir = "../../../shared/corpus/pdf"

// textLayerPDFs lists the corpus PDFs that have a real text layer.
func textLayerPDFs(tb testing.TB) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.pdf"))
	if len(files) == 0 {
		tb.Skipf("corpus not found at %s (see ../shared/corpus/README.md)", corpusDir)
	}
	var out []string
	for _, f := range files {
		if !strings.Contains(filepath.Base(f), "SCAN") {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

func bagOfWords(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.Fields(norm.NFC.String(s)) {
		m[w]++
	}
	return m
}

// wordF1 is the bag-of-words F1 of got against want.
func wordF1(got, want string) float64 {
	g, w := bagOfWords(got), bagOfWords(want)
	var ng, nw, common int
	for k, c := range g {
		ng += c
		common += min(c, w[k])
	}
	for _, c := range w {
		nw += c
	}
	if ng == 0 && nw == 0 {
		return 1
	}
	if ng == 0 || nw == 0 {
		return 0
	}
	p, r := float64(common)/float64(ng), float64(common)/float64(nw)
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func pdftotext(tb testing.TB, path string) string {
	tb.Helper()
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// TestWordAgreementWithPoppler measures the target: bag-of-words F1
// between our reading-order text and poppler's `pdftotext -raw`, on every
// text-layer PDF of the corpus: mean ≥ 0.98, worst ≥ 0.95.
func TestWordAgreementWithPoppler(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not found (apt-get install poppler-utils)")
	}
	files := textLayerPDFs(t)
	var sum, worst float64 = 0, 1
	worstName := ""
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Read(context.Background(), data, Options{NoOCR: true})
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		f1 := wordF1(doc.Text(), pdftotext(t, f))
		t.Logf("F1 %.4f  %s", f1, filepath.Base(f))
		if os.Getenv("VANBAN_DUMP") != "" {
			os.WriteFile(filepath.Join(os.Getenv("VANBAN_DUMP"), filepath.Base(f)+".txt"), []byte(doc.Text()), 0o644)
		}
		sum += f1
		if f1 < worst {
			worst, worstName = f1, filepath.Base(f)
		}
	}
	mean := sum / float64(len(files))
	t.Logf("mean F1 %.4f, worst %.4f (%s), %d files", mean, worst, worstName, len(files))
	if mean < 0.98 {
		t.Errorf("mean F1 %.4f < 0.98", mean)
	}
	if worst < 0.95 {
		t.Errorf("worst F1 %.4f < 0.95 (%s)", worst, worstName)
	}
}

// BenchmarkReadVsPdftotext reads every text-layer PDF of the corpus with
// Read and with `pdftotext -raw`, side by side, and reports the ratio of
// the two times (target: ≤ 2).
func BenchmarkReadVsPdftotext(b *testing.B) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext not found (apt-get install poppler-utils)")
	}
	files := textLayerPDFs(b)
	var datas [][]byte
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		datas = append(datas, d)
	}
	var ours, theirs time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for _, d := range datas {
			if _, err := Read(context.Background(), d, Options{NoOCR: true}); err != nil {
				b.Fatal(err)
			}
		}
		ours += time.Since(t0)
		t0 = time.Now()
		for _, f := range files {
			var out bytes.Buffer
			cmd := exec.Command("pdftotext", "-raw", f, "-")
			cmd.Stdout = &out
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
		theirs += time.Since(t0)
	}
	b.ReportMetric(float64(ours.Milliseconds())/float64(b.N), "ours-ms/op")
	b.ReportMetric(float64(theirs.Milliseconds())/float64(b.N), "pdftotext-ms/op")
	b.ReportMetric(float64(ours)/float64(theirs), "ratio")
}
