package table

import (
	"context"
	"os"
	"strings"
	"testing"

	"vanban/ingest/pdf"
)

// TestUnruledYearSpans reads the generated appendix printed without rules
// (cmd/gentestdata: phu-luc-von-bo-sung-2017-2021.pdf) cell by cell: years
// heading three sub-columns each (2017 one), sub-headers wrapped on two
// lines, "DỰ TOÁN NĂM 2024" over "TỔNG SỐ" and "TRONG ĐÓ" over two more,
// a unit's name wrapped onto a second line. The row of years is a header,
// never a recipient.
func TestUnruledYearSpans(t *testing.T) {
	data, err := os.ReadFile("../../testdata/corpus/phu-luc-von-bo-sung-2017-2021.pdf")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := pdf.Read(context.Background(), data, pdf.Options{NoOCR: true})
	if err != nil {
		t.Fatal(err)
	}
	tabs := FromPages(doc.Pages)
	years := []string{"STT", "Tỉnh, thành phố", "2017"}
	for _, y := range []string{"2018", "2019", "2020", "2021"} {
		years = append(years, y+" / Tổng số", y+" / Bổ sung vốn đầu tư", y+" / Bổ sung vốn sự nghiệp")
	}
	tests := []struct {
		name    string
		page    int
		columns []string
		amount  []int
		rows    []string // kind | cells
	}{
		{"years over sub-columns", 1, years, []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, []string{
			"total |  | TỔNG SỐ | 2.255.950 | 1.441.260 | 1.160.950 | 280.310 | 1.528.530 | 1.230.650 | 297.880 | 1.610.340 | 1.299.060 | 311.280 | 1.698.430 | 1.372.710 | 325.720",
			"item | 1 | Sơn La | 412.500 | 263.250 | 215.000 | 48.250 | 281.500 | 230.400 | 51.100 | 294.650 | 241.750 | 52.900 | 311.780 | 256.300 | 55.480",
			"item | 2 | Bắc Kạn | 378.900 | 238.720 | 198.600 | 40.120 | 249.060 | 205.300 | 43.760 | 264.830 | 219.800 | 45.030 | 276.360 | 228.450 | 47.910",
			"item | 3 | Kon Tum | 296.400 | 186.950 | 150.750 | 36.200 | 201.240 | 162.300 | 38.940 | 211.430 | 171.080 | 40.350 | 225.770 | 183.600 | 42.170",
			"item | 4 | Nghệ An | 254.100 | 161.040 | 131.200 | 29.840 | 171.310 | 140.050 | 31.260 | 182.400 | 148.930 | 33.470 | 190.430 | 155.620 | 34.810",
			"item | 5 | Trà Vinh | 301.750 | 195.900 | 160.400 | 35.500 | 207.070 | 169.850 | 37.220 | 215.980 | 176.300 | 39.680 | 229.990 | 188.940 | 41.050",
			"item | 6 | Cà Mau | 612.300 | 395.400 | 305.000 | 90.400 | 418.350 | 322.750 | 95.600 | 441.050 | 341.200 | 99.850 | 464.100 | 359.800 | 104.300",
		}},
		{"three header levels, wrapped name", 2, []string{"STT", "Tên đơn vị", "DỰ TOÁN NĂM 2024 / TỔNG SỐ",
			"DỰ TOÁN NĂM 2024 / TRONG ĐÓ / Chi đầu tư phát triển", "DỰ TOÁN NĂM 2024 / TRONG ĐÓ / Chi thường xuyên", "Ghi chú"},
			[]int{2, 3, 4}, []string{
				"total |  | TỔNG CỘNG | 1.455.000 | 713.200 | 741.800 | ",
				"item | 1 | Sở Giáo dục và Đào tạo | 511.650 | 125.400 | 386.250 | ",
				"item | 2 | Sở Y tế | 340.080 | 98.300 | 241.780 | ",
				"item | 3 | Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp | 431.050 | 412.600 | 18.450 | ",
				"item | 4 | Sở Nông nghiệp và Môi trường | 172.220 | 76.900 | 95.320 | ",
			}},
	}
	if len(tabs) != len(tests) {
		t.Fatalf("found %d tables, want %d", len(tabs), len(tests))
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tb := tabs[i]
			if tb.Page != tc.page || tb.Unit.VND != 1_000_000 {
				t.Errorf("page %d unit %+v, want page %d in triệu đồng", tb.Page, tb.Unit, tc.page)
			}
			if strings.Join(tb.Columns, "|") != strings.Join(tc.columns, "|") {
				t.Errorf("columns\n got %q\nwant %q", tb.Columns, tc.columns)
			}
			var amount []int
			for c, a := range tb.Amount {
				if a {
					amount = append(amount, c)
				}
			}
			if len(amount) != len(tc.amount) {
				t.Errorf("amount columns %v, want %v", amount, tc.amount)
			}
			if len(tb.Rows) != len(tc.rows) {
				t.Fatalf("%d rows, want %d", len(tb.Rows), len(tc.rows))
			}
			for r, want := range tc.rows {
				row := tb.Rows[r]
				got := string(row.Kind) + " | " + strings.Join(row.Cells, " | ")
				if got != want {
					t.Errorf("row %d\n got %s\nwant %s", r, got, want)
				}
				// Every printed figure is the exact number.
				for c, cell := range row.Cells {
					if n, ok := ParseNumber(cell); ok && c >= 2 {
						if row.Nums[c] == nil || !Equal(*row.Nums[c], n) {
							t.Errorf("row %d col %d: %q read as %v", r, c, cell, row.Nums[c])
						}
					}
				}
			}
			if w := tb.Check(i + 1); len(w) > 0 {
				t.Errorf("totals do not check: %v", w)
			}
		})
	}
}
