package doc

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"vanban/ingest/docx"
	"vanban/ingest/sandbox"
)

const corpusDir = "../../../shared/corpus/doc"

// wordFiles lists the corpus files that are Word binary documents (a .doc
// may be RTF inside: those are left to the dispatcher's tests).
func wordFiles(tb testing.TB) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.doc"))
	if len(files) == 0 {
		tb.Skipf("corpus not found at %s (see ../shared/corpus/README.md)", corpusDir)
	}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if IsWord(data) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// words is the bag of words of s: NFC, split at white space and at
// antiword's table separators ("|").
func words(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(norm.NFC.String(s), func(r rune) bool { return r == '|' || unicode.IsSpace(r) }) {
		m[w]++
	}
	return m
}

// agreement is the bag-of-words precision, recall and F1 of got against
// want.
func agreement(got, want string) (p, r, f1 float64) {
	g, w := words(got), words(want)
	var ng, nw, common int
	for k, c := range g {
		ng += c
		common += min(c, w[k])
	}
	for _, c := range w {
		nw += c
	}
	if ng == 0 && nw == 0 {
		return 1, 1, 1
	}
	if ng == 0 || nw == 0 {
		return 0, 0, 0
	}
	p, r = float64(common)/float64(ng), float64(common)/float64(nw)
	if p+r == 0 {
		return p, r, 0
	}
	return p, r, 2 * p * r / (p + r)
}

