package extract

import (
	"reflect"
	"strings"
	"testing"
)

// ocrDocOf is docOf with every page marked OCRed.
func ocrDocOf(lines ...string) *Identity {
	doc := docOf(lines...)
	for i := range doc.Pages {
		doc.Pages[i].OCR = true
	}
	id := Identify(doc)
	return &id
}

// TestIdentifyKinds: the kinds beyond quyết định and công văn, as printed
// (text layer) — each case is a rule a clerk states, built from the header
// shapes of real documents of that kind.
func TestIdentifyKinds(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  Identity
		warn  string // a substring of the warnings, "" for none
	}{
		{
			name: "án lệ: its own number wins over the law it cites; adoption date and body",
			lines: []string{"TÒA ÁN NHÂN DÂN TỐI CAO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
				"ÁN LỆ SỐ 27/2019/AL", "Về hiệu lực của hợp đồng chuyển nhượng quyền sử dụng đất",
				"Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 22 tháng 8 năm 2019 và được công bố theo",
				"Quyết định số 293/QĐ-CA ngày 01 tháng 10 năm 2019 của Chánh án Tòa án nhân dân tối cao.",
				"Nguồn án lệ:", "Quy định của pháp luật liên quan đến án lệ: Điều 106 của Luật Đất đai năm 2003 và",
				"số 23/2003/QH11 ngày 26 tháng 11 năm 2003;"},
			want: Identity{Number: "27/2019/AL", Type: "Án lệ", TypeCode: "AL", Issuer: "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
				Date: iso("2019-08-22"), Subject: "Về hiệu lực của hợp đồng chuyển nhượng quyền sử dụng đất"},
		},
		{
			name: "bộ luật printed in the Công báo: type, subject and adoption date, not the gazette's",
			lines: []string{"CÔNG BÁO/Số 1225 + 1226/Ngày 30-12-2015", "QUỐC HỘI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
				"Độc lập - Tự do - Hạnh phúc", "Bộ luật số: 100/2015/QH13", "BỘ LUẬT", "HÌNH SỰ",
				"Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;", "Quốc hội ban hành Bộ luật hình sự.",
				"Bộ luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 10 thông qua",
				"ngày 27 tháng 11 năm 2015."},
			want: Identity{Number: "100/2015/QH13", Type: "Bộ luật", Issuer: "Quốc hội", Date: iso("2015-11-27"), Subject: "HÌNH SỰ"},
		},
		{
			name: "luật with its name on the title line",
			lines: []string{"QUỐC HỘI", "Luật số: 116/2025/QH15", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "LUẬT AN NINH MẠNG",
				"Căn cứ Hiến pháp;", "Luật này được Quốc hội khóa XV, kỳ họp thứ 10 thông qua ngày 10 tháng 12 năm 2025."},
			want: Identity{Number: "116/2025/QH15", Type: "Luật", Issuer: "Quốc hội", Date: iso("2025-12-10"), Subject: "AN NINH MẠNG"},
		},
		{
			name: "pháp lệnh",
			lines: []string{"ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Pháp lệnh số: 09/2025/UBTVQH15", "Hà Nội, ngày 12 tháng 8 năm 2025",
				"PHÁP LỆNH", "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU", "CỦA PHÁP LỆNH CẢNH SÁT MÔI TRƯỜNG", "Căn cứ Hiến pháp;"},
			want: Identity{Number: "09/2025/UBTVQH15", Type: "Pháp lệnh", Issuer: "Ủy ban Thường vụ Quốc hội", Place: "Hà Nội", Date: iso("2025-08-12"),
				Subject: "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA PHÁP LỆNH CẢNH SÁT MÔI TRƯỜNG"},
		},
		{
			name: "nghị quyết of the Quốc hội: a number with a year is never a công văn",
			lines: []string{"QUỐC HỘI", "Nghị quyết số: 202/2025/QH15", "Hà Nội, ngày 12 tháng 6 năm 2025", "NGHỊ QUYẾT",
				"Về việc sắp xếp đơn vị hành chính cấp tỉnh", "QUỐC HỘI", "Căn cứ Hiến pháp;"},
			want: Identity{Number: "202/2025/QH15", Type: "Nghị quyết", Issuer: "Quốc hội", Place: "Hà Nội", Date: iso("2025-06-12"),
				Subject: "Về việc sắp xếp đơn vị hành chính cấp tỉnh"},
		},
		{
			name: "nghị định: the subject whole across lines and ';'",
			lines: []string{"CHÍNH PHỦ", "Số: 82/2020/NĐ-CP", "Hà Nội, ngày 15 tháng 7 năm 2020", "NGHỊ ĐỊNH",
				"Quy định xử phạt vi phạm hành chính trong lĩnh vực bổ trợ tư pháp; hành chính tư pháp;",
				"hôn nhân và gia đình; thi hành án dân sự; phá sản doanh nghiệp, hợp tác xã", "_______",
				"Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;"},
			want: Identity{Number: "82/2020/NĐ-CP", Type: "Nghị định", TypeCode: "NĐ", Issuer: "Chính phủ", Place: "Hà Nội", Date: iso("2020-07-15"),
				Subject: "Quy định xử phạt vi phạm hành chính trong lĩnh vực bổ trợ tư pháp; hành chính tư pháp; hôn nhân và gia đình; thi hành án dân sự; phá sản doanh nghiệp, hợp tác xã"},
		},
		{
			name: "thông báo: the subject stops where the body starts",
			lines: []string{"ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 493/TB-UBND", "Lâm Đồng, ngày 13 tháng 11 năm 2025", "THÔNG BÁO",
				"Kết luận của Chủ tịch UBND tỉnh tại cuộc họp", "về công tác giải phóng mặt bằng",
				"Ngày 07/11/2025, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp về công tác giải phóng mặt bằng."},
			want: Identity{Number: "493/TB-UBND", Type: "Thông báo", TypeCode: "TB", Issuer: "Ủy ban nhân dân tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2025-11-13"),
				Subject: "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác giải phóng mặt bằng"},
		},
		{
			name: "chỉ thị, công điện, kế hoạch, hướng dẫn, tờ trình by their codes",
			lines: []string{"THỦ TƯỚNG CHÍNH PHỦ", "Số: 05/CĐ-TTg", "Hà Nội, ngày 20 tháng 1 năm 2025", "CÔNG ĐIỆN",
				"Về việc bảo đảm an toàn giao thông dịp Tết", "THỦ TƯỚNG CHÍNH PHỦ điện:"},
			want: Identity{Number: "05/CĐ-TTg", Type: "Công điện", TypeCode: "CĐ", Issuer: "Thủ tướng Chính phủ", Place: "Hà Nội", Date: iso("2025-01-20"),
				Subject: "Về việc bảo đảm an toàn giao thông dịp Tết"},
		},
		{
			name: "an appendix takes its parent's number, type and date, spacing as printed",
			lines: []string{"Phụ lục", "DANH MỤC THỦ TỤC HÀNH CHÍNH", "(Kèm theo Công văn số12094/BNV-CCHC ngày15 / 12/2025 của Bộ Nội vụ)",
				"STT Tên thủ tục Cơ quan thực hiện"},
			want: Identity{Number: "12094/BNV-CCHC", Type: "Công văn", Date: iso("2025-12-15"),
				AttachedTo: &AttachedTo{Number: "12094/BNV-CCHC", Type: "Công văn", Date: iso("2025-12-15")}, Subject: "DANH MỤC THỦ TỤC HÀNH CHÍNH"},
			warn: "attached to",
		},
		{
			name:  "an appendix of a quyết định, glued words",
			lines: []string{"PHỤ LỤC I", "(Ban hành kèm theoQuyết định số 757/2003/QĐ-BTC ngày 08/4/2003 của Bộ trưởng Bộ Tài chính)", "STT Nội dung"},
			want: Identity{Number: "757/2003/QĐ-BTC", Type: "Quyết định", TypeCode: "QĐ", Date: iso("2003-04-08"),
				AttachedTo: &AttachedTo{Number: "757/2003/QĐ-BTC", Type: "Quyết định", Date: iso("2003-04-08")}},
			warn: "attached to",
		},
		{
			name: "a VBHN's preamble cites the amending law; its own number stays",
			lines: []string{"VĂN BẢN HỢP NHẤT - VĂN PHÒNG QUỐC HỘI", "Số: 23/VBHN-VPQH", "LUẬT", "BAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT",
				"Luật số 63/2020/QH14 ngày 18 tháng 6 năm 2020 của Quốc hội sửa đổi, bổ sung", "Căn cứ Hiến pháp;"},
			want: Identity{Number: "23/VBHN-VPQH", Type: "Văn bản hợp nhất", TypeCode: "VBHN", Issuer: "Văn phòng Quốc hội", Subject: "BAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Identify(docOf(tc.lines...))
			warns := strings.Join(got.Warnings, " | ")
			got.Warnings, got.Signer = nil, ""
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			if tc.warn == "" && warns != "" || !strings.Contains(warns, tc.warn) {
				t.Errorf("warnings %q, want %q", warns, tc.warn)
			}
		})
	}
}

