package xlsx

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"vanban/ingest/format"
	"vanban/model"
)

const corpus = "../../../shared/corpus"

func needCorpus(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join(corpus, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder %s is absent (see ../shared/corpus/README.md); skipping", dir)
	}
	return dir
}

// build writes a small workbook with excelize for tests.
func build(t testing.TB, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadCells(t *testing.T) {
	data := build(t, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "Tỉnh")
		f.SetCellValue("Sheet1", "B1", 2994047)
		f.SetCellValue("Sheet1", "C1", 181946.9)
		f.SetCellFormula("Sheet1", "D1", "B1+1") // no cached value
		f.MergeCell("Sheet1", "A2", "C3")
		f.SetCellValue("Sheet1", "A2", "gộp")
		bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: ".VnTime"}})
		f.SetCellStyle("Sheet1", "A1", "A1", bold)
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellValue("Sheet1", "A4", 38450)
		f.SetCellStyle("Sheet1", "A4", "A4", date)
		score, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("0.00")})
		f.SetCellValue("Sheet1", "B4", 9.2832250595092773)
		f.SetCellStyle("Sheet1", "B4", "B4", score)
		share, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
		f.SetCellValue("Sheet1", "C4", 0.18709677457809448)
		f.SetCellStyle("Sheet1", "C4", "C4", share)
		grouped, _ := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
		f.SetCellValue("Sheet1", "D4", 2994047)
		f.SetCellStyle("Sheet1", "D4", "D4", grouped)
		f.SetRowVisible("Sheet1", 5, false)
		f.SetCellValue("Sheet1", "A5", "ẩn")
		f.NewSheet("Ẩn")
		f.SetSheetVisible("Ẩn", false)
	})
	doc, err := Read(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sh := doc.Sheets[0]
	tests := []struct {
		name string
		r, c int
		want model.Cell
	}{
		{"string with font and bold", 0, 0, model.Cell{Kind: model.CellString, Text: "Tỉnh", Font: ".VnTime", Bold: true}},
		{"integer exact", 0, 1, model.Cell{Kind: model.CellNumber, Text: "2994047", Font: "Calibri"}},
		{"decimal exact", 0, 2, model.Cell{Kind: model.CellNumber, Text: "181946.9", Font: "Calibri"}},
		{"formula computed", 0, 3, model.Cell{Kind: model.CellNumber, Text: "2994048", Font: "Calibri", Formula: true}},
		{"merged value top-left", 1, 0, model.Cell{Kind: model.CellString, Text: "gộp", Font: "Calibri"}},
		{"date as ISO", 3, 0, model.Cell{Kind: model.CellDate, Text: "2005-04-08", Font: "Calibri"}},
		{"decimals as the format shows them", 3, 1, model.Cell{Kind: model.CellNumber, Text: "9.28322505950928", Shown: "9,28", Font: "Calibri"}},
		{"a percent format shows a percent", 3, 2, model.Cell{Kind: model.CellNumber, Text: "0.187096774578094", Shown: "18,71%", Font: "Calibri"}},
		{"thousands grouped as Excel shows them in Vietnamese", 3, 3, model.Cell{Kind: model.CellNumber, Text: "2994047", Shown: "2.994.047", Font: "Calibri"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.r >= len(sh.Rows) || tt.c >= len(sh.Rows[tt.r]) {
				t.Fatalf("no cell (%d,%d)", tt.r, tt.c)
			}
			if got := sh.Rows[tt.r][tt.c]; got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	// Search reads the sheet as it shows: the score as 9,28, not its
	// binary noise; the amount in groups, as a PDF prints it.
	if text := doc.Text(); !strings.Contains(text, "2005-04-08\t9,28\t18,71%\t2.994.047\n") || strings.Contains(text, "9.2832") {
		t.Errorf("reading text does not show the numbers as formatted:\n%s", text)
	}
	if len(sh.Merges) != 1 || sh.Merges[0] != (model.Merge{Row0: 1, Col0: 0, Row1: 2, Col1: 2}) {
		t.Errorf("merges = %+v", sh.Merges)
	}
	if len(sh.HiddenRows) != 1 || sh.HiddenRows[0] != 4 {
		t.Errorf("hidden rows = %v", sh.HiddenRows)
	}
	if len(doc.Sheets) != 2 || !doc.Sheets[1].Hidden || doc.Sheets[1].Name != "Ẩn" {
		t.Errorf("hidden sheet not noted: %+v", doc.Sheets[1:])
	}
}

func TestNumberText(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"2994047", "2994047"}, {"181946.9", "181946.9"}, {"65658017.599999994", "65658017.6"},
		{"1.5E-3", "0.0015"}, {"1E+15", "1000000000000000"}, {"-0", "0"}, {"0.1", "0.1"},
	}
	for _, tt := range tests {
		v, _ := strconv.ParseFloat(tt.raw, 64)
		if got := NumberText(tt.raw, v); got != tt.want {
			t.Errorf("NumberText(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestEncrypted(t *testing.T) {
	dir := needCorpus(t, "malformed/xlsx")
	for _, name := range []string{"excelize_encryptAES.xlsx", "excelize_encryptSHA1.xlsx"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Read(context.Background(), data, Options{}); !errors.Is(err, format.ErrEncrypted) {
				t.Errorf("no password: err = %v, want ErrEncrypted", err)
			}
			if _, err := Read(context.Background(), data, Options{Password: "wrong"}); !errors.Is(err, format.ErrEncrypted) {
				t.Errorf("wrong password: err = %v, want ErrEncrypted", err)
			}
			doc, err := Read(context.Background(), data, Options{Password: "password"})
			if err != nil {
				t.Fatalf("with password: %v", err)
			}
			if got := doc.Sheets[0].Rows[0][0].Text; got != "SECRET" {
				t.Errorf("A1 = %q, want SECRET", got)
			}
		})
	}
}

// TestCorpus reads every workbook and every malformed one without a panic.
func TestCorpus(t *testing.T) {
	for _, sub := range []string{"xlsx", "malformed/xlsx"} {
		dir := needCorpus(t, sub)
		files, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
		for _, p := range files {
			t.Run(sub+"/"+filepath.Base(p), func(t *testing.T) {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				doc, err := Read(context.Background(), data, Options{})
				if sub == "xlsx" && err != nil {
					t.Fatalf("Read: %v", err)
				}
				if err != nil {
					t.Logf("refused: %v", err)
					return
				}
				if doc == nil {
					t.Fatal("nil document without error")
				}
			})
		}
	}
}

func TestCorpusKnownCells(t *testing.T) {
	dir := needCorpus(t, "xlsx")
	data, err := os.ReadFile(filepath.Join(dir, "lamdong_tong-hop-gop-y_666.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sh := doc.Sheets[0]
	if got := sh.Rows[4][2].Text; got != "Đơn vị góp ý" {
		t.Errorf("C5 = %q", got)
	}
	if got := sh.Rows[31][0]; got.Text != "27" || got.Kind != model.CellNumber || got.Font != "Times New Roman" {
		t.Errorf("A32 = %+v", got)
	}
	if len(sh.Merges) != 3 {
		t.Errorf("merges = %v", sh.Merges)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(build(f, func(x *excelize.File) { x.SetCellValue("Sheet1", "A1", 1) }))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read(context.Background(), data, Options{})
		if err == nil && doc == nil {
			t.Fatal("nil doc without error")
		}
	})
}

// BenchmarkStream100k streams a generated 100 000-row workbook and reports
// rows/s and the peak heap seen while reading.
func BenchmarkStream100k(b *testing.B) {
	const n = 100_000
	path := filepath.Join(b.TempDir(), "big.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		axis, _ := excelize.CoordinatesToCellName(1, i)
		if err := sw.SetRow(axis, []any{i, "Tỉnh " + strconv.Itoa(i%63), i * 1000, float64(i) / 10, "ghi chú"}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	f.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		stop := make(chan struct{})
		done := make(chan uint64)
		go func() { // samples the heap until the read ends
			var max uint64
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > max {
					max = ms.HeapInuse
				}
				select {
				case <-stop:
					done <- max
					return
				default:
					runtime.Gosched()
				}
			}
		}()
		doc, err := Read(context.Background(), data, Options{})
		close(stop)
		if p := <-done; p > peak {
			peak = p
		}
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Sheets[0].Rows) != n {
			b.Fatalf("rows = %d", len(doc.Sheets[0].Rows))
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(rss, "peak-rss-MiB") // whole process, generation included
	}
}

// peakRSS reads VmHWM from /proc (Linux); 0 elsewhere.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func ptr[T any](v T) *T { return &v }
