package extract

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"vanban/extract/table"
	"vanban/ingest/pdf"
	"vanban/ingest/xls"
	"vanban/ingest/xlsx"
	"vanban/model"
)

// readDoc reads a corpus or fixture file with the adapter of its format.
func readDoc(t testing.TB, path string) *model.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc *model.Document
	switch filepath.Ext(path) {
	case ".xls":
		doc, err = xls.Read(data)
	case ".xlsx":
		doc, err = xlsx.Read(context.Background(), data, xlsx.Options{})
	case ".pdf":
		doc, err = pdf.Read(context.Background(), data, pdf.Options{NoOCR: true})
	default:
		t.Fatalf("%s: not a table format", path)
	}
	if err != nil {
		t.Skipf("%s is unreadable: %v", filepath.Base(path), err)
	}
	return doc
}

// tableFiles lists every xls, xlsx and pdf of the shared corpus (when it is
// there) and of the project's fixtures.
func tableFiles(t testing.TB) []string {
	var files []string
	corpus := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Logf("corpus folder %s is absent (see ../shared/corpus/README.md); only the fixtures are walked", corpus)
	} else {
		for _, sub := range []string{"xls", "xlsx", "pdf"} {
			m, _ := filepath.Glob(filepath.Join(corpus, sub, "*"))
			files = append(files, m...)
		}
	}
	m, _ := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*"))
	for _, f := range m {
		switch filepath.Ext(f) {
		case ".xls", ".xlsx", ".pdf":
			files = append(files, f)
		}
	}
	return files
}

var (
	warnedRe  = regexp.MustCompile(`^table (\d+), column '(.*)': (\d+) cells? not counted: (.+) \(first: .+\)$`)
	repeatsRe = regexp.MustCompile(`^table (\d+) repeats table \d+ .*\((\d+) cells?\)$`)
)

// TestCellAccountCorpus walks every table of the corpus and of the
// fixtures: each numeric cell of a money column (in a money unit) is an
// allocation, a checked group or total figure, or counted in a warning
// that names the table, the column and the reason. Every count is taken
// here from the table itself, the allocations and the warnings, and
// compared with the table's account.
func TestCellAccountCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every corpus document")
	}
	var all CellAccount
	reasons := map[string]int{}
	for _, f := range tableFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc := readDoc(t, f)
			found := FindTables(doc)
			tables, allocs, warns := Tables(doc)
			if len(tables) != len(found) {
				t.Fatalf("%d tables in the record, %d found", len(tables), len(found))
			}
			warned := map[int]int{}
			for _, w := range warns {
				if m := warnedRe.FindStringSubmatch(w); m != nil {
					ti, _ := strconv.Atoi(m[1])
					n, _ := strconv.Atoi(m[3])
					if ti < 1 || ti > len(found) || !hasColumn(found[ti-1], m[2]) {
						t.Errorf("warning names no column of table %d: %q", ti, w)
					}
					warned[ti-1] += n
					reasons[m[4]] += n
				} else if m := repeatsRe.FindStringSubmatch(w); m != nil {
					ti, _ := strconv.Atoi(m[1])
					n, _ := strconv.Atoi(m[2])
					warned[ti-1] += n
					reasons["repeats an earlier table"] += n
				}
			}
			made := map[int]int{}
			for _, a := range allocs {
				made[a.Table]++
			}
			for i, tb := range found {
				cells := 0
				for ri := range tb.Rows {
					r := &tb.Rows[ri]
					for c, n := range r.Nums {
						if tb.Amount[c] && tb.RowUnit(r, c).VND != 0 && (n != nil || unreadFigure(r.Cells[c])) {
							cells++
						}
					}
				}
				_, verdicts := tb.CheckCells(i + 1)
				totals := 0
				for ri, vs := range verdicts {
					for c, v := range vs {
						if (v == table.Agrees || v == table.Reported) && tb.RowUnit(&tb.Rows[ri], c).VND != 0 && !madeAt(allocs, i, ri, tb.Columns[c]) {
							totals++
						}
					}
				}
				if os.Getenv("VANBAN_LOG_NOUNIT") != "" && tb.Unit.VND == 0 {
					n := 0
					for ri := range tb.Rows {
						for c, x := range tb.Rows[ri].Nums {
							if x != nil && tb.Amount[c] {
								n++
							}
						}
					}
					if n > 0 {
						t.Logf("no unit: table %d %s%s %q: %d figures in columns %q", i+1, tb.Sheet, pageOf(tb), tb.Title, n, tb.Columns)
					}
				}
				acc := CellAccount{}
				if tables[i].Cells != nil {
					acc = *tables[i].Cells
				}
				got := CellAccount{Cells: cells, Allocations: made[i], Totals: totals, Warned: warned[i]}
				if got != acc {
					t.Errorf("table %d (%s%s, %q): counted %+v, its account says %+v", i+1, tb.Sheet, pageOf(tb), tb.Title, got, acc)
				}
				if cells != made[i]+totals+warned[i] {
					t.Errorf("table %d (%s%s, %q): %d money cells = %d allocations + %d totals + %d warned does not close",
						i+1, tb.Sheet, pageOf(tb), tb.Title, cells, made[i], totals, warned[i])
				}
				all.Cells += cells
				all.Allocations += made[i]
				all.Totals += totals
				all.Warned += warned[i]
			}
		})
	}
	t.Logf("all tables: %d money cells = %d allocations + %d totals + %d warned", all.Cells, all.Allocations, all.Totals, all.Warned)
	for r, n := range reasons {
		t.Logf("  %5d warned: %s", n, r)
	}
}

