package table

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"vanban/ingest/xls"
	"vanban/model"
)

// TestNotMoney: headers whose figures are counts, shares, scores or
// quantities are not money; headers of amounts stay money.
func TestNotMoney(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"Số cụm/khu công nghiệp", true},
		{"Số lượng", true},
		{"Tỷ lệ (%)", true},
		{"%", true},
		{"Điểm", true},
		{"Xếp hạng", true},
		{"Chỉ số PAR INDEX", true},
		{"Số dự án", true},
		{"Biên chế (người)", true},
		{"Diện tích (ha)", true},
		{"Quy mô / ha", true},
		{"PCI 2016", true},
		{"Điểm PAPI", true},
		{"Lao động / người", true},
		{"Dân số (người)", true},
		{"Dân số", true},
		{"III. Chi phát triển sự nghiệp / Chi Y tế, dân số và KHH gia đình", false},
		{"Ngân sách / Xã", false},
		{"Kế hoạch vốn / Năm", false},
		{"Vốn đầu tư / Dự án", false},
		{"Kinh phí", false},
		{"Số tiền", false},
		{"Số hỗ trợ", false},
		{"SỐ BỔ SUNG TỪ NGÂN SÁCH TRUNG ƯƠNG CHO NGÂN SÁCH TỈNH", false},
		{"Bổ sung từ NSTW cho NSĐP / Bổ sung có mục tiêu / Thực hiện CTMTQG, CT 135, dự án trồng mới 5 triệu ha rừng", false},
		{"DỰ TOÁN / TRONG ĐÓ / VỐN ĐẦU TƯ", false},
		{"Tổng số chi (kể cả chi bằng nguồn vay nợ, viện trợ)", false},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := notMoney(tt.header); got != tt.want {
				t.Errorf("notMoney(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

// TestMoneyColumnsOnly: in a table whose unit line says "triệu đồng",
// only the money columns are amounts; a "ĐVT" column gives each row its
// unit and is not taken for the label.
func TestMoneyColumnsOnly(t *testing.T) {
	s := sheet([][]string{
		{"KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"},
		{"", "", "", "", "", "", "Đơn vị tính: triệu đồng"},
		{"STT", "Tỉnh", "Số cụm/khu công nghiệp", "Số dự án", "Tỷ lệ (%)", "Diện tích (ha)", "Kinh phí"},
		{"1", "Hà Giang", "#3", "#5", "#12,5", "#40", "#3980"},
		{"2", "Lào Cai", "#2", "#4", "#10", "#35", "#4041"},
	})
	tb := FromSheet(s)[0]
	want := []bool{false, false, false, false, false, false, true}
	if !reflect.DeepEqual(tb.Amount, want) {
		t.Errorf("amount columns = %v, want %v (columns %q)", tb.Amount, want, tb.Columns)
	}

	s = sheet([][]string{
		{"", "", "", "", "Đơn vị: triệu đồng"},
		{"STT", "Nội dung", "ĐVT", "Năm 2024", "Năm 2025"},
		{"1", "Kinh phí đào tạo", "Tr.đ", "#120", "#150"},
		{"2", "Số học viên", "người", "#300", "#350"},
		{"3", "Diện tích trồng rừng", "ha", "#40", "#45"},
		{"4", "Chi mua sắm", "", "#10", "#12"},
	})
	tb = FromSheet(s)[0]
	if tb.LabelCol != 1 || tb.UnitCol != 2 {
		t.Fatalf("label column %d, unit column %d; want 1, 2", tb.LabelCol, tb.UnitCol)
	}
	units := []int64{1_000_000, 0, 0, 1_000_000}
	for i, r := range tb.Rows {
		if got := tb.RowUnit(&tb.Rows[i], 3).VND; got != units[i] {
			t.Errorf("row %q unit = %d, want %d", r.Label, got, units[i])
		}
	}
}

// TestDetailRows: sub-items and "Trong đó" rows are Detail; the items that
// are not add up to the total.
func TestDetailRows(t *testing.T) {
	s := sheet([][]string{
		{"", "", "", "Đơn vị: triệu đồng"},
		{"STT", "Nội dung", "Tổng số", "Vốn đầu tư"},
		{"", "TỔNG CỘNG", "#1000", "#600"},
		{"I", "Khối tỉnh", "#700", "#400"},
		{"1", "Sở Công Thương", "#500", "#300"},
		{"", "- Trong đó: Trung tâm Khuyến công", "#200", "#100"},
		{"2", "Sở Nội vụ", "#200", "#100"},
		{"a)", "Chi đào tạo", "#150", "#100"},
		{"b)", "Chi khác", "#50", ""},
		{"II", "Khối huyện", "#300", "#200"},
		{"a)", "Huyện A", "#100", "#50"},
		{"b)", "Huyện B", "#200", "#150"},
		{"", "Trong đó:", "", ""},
		{"", "Xã Một", "#80", "#60"},
	})
	tb := FromSheet(s)[0]
	var got []string
	for _, r := range tb.Rows {
		if r.Kind == Item && r.Detail {
			got = append(got, r.Label)
		}
	}
	want := []string{"- Trong đó: Trung tâm Khuyến công", "Chi đào tạo", "Chi khác", "Trong đó:", "Xã Một"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("detail rows = %q\nwant %q", got, want)
	}
	for c := 2; c <= 3; c++ {
		var sum int64
		for _, r := range tb.Rows {
			if r.Kind == Item && !r.Detail && r.Nums[c] != nil {
				sum += r.Nums[c].Mant
			}
		}
		if sum != tb.Rows[0].Nums[c].Mant {
			t.Errorf("column %q: items add up to %d, total %d", tb.Columns[c], sum, tb.Rows[0].Nums[c].Mant)
		}
	}
	if w := tb.Check(1); len(w) != 0 {
		t.Errorf("warnings %q", w)
	}

	// "Trong đó:" under an item details that item only: the next
	// numbered item is an item again.
	s = sheet([][]string{
		{"", "", "Đơn vị: triệu đồng"},
		{"STT", "Nội dung", "Kinh phí"},
		{"", "Tổng cộng", "#600"},
		{"1", "Sở A", "#200"},
		{"", "Trong đó:", ""},
		{"", "- Chi đào tạo", "#150"},
		{"", "Trung tâm B", "#30"},
		{"2", "Sở B", "#400"},
	})
	tb = FromSheet(s)[0]
	var details []string
	for _, r := range tb.Rows {
		if r.Detail {
			details = append(details, r.Label)
		}
	}
	if want := []string{"Trong đó:", "- Chi đào tạo", "Trung tâm B"}; !reflect.DeepEqual(details, want) {
		t.Errorf("detail rows = %q\nwant %q", details, want)
	}
	if w := tb.Check(1); len(w) != 0 {
		t.Errorf("warnings %q", w)
	}
}

// TestIndentedSubItems: a label written further in than the item above
// it is a sub-item; one written back out is an item again.
func TestIndentedSubItems(t *testing.T) {
	s := sheet([][]string{
		{"", "", "Đơn vị: triệu đồng"},
		{"Tỉnh, thành phố", "Kinh phí", "Ghi chú"},
		{"Tổng cộng", "#1000", ""},
		{"Hà Giang", "#400", ""},
		{"   Huyện Bắc Mê", "#150", ""},
		{"   Huyện Yên Minh", "#250", ""},
		{"Lào Cai", "#600", ""},
		{"\u00a0\u00a0Huyện Bát Xát", "#600", "toàn bộ"},
	})
	tb := FromSheet(s)[0]
	var got []string
	for _, r := range tb.Rows {
		if r.Kind == Item {
			got = append(got, fmt.Sprintf("%s:%v", r.Label, r.Detail))
		}
	}
	want := []string{"Hà Giang:false", "Huyện Bắc Mê:true", "Huyện Yên Minh:true", "Lào Cai:false", "Huyện Bát Xát:true"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items = %q\nwant %q", got, want)
	}
	if w := tb.Check(1); len(w) != 0 {
		t.Errorf("warnings %q", w)
	}
}

// TestPartOfColumns: columns beside a "Tổng số", under "Trong đó", or
// numbered "I.", "II." beside a "Tổng …" are parts of that column.
func TestPartOfColumns(t *testing.T) {
	tests := []struct {
		name string
		cols []string
		want []int
	}{
		{"trong do span", []string{"STT", "Tỉnh", "DỰ TOÁN / TỔNG SỐ", "DỰ TOÁN / TRONG ĐÓ / VỐN ĐẦU TƯ", "DỰ TOÁN / TRONG ĐÓ / VỐN SỰ NGHIỆP", "GHI CHÚ"},
			[]int{-1, -1, -1, 2, 2, -1}},
		{"trong do top level", []string{"STT", "Tỉnh", "TỔNG THU", "TỔNG SỐ CHI", "TR.ĐÓ: CHI CTMTQG"},
			[]int{-1, -1, -1, -1, 3}},
		{"nested tong so", []string{"STT", "Tỉnh", "THU", "BỔ SUNG / TỔNG SỐ", "BỔ SUNG / CÂN ĐỐI", "BỔ SUNG / CÓ MỤC TIÊU / TỔNG SỐ", "BỔ SUNG / CÓ MỤC TIÊU / VỐN ĐẦU TƯ", "BỔ SUNG / CÓ MỤC TIÊU / VỐN SỰ NGHIỆP"},
			[]int{-1, -1, -1, -1, 3, 3, 5, 5}},
		{"roman parts", []string{"STT", "Bộ", "Tổng số chi", "I. Chi đầu tư / Tổng số", "I. Chi đầu tư / XDCB", "II. Chi trả nợ", "Ghi chú"},
			[]int{-1, -1, -1, 2, 3, 2, -1}},
		{"independent columns", []string{"STT", "Tỉnh", "TỔNG THU NSNN", "TỔNG SỐ CHI NGÂN SÁCH", "SỐ BỔ SUNG"},
			[]int{-1, -1, -1, -1, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			amount := make([]bool, len(tt.cols))
			for c := 2; c < len(tt.cols); c++ {
				amount[c] = tt.cols[c] != "Ghi chú" && tt.cols[c] != "GHI CHÚ"
			}
			if got := partOf(tt.cols, amount); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("partOf = %v, want %v", got, tt.want)
			}
		})
	}
	// From a sheet: the header spans turn into the paths above.
	s := sheet([][]string{
		{"", "", "", "", "Đơn vị tính: triệu đồng"},
		{"STT", "Tỉnh", "DỰ TOÁN", "", ""},
		{"", "", "TỔNG SỐ", "TRONG ĐÓ", ""},
		{"", "", "", "VỐN ĐẦU TƯ", "VỐN SỰ NGHIỆP"},
		{"1", "Hà Giang", "#3980", "#2150", "#1830"},
		{"2", "Lào Cai", "#4041", "#2994", "#1047"},
	}, model.Merge{Row0: 1, Col0: 0, Row1: 3, Col1: 0}, model.Merge{Row0: 1, Col0: 1, Row1: 3, Col1: 1},
		model.Merge{Row0: 1, Col0: 2, Row1: 1, Col1: 4}, model.Merge{Row0: 2, Col0: 2, Row1: 3, Col1: 2},
		model.Merge{Row0: 2, Col0: 3, Row1: 2, Col1: 4})
	tb := FromSheet(s)[0]
	wantCols := []string{"STT", "Tỉnh", "DỰ TOÁN / TỔNG SỐ", "DỰ TOÁN / TRONG ĐÓ / VỐN ĐẦU TƯ", "DỰ TOÁN / TRONG ĐÓ / VỐN SỰ NGHIỆP"}
	if !reflect.DeepEqual(tb.Columns, wantCols) || !reflect.DeepEqual(tb.PartOf, []int{-1, -1, -1, 2, 2}) {
		t.Errorf("columns %q part of %v", tb.Columns, tb.PartOf)
	}
}

// TestColumnPartsAddUp: in every Bộ Tài chính table, on every row, the
// parts of a "Tổng số" column add up to it by the rule of Check (exactly,
// within half a unit per figure, or apart by an amount the notes name),
// and the parts of a column under "Trong đó" do not exceed it. The two
// cells where the source disagrees with itself are listed.
func TestColumnPartsAddUp(t *testing.T) {
	dir := needCorpus(t, "xls")
	known := map[string]bool{
		// 42.489.480 (1) + 28.664.265 = 71.153.745: the "(1)" note's
		// 2.640.712 and the 467.511 of "Bổ sung có mục tiêu" without a note.
		"btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls|Tổng Số|Bổ sung từ NSTW cho NSĐP / Tổng số": true,
		// Đắk Lắk's "Tổng số" is 2.734.000 where its parts add up to 3.298.859.
		"btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls|Đắk Lắk|Bổ sung từ NSTW cho NSĐP / Tổng số": true,
	}
	files, _ := filepath.Glob(filepath.Join(dir, "btc_*.xls"))
	relations := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := xls.Read(data)
		if err != nil {
			t.Fatal(err)
		}
		for i := range doc.Sheets {
			for _, tb := range FromSheet(&doc.Sheets[i]) {
				parts := map[int][]int{}
				for c, p := range tb.PartOf {
					if p >= 0 {
						parts[p] = append(parts[p], c)
					}
				}
				for p, cs := range parts {
					relations++
					ofWhich := false
					for _, seg := range strings.Split(fold(tb.Columns[cs[0]]), " / ") {
						ofWhich = ofWhich || ofWhichCol.MatchString(seg)
					}
					for _, r := range tb.Rows {
						if r.Nums[p] == nil {
							continue
						}
						sum, n := Num{}, 0
						for _, c := range cs {
							if r.Nums[c] != nil {
								sum, _ = Add(sum, *r.Nums[c])
								n++
							}
						}
						if known[filepath.Base(f)+"|"+r.Label+"|"+tb.Columns[p]] {
							continue
						}
						diff, _ := Add(*r.Nums[p], Num{-sum.Mant, sum.Scale})
						switch {
						case ofWhich && diff.Mant < 0:
							t.Errorf("%s %s %q: 'of which' parts %s exceed %q %s", filepath.Base(f), tb.Sheet, r.Label, sum, tb.Columns[p], r.Nums[p])
						case !ofWhich && !tb.Agrees(*r.Nums[p], sum, n+1):
							t.Errorf("%s %s %q: parts of %q add up to %s, it says %s", filepath.Base(f), tb.Sheet, r.Label, tb.Columns[p], sum, r.Nums[p])
						}
					}
				}
			}
		}
	}
	if relations < 13 {
		t.Errorf("%d columns with parts, want at least 13", relations)
	}
}

