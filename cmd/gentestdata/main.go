// Command gentestdata writes the project's own fixtures into testdata/corpus:
// a quyết định PDF with a two-column header block and an allocation appendix,
// a công văn PDF, and an allocation workbook (.xlsx) with a merged multi-row
// header, a unit line, region groups and a total row, an appendix printed
// without rules whose years and estimates head sub-columns, and a quyết
// toán workbook in triệu đồng with two decimals (quyettoan.go). The output is
// committed, so tests never need this command's dependencies (fpdf and a
// TrueType font with Vietnamese glyphs: Debian's fonts-liberation or
// fonts-dejavu-core).
//
//	go run ./cmd/gentestdata -out testdata/corpus
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"vanban/extract/vntext"
)

// allocation is one row of the fixtures' allocation tables (triệu đồng).
type allocation struct {
	province string
	invest   int64 // vốn đầu tư
	career   int64 // vốn sự nghiệp
}

type region struct {
	name string
	rows []allocation
}

// Fixture data: kinh phí khuyến công quốc gia năm 2024 (made up for tests).
var regions = []region{
	{"MIỀN NÚI PHÍA BẮC", []allocation{
		{"Hà Giang", 2150, 1830}, {"Lào Cai", 2994, 1047}, {"Điện Biên", 1875, 920},
		{"Thái Nguyên", 3120, 1465},
	}},
	{"ĐỒNG BẰNG SÔNG HỒNG", []allocation{
		{"Hà Nội", 4210, 2380}, {"Hải Phòng", 2760, 1150}, {"Thái Bình", 1980, 870},
	}},
	{"TÂY NGUYÊN", []allocation{
		{"Lâm Đồng", 2460, 1310}, {"Đắk Nông", 1720, 640}, {"Gia Lai", 2050, 990},
	}},
	{"ĐÔNG NAM BỘ", []allocation{
		{"Thành phố Hồ Chí Minh", 3850, 2140}, {"Bà Rịa - Vũng Tàu", 2230, 1080}, {"Bình Thuận", 1940, 760},
	}},
}

func main() {
	out := flag.String("out", "testdata/corpus", "output folder")
	font := flag.String("font", "", "folder with LiberationSerif-{Regular,Bold,Italic}.ttf (found automatically)")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	dir, err := findFonts(*font)
	if err != nil {
		log.Fatal(err)
	}
	steps := []struct {
		name string
		fn   func(string) error
	}{
		{"qd-4768-QD-BCT-khuyen-cong-2024.pdf", func(p string) error { return writeDecision(p, dir) }},
		{"cv-95-UBND-KT-lam-dong.pdf", func(p string) error { return writeDispatch(p, dir) }},
		{"phu-luc-kinh-phi-khuyen-cong-2024.xlsx", writeWorkbook},
		{yearSpanFile, func(p string) error { return writeYearSpan(p, dir) }},
		{"quyet-toan-ngan-sach-2022-trieu-dong.xlsx", writeSettlement},
	}
	for _, s := range steps {
		p := filepath.Join(*out, s.name)
		if err := s.fn(p); err != nil {
			log.Fatalf("%s: %v", s.name, err)
		}
		fmt.Println("wrote", p)
	}
}

func findFonts(dir string) (string, error) {
	cands := []string{dir, "/usr/share/fonts/truetype/liberation"}
	for _, d := range cands {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "LiberationSerif-Regular.ttf")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("no LiberationSerif-Regular.ttf found: apt-get install fonts-liberation, or pass -font DIR")
}

func newPDF(fontDir string) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.SetCreator("vanban gentestdata", true)
	pdf.SetCatalogSort(true)
	// A fixed date keeps the output byte-for-byte reproducible.
	pdf.SetCreationDate(time.Date(2024, 1, 2, 8, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2024, 1, 2, 8, 0, 0, 0, time.UTC))
	for _, f := range [][2]string{{"", "Regular"}, {"B", "Bold"}, {"I", "Italic"}, {"BI", "BoldItalic"}} {
		style, file := f[0], f[1]
		b, err := os.ReadFile(filepath.Join(fontDir, "LiberationSerif-"+file+".ttf"))
		if err != nil {
			log.Fatal(err)
		}
		pdf.AddUTF8FontFromBytes("Times", style, b)
	}
	pdf.SetMargins(30, 20, 15)
	pdf.SetAutoPageBreak(true, 20)
	return pdf
}

