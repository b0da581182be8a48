package main

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The quyết toán workbook: amounts in triệu đồng with two decimals, as the
// Bộ Tài chính prints settled accounts. Its figures are exact decimals
// (strings here, summed with math/big), written as numbers or, on rows
// pasted from a PDF, as text ("7.631.364,02").

// qtProvince is one row of the per-province sheet: chi đầu tư phát triển
// and chi thường xuyên (triệu đồng, exact decimals), a percentage and a
// count.
type qtProvince struct {
	name, invest, recurrent string
	percent                 string // "Tỷ lệ so với dự toán (%)"
	units                   int    // "Số đơn vị dự toán"
	asText                  bool   // figures typed as text
}

type qtRegion struct {
	name string
	rows []qtProvince
}

var qtRegions = []qtRegion{
	{"TRUNG DU VÀ MIỀN NÚI PHÍA BẮC", []qtProvince{
		{"Hà Giang", "2345678.45", "5285685.57", "101.25", 412, false},
		{"Yên Bái", "3120450.1", "6004210.35", "98.7", 388, true},
		{"Điện Biên", "1875300.05", "4310999.95", "100", 365, false},
	}},
	{"ĐỒNG BẰNG SÔNG HỒNG", []qtProvince{
		{"Hà Nội", "45210330.75", "68950120.4", "104.1", 1250, false},
		{"Hải Phòng", "12760045.33", "15150600.12", "99.35", 530, false},
		{"Thái Bình", "3980010.01", "7870200.09", "97.05", 470, true},
	}},
	{"ĐỒNG BẰNG SÔNG CỬU LONG", []qtProvince{
		{"Cần Thơ", "4460120.64", "6310050.36", "102.8", 402, false},
		// Chi thường xuyên computed by a formula (a third of a sum):
		// more decimals stored than the two shown, not whole đồng.
		{"Cà Mau", "2720640.88", "5640310.2666667", "100.5", 398, false},
	}},
}

// qtMinistry is one row of the per-ministry sheet (triệu đồng).
type qtMinistry struct {
	name, plan, settled, percent string
	units                        int
}

var qtMinistries = []qtMinistry{
	{"Bộ Quốc phòng", "95430210.5", "96012300.25", "100.61", 214},
	{"Bộ Công an", "81250000", "80990145.75", "99.68", 187},
	{"Bộ Giáo dục và Đào tạo", "7631364.02", "7412050.4", "97.13", 63},
	{"Bộ Y tế", "9870120.3", "10020500.05", "101.52", 48},
	{"Văn phòng Quốc hội", "1650300.15", "1598760.8", "96.88", 12},
}

// qtPlan is the dự toán sheet: one money column, a roman and letter
// numbering written as text, so that its first rows hold a single figure
// each (they were once taken for the header).
var qtPlan = []struct{ index, name, amount string }{
	{"A", "TỔNG CHI CÂN ĐỐI NSTW", "1212179.5"},
	{"I", "Chi đầu tư phát triển", "902030"},
	{"1", "Chi đầu tư cho các dự án", "707780"},
	{"2", "Chi đầu tư và hỗ trợ vốn cho doanh nghiệp", "194250"},
	{"II", "Chi thường xuyên", "310149.5"},
	{"1", "Chi quốc phòng", "180400.25"},
	{"2", "Chi an ninh và trật tự an toàn xã hội", "129749.25"},
}

