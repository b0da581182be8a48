package extract

import (
	"reflect"
	"strings"
	"testing"

	"vanban/model"
)

// sheetOf builds a one-sheet workbook; each row is its cells' texts ("" for
// an empty cell).
func sheetOf(rows ...[]string) *model.Document {
	s := model.Sheet{Name: "Sheet1"}
	for _, r := range rows {
		var cells []model.Cell
		for _, c := range r {
			cells = append(cells, model.Cell{Kind: model.CellString, Text: c})
		}
		s.Rows = append(s.Rows, cells)
	}
	return &model.Document{Format: model.FormatXLSX, Sheets: []model.Sheet{s}}
}

// TestIdentifyHeaderless: appendices, workbooks and tables have no official
// header; their subject is their own title lines, never a table header
// row, and the issuer stays empty unless an organ line names it.
func TestIdentifyHeaderless(t *testing.T) {
	tests := []struct {
		name string
		doc  *model.Document
		want Identity
		warn string // a substring of the warnings, "" for none
	}{
		{
			name: "appendix sheet with the title on the label line",
			doc: sheetOf([]string{"PHỤ LỤC: KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG QUỐC GIA NĂM 2024"},
				[]string{"(Kèm theo Quyết định số 4768/QĐ-BCT ngày 27/12/2023 của Bộ Công Thương)"}, []string{"Đơn vị tính: triệu đồng"},
				[]string{"STT", "TỈNH, THÀNH PHỐ", "KINH PHÍ"}, []string{"", "", "TỔNG SỐ", "VỐN ĐẦU TƯ"}),
			want: Identity{Number: "4768/QĐ-BCT", Type: "Quyết định", TypeCode: "QĐ", Date: iso("2023-12-27"), AttachedTo: &AttachedTo{Number: "4768/QĐ-BCT", Type: "Quyết định", Date: iso("2023-12-27")}, Subject: "PHỤ LỤC: KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG QUỐC GIA NĂM 2024"},
			warn: "attached to",
		},
		{
			name: "bilingual budget sheet",
			doc: sheetOf([]string{"BỘ TÀI CHÍNH", "", "Phụ lục 09/CKTC-NSNN"}, []string{"MINISTRY OF FINANCE", "", "Table 09/CKTC-NSNN"},
				[]string{"DỰ TOÁN THU, CHI NGÂN SÁCH CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG NĂM 2008"},
				[]string{"PLAN OF REVENUES AND EXPENDITURES OF PROVINCES AND CITIES UNDER THE CENTRAL AUTHORITY FY 2008"},
				[]string{"", "", "Triệu đồng - In millions of dong"}, []string{"STT", "Tỉnh, thành phố", "Tổng thu NSNN"}),
			want: Identity{Type: "Phụ lục", Issuer: "Bộ Tài chính", Subject: "DỰ TOÁN THU, CHI NGÂN SÁCH CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG NĂM 2008"},
		},
		{
			name: "title over two rows, a form number cell beside the organ",
			doc: sheetOf([]string{"BỘ TÀI CHÍNH", "", "Phụ lục số"}, []string{"", "", "09/CKTC-NSNN"},
				[]string{"QUYẾT TOÁN THU, CHI  NGÂN SÁCH CỦA CÁC TỈNH,"}, []string{"THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG NĂM 2006"},
				[]string{"(Kèm theo Quyết định số 1339/QĐ-BTC ngày 12/06/2008"}, []string{"STT", "TÊN TỈNH, THÀNH PHỐ", "TỔNG THU"}),
			want: Identity{Number: "1339/QĐ-BTC", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Bộ Tài chính", Date: iso("2008-06-12"), AttachedTo: &AttachedTo{Number: "1339/QĐ-BTC", Type: "Quyết định", Date: iso("2008-06-12")},
				Subject: "QUYẾT TOÁN THU, CHI NGÂN SÁCH CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG NĂM 2006"},
			warn: "attached to",
		},
		{
			name: "table from the first row: no subject, no issuer",
			doc: sheetOf([]string{"Thứ tự", "Tỉnh", "Gia nhập thị trường", "Tiếp cận đất đai"}, []string{"1", "Hà Nội", "5.2", "6.1"},
				[]string{"2", "Hải Phòng", "5.1", "6.0"}),
			want: Identity{},
		},
		{
			name: "STT header row first: nothing",
			doc:  sheetOf([]string{"STT", "Số Thông báo kết luận", "Số CBBS", "Đơn vị", "Tên Tài sản"}, []string{"1", "", "", "", "Bàn học"}),
			want: Identity{},
		},
		{
			name: "appendix page, label on its own line, numbered section below",
			doc: docOf("Phụ lục VI", "KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH", "TÀI CHÍNH CÔNG NĂM 2025", "I. ĐỐI VỚI CẤP SỞ", "Điểm", "STT",
				"Đơn vị"),
			want: Identity{Type: "Phụ lục", Subject: "KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH TÀI CHÍNH CÔNG NĂM 2025"},
		},
		{
			name: "appendix under the e-signature stamp of its công văn",
			doc: docOf("Số: 2775/SNV-CCHC&amp;VTLT; 10/11/2025; 10:59:46;", "PHỤ LỤC I:",
				"HƯỚNG DẪN CHẤM ĐIỂM XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", "Điểm tự", "Nội dung Tiêu chí/Tiêu chí thành phần"),
			want: Identity{Number: "2775/SNV-CCHC&VTLT", Type: "Công văn", Date: iso("2025-11-10"), AttachedTo: &AttachedTo{Number: "2775/SNV-CCHC&VTLT", Type: "Công văn", Date: iso("2025-11-10")}, Subject: "HƯỚNG DẪN CHẤM ĐIỂM XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"},
			warn: "e-signature stamp",
		},
		{
			name: "research report under its organ and a label",
			doc: docOf("KIỂM TOÁN NHÀ NƯỚC", "ĐỀ TÀI", "NGHIÊN CỨU KHOA HỌC CƠ SỞ NĂM 2023", "GIẢI PHÁP NÂNG CAO CHẤT LƯỢNG KIỂM TOÁN",
				"Chủ nhiệm: Ths. Phạm Tiến Dũng"),
			want: Identity{Issuer: "Kiểm toán Nhà nước", Subject: "NGHIÊN CỨU KHOA HỌC CƠ SỞ NĂM 2023 GIẢI PHÁP NÂNG CAO CHẤT LƯỢNG KIỂM TOÁN"},
		},
		{
			name: "unreadable OCR layer is no title",
			doc:  docOf("AI CFI-NH BAN HANK DA HET HIP LI •C PHAP LUAT", "Thong to 27/2009/TT-BTC"),
			want: Identity{},
		},
		{
			name: "OCRed appendix with debris lines",
			doc:  docOf("-", "Ộ", "Phụ lục số 1", ":", "R", "ĐE CƯƠNG LAM VIỆC VƠI UBND CÁC CÁP VẺ CÔNG TÁC", "PHONG, CHÓNG MA TUY", "1. Tham mưu, xây dựng"),
			want: Identity{Type: "Phụ lục", Subject: "ĐE CƯƠNG LAM VIỆC VƠI UBND CÁC CÁP VẺ CÔNG TÁC PHONG, CHÓNG MA TUY"},
		},
		{
			name: "công văn without V/v: no title taken from caps lines",
			doc:  docOf("UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 12/SNV-VP", "Lâm Đồng, ngày 3 tháng 1 năm 2025", "Kính gửi: Các sở"),
			want: Identity{Number: "12/SNV-VP", Type: "Công văn", Issuer: "Sở Nội vụ tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2025-01-03")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Identify(tc.doc)
			warns := strings.Join(got.Warnings, " | ")
			got.Warnings, got.Signer = nil, ""
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			if tc.warn == "" && warns != "" || !strings.Contains(warns, tc.warn) {
				t.Errorf("warnings %q, want %q", warns, tc.warn)
			}
			for _, bad := range []string{"Stt", "Sao y", "inistry", "Tỉnh, thành phố"} {
				if strings.Contains(got.Issuer, bad) {
					t.Errorf("issuer %q", got.Issuer)
				}
			}
		})
	}
}
