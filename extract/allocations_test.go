package extract

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"vanban/extract/table"
	"vanban/ingest/xls"
	"vanban/model"
)

// TestAllocationsBTC checks allocation rows of the Bộ Tài chính workbooks:
// exact đồng, province as written and after 2025, column path, group, and
// where the row came from. (Owned by the tables work, issue #5.)
func TestAllocationsBTC(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "xls")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder %s is absent (see ../shared/corpus/README.md); skipping", dir)
	}
	tests := []struct {
		file      string
		provinces int // distinct provinces allocated
		want      Allocation
	}{
		{"btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls", 63, Allocation{
			Recipient: "Lào Cai", RecipientKind: RecipientProvince, Province: "Lào Cai", CurrentProvince: "Lào Cai",
			Column: "Bổ sung từ NSTW cho NSĐP / Tổng số", Group: "Miền Núi Phía Bắc",
			AmountVND: 2_980_775_000_000, Unit: "triệu đồng", Sheet: "M09(R)"}},
		{"btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls", 64, Allocation{
			Recipient: "Hà Tây", RecipientKind: RecipientProvince, Province: "Hà Tây", CurrentProvince: "Hà Nội",
			Column: "Bổ sung từ NSTW cho NSĐP / Bổ sung có mục tiêu / Tổng số", Group: "Đb Sông Hồng",
			AmountVND: 218_307_000_000, Unit: "triệu đồng", Sheet: "Sheet1",
			ColumnPartOf: "Bổ sung từ NSTW cho NSĐP / Tổng số"}},
		{"btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls", 61, Allocation{
			Recipient: "HÀ NỘI", RecipientKind: RecipientProvince, Province: "Hà Nội", CurrentProvince: "Hà Nội",
			Column:    "TỔNG THU NSNN TRÊN ĐỊA BÀN CÁC TỈNH, TP TRỰC THUỘC TRUNG ƯƠNG",
			AmountVND: 19_348_000_000_000, Unit: "triệu đồng", Sheet: "Sheet1"}},
		{"btc_du-toan-NSNN-2007_QD-3855-QD-BTC.xls", 64, Allocation{
			Recipient: "KHÁNH HÒA", RecipientKind: RecipientProvince, Province: "Khánh Hòa", CurrentProvince: "Khánh Hòa",
			Column: "BỔ SUNG TỪ NGÂN SÁCH TRUNG ƯƠNG CHO NGÂN SÁCH ĐỊA PHƯƠNG / BỔ SUNG CÓ MỤC TIÊU / THỰC HIỆN CÁC CHẾ ĐỘ CHÍNH SÁCH VÀ MỘT SỐ NHIỆM VỤ THEO QUY ĐỊNH",
			Group:  "BẮC TRUNG BỘ VÀ DUYÊN HẢI MIỀN TRUNG", AmountVND: 961_000_000, Unit: "triệu đồng", Sheet: "mau so 09",
			ColumnPartOf: "BỔ SUNG TỪ NGÂN SÁCH TRUNG ƯƠNG CHO NGÂN SÁCH ĐỊA PHƯƠNG / BỔ SUNG CÓ MỤC TIÊU / TỔNG SỐ"}},
		{"btc_quyet-toan-NSNN-2006_QD-1339-QD-BTC.xls", 64, Allocation{
			Recipient: "CÀ MAU", RecipientKind: RecipientProvince, Province: "Cà Mau", CurrentProvince: "Cà Mau",
			Column: "BỔ SUNG TỪ NSTW CHO NSĐP / BỔ SUNG CÓ MỤC TIÊU", Group: "ĐB SÔNG C.LONG",
			AmountVND: 388_607_000_000, Unit: "triệu đồng", Sheet: "Sheet1",
			ColumnPartOf: "BỔ SUNG TỪ NSTW CHO NSĐP / TỔNG SỐ"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := xls.Read(data)
			if err != nil {
				t.Fatal(err)
			}
			_, allocs, _ := Tables(doc)
			provs := map[string]bool{}
			found := false
			for _, a := range allocs {
				if a.Province != "" {
					provs[a.Province] = true
				}
				if a.Recipient == tt.want.Recipient && a.Column == tt.want.Column && a.Sheet == tt.want.Sheet {
					found = true
					got := a
					got.Table, got.Row, got.Page = 0, 0, 0
					if tt.want.AmountVND == 0 {
						got.AmountVND = 0
					}
					if got != tt.want {
						t.Errorf("allocation = %+v\nwant %+v", got, tt.want)
					}
				}
			}
			if !found {
				t.Errorf("no allocation for %q in %q", tt.want.Recipient, tt.want.Column)
			}
			if len(provs) != tt.provinces {
				t.Errorf("provinces allocated = %d, want %d", len(provs), tt.provinces)
			}
		})
	}
}

// levelZeroSums adds up the level-0 allocations of each table × column.
func levelZeroSums(allocs []Allocation) (sums map[[2]string]int64, counts map[[2]string]int) {
	sums, counts = map[[2]string]int64{}, map[[2]string]int{}
	for _, a := range allocs {
		if a.Level != 0 {
			continue
		}
		k := [2]string{strconv.Itoa(a.Table), a.Column}
		sums[k] += a.AmountVND
		counts[k]++
	}
	return sums, counts
}

