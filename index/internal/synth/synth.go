// Package synth generates a synthetic corpus of realistic Vietnamese
// official documents for index benchmarks: numbers in the official shapes
// (4768/QĐ-BCT, 82/2020/NĐ-CP, 95/UBND-KT), types, issuers, provinces,
// subjects and bodies of about 2 KB, and allocation rows on some documents.
// The same seed gives the same corpus.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"vanban/extract"
	"vanban/model"
)

var provinces = [][2]string{ // as written, post-2025 unit
	{"Hà Giang", "Tuyên Quang"}, {"Tuyên Quang", "Tuyên Quang"}, {"Lào Cai", "Lào Cai"}, {"Yên Bái", "Lào Cai"},
	{"Bắc Kạn", "Thái Nguyên"}, {"Thái Nguyên", "Thái Nguyên"}, {"Lâm Đồng", "Lâm Đồng"}, {"Đắk Nông", "Lâm Đồng"},
	{"Bình Thuận", "Lâm Đồng"}, {"Hà Nội", "Hà Nội"}, {"Hồ Chí Minh", "Hồ Chí Minh"}, {"Bình Dương", "Hồ Chí Minh"},
	{"Bà Rịa - Vũng Tàu", "Hồ Chí Minh"}, {"Đà Nẵng", "Đà Nẵng"}, {"Quảng Nam", "Đà Nẵng"}, {"Nghệ An", "Nghệ An"},
	{"Thanh Hóa", "Thanh Hóa"}, {"Hoà Bình", "Phú Thọ"}, {"Vĩnh Phúc", "Phú Thọ"}, {"Phú Thọ", "Phú Thọ"},
	{"Cần Thơ", "Cần Thơ"}, {"Sóc Trăng", "Cần Thơ"}, {"Hậu Giang", "Cần Thơ"}, {"Kiên Giang", "An Giang"},
	{"An Giang", "An Giang"}, {"Gia Lai", "Gia Lai"}, {"Bình Định", "Gia Lai"}, {"Kon Tum", "Quảng Ngãi"},
	{"Quảng Ngãi", "Quảng Ngãi"}, {"Đắk Lắk", "Đắk Lắk"}, {"Phú Yên", "Đắk Lắk"}, {"Sơn La", "Sơn La"},
	{"Điện Biên", "Điện Biên"}, {"Lai Châu", "Lai Châu"}, {"Cao Bằng", "Cao Bằng"}, {"Lạng Sơn", "Lạng Sơn"},
	{"Quảng Ninh", "Quảng Ninh"}, {"Hải Dương", "Hải Phòng"}, {"Thái Bình", "Hưng Yên"}, {"Nam Định", "Ninh Bình"},
}

var types = []struct{ name, code string }{
	{"Quyết định", "QĐ"}, {"Công văn", ""}, {"Báo cáo", "BC"}, {"Kế hoạch", "KH"}, {"Tờ trình", "TTr"},
	{"Thông báo", "TB"}, {"Hướng dẫn", "HD"}, {"Nghị quyết", "NQ"}, {"Nghị định", "NĐ"}, {"Thông tư", "TT"},
}

var ministries = []struct{ name, code string }{
	{"Bộ Tài chính", "BTC"}, {"Bộ Công Thương", "BCT"}, {"Bộ Nội vụ", "BNV"}, {"Bộ Kế hoạch và Đầu tư", "BKHĐT"},
	{"Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT"}, {"Bộ Giáo dục và Đào tạo", "BGDĐT"}, {"Bộ Y tế", "BYT"},
	{"Bộ Xây dựng", "BXD"}, {"Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH"},
}

var topics = []string{
	"khuyến công", "khuyến nông", "khuyến học", "cải cách hành chính", "chuyển đổi số", "xây dựng nông thôn mới",
	"giảm nghèo bền vững", "phòng, chống thiên tai", "bảo vệ môi trường", "phát triển công nghiệp nông thôn",
	"dự toán ngân sách nhà nước", "phân bổ kinh phí", "đầu tư công trung hạn", "đào tạo nghề cho lao động nông thôn",
	"an toàn thực phẩm", "phòng, chống ma túy", "quản lý đất đai", "thu hút đầu tư", "phát triển du lịch",
	"chỉ số năng lực cạnh tranh cấp tỉnh", "hiện đại hóa hành chính", "bồi dưỡng cán bộ, công chức",
	"hỗ trợ doanh nghiệp nhỏ và vừa", "chương trình mục tiêu quốc gia", "quy hoạch tỉnh", "giao thông nông thôn",
	"nước sạch nông thôn", "y tế cơ sở", "bảo hiểm xã hội", "giáo dục mầm non",
}

var verbs = []string{
	"Phê duyệt", "Ban hành", "Triển khai", "Hướng dẫn thực hiện", "Báo cáo kết quả", "Giao chỉ tiêu",
	"Sửa đổi, bổ sung", "Tăng cường", "Tổ chức thực hiện", "Bổ sung kinh phí",
}