func hasColumn(tb *table.Table, col string) bool {
	for _, c := range tb.Columns {
		if c == col {
			return true
		}
	}
	return false
}

func madeAt(allocs []Allocation, ti, row int, col string) bool {
	for _, a := range allocs {
		if a.Table == ti && a.Row == row && a.Column == col {
			return true
		}
	}
	return false
}

func pageOf(tb *table.Table) string {
	if tb.Page > 0 {
		return fmt.Sprintf("page %d", tb.Page)
	}
	return ""
}

// TestSettlementWorkbook checks the quyết toán fixture (cmd/gentestdata,
// quyettoan.go) cell by cell: amounts in triệu đồng with two decimals,
// some typed as text, converted exactly; a unit line reading only "Triệu
// đồng"; the column-number row skipped; region subtotals and totals
// checked, not allocated; the percentage and count columns never money; a
// figure with more decimals than đồng rounded and warned; and on the dự
// toán sheet, rows holding one figure each are data, not the header.
func TestSettlementWorkbook(t *testing.T) {
	doc := readDoc(t, filepath.Join("..", "testdata", "corpus", "quyet-toan-ngan-sach-2022-trieu-dong.xlsx"))
	tables, allocs, warns := Tables(doc)
	wantTables := []struct {
		sheet, unit string
		columns     []string
		cells       CellAccount
	}{
		{"Theo tỉnh", "triệu đồng", []string{"STT", "Tỉnh, thành phố", "Quyết toán chi NSĐP / Tổng số",
			"Quyết toán chi NSĐP / Chi đầu tư phát triển", "Quyết toán chi NSĐP / Chi thường xuyên",
			"Tỷ lệ so với dự toán (%)", "Số đơn vị dự toán"}, CellAccount{36, 24, 12, 0}},
		{"Theo bộ", "triệu đồng", []string{"STT", "Bộ, cơ quan trung ương", "Dự toán", "Quyết toán",
			"Tỷ lệ thực hiện (%)", "Số đơn vị trực thuộc"}, CellAccount{12, 10, 2, 0}},
		{"Dự toán", "tỷ đồng", []string{"STT", "Nội dung", "Số tiền / Dự toán năm 2017"}, CellAccount{7, 4, 3, 0}},
	}
	if len(tables) != len(wantTables) {
		t.Fatalf("%d tables, want %d", len(tables), len(wantTables))
	}
	for i, w := range wantTables {
		tb := tables[i]
		if tb.Sheet != w.sheet || tb.Unit != w.unit || strings.Join(tb.Columns, "|") != strings.Join(w.columns, "|") {
			t.Errorf("table %d: sheet %q unit %q columns %q\nwant %q %q %q", i+1, tb.Sheet, tb.Unit, tb.Columns, w.sheet, w.unit, w.columns)
		}
		if tb.Cells == nil || *tb.Cells != w.cells {
			t.Errorf("table %d: cell account %+v, want %+v", i+1, tb.Cells, w.cells)
		}
	}
	const (
		total  = "Quyết toán chi NSĐP / Tổng số"
		invest = "Quyết toán chi NSĐP / Chi đầu tư phát triển"
		recur  = "Quyết toán chi NSĐP / Chi thường xuyên"
		plan   = "Số tiền / Dự toán năm 2017"
		north  = "TRUNG DU VÀ MIỀN NÚI PHÍA BẮC"
		delta  = "ĐỒNG BẰNG SÔNG HỒNG"
		mekong = "ĐỒNG BẰNG SÔNG CỬU LONG"
	)
	want := []string{
		"Hà Giang|" + total + "|" + north + "|7631364020000",
		"Hà Giang|" + invest + "|" + north + "|2345678450000",
		"Hà Giang|" + recur + "|" + north + "|5285685570000",
		"Yên Bái|" + total + "|" + north + "|9124660450000", // typed as text "9.124.660,45"
		"Yên Bái|" + invest + "|" + north + "|3120450100000",
		"Yên Bái|" + recur + "|" + north + "|6004210350000",
		"Điện Biên|" + total + "|" + north + "|6186300000000",
		"Điện Biên|" + invest + "|" + north + "|1875300050000",
		"Điện Biên|" + recur + "|" + north + "|4310999950000",
		"Hà Nội|" + total + "|" + delta + "|114160451150000",
		"Hà Nội|" + invest + "|" + delta + "|45210330750000",
		"Hà Nội|" + recur + "|" + delta + "|68950120400000",
		"Hải Phòng|" + total + "|" + delta + "|27910645450000",
		"Hải Phòng|" + invest + "|" + delta + "|12760045330000",
		"Hải Phòng|" + recur + "|" + delta + "|15150600120000",
		"Thái Bình|" + total + "|" + delta + "|11850210100000",
		"Thái Bình|" + invest + "|" + delta + "|3980010010000",
		"Thái Bình|" + recur + "|" + delta + "|7870200090000",
		"Cần Thơ|" + total + "|" + mekong + "|10770171000000",
		"Cần Thơ|" + invest + "|" + mekong + "|4460120640000",
		"Cần Thơ|" + recur + "|" + mekong + "|6310050360000",
		"Cà Mau|" + total + "|" + mekong + "|8360951146667", // 8.360.951,1466667 triệu, rounded
		"Cà Mau|" + invest + "|" + mekong + "|2720640880000",
		"Cà Mau|" + recur + "|" + mekong + "|5640310266667", // 5.640.310,2666667 triệu, rounded
		"Bộ Quốc phòng|Dự toán||95430210500000",
		"Bộ Quốc phòng|Quyết toán||96012300250000",
		"Bộ Công an|Dự toán||81250000000000",
		"Bộ Công an|Quyết toán||80990145750000",
		"Bộ Giáo dục và Đào tạo|Dự toán||7631364020000",
		"Bộ Giáo dục và Đào tạo|Quyết toán||7412050400000",
		"Bộ Y tế|Dự toán||9870120300000",
		"Bộ Y tế|Quyết toán||10020500050000",
		"Văn phòng Quốc hội|Dự toán||1650300150000",
		"Văn phòng Quốc hội|Quyết toán||1598760800000",
		"Chi đầu tư cho các dự án|" + plan + "|TỔNG CHI CÂN ĐỐI NSTW / Chi đầu tư phát triển|707780000000000",
		"Chi đầu tư và hỗ trợ vốn cho doanh nghiệp|" + plan + "|TỔNG CHI CÂN ĐỐI NSTW / Chi đầu tư phát triển|194250000000000",
		"Chi quốc phòng|" + plan + "|TỔNG CHI CÂN ĐỐI NSTW / Chi thường xuyên|180400250000000",
		"Chi an ninh và trật tự an toàn xã hội|" + plan + "|TỔNG CHI CÂN ĐỐI NSTW / Chi thường xuyên|129749250000000",
	}
	var got []string
	for _, a := range allocs {
		got = append(got, fmt.Sprintf("%s|%s|%s|%d", a.Recipient, a.Column, a.Group, a.AmountVND))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("allocations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantWarns := []string{
		`table 1, column '` + total + `': 1 cell not a whole number of đồng, rounded to the nearest đồng (first: 'Cà Mau', sheet "Theo tỉnh" row 18: 8.360.951,1466667 triệu đồng, stored as 8.360.951.146.667 đồng)`,
		`table 1, column '` + recur + `': 1 cell not a whole number of đồng, rounded to the nearest đồng (first: 'Cà Mau', sheet "Theo tỉnh" row 18: 5.640.310,2666667 triệu đồng, stored as 5.640.310.266.667 đồng)`,
	}
	if strings.Join(warns, "\n") != strings.Join(wantWarns, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(wantWarns, "\n"))
	}
}

