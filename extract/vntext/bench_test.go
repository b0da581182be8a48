package vntext

import (
	"strings"
	"testing"
)

// sample1MB is about 1 MB of Vietnamese report text with figures and dates.
var sample1MB = func() string {
	const para = "Thực hiện Quyết định số 787/QĐ-UBND ngày 21/8/2025 của Chủ tịch Ủy ban nhân dân tỉnh Khánh Hoà, " +
		"tổng kinh phí 55,461 tỷ đồng, tỷ lệ giải ngân đạt 85.05%; hỗ trợ từ 1.000.000 đồng đến 3.000.000 đồng cho 324 cơ sở. " +
		"Thừa Thiên Huế &amp; Bà Rịa – Vũng Tàu, ngày 22 tháng 12 năm 2017.\n"
	return strings.Repeat(para, 1<<20/len(para)+1)
}()

func BenchmarkNormalize1MB(b *testing.B) {
	b.SetBytes(int64(len(sample1MB)))
	for b.Loop() {
		Normalize(sample1MB)
	}
}

func BenchmarkFold1MB(b *testing.B) {
	s := NFC(sample1MB)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Fold(s)
	}
}

func BenchmarkFoldRune(b *testing.B) {
	rs := []rune("Thừa Thiên Huế Đắk Lắk Quyết định")
	for b.Loop() {
		for _, r := range rs {
			FoldRune(r)
		}
	}
}

func BenchmarkParseMoney(b *testing.B) {
	for b.Loop() {
		ParseMoney("181.946,9 triệu đồng")
	}
}

// BenchmarkFindDateLong: a 1 MB line with no date must stay linear.
func BenchmarkFindDateLong(b *testing.B) {
	s := strings.Repeat("1/2 ngày tháng ", 1<<20/15)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		FindDate(s, 2025)
	}
}

func BenchmarkDecodeTCVN3(b *testing.B) {
	s := strings.Repeat("Bé Tµi chÝnh QuyÕt ®Þnh ", 1000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		DecodeTCVN3(s, false)
	}
}

func BenchmarkAppendFold1MB(b *testing.B) {
	s := NFC(sample1MB)
	buf := make([]byte, 0, len(s))
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendFold(buf[:0], s)
	}
}
