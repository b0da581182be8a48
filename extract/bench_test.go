package extract

import (
	"strings"
	"testing"

	"vanban/model"
)

const benchPara = "Thực hiện Quyết định số 787/QĐ-UBND ngày 21/8/2025 của Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng, " +
	"tổng kinh phí 55,461 tỷ đồng, tỷ lệ giải ngân đạt 85.05%; hỗ trợ từ 1.000.000 đồng đến 3.000.000 đồng cho 324 cơ sở " +
	"tại Bình Thuận, Đắk Nông và TP. Hồ Chí Minh theo Công văn số 2775/SNV-CCHC&amp;VTLT ngày 10/11/2025."

// bench1MB is about 1 MB of text in 40-line pages.
func bench1MB() *model.Document {
	doc := &model.Document{Format: model.FormatPDF}
	n := 1 << 20 / len(benchPara)
	for i := 0; i < n; i += 40 {
		p := model.Page{Number: len(doc.Pages) + 1}
		for j := 0; j < 40 && i+j < n; j++ {
			p.Lines = append(p.Lines, model.Line{Text: benchPara})
		}
		doc.Pages = append(doc.Pages, p)
	}
	return doc
}

func BenchmarkFindFigures1MB(b *testing.B) {
	doc := bench1MB()
	b.SetBytes(1 << 20)
	for b.Loop() {
		FindFigures(doc)
	}
}

func BenchmarkFindReferences1MB(b *testing.B) {
	text := bench1MB().Text()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		FindReferences(text, "", 2025)
	}
}

func BenchmarkFindProvinces1MB(b *testing.B) {
	text := bench1MB().Text()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		FindProvinces(text)
	}
}

func BenchmarkIdentify1MB(b *testing.B) {
	doc := bench1MB()
	b.SetBytes(1 << 20)
	for b.Loop() {
		Identify(doc)
	}
}

// BenchmarkIdentifyOneLongLine: a single 1 MB line repeating the motto and
// "Số:" must stay linear.
func BenchmarkIdentifyOneLongLine(b *testing.B) {
	line := strings.Repeat("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Số: 12 số ", 1<<20/50)
	doc := &model.Document{Format: model.FormatPDF, Pages: []model.Page{{Number: 1, Lines: []model.Line{{Text: line}}}}}
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		Identify(doc)
	}
}

func BenchmarkLookupProvince(b *testing.B) {
	for b.Loop() {
		LookupProvince("BÀ RỊA - VŨNG TÀU")
	}
}