// TestRatioRows: a row naming a ratio or a share holds no money even in a
// table of amounts; its neighbours do.
func TestRatioRows(t *testing.T) {
	s := sheet([][]string{
		{"", "", "Đơn vị: tỷ đồng"},
		{"STT", "Chỉ tiêu", "Dự toán"},
		{"1", "Tổng thu cân đối NSNN", "#595000"},
		{"2", "Bội chi ngân sách nhà nước", "#120600"},
		{"", "Tỷ lệ bội chi so GDP", "#0.053010989010989"},
		{"3", "Tỷ trọng chi đầu tư phát triển (%)", "#25.5"},
		{"", "Chi đầu tư so với tổng chi (%)", "#27.1"},
		{"5", "Hỗ trợ 50% kinh phí cho các xã", "#1000"},
		{"4", "Chi trả nợ lãi", "#86000"},
	})
	tb := FromSheet(s)[0]
	var money []string
	for i := range tb.Rows {
		if tb.RowUnit(&tb.Rows[i], 2).VND != 0 {
			money = append(money, tb.Rows[i].Label)
		}
	}
	if want := []string{"Tổng thu cân đối NSNN", "Bội chi ngân sách nhà nước", "Hỗ trợ 50% kinh phí cho các xã", "Chi trả nợ lãi"}; !reflect.DeepEqual(money, want) {
		t.Errorf("money rows %q, want %q", money, want)
	}
}

// TestNamesMoney: column titles that name money, for a table that states
// no unit; not a rate, not "Gia nhập" (entry), not a count.
func TestNamesMoney(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"Giá thẩm định (CBBS)", true},
		{"Thành tiền", true},
		{"Vốn ĐT", true},
		{"Kinh phí / Tổng số", true},
		{"Dự toán năm 2024", true},
		{"Gia nhập thị trường", false},
		{"Giá điện trung bình trong tỉnh (VNĐ/Kilowat)", false},
		{"Số lượng", false},
		{"Chi phí không chính thức", false},
		{"Tỷ lệ vốn giải ngân (%)", false},
	}
	for _, tt := range tests {
		if got := NamesMoney(tt.header); got != tt.want {
			t.Errorf("NamesMoney(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}
