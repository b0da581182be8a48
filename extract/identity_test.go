package extract

import (
	"reflect"
	"strings"
	"testing"

	"vanban/model"
)

// docOf builds a one-page document, one Line per text line.
func docOf(lines ...string) *model.Document {
	p := model.Page{Number: 1}
	for _, l := range lines {
		p.Lines = append(p.Lines, model.Line{Text: l})
	}
	return &model.Document{Format: model.FormatPDF, Pages: []model.Page{p}}
}

func TestIdentify(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  Identity
	}{
		{
			name: "separate blocks",
			lines: []string{"ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
				"Số: 329      /BC-UBND", "Lâm Đồng, ngày 19 tháng 12 năm 2025", "BÁO CÁO", "Công tác cải cách hành chính năm 2025", "Kính gửi: Bộ Nội vụ"},
			want: Identity{Number: "329/BC-UBND", Type: "Báo cáo", TypeCode: "BC", Issuer: "Ủy ban nhân dân tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2025-12-19"), Subject: "Công tác cải cách hành chính năm 2025"},
		},
		{
			name: "glued halves",
			lines: []string{"ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH BÌNH THUẬN Độc lập - Tự do - Hạnh phúc",
				"Số: 779 /QĐ-UBND Bình Thuận, ngày 23 tháng 3 năm 2022", "QUYẾT ĐỊNH", "Về việc công nhận Điều lệ", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN", "Căn cứ Luật…"},
			want: Identity{Number: "779/QĐ-UBND", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Ủy ban nhân dân tỉnh Bình Thuận", Place: "Bình Thuận", Date: iso("2022-03-23"), Subject: "Về việc công nhận Điều lệ"},
		},
		{
			name:  "number split over two lines",
			lines: []string{"ỦY BAN NHÂN DÂN", "TỈNH BÌNH THUẬN", "Số: 779", "/QĐ-UBND", "Bình Thuận, ngày 23 tháng 3 năm 2022", "QUYẾT ĐỊNH"},
			want:  Identity{Number: "779/QĐ-UBND", Type: "Quyết định", TypeCode: "QĐ", Place: "Bình Thuận", Date: iso("2022-03-23")},
		},
		{
			name: "công văn with V/v and parent organ",
			lines: []string{"UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 2775/SNV-CCHC&amp;VTLT", "V/v hướng dẫn chấm điểm", "cải cách hành chính năm 2025",
				"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Lâm Đồng, ngày 10 tháng 11 năm 2025", "Kính gửi: Các sở, ngành"},
			want: Identity{Number: "2775/SNV-CCHC&VTLT", Type: "Công văn", Issuer: "Sở Nội vụ tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2025-11-10"), Subject: "hướng dẫn chấm điểm cải cách hành chính năm 2025"},
		},
		{
			name:  "số glued to digits, QD for QĐ",
			lines: []string{"BỘ NỘI VỤ", "số12094/BNV-CCHC", "Hà Nội, ngày 5 tháng 12 năm 2025"},
			want:  Identity{Number: "12094/BNV-CCHC", Type: "Công văn", Issuer: "Bộ Nội vụ", Place: "Hà Nội", Date: iso("2025-12-05")},
		},
		{
			name:  "QD repaired",
			lines: []string{"BỘ TÀI CHÍNH", "Số: 3855 /QD-BTC", "Hà Nội, ngày 24 tháng 11 năm 2006"},
			want:  Identity{Number: "3855/QĐ-BTC", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Bộ Tài chính"},
		},
		{
			name:  "mixed case codes",
			lines: []string{"SỞ Y TẾ", "Số: 12/QYĐ-SYT", "Số: 5/ttr-SYT"},
			want:  Identity{Number: "12/QyĐ-SYT", Type: "Quy định", TypeCode: "QyĐ"},
		},
		{
			name:  "party style",
			lines: []string{"BAN CHẤP HÀNH TRUNG ƯƠNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số: 60-NQ/TW", "Hà Nội, ngày 12 tháng 4 năm 2025", "NGHỊ QUYẾT"},
			want:  Identity{Number: "60-NQ/TW", Type: "Nghị quyết", TypeCode: "NQ", Place: "Hà Nội", Date: iso("2025-04-12")},
		},
		{
			name: "running header and stamp are not the issuer",
			lines: []string{"Ký bởi: Cổng Thông tin điện tử Chính phủ", "Cơ quan: Văn phòng Chính phủ", "Cơ quan phát hành: VĂN PHÒNG CHÍNH PHỦ",
				"CÔNG BÁO/Số 1263 + 1264/Ngày 31-12-2015", "THỦ TƯỚNG CHÍNH PHỦ", "Số: 2319/QĐ-TTg", "Hà Nội, ngày 20 tháng 10 năm 2025", "QUYẾT ĐỊNH"},
			want: Identity{Number: "2319/QĐ-TTg", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Thủ tướng Chính phủ", Place: "Hà Nội", Date: iso("2025-10-20")},
		},
		{
			name:  "Luật số with colon, no type code",
			lines: []string{"QUỐC HỘI", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Luật số: 121/2025/QH15", "Hà Nội, ngày 10 tháng 12 năm 2025", "LUẬT", "HOẠT ĐỘNG GIÁM SÁT", "Căn cứ Hiến pháp"},
			want:  Identity{Number: "121/2025/QH15", Type: "Luật", Issuer: "Quốc hội", Place: "Hà Nội", Date: iso("2025-12-10"), Subject: "HOẠT ĐỘNG GIÁM SÁT"},
		},
		{
			name:  "a cited number in the body is not the number",
			lines: []string{"THÔNG TƯ", "Quy định về phân công", "Căn cứ Bộ luật Tố tụng hình sự số 101/2015/QH13;"},
			want:  Identity{Type: "Thông tư"},
		},
		{
			name:  "Cyrillic look-alikes",
			lines: []string{"CHÍNH PHỦ", "Số: 07/2025/NĐ-СР"},
			want:  Identity{Number: "07/2025/NĐ-CP", Type: "Nghị định", TypeCode: "NĐ", Issuer: "Chính phủ"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Identify(docOf(tc.lines...))
			check := func(field, got, want string) {
				if want != "" && got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("Number", got.Number, tc.want.Number)
			check("Type", got.Type, tc.want.Type)
			check("TypeCode", got.TypeCode, tc.want.TypeCode)
			check("Issuer", got.Issuer, tc.want.Issuer)
			check("Place", got.Place, tc.want.Place)
			check("Date", got.Date.ISO(), tc.want.Date.ISO())
			check("Subject", got.Subject, tc.want.Subject)
			if tc.want.Number == "" && got.Number != "" {
				t.Errorf("Number = %q, want none", got.Number)
			}
		})
	}
}

// TestIdentifySignerAndSignatureDate: the signer comes from the signature
// block; an e-signature's time is never the document's date (a gazette or
// a copy is signed long after), except to fill the illegible day of a
// scan's date when the month and year agree.
func TestIdentifySignerAndSignatureDate(t *testing.T) {
	doc := docOf("SỞ NỘI VỤ", "Số: 181 /BC-SNV", "BÁO CÁO", "Nội dung", "Nơi nhận: KT. GIÁM ĐỐC", "- Như trên; PHÓ GIÁM ĐỐC", "- Lưu: VT.", "Trần Hữu Tuấn")
	doc.Signatures = []model.Signature{{Page: 1, SignedBy: "Sở Nội vụ", Time: "28.11.2025 10:56:02 +07:00"}}
	got := Identify(doc)
	if got.Signer != "Trần Hữu Tuấn" {
		t.Errorf("Signer = %q", got.Signer)
	}
	if !got.Date.IsZero() {
		t.Errorf("Date = %q: a signature's time is not the document's date", got.Date)
	}
	tests := []struct {
		name, sig, date, month, warn string
	}{
		{"same month fills the day", "13.11.2025 16:02:11 +07:00", "2025-11-13", "", "e-signature of the same month"},
		{"another month tells nothing", "02.12.2025 08:00:00 +07:00", "", "2025-11", "only the month"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := docOf("UBND TỈNH LÂM ĐỒNG", "Số: 493/TB-UBND", "Lâm Đồng, ngày  tháng 11 năm 2025", "THÔNG BÁO", "Kết luận của Chủ tịch")
			doc.Pages[0].OCR = true
			doc.Signatures = []model.Signature{{Page: 1, SignedBy: "Ủy ban nhân dân tỉnh Lâm Đồng", Time: tc.sig}}
			got := Identify(doc)
			want := model.FullDay
			if tc.month != "" {
				want = model.MonthOnly
			}
			if got.Date.ISO() != tc.date+tc.month || got.Date.Kind() != want || !strings.Contains(strings.Join(got.Warnings, "|"), tc.warn) {
				t.Errorf("date %q (%v) warnings %q; want %q %q %q", got.Date, got.Date.Kind(), got.Warnings, tc.date, tc.month, tc.warn)
			}
		})
	}
}

func TestIdentifyFileNameFallback(t *testing.T) {
	doc := docOf("VĂN BẢN HỢP NHẤT - VĂN PHÒNG QUỐC HỘI", "LUẬT")
	doc.Name = "congbao_23-VBHN-VPQH_2020_luat.pdf"
	got := Identify(doc)
	if got.Number != "23/VBHN-VPQH" || got.Type != "Văn bản hợp nhất" || got.Issuer != "Văn phòng Quốc hội" {
		t.Errorf("got %+v", got)
	}
	if len(got.Warnings) == 0 || !strings.Contains(got.Warnings[0], "file name") {
		t.Errorf("warnings %v", got.Warnings)
	}
}

func TestIdentifyWorkbook(t *testing.T) {
	// The top cells of a sheet, TCVN3 in a .VnTime font.
	doc := &model.Document{Format: model.FormatXLS, Sheets: []model.Sheet{{
		Name: "Sheet1",
		Rows: [][]model.Cell{
			{{Kind: model.CellString, Text: "Bé Tµi chÝnh", Font: ".VnTime"}},
			{{Kind: model.CellString, Text: "(KÌm theo QuyÕt ®Þnh sè 757/2003/Q§-BTC ngµy 08/04/2003 cña Bé tr\u00adëng Bé Tµi chÝnh)", Font: ".VnTime"}},
		},
	}}}
	got := Identify(doc)
	if got.Issuer != "Bộ Tài chính" {
		t.Errorf("Issuer = %q", got.Issuer)
	}
	if got.Number != "757/2003/QĐ-BTC" || got.Type != "Quyết định" || got.Date.ISO() != "2003-04-08" || len(got.Warnings) == 0 {
		t.Errorf("got %+v: want the number of the decision the sheet is attached to, with a warning", got)
	}
}

func TestOrganCase(t *testing.T) {
	tests := map[string]string{
		"BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG":      "Bộ Nông nghiệp và Môi trường",
		"BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH":   "Bộ Văn hóa, Thể thao và Du lịch",
		"BỘ CÔNG THƯƠNG":                    "Bộ Công Thương",
		"BỘ KHOA HỌC VÀ CÔNG NGHỆ":          "Bộ Khoa học và Công nghệ",
		"ỦY BAN THƯỜNG VỤ QUỐC HỘI":         "Ủy ban Thường vụ Quốc hội",
		"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG":     "Ủy ban nhân dân tỉnh Lâm Đồng",
		"UBND THÀNH PHỐ HỒ CHÍ MINH":        "Ủy ban nhân dân thành phố Hồ Chí Minh",
		"SỞ GIÁO DỤC VÀ ĐÀO TẠO":            "Sở Giáo dục và Đào tạo",
		"NGÂN HÀNG NHÀ NƯỚC VIỆT NAM":       "Ngân hàng Nhà nước Việt Nam",
		"THỦ TƯỚNG CHÍNH PHỦ":               "Thủ tướng Chính phủ",
		"HIỆP HỘI CÔNG CHỨNG VIÊN VIỆT NAM": "Hiệp hội Công chứng viên Việt Nam",
	}
	for in, want := range tests {
		if got := organCase(in); got != want {
			t.Errorf("organCase(%q) = %q, want %q", in, got, want)
		}
	}
	lines := []hline{{text: "ỦY BAN THƯỜNG VỤ"}, {text: "QUỐC HỘI"}}
	if got := issuerFrom(lines); got != "Ủy ban Thường vụ Quốc hội" {
		t.Errorf("issuerFrom = %q", got)
	}
	lines = []hline{{text: "BỘ VĂN HÓA, THỂ THAO"}, {text: "VÀ DU LỊCH"}}
	if got := issuerFrom(lines); got != "Bộ Văn hóa, Thể thao và Du lịch" {
		t.Errorf("issuerFrom = %q", got)
	}
}

func TestIdentifyPlaceHCM(t *testing.T) {
	got := Identify(docOf("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "Số: 12/KH-UBND", "Thành phố Hồ Chí Minh, ngày 3 tháng 1 năm 2024", "KẾ HOẠCH"))
	if got.Place != "Hồ Chí Minh" || got.Date.ISO() != "2024-01-03" || got.Issuer != "Ủy ban nhân dân thành phố Hồ Chí Minh" || got.Type != "Kế hoạch" {
		t.Errorf("got %+v", got)
	}
}

func TestIssuerBilingual(t *testing.T) {
	if got := issuerFrom([]hline{{text: "BỘ TÀI CHÍNH"}, {text: "MINISTRY OF FINANCE"}}); got != "Bộ Tài chính" {
		t.Errorf("issuerFrom = %q", got)
	}
}

func TestIdentifyRightBlockFirst(t *testing.T) {
	got := Identify(docOf("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "Lâm Đồng, ngày 05 tháng 11 năm 2025",
		"UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 181 /BC-SNV", "BÁO CÁO", "Tổng kết thực hiện Quyết định số 787/QĐ-UBND", "Kính gửi: Chủ tịch"))
	want := Identity{Number: "181/BC-SNV", Type: "Báo cáo", TypeCode: "BC", Issuer: "Sở Nội vụ tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2025-11-05"), Subject: "Tổng kết thực hiện Quyết định số 787/QĐ-UBND"}
	got.Warnings = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestIdentifyOCRHeader(t *testing.T) {
	// An OCRed công văn: the number and the day are garbled.
	got := Identify(docOf("BỘCÔNGAN -", "CÔNG AN TỈNH LÂM ĐỒNG", "Số: 4ll2 /CAT-PC04(Đ1)", "CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Lâm Đồng, ngày Ảb tháng 3 năm 2026", "V/v hỗ trợ kinh phí đối với lực", "lượng trực tiếp tham gia", "Kính gửi: Đồng chí Chủ tịch"))
	if got.Type != "Công văn" || got.Date.ISO() != "2026-03" || got.Place != "Lâm Đồng" || got.Subject != "hỗ trợ kinh phí đối với lực lượng trực tiếp tham gia" || got.Issuer != "Công an tỉnh Lâm Đồng" {
		t.Errorf("got %+v", got)
	}
}

// TestNumberFromFileName: a number read from a file name keeps the code
// case as officially written (TTg, not TTG) and Identify warns about it.
func TestNumberFromFileName(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"Thủ tướng decision", "ttg_57-QD-TTg_2010-01_SCAN_watermark-only-text.pdf", "57/QĐ-TTg"},
		{"Thủ tướng in capitals", "57-QD-TTG.pdf", "57/QĐ-TTg"},
		{"Thủ tướng in lower case", "57-qd-ttg.pdf", "57/QĐ-TTg"},
		{"year and decree", "cp_100-2001-ND-CP_dia-gioi-Gia-Lai.pdf", "100/2001/NĐ-CP"},
		{"provincial decision", "binhthuan_779-QD-UBND_dieu-le.pdf", "779/QĐ-UBND"},
		{"no type code", "lamdong_tong-hop-gop-y_666.xlsx", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := numberFromFileName(tc.file); got != tc.want {
				t.Errorf("numberFromFileName(%q) = %q, want %q", tc.file, got, tc.want)
			}
		})
	}
	doc := docOf("Ký bởi: Cổng Thông tin điện tử Chính phủ")
	doc.Name = "ttg_57-QD-TTg_2010-01_SCAN_watermark-only-text.pdf"
	got := Identify(doc)
	if got.Number != "57/QĐ-TTg" || got.Type != "Quyết định" || len(got.Warnings) == 0 || !strings.Contains(got.Warnings[0], "file name") {
		t.Errorf("got %+v: want 57/QĐ-TTg with a file-name warning", got)
	}
}

func TestCanonicalNumberIssuerCase(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"TTG in capitals", "57/QĐ-TTG", "57/QĐ-TTg"},
		{"TTg kept", "2319/QĐ-TTg", "2319/QĐ-TTg"},
		{"other codes untouched", "95/UBND-KT", "95/UBND-KT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CanonicalNumber(tc.in); got != tc.want {
				t.Errorf("CanonicalNumber(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// ocrDoc builds a one-page OCRed document named name.
func ocrDoc(name string, lines ...string) *model.Document {
	d := docOf(lines...)
	d.Name = name
	d.Pages[0].OCR = true
	d.OCR = true
	return d
}

// TestIdentifyOCRNoise: header lines as tesseract read them from the scans
// of the corpus (a few lines each, typed by hand): slips in diacritics,
// lost commas, unreadable handwritten digits. Nothing is invented: a value
// comes from the text or, with a warning, from the file name.
func TestIdentifyOCRNoise(t *testing.T) {
	tests := []struct {
		name     string
		doc      *model.Document
		want     Identity
		warnings []string // substrings, in order
	}{
		{
			name: "công văn, province without its diacritic, digits unreadable",
			doc: ocrDoc("lamdong_CV1413-PC04_ho-tro-kinh-phi_SCAN.pdf", "BỘCÔNGAN -", "CÔNG AN TỈNH LÂM ĐÔNG", "Số: 4ll2 /CAT-PC04(Đ1)",
				"CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự đo - Hạnh phúc", "Lâm Đông, ngày Ảb tháng 3 năm 2026",
				"V/v hỗ trợ kinh phí đối với lực", "lượng trực tiếp tham gia công tác", "Kính gửi: Đồng chí Hồ Văn Mười"),
			want: Identity{Number: "1413/CAT-PC04(Đ1)", Type: "Công văn", Issuer: "Công an tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2026-03"),
				Subject: "hỗ trợ kinh phí đối với lực lượng trực tiếp tham gia công tác"},
			warnings: []string{"only the month", "1413 is taken from the file name"},
		},
		{
			name: "same scan under a name without the number: no number",
			doc: ocrDoc("scan-0001.pdf", "CÔNG AN TỈNH LÂM ĐÔNG", "Số: 4ll2 /CAT-PC04(Đ1)", "Lâm Đông, ngày Ảb tháng 3 năm 2026",
				"V/v hỗ trợ kinh phí"),
			want:     Identity{Type: "Công văn", Issuer: "Công an tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2026-03"), Subject: "hỗ trợ kinh phí"},
			warnings: []string{"only the month"},
		},
		{
			name: "handwritten number misread, title with a slip, date without comma",
			doc: ocrDoc("ttg_57-QD-TTg_2010-01_SCAN_watermark-only-text.pdf", "THỦ TƯỚNG CHÍNH PHỦ CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
				"Độc lập - Tự do - Hạnh phúc", "Số: 37 /QĐ-TTg", "Hà Nội ngày lê tháng 01 năm 2010", "QUYÉT ĐỊNH",
				"Về việc phê duyệt việc triển khai Tùy viên văn hoá", "tại một số địa bàn trọng điểm ở nước ngoài", "THỦ TƯỚNG CHÍNH PHỦ",
				"Căn cứ Luật Tô chức Chính phủ ngày 25 tháng 12 năm 2001;"),
			want: Identity{Number: "57/QĐ-TTg", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Thủ tướng Chính phủ", Place: "Hà Nội", Date: iso("2010-01"),
				Subject: "Về việc phê duyệt việc triển khai Tùy viên văn hoá tại một số địa bàn trọng điểm ở nước ngoài"},
			warnings: []string{"only the month", "37/QĐ-TTg", "57/QĐ-TTg is kept"},
		},
		{
			name: "copy stamp, date with a full stop for the comma, debris under the subject",
			doc: ocrDoc("bca_4214_CTMTQG-ma-tuy_SCAN-signed.pdf", "SAO Y", "BỘ CÔNG AN", "CỘNG HÒA XÃ HỌI CHỦ NGHĨA VIỆT NAM", "Số:4214/BCA-C04",
				"Hà Nội. ngày lé tháng 3 năm 2025", "V/v Triên khai thực hiện Chương trình", "mục tiêu quốc gia phòng, chống ma", "tuý đến năm 2030", "`", "Kính gửi:"),
			want: Identity{Number: "4214/BCA-C04", Type: "Công văn", Issuer: "Bộ Công an", Place: "Hà Nội", Date: iso("2025-03"),
				Subject: "Triên khai thực hiện Chương trình mục tiêu quốc gia phòng, chống ma tuý đến năm 2030"},
			warnings: []string{"only the month"},
		},
		{
			name: "unreadable number and date stay empty",
			doc: ocrDoc("btc_danh-muc-VBQPPL-het-hieu-luc-2010_SCAN_garbage-OCR.pdf", "BỘ TÀI CHÍNH", "Số; f /QĐ-BTC", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
				"Hà Nội, ngày #l tháng ‡ năm 20ÌO", "QUYÉT ĐỊNH", "Về việc công bố Danh mục văn bản quy phạm pháp luật", "BỘ TRƯỞNG BỘ TÀI CHÍNH"),
			want: Identity{Type: "Quyết định", Issuer: "Bộ Tài chính", Subject: "Về việc công bố Danh mục văn bản quy phạm pháp luật"},
		},
		{
			name: "OCR slips in Số and in the date words",
			doc:  ocrDoc("x.pdf", "SỞ NỘI VỤ", "Sô: 181 /BC-SNV", "Lâm Đồng, ngáy 05 thang 11 nam 2025", "BÁO CÁO", "Tổng kết"),
			want: Identity{Number: "181/BC-SNV", Type: "Báo cáo", TypeCode: "BC", Issuer: "Sở Nội vụ", Place: "Lâm Đồng", Date: iso("2025-11-05"), Subject: "Tổng kết"},
		},
		{
			name: "Số with a semicolon",
			doc:  ocrDoc("x.pdf", "BỘ TÀI CHÍNH", "Số; 12/QĐ-BTC", "Hà Nội, ngày 3 tháng 2 năm 2010"),
			want: Identity{Number: "12/QĐ-BTC", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Bộ Tài chính", Place: "Hà Nội", Date: iso("2010-02-03")},
		},
		{
			name: "sô inside a sentence is no label",
			doc:  ocrDoc("x.pdf", "BỘ TÀI CHÍNH", "theo sô 12/QĐ-BTC", "Hà Nội, ngày 3 tháng 2 năm 2010"),
			want: Identity{Issuer: "Bộ Tài chính", Place: "Hà Nội", Date: iso("2010-02-03")},
		},
		{
			name: "full date without comma",
			doc:  ocrDoc("x.pdf", "THỦ TƯỚNG CHÍNH PHỦ", "Số: 57/QĐ-TTg", "Hà Nội ngày 12 tháng 01 năm 2010", "QUYẾT ĐỊNH"),
			want: Identity{Number: "57/QĐ-TTg", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Thủ tướng Chính phủ", Place: "Hà Nội", Date: iso("2010-01-12")},
		},
		{
			name: "city name with lost marks, code letters then digits in the file name",
			doc: ocrDoc("KH-753_khao-sat-hai-long-dich-vu-cong-2026_SCAN.pdf", "BÔ CÔNG THƯƠNG", "CỌNG HÒA XÃ HỌI CHỦ NGHĨA VIỆT NAM",
				"TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG", "THÀNH PHÓ HÒ CHÍ MINH", "Thành phố Hô Chí Minh, ngày khỗ tháng 6 năm 2026", "Số: Á3/KH-DCT",
				"KẾ HOẠCH", "Khảo sát, xác định chỉ số hài lòng của người dân", "đối với dịch vụ giáo dục công năm 2026",
				"Căn cứ Quyết định số2034/QĐ-BGDĐT ngày 13 tháng 7 năm 2023"),
			want: Identity{Number: "753/KH-DCT", Type: "Kế hoạch", TypeCode: "KH", Issuer: "Trường Đại học Công Thương thành phố Hồ Chí Minh", Place: "Hồ Chí Minh", Date: iso("2026-06"),
				Subject: "Khảo sát, xác định chỉ số hài lòng của người dân đối với dịch vụ giáo dục công năm 2026"},
			warnings: []string{"only the month", "753 is taken from the file name"},
		},
		{
			name: "file name digits next to no part of the code: no number",
			doc:  ocrDoc("KH-753_SCAN.pdf", "SỞ NỘI VỤ", "Số: Á3/BC-SNV", "Lâm Đồng, ngày 5 tháng 6 năm 2026", "BÁO CÁO", "Tình hình"),
			want: Identity{Type: "Báo cáo", Issuer: "Sở Nội vụ", Place: "Lâm Đồng", Date: iso("2026-06-05"), Subject: "Tình hình"},
		},
		{
			name: "body sentence is no date line",
			doc:  ocrDoc("y.pdf", "SỞ NỘI VỤ", "Căn cứ Luật ngày 25 tháng 12 năm 2001"),
			want: Identity{Issuer: "Sở Nội vụ"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Identify(tc.doc)
			warns := got.Warnings
			got.Warnings, got.Signer = nil, ""
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			if len(tc.warnings) == 0 && len(warns) > 0 {
				t.Errorf("warnings %q, want none", warns)
			}
			all := strings.Join(warns, " | ")
			for _, w := range tc.warnings {
				if !strings.Contains(all, w) {
					t.Errorf("warnings %q lack %q", warns, w)
				}
			}
		})
	}
}

func TestFixOrganLine(t *testing.T) {
	tests := []struct {
		name, in string
		fuzzy    bool
		want     string
	}{
		{"lost tone mark", "BÔ TÀI CHÍNH", false, "BỘ TÀI CHÍNH"},
		{"glued words and a dash", "BỘCÔNGAN -", false, "BỘ CÔNG AN"},
		{"one wrong letter on an OCR page", "BỘ TÀI CHlNH", true, "BỘ TÀI CHÍNH"},
		{"one wrong letter without OCR: kept", "BỘ TÀI CHlNH", false, "BỘ TÀI CHlNH"},
		{"correct line untouched", "SỞ NỘI VỤ", true, "SỞ NỘI VỤ"},
		{"a title is no organ", "QUYẾT ĐỊNH", true, "QUYẾT ĐỊNH"},
		{"mixed case kept", "Bộ Tài chính", true, "Bộ Tài chính"},
		{"digits kept", "BỘ TÀI CHÍNH 2010", true, "BỘ TÀI CHÍNH 2010"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fixOrganLine(tc.in, tc.fuzzy); got != tc.want {
				t.Errorf("fixOrganLine(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	got := Identify(ocrDoc("x.pdf", "BÔ TÀI CHINH", "Số: 12/QĐ-BTC", "Hà Nội, ngày 3 tháng 2 năm 2010"))
	if got.Issuer != "Bộ Tài chính" {
		t.Errorf("Issuer = %q", got.Issuer)
	}
}

func TestFixPlaceNames(t *testing.T) {
	tests := []struct {
		name, in string
		fuzzy    bool
		want     string
	}{
		{"capitals without a mark", "CÔNG AN TỈNH LÂM ĐÔNG", false, "CÔNG AN TỈNH LÂM ĐỒNG"},
		{"place before a comma", "Lâm Đông, ngày 16 tháng 3", false, "Lâm Đồng, ngày 16 tháng 3"},
		{"city and its prefix", "THÀNH PHÓ HÒ CHÍ MINH", false, "THÀNH PHỐ HỒ CHÍ MINH"},
		{"correct text untouched", "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN", true, "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN"},
		{"one wrong letter on an OCR page", "TỈNH QUẢNG NGÃl", true, "TỈNH QUẢNG NGÃI"},
		{"one wrong letter without OCR: kept", "TỈNH QUẢNG NGÃl", false, "TỈNH QUẢNG NGÃl"},
		{"ambiguous: Binh/Ninh Thuận at one letter", "TỈNH XINH THUẬN", true, "TỈNH XINH THUẬN"},
		{"alias not rewritten to the official name", "Vũng Tàu, ngày 1", true, "Vũng Tàu, ngày 1"},
		{"lower-case words are no names", "lâm đông", true, "lâm đông"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fixPlaceNames(tc.in, tc.fuzzy); got != tc.want {
				t.Errorf("fixPlaceNames(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestIdentifySignerOCR: signers as tesseract read the signature blocks of
// the corpus scans (lines typed by hand).
func TestIdentifySignerOCR(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"rank with an OCR slip before the name", []string{"Nơi nhận:", "- Như kính gửi;", "- Lưu: VT, PC04 (ĐI).", "GIÁM ĐỐC", "Thiến tướng Trương Minh Đương"}, "Trương Minh Đương"},
		{"rank spelled right", []string{"GIÁM ĐỐC", "Đại tá Nguyễn Văn An"}, "Nguyễn Văn An"},
		{"title block lost under a stamp: the name among the recipients", []string{"Nơi nhận:", "- Ban Bí thư Trung ương Đảng;",
			"- Toà án nhân dân tối cao;", "Nguyễn Tấn Dũng", "- Viện Kiểm sát nhân dân tối cao;"}, "Nguyễn Tấn Dũng"},
		{"a recipient is no signer", []string{"Nơi nhận:", "- Nguyễn Văn An;", "- Lưu: VT."}, ""},
		{"a province is no signer", []string{"Nơi nhận:", "- Như trên;", "Cao Bằng"}, ""},
		{"no rank, no name", []string{"GIÁM ĐỐC", "Thiến tướng"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Identify(docOf(tc.lines...)).Signer; got != tc.want {
				t.Errorf("Signer = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestIssuerNotStampOrEnglish: copy stamps, an English name glued in the
// same cell and a table header never end up in the issuer.
func TestIssuerNotStampOrEnglish(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"copy stamp above", []string{"SAO Y BẢN CHÍNH", "BỘ TÀI CHÍNH", "Số: 12/QĐ-BTC", "Hà Nội, ngày 1 tháng 2 năm 2020"}, "Bộ Tài chính"},
		{"copy stamp below", []string{"BỘ TÀI CHÍNH", "SAO Y", "Số: 12/QĐ-BTC", "Hà Nội, ngày 1 tháng 2 năm 2020"}, "Bộ Tài chính"},
		{"English on its own line", []string{"BỘ TÀI CHÍNH", "MINISTRY OF FINANCE", "Số: 12/QĐ-BTC"}, "Bộ Tài chính"},
		{"English glued in one cell", []string{"BỘ TÀI CHÍNH MINISTRY OF FINANCE", "Số: 12/QĐ-BTC"}, "Bộ Tài chính"},
		{"table header first", []string{"Stt", "Tên đơn vị", "Số tiền"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Identify(docOf(tc.lines...)).Issuer; got != tc.want {
				t.Errorf("Issuer = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestIdentifyCatalogTitle: pages saved from a catalogue (vbpl.vn) open
// with the whole title on one line, "<type> số <number> <subject>", and
// carry no official header.
func TestIdentifyCatalogTitle(t *testing.T) {
	text := "Thông tư số 69/2025/TT-BXD Quy định dán nhãn năng lượng đối với các phương tiện\n" +
		"Số hiệu69/2025/TT-BXD\nLoại văn bảnThông tư\nCơ quan ban hànhBộ Xây dựng\n"
	id := IdentifyText(text)
	if id.Number != "69/2025/TT-BXD" || id.Type != "Thông tư" || id.Subject != "Quy định dán nhãn năng lượng đối với các phương tiện" {
		t.Errorf("number %q type %q subject %q", id.Number, id.Type, id.Subject)
	}
	id = IdentifyText("Nghị quyết số 66.15/2026/NQ-CP Về việc ban hành một cơ chế xử lý khó khăn\n")
	if id.Number != "66.15/2026/NQ-CP" || id.Subject != "Về việc ban hành một cơ chế xử lý khó khăn" {
		t.Errorf("numbered series: number %q subject %q", id.Number, id.Subject)
	}
}

// A unit named only by what it is ("VĂN PHÒNG", "BAN TỔ CHỨC", "THANH
// TRA") is named with the organ printed above it; a unit with its own
// name keeps it, with the locality as before.
func TestIssuerBareUnit(t *testing.T) {
	for _, c := range []struct {
		header []string
		want   string
	}{
		{[]string{"BAN CHẤP HÀNH TRUNG ƯƠNG", "VĂN PHÒNG"}, "Văn phòng Trung ương Đảng"},
		{[]string{"ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "VĂN PHÒNG"}, "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng"},
		{[]string{"TỈNH ỦY LÂM ĐỒNG", "BAN TỔ CHỨC"}, "Ban Tổ chức Tỉnh ủy Lâm Đồng"},
		{[]string{"UBND TỈNH LÂM ĐỒNG", "THANH TRA"}, "Thanh tra Ủy ban nhân dân tỉnh Lâm Đồng"},
		{[]string{"UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"}, "Sở Nội vụ tỉnh Lâm Đồng"},
		{[]string{"BỘ TÀI CHÍNH"}, "Bộ Tài chính"},
		{[]string{"VĂN PHÒNG CHÍNH PHỦ"}, "Văn phòng Chính phủ"},
	} {
		lines := append(append([]string{}, c.header...), "Số: 12/HD-VP", "Hà Nội, ngày 3 tháng 4 năm 2018", "HƯỚNG DẪN", "Về một việc")
		if got := Identify(docOf(lines...)).Issuer; got != c.want {
			t.Errorf("%q: issuer %q, want %q", c.header, got, c.want)
		}
	}
}

// iso is a date written as in the record's JSON, for test tables.
func iso(s string) model.Date { return model.MustParseDate(s) }

// A scan's subject is set centred under the title; the body runs to the
// right edge of the text. Where the body opens with no word that says so
// ("Đồng chí Chủ tịch …"), the layout ends the subject.
func TestSubjectEndsWhereBodyRunsFullWidth(t *testing.T) {
	type pl struct {
		text   string
		x0, x1 float64
	}
	page := []pl{
		{"ỦY BAN NHÂN DÂN", 100, 250}, {"TỈNH LÂM ĐỒNG", 120, 230},
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 540}, {"Độc lập - Tự do - Hạnh phúc", 340, 500},
		{"Số: 493/TB-UBND", 110, 240}, {"Lâm Đồng, ngày 13 tháng 11 năm 2025", 330, 540},
		{"THÔNG BÁO", 270, 360},
		{"Kết luận của Chủ tịch UBND tỉnh tại cuộc họp", 160, 470},
		{"về công tác giải phóng mặt bằng", 210, 420},
		{"Đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp với các sở, ngành liên quan về", 120, 540},
		{"công tác giải phóng mặt bằng các dự án trọng điểm trên địa bàn tỉnh, cùng dự", 85, 540},
		{"có các đồng chí lãnh đạo Sở Tài chính, Sở Xây dựng và các địa phương. Sau khi", 85, 540},
		{"nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau", 85, 330},
	}
	p := model.Page{Number: 1, OCR: true}
	for _, l := range page {
		p.Lines = append(p.Lines, model.Line{Text: l.text, X0: l.x0, X1: l.x1})
	}
	id := Identify(&model.Document{Name: "scan.pdf", Format: model.FormatPDF, Pages: []model.Page{p}})
	if want := "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác giải phóng mặt bằng"; id.Subject != want {
		t.Errorf("subject %q\nwant %q", id.Subject, want)
	}
	// Without positions (plain text), the same lines keep the old reading:
	// the layout rule only applies where the layout is known.
	var text []string
	for _, l := range page {
		text = append(text, l.text)
	}
	if got := IdentifyText(strings.Join(text, "\n")); !strings.HasPrefix(got.Subject, "Kết luận của Chủ tịch") {
		t.Errorf("text subject %q", got.Subject)
	}
}