// dec adds exact decimals given as strings.
func dec(xs ...string) string {
	sum := new(big.Rat)
	for _, x := range xs {
		r, ok := new(big.Rat).SetString(x)
		if !ok {
			panic("bad decimal " + x)
		}
		sum.Add(sum, r)
	}
	s := sum.FloatString(10)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// number is the float64 Excel stores for an exact decimal string.
func number(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return f
}

// printed writes a decimal the Vietnamese way with two decimals
// ("7.631.364,02"), as a clerk types it.
func printed(s string) string {
	r, _ := new(big.Rat).SetString(s)
	t := r.FloatString(2)
	ip, fp, _ := strings.Cut(t, ".")
	var b strings.Builder
	for i, c := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String() + "," + fp
}

func writeSettlement(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	font := func(bold, italic bool) *excelize.Font {
		return &excelize.Font{Family: "Times New Roman", Size: 12, Bold: bold, Italic: italic}
	}
	hdr, _ := f.NewStyle(&excelize.Style{Font: font(true, false), Border: borders(),
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	plain, _ := f.NewStyle(&excelize.Style{Font: font(false, false), Border: borders()})
	bold, _ := f.NewStyle(&excelize.Style{Font: font(true, false), Border: borders()})
	money, _ := f.NewStyle(&excelize.Style{Font: font(false, false), Border: borders(), NumFmt: 4}) // #,##0.00
	moneyBold, _ := f.NewStyle(&excelize.Style{Font: font(true, false), Border: borders(), NumFmt: 4})
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 13, Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	unit, _ := f.NewStyle(&excelize.Style{Font: font(false, true), Alignment: &excelize.Alignment{Horizontal: "right"}})

	set := func(sh, cell string, v any, style int) {
		f.SetCellValue(sh, cell, v)
		f.SetCellStyle(sh, cell, cell, style)
	}
	at := func(col byte, row int) string { return fmt.Sprintf("%c%d", col, row) }

	// Sheet 1: by province, region subtotals, a column-number row.
	sh := "Theo tỉnh"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	set(sh, "A1", "BỘ TÀI CHÍNH", title)
	f.MergeCell(sh, "A2", "G2")
	set(sh, "A2", "QUYẾT TOÁN CHI NGÂN SÁCH ĐỊA PHƯƠNG NĂM 2022", title)
	set(sh, "G3", "Triệu đồng", unit)
	f.MergeCell(sh, "A4", "A5")
	f.MergeCell(sh, "B4", "B5")
	f.MergeCell(sh, "C4", "E4")
	f.MergeCell(sh, "F4", "F5")
	f.MergeCell(sh, "G4", "G5")
	set(sh, "A4", "STT", hdr)
	set(sh, "B4", "Tỉnh, thành phố", hdr)
	set(sh, "C4", "Quyết toán chi NSĐP", hdr)
	set(sh, "C5", "Tổng số", hdr)
	set(sh, "D5", "Chi đầu tư phát triển", hdr)
	set(sh, "E5", "Chi thường xuyên", hdr)
	set(sh, "F4", "Tỷ lệ so với dự toán (%)", hdr)
	set(sh, "G4", "Số đơn vị dự toán", hdr)
	f.SetCellStyle(sh, "A5", "B5", hdr)
	f.SetCellStyle(sh, "D4", "E4", hdr)
	f.SetCellStyle(sh, "F5", "G5", hdr)
	for i, s := range []string{"A", "B", "1=2+3", "2", "3", "4", "5"} {
		set(sh, at('A'+byte(i), 6), s, hdr)
	}
	var allInv, allRec []string
	units := 0
	for _, g := range qtRegions {
		for _, p := range g.rows {
			allInv = append(allInv, p.invest)
			allRec = append(allRec, p.recurrent)
			units += p.units
		}
	}
	r := 7
	figures := func(row int, inv, rec string, style int, asText bool) {
		for i, v := range []string{dec(inv, rec), inv, rec} {
			if asText {
				set(sh, at('C'+byte(i), row), printed(v), style)
			} else {
				set(sh, at('C'+byte(i), row), number(v), style)
			}
		}
	}
	set(sh, at('A', r), "", bold)
	set(sh, at('B', r), "TỔNG SỐ", bold)
	figures(r, dec(allInv...), dec(allRec...), moneyBold, false)
	set(sh, at('G', r), units, bold)
	r++
	n := 0
	for gi, g := range qtRegions {
		var inv, rec []string
		gu := 0
		for _, p := range g.rows {
			inv = append(inv, p.invest)
			rec = append(rec, p.recurrent)
			gu += p.units
		}
		set(sh, at('A', r), []string{"I", "II", "III"}[gi], bold)
		set(sh, at('B', r), g.name, bold)
		figures(r, dec(inv...), dec(rec...), moneyBold, false)
		set(sh, at('G', r), gu, bold)
		r++
		for _, p := range g.rows {
			n++
			set(sh, at('A', r), n, plain)
			set(sh, at('B', r), p.name, plain)
			figures(r, p.invest, p.recurrent, money, p.asText)
			set(sh, at('F', r), number(p.percent), money)
			set(sh, at('G', r), p.units, plain)
			r++
		}
	}
	f.SetColWidth(sh, "B", "B", 34)
	f.SetColWidth(sh, "C", "G", 18)

	// Sheet 2: by ministry; the unit line reads only "Triệu đồng".
	sh = "Theo bộ"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	f.MergeCell(sh, "A1", "F1")
	set(sh, "A1", "QUYẾT TOÁN CHI NGÂN SÁCH TRUNG ƯƠNG THEO BỘ, CƠ QUAN NĂM 2022", title)
	set(sh, "F2", "Triệu đồng", unit)
	for i, s := range []string{"STT", "Bộ, cơ quan trung ương", "Dự toán", "Quyết toán", "Tỷ lệ thực hiện (%)", "Số đơn vị trực thuộc"} {
		set(sh, at('A'+byte(i), 3), s, hdr)
	}
	var plans, settled []string
	units = 0
	for _, m := range qtMinistries {
		plans = append(plans, m.plan)
		settled = append(settled, m.settled)
		units += m.units
	}
	set(sh, "A4", "", bold)
	set(sh, "B4", "Tổng cộng", bold)
	set(sh, "C4", number(dec(plans...)), moneyBold)
	set(sh, "D4", number(dec(settled...)), moneyBold)
	set(sh, "F4", units, bold)
	for i, m := range qtMinistries {
		row := 5 + i
		set(sh, at('A', row), i+1, plain)
		set(sh, at('B', row), m.name, plain)
		set(sh, at('C', row), number(m.plan), money)
		set(sh, at('D', row), number(m.settled), money)
		set(sh, at('E', row), number(m.percent), money)
		set(sh, at('F', row), m.units, plain)
	}
	f.SetColWidth(sh, "B", "B", 34)
	f.SetColWidth(sh, "C", "F", 18)

	// Sheet 3: dự toán with one money column under a two-row header and
	// numbering written as text.
	sh = "Dự toán"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	f.MergeCell(sh, "A1", "C1")
	set(sh, "A1", "DỰ TOÁN CHI NGÂN SÁCH TRUNG ƯƠNG NĂM 2017", title)
	set(sh, "C2", "Đơn vị: Tỷ đồng", unit)
	f.MergeCell(sh, "A3", "A4")
	f.MergeCell(sh, "B3", "B4")
	set(sh, "A3", "STT", hdr)
	set(sh, "B3", "Nội dung", hdr)
	set(sh, "C3", "Số tiền", hdr)
	set(sh, "C4", "Dự toán năm 2017", hdr)
	f.SetCellStyle(sh, "A4", "B4", hdr)
	for i, p := range qtPlan {
		row := 5 + i
		f.SetCellStr(sh, at('A', row), p.index) // "1", "2" typed as text
		f.SetCellStyle(sh, at('A', row), at('A', row), plain)
		set(sh, at('B', row), p.name, plain)
		set(sh, at('C', row), number(p.amount), money)
	}
	f.SetColWidth(sh, "B", "B", 44)
	f.SetColWidth(sh, "C", "C", 18)
	return f.SaveAs(path)
}