// TestIdentifyScanHeader: an OCRed header is read against what it must be:
// issuer codes, place names, the Quốc hiệu; a received stamp is never the
// document's; the signer is read even when OCR splits the name.
func TestIdentifyScanHeader(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  Identity
		warn  string
	}{
		{
			name: "one-letter code slip, place cut short, received stamp, name over two lines",
			lines: []string{"THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
				"CÔNG VĂN", "ĐẾN Số: 215", "Ngày: 18/01/2010", "Chuyển: Vụ KGVX",
				"Số: 64/QĐ-TIg", "Nội, ngày 12 tháng 01 năm 2010", "QUYẾT ĐỊNH",
				"Về việc phê duyệt Đề án phát triển văn hóa", "THỦ TƯỚNG CHÍNH PHỦ", "Căn cứ Luật Tổ chức Chính phủ;",
				"Điều 1. Phê duyệt Đề án.", "Nơi nhận:", "- Như Điều 3;", "THỦ TƯỚNG", "Nguyễn", "Tấn Dũng"},
			want: Identity{Number: "64/QĐ-TTg", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Thủ tướng Chính phủ", Place: "Hà Nội", Date: iso("2010-01-12"),
				Subject: "Về việc phê duyệt Đề án phát triển văn hóa", Signer: "Nguyễn Tấn Dũng"},
			warn: "read as 64/QĐ-TTg",
		},
		{
			name: "Quốc hiệu cut short glued to the issuer; signature title without diacritics",
			lines: []string{"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG CỘNG HÒA XÃ HỘI CHỦ N", "Số: 493/TB-UBND", "Lâm Đồng, ngày 13 tháng 11 năm 2025",
				"THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh", "Sáng ngày 07/11/2025, Chủ tịch UBND tỉnh chủ trì họp.",
				"TL. CHU TICH", "CHANH VAN PHONG", "Trần Văn Hiệp"},
			want: Identity{Number: "493/TB-UBND", Type: "Thông báo", TypeCode: "TB", Issuer: "Ủy ban nhân dân tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2025-11-13"),
				Subject: "Kết luận của Chủ tịch UBND tỉnh", Signer: "Trần Văn Hiệp"},
		},
		{
			name:  "a known code is left alone; an ambiguous slip too",
			lines: []string{"BỘ TÀI CHÍNH", "Số: 12/BTC-NSNN", "Hà Nội, ngày 3 tháng 2 năm 2025", "V/v dự toán"},
			want:  Identity{Number: "12/BTC-NSNN", Type: "Công văn", Issuer: "Bộ Tài chính", Place: "Hà Nội", Date: iso("2025-02-03"), Subject: "dự toán"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := *ocrDocOf(tc.lines...)
			warns := strings.Join(got.Warnings, " | ")
			got.Warnings = nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			if tc.warn == "" && warns != "" || !strings.Contains(warns, tc.warn) {
				t.Errorf("warnings %q, want %q", warns, tc.warn)
			}
		})
	}
}

func TestNearCode(t *testing.T) {
	for in, want := range map[string]string{"TIg": "TTg", "UBNĐ": "UBND", "BT C": "", "BTC": "", "8TC": "BTC", "SNV": "", "XYZ": "", "CF": ""} {
		if got := nearCode(in); got != want {
			t.Errorf("nearCode(%q) = %q, want %q", in, got, want)
		}
	}
}