// TestBTCAmountsExact: every allocation of the Bộ Tài chính workbooks is
// its cell's figure times the table's unit, exactly (no rounding), the
// figure as printed reads back the same, and the number of allocations
// and their sum per workbook stay what they were before the cell account
// (issue 15): nothing gained, nothing lost.
func TestBTCAmountsExact(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "xls")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder %s is absent (see ../shared/corpus/README.md); skipping", dir)
	}
	tests := []struct {
		file   string
		allocs int
		sum    int64
	}{
		{"btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls", 244, 241_253_047_000_000},
		{"btc_du-toan-NSNN-2007_QD-3855-QD-BTC.xls", 501, 572_338_970_000_000},
		{"btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls", 503, 650_438_854_000_000},
		{"btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls", 2031, 8_955_292_483_000_000},
		{"btc_quyet-toan-NSNN-2006_QD-1339-QD-BTC.xls", 305, 487_862_226_000_000},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := readDoc(t, filepath.Join(dir, tt.file))
			found := FindTables(doc)
			_, allocs, warns := Tables(doc)
			var sum int64
			for _, a := range allocs {
				sum += a.AmountVND
				tb := found[a.Table]
				r := &tb.Rows[a.Row]
				c := -1
				for k, col := range tb.Columns {
					if col == a.Column && r.Nums[k] != nil && tb.Amount[k] {
						c = k
						break
					}
				}
				if c < 0 {
					t.Errorf("%q × %q: no such money cell", a.Recipient, a.Column)
					continue
				}
				unit := tb.RowUnit(r, c).VND
				want, exact, ok := r.Nums[c].Round(unit)
				if !ok || !exact || a.AmountVND != want {
					t.Errorf("%q × %q: %d đồng, the cell says %s × %d (exact %v)", a.Recipient, a.Column, a.AmountVND, r.Nums[c], unit, exact)
				}
				if n, ok := table.ParseNumber(r.Cells[c]); !ok || !table.Equal(n, *r.Nums[c]) {
					t.Errorf("%q × %q: printed %q reads %v, the figure is %s", a.Recipient, a.Column, r.Cells[c], n, r.Nums[c])
				}
			}
			if len(allocs) != tt.allocs || sum != tt.sum {
				t.Errorf("%d allocations adding up to %d đồng, want %d and %d", len(allocs), sum, tt.allocs, tt.sum)
			}
			for _, w := range warns {
				if strings.Contains(w, " not counted: ") || strings.Contains(w, "rounded") {
					t.Errorf("warning: %s", w)
				}
			}
		})
	}
}

