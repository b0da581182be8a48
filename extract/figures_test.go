package extract

import (
	"testing"

	"vanban/model"
)

func TestFindFigures(t *testing.T) {
	text := "Tổng kinh phí 55,461 tỷ đồng, trong đó ngân sách tỉnh khoảng 181.946,9 triệu đồng. " +
		"Mức phạt từ 1.000.000 đồng đến 3.000.000 đồng. Tỷ lệ đạt 85.05% và 25,8%. " +
		"Có 324 cơ sở và hơn 106 đề án; năm 2025 xã mới. Hỗ trợ 500 trđ, 12,5 tr.đ và 2.994.047 triệu đồng. " +
		"Quyết định số 2319/QĐ-TTg ngày 20/10/2025; 3 tỷ USD không phải đồng."
	doc := &model.Document{Format: model.FormatPDF, Pages: []model.Page{{Number: 2, Lines: []model.Line{{Text: text}}}}}
	got := FindFigures(doc)
	want := []Figure{
		{Kind: "money", Text: "55,461 tỷ đồng", Value: 55461000000, Unit: "VND", Page: 2},
		{Kind: "money", Text: "181.946,9 triệu đồng", Value: 181946900000, Unit: "VND", Page: 2, Qualifier: "khoảng"},
		{Kind: "money_range", Text: "từ 1.000.000 đồng đến 3.000.000 đồng", Value: 1000000, ValueMax: 3000000, Unit: "VND", Page: 2},
		{Kind: "percent", Text: "85.05%", Value: 8505, Scale: 100, Unit: "%", Page: 2},
		{Kind: "percent", Text: "25,8%", Value: 258, Scale: 10, Unit: "%", Page: 2},
		{Kind: "count", Text: "324 cơ sở", Value: 324, Scale: 1, Unit: "cơ sở", Page: 2},
		{Kind: "count", Text: "106 đề án", Value: 106, Scale: 1, Unit: "đề án", Page: 2, Qualifier: "hơn"},
		{Kind: "money", Text: "500 trđ", Value: 500000000, Unit: "VND", Page: 2},
		{Kind: "money", Text: "12,5 tr.đ", Value: 12500000, Unit: "VND", Page: 2},
		{Kind: "money", Text: "2.994.047 triệu đồng", Value: 2994047000000, Unit: "VND", Page: 2},
	}
	if len(got) != len(want) {
		for _, f := range got {
			t.Logf("%+v", f)
		}
		t.Fatalf("got %d figures, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("figure %d = %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestFindReferences(t *testing.T) {
	text := "Căn cứ Quyết định số 2319/QĐ-TTg ngày 20 tháng 10 năm 2025 của Thủ tướng; Công văn số 4625/BNV-CCHC ngày 02/7/2025; " +
		"Nghị định 30/2020/NĐ-CP; Nghị quyết số 60-NQ/TW; Công văn số 2775/SNV-CCHC&amp;VTLT ngày 10/11; " +
		"Quyết định số 2319/QĐ-TTg (nhắc lại); Báo cáo số 181 /BC-SNV của Sở; ngày 21/8/2025 không phải số; tỷ lệ 1/2. " +
		"Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15; Nghị quyết số 66.7/2025/NQ-CP ngày 15/11/2025; Thông tư số 06/2026/TT-BTС;"
	got := FindReferences(text, "181/BC-SNV", 2025)
	want := []Reference{
		{Number: "2319/QĐ-TTg", Type: "Quyết định", Date: iso("2025-10-20")},
		{Number: "4625/BNV-CCHC", Type: "Công văn", Date: iso("2025-07-02")},
		{Number: "30/2020/NĐ-CP", Type: "Nghị định"},
		{Number: "60-NQ/TW", Type: "Nghị quyết"},
		{Number: "2775/SNV-CCHC&VTLT", Type: "Công văn", Date: iso("2025-11-10")},
		{Number: "63/2025/QH15", Type: "Luật"},
		{Number: "66.7/2025/NQ-CP", Type: "Nghị quyết", Date: iso("2025-11-15")},
		{Number: "06/2026/TT-BTC", Type: "Thông tư"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ref %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestFindFiguresWrapped: a figure wrapped over lines or spaced by layout
// keeps its value and page but its text is on one line with single spaces;
// a place name (Đồng Nai) or a list item "đ)" on the next line is no money.
func TestFindFiguresWrapped(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []Figure
	}{
		{"count wrapped", []string{"hỗ trợ 106", "đề án khuyến công"},
			[]Figure{{Kind: "count", Text: "106 đề án", Value: 106, Scale: 1, Unit: "đề án", Page: 3}}},
		{"range wrapped", []string{"mức hỗ trợ từ 50.000.000 đồng đến", "300.000.000 đồng/đề án"},
			[]Figure{{Kind: "money_range", Text: "từ 50.000.000 đồng đến 300.000.000 đồng", Value: 50000000, ValueMax: 300000000, Unit: "VND", Page: 3}}},
		{"runs of spaces", []string{"tổng cộng 2.500   triệu    đồng"},
			[]Figure{{Kind: "money", Text: "2.500 triệu đồng", Value: 2500000000, Unit: "VND", Page: 3}}},
		{"percent wrapped", []string{"giảm 0,75", "% so với năm trước"},
			[]Figure{{Kind: "percent", Text: "0,75 %", Value: 75, Scale: 100, Unit: "%", Page: 3}}},
		{"province after a row number", []string{"9", "Đồng Nai", "225"}, nil},
		{"place on the same line", []string{"9 Đồng Tháp"}, nil},
		{"list item đ) after a footnote", []string{"góp ý;", "13", "đ) Dự kiến đề cương"}, nil},
		{"đồng in lower case still money", []string{"500", "đồng"},
			[]Figure{{Kind: "money", Text: "500 đồng", Value: 500, Unit: "VND", Page: 3}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ls []model.Line
			for _, l := range tc.lines {
				ls = append(ls, model.Line{Text: l})
			}
			doc := &model.Document{Format: model.FormatPDF, Pages: []model.Page{{Number: 3, Lines: ls}}}
			got := FindFigures(doc)
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range tc.want {
				if got[i] != tc.want[i] {
					t.Errorf("figure %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestFindReferencesOCR: numbers as OCR and hurried typing leave them.
func TestFindReferencesOCR(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Reference
	}{
		{"số glued to the digits", "Căn cứ Quyết định số2034/QĐ-BGDĐT ngày 13 tháng 7 năm 2023 của Bộ",
			[]Reference{{Number: "2034/QĐ-BGDĐT", Type: "Quyết định", Date: iso("2023-07-13")}}},
		{"doubled hyphen", "Căn cứ Quyết định số 196/2007/QĐ--TTg ngày 28 tháng 12 năm 2007",
			[]Reference{{Number: "196/2007/QĐ-TTg", Type: "Quyết định", Date: iso("2007-12-28")}}},
		{"letters glued otherwise are a word", "mã ABC12/QĐ-X không phải số", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := FindReferences(tc.text, "", 0)
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range tc.want {
				if got[i] != tc.want[i] {
					t.Errorf("ref %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestFiguresAddressesAreNotCounts: the numbers of an address ("khóm 3
// phường 2", "tổ 5", "Quận 3") count nothing.
func TestFiguresAddressesAreNotCounts(t *testing.T) {
	tests := []struct {
		text  string
		count string // the count's text, "" for none
	}{
		{"Trụ sở tại khóm 3 phường 2 thành phố Sóc Trăng.", ""},
		{"Hộ ông A ở tổ 5 xã Phước Hòa.", ""},
		{"Địa chỉ: 12 phường 4, Quận 3.", ""},
		{"Toàn tỉnh có 3 phường và 12 xã.", "3 phường"},
		{"Đã hỗ trợ 324 cơ sở.", "324 cơ sở"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			doc := docOf(tc.text)
			got := ""
			for _, f := range FindFigures(doc) {
				if f.Kind == "count" {
					got = f.Text
					break
				}
			}
			if got != tc.count {
				t.Errorf("count %q, want %q", got, tc.count)
			}
		})
	}
}
