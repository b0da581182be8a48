package ocr

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"vanban/ingest/sandbox"
	"vanban/model"
)

// ErrUnavailable says OCR cannot run on this machine, and how to fix it.
var ErrUnavailable = errors.New("OCR needs tesseract-ocr, tesseract-ocr-vie and poppler-utils (apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)")

// DPI is the resolution pages are rendered at for OCR.
const DPI = 300

var (
	availOnce sync.Once
	availErr  error
	tessPath  string
	ppmPath   string
)

// Available reports whether pdftoppm and tesseract with Vietnamese are
// installed; the error wraps ErrUnavailable and names what is missing. The
// answer is computed once per process.
func Available(ctx context.Context) error {
	availOnce.Do(func() {
		var err error
		if ppmPath, err = exec.LookPath("pdftoppm"); err != nil {
			availErr = fmt.Errorf("%w: pdftoppm not found", ErrUnavailable)
			return
		}
		if tessPath, err = exec.LookPath("tesseract"); err != nil {
			availErr = fmt.Errorf("%w: tesseract not found", ErrUnavailable)
			return
		}
		out, err := exec.CommandContext(ctx, tessPath, "--list-langs").CombinedOutput()
		if err != nil {
			availErr = fmt.Errorf("%w: tesseract --list-langs: %v", ErrUnavailable, err)
			return
		}
		for _, l := range strings.Fields(string(out)) {
			if l == "vie" {
				return
			}
		}
		availErr = fmt.Errorf("%w: tesseract has no Vietnamese (vie) data", ErrUnavailable)
	})
	return availErr
}

// Result is the text tesseract found on one page, in PDF points from the
// top left of the rendered page.
type Result struct {
	Lines []model.Line
	// Confidence is the mean word confidence, 0–100.
	Confidence float64
}

// Page renders page number page (1-based) of the PDF file at path with
// pdftoppm and reads it with tesseract -l vie. It takes a few seconds. Both
// programs die with the process that runs Page (a parse child), and the
// rendered page lives under $TMPDIR (the parse's own folder in the data
// directory, see sandbox.Limits.TempDir).
func Page(ctx context.Context, path string, page int) (*Result, error) {
	if err := Available(ctx); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "vanban-ocr-")
	if err != nil {
		return nil, fmt.Errorf("ocr page %d: %w", page, err)
	}
	defer os.RemoveAll(dir)
	prefix := filepath.Join(dir, "page")
	n := strconv.Itoa(page)
	cmd := exec.CommandContext(ctx, ppmPath, "-r", strconv.Itoa(DPI), "-gray", "-png", "-f", n, "-l", n, "-singlefile", path, prefix)
	sandbox.DieWithParent(cmd) // and the parse child is killed with its process group
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("ocr page %d: pdftoppm: %v: %s", page, err, firstLine(out))
	}
	img := prefix + ".png"
	var stdout, stderr bytes.Buffer
	cmd = exec.CommandContext(ctx, tessPath, img, "stdout", "-l", "vie", "tsv")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// One page at a time: tesseract's own threads would fight the workers.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	sandbox.DieWithParent(cmd)
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("ocr page %d: tesseract: %v: %s", page, err, firstLine(stderr.Bytes()))
	}
	return ParseTSV(stdout.Bytes(), DPI), nil
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// ParseTSV turns tesseract's TSV output into lines of words, converting
// pixel boxes at dpi into points. Lines keep tesseract's order (block,
// paragraph, line), which is its reading order.
func ParseTSV(tsv []byte, dpi float64) *Result {
	type key struct{ block, par, line int }
	type lineAcc struct {
		key   key
		words []model.Word
	}
	scale := 72 / dpi
	var order []key
	lines := map[key]*lineAcc{}
	var confSum float64
	var confN int
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 12 || f[0] != "5" {
			continue
		}
		text := strings.TrimSpace(norm.NFC.String(f[11]))
		if text == "" {
			continue
		}
		num := func(i int) int { v, _ := strconv.Atoi(f[i]); return v }
		conf, _ := strconv.ParseFloat(f[10], 64)
		k := key{num(2), num(3), num(4)}
		l, ok := lines[k]
		if !ok {
			l = &lineAcc{key: k}
			lines[k] = l
			order = append(order, k)
		}
		left, top, w, h := float64(num(6)), float64(num(7)), float64(num(8)), float64(num(9))
		l.words = append(l.words, model.Word{
			Text: text,
			X0:   round2(left * scale), Y0: round2(top * scale),
			X1: round2((left + w) * scale), Y1: round2((top + h) * scale),
			Size: round2(h * scale),
		})
		if conf >= 0 {
			confSum += conf
			confN++
		}
	}
	res := &Result{}
	if confN > 0 {
		res.Confidence = math.Round(confSum/float64(confN)*10) / 10
	}
	blocks := map[int]int{}
	for _, k := range order {
		l := lines[k]
		sort.SliceStable(l.words, func(i, j int) bool { return l.words[i].X0 < l.words[j].X0 })
		b, ok := blocks[k.block]
		if !ok {
			b = len(blocks)
			blocks[k.block] = b
		}
		line := model.Line{Words: l.words, Block: b}
		texts := make([]string, len(l.words))
		line.X0, line.Y0 = math.Inf(1), math.Inf(1)
		line.X1, line.Y1 = math.Inf(-1), math.Inf(-1)
		for i, w := range l.words {
			texts[i] = w.Text
			line.X0, line.Y0 = math.Min(line.X0, w.X0), math.Min(line.Y0, w.Y0)
			line.X1, line.Y1 = math.Max(line.X1, w.X1), math.Max(line.Y1, w.Y1)
		}
		line.Text = strings.Join(texts, " ")
		res.Lines = append(res.Lines, line)
	}
	return res
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