// TestAllocationsAddUpBTC: in every table of the Bộ Tài chính workbooks,
// for every amount column, the level-0 allocations add up to the table's
// total row. The rule is the one of table.Check: each published figure
// is rounded on its own, so the sum may differ from the total by at most
// half a unit of the table per row added (n+1 terms); anything more is a
// failure unless the table's notes name the difference ("(1) Bao gồm
// 207 tỷ đồng …" not allocated to provinces) or it is listed below as a
// discrepancy of the source that table.Check reports too
// (TestBTCProvinceTables). Group rows with no items of their own ("II.
// Thu từ dầu thô") count as level-0 rows.
func TestAllocationsAddUpBTC(t *testing.T) {
	// The published total minus its rows, exactly, where the source
	// disagrees with itself (file|column → đồng).
	sourceErrors := map[string]int64{
		// The total of "Bổ sung có mục tiêu" is 467.511 triệu more than
		// its regions; no note explains it.
		"btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls|Bổ sung từ NSTW cho NSĐP / Bổ sung có mục tiêu / Tổng số":                                                   -467_513_000_000,
		"btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls|Bổ sung từ NSTW cho NSĐP / Bổ sung có mục tiêu / Thực hiện CTMTQG, CT 135, dự án trồng mới 5 triệu ha rừng": -467_510_000_000,
		// Đắk Lắk's "Tổng số" holds 2.734.000 where its parts add up to
		// 3.298.859 (the Tây Nguyên group agrees with the parts).
		"btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls|Bổ sung từ NSTW cho NSĐP / Tổng số": -564_857_000_000,
	}
	dir := filepath.Join("..", "..", "shared", "corpus", "xls")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder %s is absent (see ../shared/corpus/README.md); skipping", dir)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "btc_*.xls"))
	if len(files) < 5 {
		t.Fatalf("BTC workbooks = %d, want 5", len(files))
	}
	checked := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := xls.Read(data)
			if err != nil {
				t.Fatal(err)
			}
			found := FindTables(doc)
			_, allocs, _ := Tables(doc)
			sums, counts := levelZeroSums(allocs)
			for i, tb := range found {
				var total *table.Row
				for j := range tb.Rows {
					if r := &tb.Rows[j]; r.Kind == table.Total && !r.Summary && !r.Subtotal {
						total = r
						break
					}
				}
				if total == nil {
					continue
				}
				for c, n := range total.Nums {
					k := [2]string{strconv.Itoa(i), tb.Columns[c]}
					if n == nil || !tb.Amount[c] || counts[k] == 0 {
						continue
					}
					unit := tb.UnitOf(c).VND
					want, ok := n.Times(unit)
					if !ok {
						continue
					}
					checked++
					scale := 0
					for u := unit; u > 1; u /= 10 {
						scale++
					}
					got := table.Num{Mant: sums[k], Scale: scale} // in the table's unit, exact
					if off, known := sourceErrors[filepath.Base(f)+"|"+tb.Columns[c]]; known && sums[k]-want == off {
						continue
					}
					if !tb.Agrees(table.Num{Mant: want, Scale: scale}, got, counts[k]+1) {
						t.Errorf("table %d (%s) column %q: level-0 rows add up to %d đồng, total row %q says %d (off by %d)",
							i+1, tb.Sheet, tb.Columns[c], sums[k], total.Label, want, sums[k]-want)
					}
				}
			}
		})
	}
	t.Logf("%d table × column totals checked", checked)
}

// sheetDoc builds a one-sheet document; "#" marks a number cell.
func sheetDoc(rows ...[]string) *model.Document {
	s := model.Sheet{Name: "S"}
	for _, r := range rows {
		var cells []model.Cell
		for _, v := range r {
			switch {
			case v == "":
				cells = append(cells, model.Cell{})
			case strings.HasPrefix(v, "#"):
				cells = append(cells, model.Cell{Kind: model.CellNumber, Text: v[1:]})
			default:
				cells = append(cells, model.Cell{Kind: model.CellString, Text: v})
			}
		}
		s.Rows = append(s.Rows, cells)
	}
	return &model.Document{Sheets: []model.Sheet{s}}
}

