package ocr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseTSV(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n" +
		"4\t1\t1\t1\t1\t0\t300\t300\t600\t50\t-1\t\n" +
		"5\t1\t1\t1\t1\t1\t300\t300\t150\t50\t96.5\tCÔNG\n" +
		"5\t1\t1\t1\t1\t2\t480\t300\t90\t50\t91.5\tAN\n" +
		"5\t1\t1\t1\t1\t3\t600\t300\t90\t50\t-1\t \n" +
		"5\t1\t1\t1\t2\t1\t300\t400\t150\t50\t60\tSố:\n" +
		"5\t1\t2\t1\t1\t1\t1500\t300\t300\t50\t80\tco\u0323\u0302ng\n" // NFD in, NFC out
	res := ParseTSV([]byte(tsv), 300)
	var got []string
	for _, l := range res.Lines {
		got = append(got, l.Text)
	}
	want := []string{"CÔNG AN", "Số:", "cộng"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines = %q, want %q", got, want)
	}
	if res.Confidence != 82 {
		t.Errorf("confidence = %v, want 82 (mean of word confidences, -1 ignored)", res.Confidence)
	}
	w := res.Lines[0].Words[0]
	if w.X0 != 72 || w.Y0 != 72 || w.X1 != 108 || w.Y1 != 84 {
		t.Errorf("box = %+v, want pixels at 300 dpi in points", w)
	}
	if res.Lines[0].Block == res.Lines[2].Block {
		t.Errorf("tesseract blocks should give different block numbers")
	}
}

// TestPageOCR reads the one-page scan of the corpus with tesseract.
func TestPageOCR(t *testing.T) {
	if err := Available(context.Background()); err != nil {
		t.Skip(err)
	}
	path := filepath.Join("../../../shared/corpus/pdf", "lamdong_CV1413-PC04_ho-tro-kinh-phi_SCAN.pdf")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus file not available: %v", err)
	}
	res, err := Page(context.Background(), path, 1)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range res.Lines {
		b.WriteString(l.Text + "\n")
	}
	text := b.String()
	// The number 1413 is handwritten on this letter: tesseract cannot read
	// it, so the test looks for printed words.
	for _, want := range []string{"/CAT-PC04", "kinh phí", "ma túy", "Kính gửi"} {
		if !strings.Contains(text, want) {
			t.Errorf("OCR text lacks %q:\n%s", want, text)
		}
	}
	if res.Confidence < 60 {
		t.Errorf("confidence %v, want ≥ 60", res.Confidence)
	}
}
