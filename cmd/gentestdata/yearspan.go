package main

import (
	"fmt"

	"github.com/go-pdf/fpdf"

	"vanban/extract/vntext"
)

// yearSpanFile is an appendix printed without any rules, as budget
// appendices often are. On page 1 the years head their columns (2017 one
// column; 2018 to 2021 three each, over sub-headers wrapped on two lines
// and "Tổng số" centred on their height), and the row of years also holds
// "STT" and "Tỉnh, thành phố". On page 2 "DỰ TOÁN NĂM 2024" heads "TỔNG
// SỐ" and "TRONG ĐÓ", which heads two more, and a unit's name wraps onto a
// second line.
const yearSpanFile = "phu-luc-von-bo-sung-2017-2021.pdf"

// yearRow is one province of the year-span table (triệu đồng): the 2017
// total, then per year 2018–2021 the investment and the recurrent part.
type yearRow struct {
	province string
	y2017    int64
	years    [4][2]int64
}

// Fixture data (made up for tests).
var yearRows = []yearRow{
	{"Sơn La", 412500, [4][2]int64{{215000, 48250}, {230400, 51100}, {241750, 52900}, {256300, 55480}}},
	{"Bắc Kạn", 378900, [4][2]int64{{198600, 40120}, {205300, 43760}, {219800, 45030}, {228450, 47910}}},
	{"Kon Tum", 296400, [4][2]int64{{150750, 36200}, {162300, 38940}, {171080, 40350}, {183600, 42170}}},
	{"Nghệ An", 254100, [4][2]int64{{131200, 29840}, {140050, 31260}, {148930, 33470}, {155620, 34810}}},
	{"Trà Vinh", 301750, [4][2]int64{{160400, 35500}, {169850, 37220}, {176300, 39680}, {188940, 41050}}},
	{"Cà Mau", 612300, [4][2]int64{{305000, 90400}, {322750, 95600}, {341200, 99850}, {359800, 104300}}},
}

// budgetRow is one unit of the estimate table (triệu đồng).
type budgetRow struct {
	unit          []string // name, wrapped
	invest, spend int64
}

var budgetRows = []budgetRow{
	{[]string{"Sở Giáo dục và Đào tạo"}, 125400, 386250},
	{[]string{"Sở Y tế"}, 98300, 241780},
	{[]string{"Ban Quản lý dự án đầu tư xây dựng", "các công trình dân dụng và công nghiệp"}, 412600, 18450},
	{[]string{"Sở Nông nghiệp và Môi trường"}, 76900, 95320},
}