// antiword is antiword's text of a file ("" when antiword refuses it: "the
// text stream of this file is too small to handle").
func antiword(tb testing.TB, path string) string {
	tb.Helper()
	if _, err := exec.LookPath("antiword"); err != nil {
		tb.Skip("antiword not installed (apt-get install antiword)")
	}
	out, err := exec.Command("antiword", "-m", "UTF-8.txt", "-w", "0", path).Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// catdoc is catdoc's text of a file: the second reference. It prints the
// running headers and footers and field codes with the text, and drops
// U+00AD (which is the letter ư in TCVN3); compare ours with it the same
// way.
func catdoc(tb testing.TB, path string) string {
	tb.Helper()
	if _, err := exec.LookPath("catdoc"); err != nil {
		tb.Skip("catdoc not installed (apt-get install catdoc)")
	}
	out, err := exec.Command("catdoc", "-d", "utf-8", "-w", path).Output()
	if err != nil {
		tb.Fatalf("catdoc %s: %v", path, err)
	}
	return strings.ReplaceAll(string(out), "\u00ad", "")
}

// TestWordAgreementWithAntiword compares the words we read from every Word
// binary document of the corpus with antiword's (before any TCVN3 repair:
// both give the legacy bytes as cp1252 letters).
func TestWordAgreementWithAntiword(t *testing.T) {
	files := wordFiles(t)
	worst := 1.0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Read(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		text := d.Text()
		withHF := strings.ReplaceAll(text+"\n"+strings.Join(d.HeaderFooter, "\n"), "\u00ad", "")
		_, cr, cf1 := agreement(withHF, catdoc(t, f))
		aw := antiword(t, f)
		name := filepath.Base(f)
		if aw == "" {
			// antiword refuses the file: catdoc is the reference.
			t.Logf("%-32s antiword refuses it; catdoc F1 %.4f", name, cf1)
			worst = min(worst, cf1)
			if cf1 < 0.98 {
				t.Errorf("%s: word agreement with catdoc %.4f < 0.98", name, cf1)
			}
			continue
		}
		p, r, f1 := agreement(text, aw)
		t.Logf("%-32s antiword P %.4f R %.4f F1 %.4f; catdoc R %.4f F1 %.4f", name, p, r, f1, cr, cf1)
		switch {
		case f1 >= 0.98:
			worst = min(worst, f1)
		case r >= 0.98 && cr >= 0.98:
			// We read every word antiword reads and every word catdoc
			// reads: each of them leaves out a part of the file that the
			// other reads.
			worst = min(worst, r)
			t.Logf("%s: antiword and catdoc each leave out part of the file; we read all either reads (recall %.4f, %.4f)", name, r, cr)
		default:
			t.Errorf("%s: word agreement with antiword %.4f (recall %.4f), with catdoc %.4f: < 0.98", name, f1, r, cf1)
		}
	}
	t.Logf("worst agreement over %d files: %.4f", len(files), worst)
}

// BenchmarkReadVsAntiword reads every Word binary document of the corpus
// with our reader and with antiword in the same run: doc-ms/MB and
// antiword-ms/MB per MB of .doc, x-antiword-doc ours over antiword's
// (antiword's time includes starting its process). antiword reads no
// .docx: each corpus .docx that has a .doc of the same document beside it
// is read with ingest/docx and timed against antiword on that .doc:
// x-antiword-docx (a .docx is a zip, ~3× smaller than its .doc, so a ratio
// per MB of input would say little).
//
// Our side runs under a parse worker's garbage-collector setting
// (sandbox.WorkerGCPercent). On a shared machine a neighbour's burst lands
// on one side or the other:
// the x-… ratios compare the fastest iteration of each side (the one least
// disturbed; run with -benchtime 10x or more), and the -cpu ratios compare
// CPU time (ours: this process's, garbage collection included; antiword's:
// its process's, start included), which other processes do not inflate.
//
//	go test ./ingest/doc -run XXX -bench ReadVsAntiword -benchtime 20x
func BenchmarkReadVsAntiword(b *testing.B) {
	if _, err := exec.LookPath("antiword"); err != nil {
		b.Skip("antiword not installed: nothing to compare with")
	}
	files := wordFiles(b)
	var datas, xdatas [][]byte
	total, xtotal := 0, 0
	for _, f := range files {
		data, _ := os.ReadFile(f)
		datas = append(datas, data)
		total += len(data)
	}
	xfiles, _ := filepath.Glob(filepath.Join(corpusDir, "*.docx"))
	var pairs []string // the .doc of each .docx read
	for _, f := range xfiles {
		sibling := strings.TrimSuffix(f, ".docx") + ".doc"
		if _, err := os.Stat(sibling); err != nil {
			continue
		}
		data, _ := os.ReadFile(f)
		xdatas = append(xdatas, data)
		xtotal += len(data)
		pairs = append(pairs, sibling)
	}
	_ = antiword(b, files[0])
	// Our readers run in a parse worker: under its garbage collector.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(sandbox.WorkerGCPercent))
	}
	b.SetBytes(int64(total + xtotal))
	b.ResetTimer()
	// ours reads in this process; its CPU time is this process's.
	ours := func(read func() error) phase {
		c0, t0 := selfCPU(), time.Now()
		if err := read(); err != nil {
			b.Fatal(err)
		}
		return phase{time.Since(t0), selfCPU() - c0}
	}
	// theirs runs antiword on each file; its CPU time is the children's.
	theirs := func(files []string) phase {
		var p phase
		t0 := time.Now()
		for _, f := range files {
			var out bytes.Buffer
			cmd := exec.Command("antiword", "-m", "UTF-8.txt", "-w", "0", f)
			cmd.Stdout = &out
			_ = cmd.Run() // antiword refuses the smallest files; their time counts
			if cmd.ProcessState != nil {
				p.cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
		}
		p.wall = time.Since(t0)
		return p
	}
	var doc, dx, aw, awX phases
	for i := 0; i < b.N; i++ {
		doc.add(ours(func() error {
			for _, data := range datas {
				if _, err := Read(data); err != nil {
					return err
				}
			}
			return nil
		}))
		dx.add(ours(func() error {
			for _, data := range xdatas {
				if _, err := docx.Read(data); err != nil {
					return err
				}
			}
			return nil
		}))
		aw.add(theirs(files))
		awX.add(theirs(pairs))
	}
	perMB := func(d time.Duration, n int) float64 {
		return d.Seconds() * 1000 / float64(b.N) / (float64(n) / (1 << 20))
	}
	b.ReportMetric(perMB(doc.sum.wall, total), "doc-ms/MB")
	b.ReportMetric(perMB(aw.sum.wall, total), "antiword-ms/MB")
	b.ReportMetric(doc.min.wall.Seconds()/aw.min.wall.Seconds(), "x-antiword-doc")
	b.ReportMetric(doc.sum.cpu.Seconds()/aw.sum.cpu.Seconds(), "x-antiword-doc-cpu")
	if xtotal > 0 {
		b.ReportMetric(perMB(dx.sum.wall, xtotal), "docx-ms/MB")
		b.ReportMetric(dx.min.wall.Seconds()/awX.min.wall.Seconds(), "x-antiword-docx")
		b.ReportMetric(dx.sum.cpu.Seconds()/awX.sum.cpu.Seconds(), "x-antiword-docx-cpu")
	}
}

// phase is the wall and CPU time of one side of one iteration.
type phase struct{ wall, cpu time.Duration }

// phases sums a side's iterations and keeps its fastest (by wall time).
type phases struct{ sum, min phase }

func (p *phases) add(x phase) {
	p.sum.wall += x.wall
	p.sum.cpu += x.cpu
	if p.min.wall == 0 || x.wall < p.min.wall {
		p.min = x
	}
}

// selfCPU is the user and system time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