// TestAllocationsSynthetic: only money columns give allocations; sub-items
// have level 1 and the level-0 rows of each column add up to the total; a
// "Trong đó" column and the parts of a "Tổng số" say which column they
// are a part of; a score table gives nothing.
func TestAllocationsSynthetic(t *testing.T) {
	doc := sheetDoc(
		[]string{"", "", "", "", "", "", "Đơn vị tính: triệu đồng"},
		[]string{"STT", "Nội dung", "Số cụm/khu công nghiệp", "Tỷ lệ (%)", "Tổng số", "Trong đó", ""},
		[]string{"", "", "", "", "", "Vốn đầu tư", "Vốn sự nghiệp"},
		[]string{"", "TỔNG CỘNG", "#9", "#100", "#1000", "#600", "#400"},
		[]string{"I", "Khối tỉnh", "#5", "#70", "#700", "#400", "#300"},
		[]string{"1", "Sở Công Thương", "#3", "#50", "#500", "#300", "#200"},
		[]string{"", "- Trong đó: Trung tâm Khuyến công", "#1", "#20", "#200", "#100", "#100"},
		[]string{"2", "Sở Nội vụ", "#2", "#20", "#200", "#100", "#100"},
		[]string{"a)", "Chi đào tạo", "", "", "#150", "#100", "#50"},
		[]string{"b)", "Chi khác", "", "", "#50", "", "#50"},
		[]string{"II", "Dự phòng", "#4", "#30", "#300", "#200", "#100"},
		[]string{"", "Trong đó:", "", "", "", "", ""},
		[]string{"", "Dự phòng thiên tai", "", "", "#80", "#80", ""},
	)
	doc.Sheets[0].Merges = []model.Merge{{Row0: 1, Col0: 5, Row1: 1, Col1: 6}}
	_, allocs, warns := Tables(doc)
	type key struct {
		recipient, column string
	}
	got := map[key]Allocation{}
	sums := map[string]int64{}
	for _, a := range allocs {
		got[key{a.Recipient, a.Column}] = a
		if a.Level == 0 {
			sums[a.Column] += a.AmountVND
		}
	}
	for k := range got {
		if k.column != "Tổng số" && !strings.HasPrefix(k.column, "Trong đó /") {
			t.Errorf("allocation from a column that is not money: %+v", got[k])
		}
	}
	tests := []struct {
		recipient, column string
		level             int
		partOf            string
		vnd               int64
	}{
		{"Sở Công Thương", "Tổng số", 0, "", 500_000_000},
		{"- Trong đó: Trung tâm Khuyến công", "Tổng số", 1, "", 200_000_000},
		{"Chi đào tạo", "Trong đó / Vốn đầu tư", 1, "Tổng số", 100_000_000},
		{"Sở Nội vụ", "Trong đó / Vốn sự nghiệp", 0, "Tổng số", 100_000_000},
		{"Dự phòng", "Tổng số", 0, "", 300_000_000},
		{"Dự phòng thiên tai", "Trong đó / Vốn đầu tư", 1, "Tổng số", 80_000_000},
	}
	for _, tt := range tests {
		a, ok := got[key{tt.recipient, tt.column}]
		if !ok {
			t.Errorf("no allocation %q × %q", tt.recipient, tt.column)
			continue
		}
		if a.Level != tt.level || a.ColumnPartOf != tt.partOf || a.AmountVND != tt.vnd {
			t.Errorf("%q × %q: level %d part of %q amount %d; want %d %q %d", tt.recipient, tt.column, a.Level, a.ColumnPartOf, a.AmountVND, tt.level, tt.partOf, tt.vnd)
		}
	}
	// Exactly: these figures have no rounding.
	for col, want := range map[string]int64{"Tổng số": 1_000_000_000, "Trong đó / Vốn đầu tư": 600_000_000, "Trong đó / Vốn sự nghiệp": 400_000_000} {
		if sums[col] != want {
			t.Errorf("level-0 rows of %q add up to %d, total %d", col, sums[col], want)
		}
	}
	if len(warns) != 0 {
		t.Errorf("warnings %q", warns)
	}

	// A score table (no money unit) gives no allocation.
	doc = sheetDoc(
		[]string{"KẾT QUẢ CHỈ SỐ PCI NĂM 2016"},
		[]string{"STT", "Tỉnh", "Điểm PCI", "Xếp hạng", "Chi phí gia nhập thị trường"},
		[]string{"1", "Quảng Ninh", "#65,6", "#1", "#8,5"},
		[]string{"2", "Đà Nẵng", "#64,8", "#2", "#8,1"},
		[]string{"3", "Đồng Tháp", "#63,2", "#3", "#8,9"},
	)
	if _, allocs, _ := Tables(doc); len(allocs) != 0 {
		t.Errorf("score table gave %d allocations: %+v", len(allocs), allocs[0])
	}
}

// TestNoAllocationsFromScoreTables: the PCI, PAPI and Lâm Đồng scoring
// tables of the corpus hold scores, ranks and counts, no money: tables are
// found, allocations are not.
func TestNoAllocationsFromScoreTables(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder %s is absent (see ../shared/corpus/README.md); skipping", dir)
	}
	for _, name := range []string{
		"xls/vcci_PCI-2009_63-tinh.xls",
		"xlsx/vcci_PCI-2016_63-tinh.xlsx",
		"xlsx/undp_PAPI-2011-2016_theo-tinh.xlsx",
		"pdf/lamdong_PL-VI_cai-cach-tai-chinh-cong-2025_bang-theo-don-vi.pdf",
		"pdf/lamdong_184-BC-SNV_2025-11-06_chi-so-PAR-PAPI-PCI.pdf",
	} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			tables, allocs, _ := Tables(readDoc(t, filepath.Join(dir, name)))
			if len(tables) == 0 {
				t.Errorf("no table found")
			}
			if len(allocs) != 0 {
				t.Errorf("%d allocations from a table without money, first %+v", len(allocs), allocs[0])
			}
		})
	}
}