var sentences = []string{
	"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
	"Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015",
	"Theo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số %d/TTr-STC",
	"Các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố chịu trách nhiệm thi hành quyết định này",
	"Kinh phí thực hiện được bố trí từ nguồn ngân sách địa phương và các nguồn vốn hợp pháp khác",
	"Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các cơ quan liên quan tổ chức triển khai",
	"Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh kịp thời về cơ quan thường trực",
	"Tổng kinh phí thực hiện là %d triệu đồng, trong đó ngân sách trung ương hỗ trợ %d triệu đồng",
	"Tỷ lệ giải ngân vốn đầu tư công đạt %d%% kế hoạch được giao",
	"Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước",
	"Nâng cao chất lượng phục vụ người dân và doanh nghiệp, bảo đảm công khai, minh bạch",
	"Thực hiện nghiêm chế độ thông tin, báo cáo định kỳ hằng quý, sáu tháng và năm",
	"Hỗ trợ các cơ sở công nghiệp nông thôn đầu tư máy móc thiết bị, chuyển giao công nghệ",
	"Rà soát, đánh giá kết quả thực hiện và đề xuất giải pháp cho giai đoạn tiếp theo",
	"Ủy ban nhân dân các xã, phường có trách nhiệm tuyên truyền, phổ biến đến người dân",
	"Quyết định này có hiệu lực kể từ ngày ký",
}

// Generator produces records one by one.
type Generator struct {
	r *rand.Rand
	n int
}

// New returns a generator; the same seed gives the same records.
func New(seed uint64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, 0x5eed))}
}

func (g *Generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

// Record returns the next document. About one in ten carries allocation
// rows (one per province) so allocation queries have data.
func (g *Generator) Record() *extract.Record {
	g.n++
	r := g.r
	year := 2015 + r.IntN(12)
	date := model.Date{Year: year, Month: 1 + r.IntN(12), Day: 1 + r.IntN(28)}
	t := types[r.IntN(len(types))]
	p := provinces[r.IntN(len(provinces))]
	var issuer, code string
	num := 1 + r.IntN(5000)
	switch {
	case t.code == "NĐ":
		issuer, code = "Chính phủ", fmt.Sprintf("%d/%d/NĐ-CP", num%400+1, year)
	case t.code == "TT":
		m := ministries[r.IntN(len(ministries))]
		issuer, code = m.name, fmt.Sprintf("%d/%d/TT-%s", num%90+1, year, m.code)
	case r.IntN(3) == 0:
		m := ministries[r.IntN(len(ministries))]
		issuer = m.name
		if t.code == "" {
			code = fmt.Sprintf("%d/%s-KHTC", num, m.code)
		} else {
			code = fmt.Sprintf("%d/%s-%s", num, t.code, m.code)
		}
	default:
		issuer = "Ủy ban nhân dân tỉnh " + p[0]
		if t.code == "" {
			code = fmt.Sprintf("%d/UBND-%s", num, []string{"KT", "VX", "NC", "TH"}[r.IntN(4)])
		} else {
			code = fmt.Sprintf("%d/%s-UBND", num, t.code)
		}
	}
	topic := g.pick(topics)
	subject := fmt.Sprintf("%s %s trên địa bàn tỉnh %s năm %d", g.pick(verbs), topic, p[0], year)
	rec := &extract.Record{
		ID:     fmt.Sprintf("synth%08d", g.n),
		Source: extract.Source{Name: fmt.Sprintf("synth-%08d.pdf", g.n), Format: "pdf", Pages: 2},
		Number: code, Type: t.name, TypeCode: t.code, Issuer: issuer, Date: date, Subject: subject,
		Place:     p[0],
		Provinces: []extract.Province{{Name: p[0], Current: p[1], Count: 1 + r.IntN(9)}},
	}
	if r.IntN(4) == 0 {
		q := provinces[r.IntN(len(provinces))]
		rec.Provinces = append(rec.Provinces, extract.Province{Name: q[0], Current: q[1], Count: 1})
	}
	var body strings.Builder
	body.WriteString(strings.ToUpper(t.name) + "\n" + subject + "\n")
	for body.Len() < 2048 {
		s := g.pick(sentences)
		if strings.Contains(s, "%") {
			s = fmt.Sprintf(s, r.IntN(9000)+100, r.IntN(900)+10)
			s = strings.ReplaceAll(s, "%!(EXTRA int=", "")
			if i := strings.Index(s, "%!"); i >= 0 {
				s = s[:i]
			}
		}
		body.WriteString(s)
		// A real 2 KB text names one or two other programmes, not every one.
		if r.IntN(12) == 0 {
			body.WriteString(" về " + g.pick(topics) + " tại tỉnh " + provinces[r.IntN(len(provinces))][0])
		}
		body.WriteString(".\n")
	}
	rec.Text = body.String()
	amount := int64(r.IntN(90000)+1000) * 1_000_000
	rec.Figures = []extract.Figure{{Kind: "money", Text: fmt.Sprintf("%d triệu đồng", amount/1_000_000), Value: amount, Unit: "VND", Page: 1}}
	if g.n%10 == 0 {
		for i := 0; i < 8; i++ {
			q := provinces[(g.n+i)%len(provinces)]
			rec.Allocations = append(rec.Allocations, extract.Allocation{Recipient: q[0], Province: q[0],
				CurrentProvince: q[1], Column: "Kinh phí " + topic, AmountVND: int64(r.IntN(5000)+1) * 1_000_000, Row: i})
		}
	}
	return rec
}