func writeYearSpan(path, fontDir string) error {
	pdf := newPDF(fontDir)
	pdf.SetMargins(12, 15, 12)
	pdf.AddPageFormat("L", fpdf.SizeType{Wd: 210, Ht: 297})
	title := func(lines ...string) {
		for i, l := range lines {
			style := "B"
			if i == len(lines)-1 {
				style = "I"
			}
			pdf.SetFont("Times", style, 12)
			pdf.SetX(12)
			pdf.CellFormat(273, 6, l, "", 1, "C", false, 0, "")
		}
	}
	title("PHỤ LỤC I", "VỐN NGÂN SÁCH TRUNG ƯƠNG BỔ SUNG CHO CÁC ĐỊA PHƯƠNG GIAI ĐOẠN 2017 - 2021",
		"(Kèm theo Quyết định số 1234/QĐ-BTC ngày 15 tháng 3 năm 2022 của Bộ Tài chính)")
	unit := func(x float64) {
		pdf.SetFont("Times", "I", 10)
		pdf.SetX(x)
		pdf.CellFormat(285-x, 6, "Đơn vị: triệu đồng", "", 1, "R", false, 0, "")
	}
	unit(200)
	// Columns: STT, province, 2017, then three per year.
	w := []float64{10, 44, 17}
	for i := 0; i < 12; i++ {
		w = append(w, 17.6)
	}
	xs := []float64{12}
	for _, v := range w {
		xs = append(xs, xs[len(xs)-1]+v)
	}
	const lh = 4.2
	y := pdf.GetY() + 2
	text := func(style string, c0, c1 int, row float64, s, align string) {
		pdf.SetFont("Times", style, 8.5)
		pdf.SetXY(xs[c0], y+row*lh)
		pdf.CellFormat(xs[c1+1]-xs[c0], lh, s, "", 0, align, false, 0, "")
	}
	text("B", 0, 0, 0, "STT", "C")
	text("B", 1, 1, 0, "Tỉnh, thành phố", "C")
	text("B", 2, 2, 0, "2017", "C")
	subs := [][2]string{{"Tổng số", ""}, {"Bổ sung vốn", "đầu tư"}, {"Bổ sung vốn", "sự nghiệp"}}
	for k := 0; k < 4; k++ {
		c0 := 3 + 3*k
		text("B", c0, c0+2, 0, fmt.Sprint(2018+k), "C")
		for i, s := range subs {
			if s[1] == "" {
				// One line, centred on the height of its two-line
				// neighbours, as a word processor prints it.
				text("B", c0+i, c0+i, 1.5, s[0], "C")
				continue
			}
			text("B", c0+i, c0+i, 1, s[0], "C")
			text("B", c0+i, c0+i, 2, s[1], "C")
		}
	}
	y += 3*lh + 2
	row := func(style string, cells []string) {
		for i, s := range cells {
			align := "R"
			switch i {
			case 0:
				align = "C"
			case 1:
				align = "L"
			}
			text(style, i, i, 0, s, align)
		}
		y += lh + 1
	}
	var total yearRow
	for _, r := range yearRows {
		total.y2017 += r.y2017
		for k := range r.years {
			total.years[k][0] += r.years[k][0]
			total.years[k][1] += r.years[k][1]
		}
	}
	cells := func(idx, name string, r yearRow) []string {
		out := []string{idx, name, vntext.FormatInt(r.y2017)}
		for _, v := range r.years {
			out = append(out, vntext.FormatInt(v[0]+v[1]), vntext.FormatInt(v[0]), vntext.FormatInt(v[1]))
		}
		return out
	}
	row("B", cells("", "TỔNG SỐ", total))
	for i, r := range yearRows {
		row("", cells(fmt.Sprint(i+1), r.province, r))
	}

	// Page 2: an estimate whose header has three levels.
	pdf.AddPageFormat("L", fpdf.SizeType{Wd: 210, Ht: 297})
	title("PHỤ LỤC II", "DỰ TOÁN CHI NGÂN SÁCH CỦA CÁC ĐƠN VỊ NĂM 2024",
		"(Kèm theo Quyết định số 1234/QĐ-BTC ngày 15 tháng 3 năm 2022 của Bộ Tài chính)")
	unit(200)
	w = []float64{12, 90, 36, 36, 36, 50}
	xs = []float64{30}
	for _, v := range w {
		xs = append(xs, xs[len(xs)-1]+v)
	}
	y = pdf.GetY() + 2
	text("B", 0, 0, 0, "STT", "C")
	text("B", 1, 1, 0, "Tên đơn vị", "C")
	text("B", 2, 4, 0, "DỰ TOÁN NĂM 2024", "C")
	text("B", 5, 5, 0, "Ghi chú", "C")
	text("B", 2, 2, 1, "TỔNG SỐ", "C")
	text("B", 3, 4, 1, "TRONG ĐÓ", "C")
	text("B", 3, 3, 2, "Chi đầu tư", "C")
	text("B", 3, 3, 3, "phát triển", "C")
	text("B", 4, 4, 2, "Chi thường", "C")
	text("B", 4, 4, 3, "xuyên", "C")
	y += 4*lh + 2
	var inv, spend int64
	for _, r := range budgetRows {
		inv += r.invest
		spend += r.spend
	}
	row("B", []string{"", "TỔNG CỘNG", vntext.FormatInt(inv + spend), vntext.FormatInt(inv), vntext.FormatInt(spend)})
	for i, r := range budgetRows {
		row("", []string{fmt.Sprint(i + 1), r.unit[0], vntext.FormatInt(r.invest + r.spend), vntext.FormatInt(r.invest), vntext.FormatInt(r.spend)})
		for _, more := range r.unit[1:] {
			y -= 1
			text("", 1, 1, 0, more, "L")
			y += lh + 1
		}
	}
	return pdf.OutputFileAndClose(path)
}