// header draws the two-column header block of an official document
// (Nghị định 30/2020/NĐ-CP): organ and number on the left, national motto and
// place-date on the right.
func header(pdf *fpdf.Fpdf, organ []string, number, vv, placeDate string) {
	pdf.AddPage()
	y := 20.0
	leftX, leftW := 15.0, 75.0
	rightX, rightW := 90.0, 110.0
	for i, l := range organ {
		style := "B"
		if i == 0 && len(organ) > 1 {
			style = ""
		}
		pdf.SetFont("Times", style, 12.5)
		pdf.SetXY(leftX, y+float64(i)*6)
		pdf.CellFormat(leftW, 6, l, "", 0, "C", false, 0, "")
	}
	pdf.SetFont("Times", "B", 12.5)
	pdf.SetXY(rightX, y)
	pdf.CellFormat(rightW, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", 0, "C", false, 0, "")
	pdf.SetFont("Times", "B", 13.5)
	pdf.SetXY(rightX, y+6)
	pdf.CellFormat(rightW, 6, "Độc lập - Tự do - Hạnh phúc", "", 0, "C", false, 0, "")
	pdf.Line(rightX+32, y+12.5, rightX+78, y+12.5)
	ny := y + float64(len(organ))*6 + 4
	pdf.Line(leftX+25, ny-3, leftX+50, ny-3)
	pdf.SetFont("Times", "", 13)
	pdf.SetXY(leftX, ny)
	pdf.CellFormat(leftW, 6, "Số: "+number, "", 0, "C", false, 0, "")
	if vv != "" {
		pdf.SetFont("Times", "", 12)
		pdf.SetXY(leftX, ny+6)
		pdf.MultiCell(leftW, 5.5, vv, "", "C", false)
	}
	pdf.SetFont("Times", "I", 13)
	pdf.SetXY(rightX, ny)
	pdf.CellFormat(rightW, 6, placeDate, "", 0, "C", false, 0, "")
	pdf.SetY(ny + 22)
}

func para(pdf *fpdf.Fpdf, style, text string) {
	pdf.SetFont("Times", style, 13)
	pdf.SetX(30)
	pdf.MultiCell(0, 6.5, text, "", "J", false)
	pdf.Ln(1.5)
}

func centered(pdf *fpdf.Fpdf, style string, size float64, text string) {
	pdf.SetFont("Times", style, size)
	pdf.SetX(30)
	pdf.MultiCell(0, 7, text, "", "C", false)
}

func signature(pdf *fpdf.Fpdf, lines []string, name string, recipients []string) {
	pdf.Ln(4)
	y := pdf.GetY()
	pdf.SetFont("Times", "BI", 12)
	pdf.SetXY(30, y)
	pdf.CellFormat(80, 6, "Nơi nhận:", "", 1, "L", false, 0, "")
	pdf.SetFont("Times", "", 11)
	for _, r := range recipients {
		pdf.SetX(30)
		pdf.CellFormat(80, 5, "- "+r, "", 1, "L", false, 0, "")
	}
	pdf.SetFont("Times", "B", 13)
	for i, l := range lines {
		pdf.SetXY(115, y+float64(i)*6)
		pdf.CellFormat(80, 6, l, "", 0, "C", false, 0, "")
	}
	pdf.SetXY(115, y+float64(len(lines))*6+22)
	pdf.CellFormat(80, 6, name, "", 0, "C", false, 0, "")
}

func groupSum(rows []allocation) (inv, car int64) {
	for _, r := range rows {
		inv += r.invest
		car += r.career
	}
	return
}

func writeDecision(path, fontDir string) error {
	pdf := newPDF(fontDir)
	header(pdf, []string{"BỘ CÔNG THƯƠNG"}, "4768/QĐ-BCT", "", "Hà Nội, ngày 27 tháng 12 năm 2023")
	centered(pdf, "B", 14, "QUYẾT ĐỊNH")
	centered(pdf, "B", 14, "Về việc phê duyệt kế hoạch kinh phí khuyến công quốc gia năm 2024")
	pdf.Ln(4)
	centered(pdf, "B", 14, "BỘ TRƯỞNG BỘ CÔNG THƯƠNG")
	pdf.Ln(3)
	para(pdf, "I", "Căn cứ Nghị định số 96/2022/NĐ-CP ngày 29 tháng 11 năm 2022 của Chính phủ quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Công Thương;")
	para(pdf, "I", "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công;")
	para(pdf, "I", "Căn cứ Quyết định số 1881/QĐ-TTg ngày 20 tháng 11 năm 2020 của Thủ tướng Chính phủ phê duyệt Chương trình khuyến công quốc gia giai đoạn 2021-2025;")
	para(pdf, "I", "Theo đề nghị của Cục trưởng Cục Công Thương địa phương.")
	centered(pdf, "B", 14, "QUYẾT ĐỊNH:")
	var inv, car int64
	for _, g := range regions {
		i, c := groupSum(g.rows)
		inv += i
		car += c
	}
	para(pdf, "", fmt.Sprintf("Điều 1. Phê duyệt kế hoạch kinh phí khuyến công quốc gia năm 2024 với tổng kinh phí %s triệu đồng (vốn đầu tư %s triệu đồng, vốn sự nghiệp %s triệu đồng) cho 106 đề án tại 38 địa phương, chi tiết tại Phụ lục kèm theo.", vntext.FormatInt(inv+car), vntext.FormatInt(inv), vntext.FormatInt(car)))
	para(pdf, "", "Điều 2. Mức hỗ trợ cho mỗi cơ sở công nghiệp nông thôn từ 50.000.000 đồng đến 300.000.000 đồng; tỷ lệ giải ngân phấn đấu đạt trên 95% trong năm 2024. Các tỉnh Hà Giang, Lào Cai, Lâm Đồng và Thành phố Hồ Chí Minh báo cáo kết quả trước ngày 15/12/2024.")
	para(pdf, "", "Điều 3. Quyết định này có hiệu lực từ ngày ký. Chánh Văn phòng Bộ, Cục trưởng Cục Công Thương địa phương, Giám đốc Sở Công Thương các tỉnh, thành phố trực thuộc Trung ương chịu trách nhiệm thi hành Quyết định này./.")
	signature(pdf, []string{"KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"}, "Lê Văn Minh",
		[]string{"Như Điều 3;", "Bộ Tài chính;", "Lưu: VT, CTĐP."})

	// Phụ lục: the allocation table, ruled.
	pdf.AddPage()
	centered(pdf, "B", 13, "PHỤ LỤC")
	centered(pdf, "B", 13, "KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG QUỐC GIA NĂM 2024")
	centered(pdf, "I", 12, "(Kèm theo Quyết định số 4768/QĐ-BCT ngày 27 tháng 12 năm 2023 của Bộ trưởng Bộ Công Thương)")
	pdf.SetFont("Times", "I", 12)
	pdf.SetX(30)
	pdf.CellFormat(165, 7, "Đơn vị tính: triệu đồng", "", 1, "R", false, 0, "")
	w := []float64{15, 62, 30, 30, 28}
	pdf.SetFont("Times", "B", 11)
	x0, y0 := 30.0, pdf.GetY()
	// Two header rows: "KINH PHÍ" spans the three amount columns.
	pdf.SetXY(x0, y0)
	pdf.CellFormat(w[0], 14, "STT", "1", 0, "C", false, 0, "")
	pdf.CellFormat(w[1], 14, "Tỉnh, thành phố", "1", 0, "C", false, 0, "")
	pdf.CellFormat(w[2]+w[3]+w[4], 7, "KINH PHÍ", "1", 0, "C", false, 0, "")
	pdf.SetXY(x0+w[0]+w[1], y0+7)
	pdf.CellFormat(w[2], 7, "Tổng số", "1", 0, "C", false, 0, "")
	pdf.CellFormat(w[3], 7, "Vốn đầu tư", "1", 0, "C", false, 0, "")
	pdf.CellFormat(w[4], 7, "Vốn sự nghiệp", "1", 0, "C", false, 0, "")
	pdf.SetXY(x0, y0+14)
	pdf.SetFont("Times", "I", 11)
	for i, s := range []string{"A", "B", "1=2+3", "2", "3"} {
		pdf.CellFormat(w[i], 6, s, "1", 0, "C", false, 0, "")
	}
	pdf.Ln(-1)
	row := func(style string, cells ...string) {
		pdf.SetFont("Times", style, 11)
		pdf.SetX(x0)
		for i, s := range cells {
			align := "R"
			if i == 0 {
				align = "C"
			} else if i == 1 {
				align = "L"
			}
			pdf.CellFormat(w[i], 6.5, s, "1", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
	}
	row("B", "", "TỔNG CỘNG", vntext.FormatInt(inv+car), vntext.FormatInt(inv), vntext.FormatInt(car))
	roman := []string{"I", "II", "III", "IV"}
	n := 0
	for gi, g := range regions {
		gi2, gc := groupSum(g.rows)
		row("B", roman[gi], g.name, vntext.FormatInt(gi2+gc), vntext.FormatInt(gi2), vntext.FormatInt(gc))
		for _, r := range g.rows {
			n++
			row("", fmt.Sprint(n), r.province, vntext.FormatInt(r.invest+r.career), vntext.FormatInt(r.invest), vntext.FormatInt(r.career))
		}
	}
	return pdf.OutputFileAndClose(path)
}

func writeDispatch(path, fontDir string) error {
	pdf := newPDF(fontDir)
	header(pdf, []string{"ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"}, "95/UBND-KT",
		"V/v triển khai kế hoạch kinh phí khuyến công năm 2024", "Lâm Đồng, ngày 15 tháng 8 năm 2025")
	pdf.SetFont("Times", "", 13)
	pdf.SetX(50)
	pdf.CellFormat(0, 7, "Kính gửi: Sở Công Thương; Sở Tài chính; UBND các xã, phường.", "", 1, "L", false, 0, "")
	pdf.Ln(3)
	para(pdf, "", "Thực hiện Quyết định số 4768/QĐ-BCT ngày 27 tháng 12 năm 2023 của Bộ Công Thương về việc phê duyệt kế hoạch kinh phí khuyến công quốc gia năm 2024 và Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh, tỉnh Lâm Đồng (mới) được hợp nhất từ tỉnh Lâm Đồng, tỉnh Đắk Nông và tỉnh Bình Thuận.")
	para(pdf, "", "Tổng kinh phí khuyến công được giao cho ba địa bàn cũ là 181.946,9 triệu đồng, trong đó vốn sự nghiệp khoảng 55,461 tỷ đồng; tỷ lệ giải ngân 6 tháng đầu năm 2025 đạt 42,5%. Hỗ trợ 324 cơ sở công nghiệp nông thôn trên địa bàn.")
	para(pdf, "", "Ủy ban nhân dân tỉnh yêu cầu Sở Công Thương chủ trì, phối hợp với Sở Tài chính rà soát, tổng hợp và báo cáo kết quả thực hiện trước ngày 30/9/2025 theo hướng dẫn tại Công văn số 2775/SNV-CCHC&VTLT ngày 10/11/2025./.")
	signature(pdf, []string{"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"}, "Trần Thị Hòa",
		[]string{"Như trên;", "CT, các PCT UBND tỉnh;", "Lưu: VT, KT."})
	return pdf.OutputFileAndClose(path)
}

func writeWorkbook(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Phụ lục"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Bold: true, Size: 12},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    borders()})
	plain, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12}, Border: borders()})
	num, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12}, NumFmt: 3, Border: borders()})
	numBold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12, Bold: true}, NumFmt: 3, Border: borders()})
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Bold: true, Size: 13},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	italic, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Italic: true, Size: 12},
		Alignment: &excelize.Alignment{Horizontal: "right"}})

	set := func(cell string, v any, style int) {
		f.SetCellValue(sh, cell, v)
		f.SetCellStyle(sh, cell, cell, style)
	}
	f.MergeCell(sh, "A1", "E1")
	set("A1", "PHỤ LỤC: KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG QUỐC GIA NĂM 2024", title)
	f.MergeCell(sh, "A2", "E2")
	set("A2", "(Kèm theo Quyết định số 4768/QĐ-BCT ngày 27/12/2023 của Bộ Công Thương)", title)
	f.MergeCell(sh, "A3", "E3")
	set("A3", "Đơn vị tính: triệu đồng", italic)
	// Header: rows 4–5 merged, "KINH PHÍ" over C4:E4.
	f.MergeCell(sh, "A4", "A5")
	f.MergeCell(sh, "B4", "B5")
	f.MergeCell(sh, "C4", "E4")
	set("A4", "STT", bold)
	set("B4", "TỈNH, THÀNH PHỐ", bold)
	set("C4", "KINH PHÍ", bold)
	set("C5", "TỔNG SỐ", bold)
	set("D5", "VỐN ĐẦU TƯ", bold)
	set("E5", "VỐN SỰ NGHIỆP", bold)
	f.SetCellStyle(sh, "A5", "B5", bold)
	f.SetCellStyle(sh, "D4", "E4", bold)
	for i, s := range []string{"A", "B", "1=2+3", "2", "3"} {
		set(fmt.Sprintf("%c6", 'A'+i), s, bold)
	}
	r := 7
	var inv, car int64
	for _, g := range regions {
		i, c := groupSum(g.rows)
		inv += i
		car += c
	}
	totalRow := r
	set(fmt.Sprintf("A%d", r), "", plain)
	set(fmt.Sprintf("B%d", r), "TỔNG CỘNG", bold)
	set(fmt.Sprintf("C%d", r), inv+car, numBold)
	set(fmt.Sprintf("D%d", r), inv, numBold)
	set(fmt.Sprintf("E%d", r), car, numBold)
	_ = totalRow
	r++
	roman := []string{"I", "II", "III", "IV"}
	n := 0
	for gi, g := range regions {
		gi2, gc := groupSum(g.rows)
		set(fmt.Sprintf("A%d", r), roman[gi], bold)
		set(fmt.Sprintf("B%d", r), g.name, bold)
		set(fmt.Sprintf("C%d", r), gi2+gc, numBold)
		set(fmt.Sprintf("D%d", r), gi2, numBold)
		set(fmt.Sprintf("E%d", r), gc, numBold)
		r++
		for _, a := range g.rows {
			n++
			set(fmt.Sprintf("A%d", r), n, plain)
			set(fmt.Sprintf("B%d", r), a.province, plain)
			// The row total is a formula with its cached value, as Excel saves it.
			f.SetCellFormula(sh, fmt.Sprintf("C%d", r), fmt.Sprintf("D%d+E%d", r, r))
			f.SetCellStyle(sh, fmt.Sprintf("C%d", r), fmt.Sprintf("C%d", r), num)
			set(fmt.Sprintf("D%d", r), a.invest, num)
			set(fmt.Sprintf("E%d", r), a.career, num)
			r++
		}
	}
	f.SetColWidth(sh, "A", "A", 6)
	f.SetColWidth(sh, "B", "B", 30)
	f.SetColWidth(sh, "C", "E", 16)
	return f.SaveAs(path)
}

func borders() []excelize.Border {
	var b []excelize.Border
	for _, t := range []string{"left", "right", "top", "bottom"} {
		b = append(b, excelize.Border{Type: t, Color: "000000", Style: 1})
	}
	return b
}