// TestCellAccountReasons: each way a money cell can fail to become an
// allocation is counted in one warning per column and reason, and the
// account closes.
func TestCellAccountReasons(t *testing.T) {
	doc := sheetDoc(
		[]string{"", "", "", "Đơn vị tính: triệu đồng"},
		[]string{"STT", "Đơn vị", "Dự toán", "Quyết toán"},
		[]string{"", "Tổng cộng", "#300.5", "#205"},
		[]string{"1", "Sở Y tế", "#100.5", "#95"},
		[]string{"2", "", "#120", "#110"},
		[]string{"3", "Sở Tài chính", "#80", "1.234.56"},
		[]string{"4", "Sở Nội vụ", "#0.0000004", "12.500 đ"},
		[]string{"", "Bình quân", "#75.1", "#72.5"},
	)
	tables, allocs, warns := Tables(doc)
	want := []string{
		`table 1, column 'Dự toán': 1 cell not counted: its row has no name (first: '2', sheet "S" row 5)`,
		`table 1, column 'Quyết toán': 1 cell not counted: its row has no name (first: '2', sheet "S" row 5)`,
		`table 1, column 'Quyết toán': 2 cells not counted: written with digits but not as a number (first: 'Sở Tài chính', sheet "S" row 6: "1.234.56")`,
		`table 1, column 'Dự toán': 1 cell not counted: an average or an extreme, not a sum (first: 'Bình quân', sheet "S" row 8)`,
		`table 1, column 'Quyết toán': 1 cell not counted: an average or an extreme, not a sum (first: 'Bình quân', sheet "S" row 8)`,
		`table 1, column 'Dự toán': 1 cell not a whole number of đồng, rounded to the nearest đồng (first: 'Sở Nội vụ', sheet "S" row 7: 0,0000004 triệu đồng, stored as 0 đồng)`,
	}
	var got []string
	for _, w := range warns {
		if !strings.HasPrefix(w, "table 1: ") { // Check's own sums are another test's
			got = append(got, w)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if acc := tables[0].Cells; acc == nil || acc.Cells != acc.Allocations+acc.Totals+acc.Warned || acc.Warned != 6 || acc.Allocations != 4 || acc.Totals != 2 {
		t.Errorf("account %+v", acc)
	}
	for _, a := range allocs {
		if a.Recipient == "Sở Nội vụ" && a.AmountVND != 0 {
			t.Errorf("0,0000004 triệu đồng rounds to 0 đồng, got %d", a.AmountVND)
		}
	}
}

// TestCellReasonsListed: every reason the cell account can give is in
// cellReasons, so that CellWarningForms (which the pages translate) has
// them all.
func TestCellReasonsListed(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "cells.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, r := range cellReasons {
		listed[r] = true
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "reason") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					continue
				}
				n++
				v, _ := strconv.Unquote(lit.Value)
				if !listed[v] {
					t.Errorf("%s (%q) is not in cellReasons", name.Name, v)
				}
			}
		}
	}
	if n != len(cellReasons) {
		t.Errorf("%d reason constants, %d listed", n, len(cellReasons))
	}
	forms := strings.Join(CellWarningForms(), "\n")
	for _, r := range cellReasons {
		if !strings.Contains(forms, r) {
			t.Errorf("CellWarningForms lacks %q", r)
		}
	}
}
