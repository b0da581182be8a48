package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"vanban/model"
)

func FuzzIdentify(f *testing.F) {
	f.Add("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BÌNH THUẬN Độc lập - Tự do - Hạnh phúc\nSố: 779 /QĐ-UBND Bình Thuận, ngày 23 tháng 3 năm 2022\nQUYẾT ĐỊNH\nVề việc")
	f.Add("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 2775/SNV-CCHC&amp;VTLT\nV/v hướng dẫn\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Hữu Tuấn")
	f.Add("Số: 779\n/QĐ-UBND\nSố: 60-NQ/TW\nsố12094/BNV-CCHC\n(Kèm theo Quyết định số 757/2003/QĐ-BTC ngày 08/04/2003)")
	f.Add("CÔNG BÁO/Số 1263 + 1264/Ngày 31-12-2015\nSố:\n/\n/-\n-NQ/")
	f.Add("CÔNG AN TỈNH LÂM ĐÔNG\nSố: 4ll2 /CAT-PC04(Đ1)\nLâm Đông, ngày Ảb tháng 3 năm 2026\nV/v hỗ trợ\nGIÁM ĐỐC\nThiến tướng Trương Minh Đương\nlamdong_CV1413-PC04_SCAN.pdf")
	f.Add("THÀNH PHÓ HÒ CHÍ MINH\nSố: Á3/KH-DCT\nHà Nội ngày lê tháng 01 năm 2010\nQUYÉT ĐỊNH\nNơi nhận:\nNguyễn Tấn Dũng\nKH-753_57-QD-TTg")
	f.Add("Phụ lục VI\nKẾT QUẢ ĐÁNH GIÁ\nSố: 666/TTr-SNV; 22/12/2025; 18:56:39\nPHỤ LỤC I:\nSTT")
	f.Fuzz(func(t *testing.T, text string) {
		doc := &model.Document{Name: text, Format: model.FormatPDF}
		// Odd lengths take the OCR path (fuzzy place names, file-name digits).
		p := model.Page{Number: 1, OCR: len(text)%2 == 1}
		for _, l := range strings.Split(text, "\n") {
			p.Lines = append(p.Lines, model.Line{Text: l, Words: []model.Word{{Text: l, Font: ".VnTime"}}})
		}
		doc.Pages = append(doc.Pages, p)
		id := Identify(doc)
		for _, s := range []string{id.Number, id.Issuer, id.Place, id.Subject, id.Signer} {
			if utf8.ValidString(text) && !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		_ = IdentifyText(text)
	})
}

func FuzzFindReferences(f *testing.F) {
	f.Add("Quyết định số 2319/QĐ-TTg ngày 20 tháng 10 năm 2025; 60-NQ/TW; 30/2020/NĐ-CP ngày 05/3", "30/2020/NĐ-CP", 2025)
	f.Add("1/2/A 12/2024/ 5-X/Y ngày 99/99", "", 0)
	f.Fuzz(func(t *testing.T, text, self string, year int) {
		seen := map[string]bool{}
		for _, r := range FindReferences(text, self, year) {
			if r.Number == "" || seen[strings.ToLower(r.Number)] {
				t.Fatalf("bad or duplicate reference %+v", r)
			}
			seen[strings.ToLower(r.Number)] = true
		}
	})
}

func FuzzFindFigures(f *testing.F) {
	f.Add("55,461 tỷ đồng; từ 1.000.000 đồng đến 3.000.000 đồng; 85.05%; 324 cơ sở; khoảng 500 trđ")
	f.Add("9.999.999.999.999.999 nghìn tỷ đồng 1,2,3% từ 1 đến 2 đồng")
	f.Fuzz(func(t *testing.T, text string) {
		doc := &model.Document{Format: model.FormatPDF, Pages: []model.Page{{Number: 1, Lines: []model.Line{{Text: text}}}}}
		for _, fig := range FindFigures(doc) {
			if fig.Kind == "money_range" && fig.Value > fig.ValueMax && fig.ValueMax >= 0 && fig.Value >= 0 {
				// a reversed range is written that way; keep it, do not crash
				continue
			}
			if fig.Text == "" || fig.Page != 1 {
				t.Fatalf("bad figure %+v", fig)
			}
		}
	})
}

func FuzzLookupProvince(f *testing.F) {
	for _, s := range []string{"TP. HCM", "Thừa Thiên - Huế", "BÀ RỊA - VŨNG TÀU", "Tỉnh", "(", "Hà Bắc (cũ)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if info, ok := LookupProvince(s); ok && (info.Name == "" || info.CurrentCode == "") {
			t.Fatalf("LookupProvince(%q) = %+v", s, info)
		}
		for _, p := range FindProvinces(s) {
			if p.Count <= 0 {
				t.Fatalf("FindProvinces(%q): %+v", s, p)
			}
		}
	})
}
