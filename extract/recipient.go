package extract

import (
	"regexp"
	"strings"
	"unicode"

	"vanban/extract/vntext"
)

// The kinds of allocation recipient (Allocation.RecipientKind).
const (
	// RecipientProvince is a province or centrally-run city of the
	// gazetteer (pre- or post-2025): "Lâm Đồng", "TP. Hồ Chí Minh".
	RecipientProvince = "province"
	// RecipientUnit is any other body that receives money: a ministry,
	// an agency, a district, a commune, a school, an association, an
	// enterprise ("Bộ Y tế", "Huyện Đức Trọng", "Hội Nông dân Việt Nam").
	RecipientUnit = "unit"
	// RecipientLine is a budget line, not a recipient: a revenue or
	// spending item, a source of funds, a budget code ("Thu nội địa",
	// "Chi thường xuyên", "Chi trả nợ lãi", "Dự phòng", "Khoản 341").
	RecipientLine = "line"
)

// RecipientKinds lists the kinds, in the order pages show them.
var RecipientKinds = []string{RecipientProvince, RecipientUnit, RecipientLine}

// RecipientKind says what an allocation row's label names, the way a clerk
// reads a budget table:
//   - a province of the gazetteer is a province (LookupProvince);
//   - a label that opens with an organisational word (Bộ, Sở, Cục, Ủy ban,
//     Huyện, Xã, Trường, Bệnh viện, Công ty, Hội …) is a unit, even when a
//     budget word follows ("Chi cục Thuế", "Bảo hiểm xã hội Việt Nam (Chi
//     lương hưu…)");
//   - a label that opens with budget vocabulary is a line: revenue and
//     spending (Thu, Chi, Thuế, Phí, Lệ phí, Vay, Trả nợ, Bổ sung, Dự
//     phòng, Viện trợ…), the parts of a budget (Kinh phí, Vốn, Nguồn,
//     Ngân sách, Sự nghiệp, Chương trình, Dự án, Nhiệm vụ, Trong đó…), the
//     budget codes of the Mục lục NSNN (Loại, Khoản, Mục, Tiểu mục,
//     Chương) and tasks (Xây dựng, Đào tạo, Mua sắm, Sửa chữa…);
//   - anything else is a unit: a name the vocabulary does not know is far
//     more often a body than a budget line.
//
// The outline numbering before a label ("I.", "2.", "a)", "1.1", "-", "+")
// is not part of it. Words are compared through vntext.Key, so "Uỷ ban"
// and "Ủy ban", "THU NỘI ĐỊA" and "Thu nội địa" are one.
func RecipientKind(label string) string {
	if _, ok := LookupProvince(label); ok {
		return RecipientProvince
	}
	words := strings.Fields(vntext.Key(stripOutline(label)))
	if len(words) == 0 {
		return RecipientUnit
	}
	if _, ok := LookupProvince(strings.Join(words, " ")); ok {
		return RecipientProvince
	}
	best, kind := 0, ""
	for _, p := range recipientPhrases {
		if n := len(p.words); n > best && hasWordPrefix(words, p.words) {
			best, kind = n, p.kind
		}
	}
	if kind != "" {
		return kind
	}
	return RecipientUnit
}

// hasWordPrefix reports whether words opens with prefix, word by word; a
// word ends at any rune that is not a letter or digit ("Thu," is "thu").
func hasWordPrefix(words, prefix []string) bool {
	if len(words) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		w := strings.TrimFunc(words[i], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w != p {
			return false
		}
	}
	return true
}

// outline is the numbering and bullets before a label: "I.", "II -",
// "2.", "2)", "a)", "1.1.", "1.1 ", "-", "+", "*", "•".
var outline = regexp.MustCompile(`^(?:\s*(?:[-+*•–—·]+|[0-9]+(?:\.[0-9]+)+\.?|(?:[0-9]+|[IVXLivxl]+|[a-zđA-Z])[.)]|[IVXL]+\s+[-–]))+\s*`)

// stripOutline drops the outline numbering and bullets before a label.
func stripOutline(s string) string {
	return outline.ReplaceAllString(strings.TrimSpace(s), "")
}

type recipientPhrase struct {
	words []string
	kind  string
}

// recipientPhrases are the opening words of labels, folded through
// vntext.Key; the longest match decides ("chi cục" is a unit, "chi" a line).
var recipientPhrases = func() []recipientPhrase {
	var out []recipientPhrase
	add := func(kind string, phrases ...string) {
		for _, p := range phrases {
			out = append(out, recipientPhrase{strings.Fields(vntext.Key(p)), kind})
		}
	}
	// Budget lines: revenue, spending, financing, parts and codes of a budget.
	add(RecipientLine,
		"thu", "tổng thu", "số thu", "các khoản thu", "khoản thu", "nguồn thu",
		"chi", "tổng chi", "số chi", "các khoản chi", "khoản chi", "nhiệm vụ chi",
		"thuế", "phí", "lệ phí", "các loại phí", "tiền thuê", "tiền sử dụng", "hoàn thuế",
		"vay", "vay nợ", "trả nợ", "trả lãi", "bội chi", "bù đắp", "tạm ứng", "ứng trước",
		"bổ sung", "dự phòng", "dự trữ", "viện trợ", "kết dư", "chuyển nguồn", "tăng thu", "tiết kiệm",
		"góp vốn", "vốn", "nguồn", "nguồn vốn", "kinh phí", "ngân sách", "nsnn", "nstw", "nsđp",
		"sự nghiệp", "đầu tư", "hỗ trợ", "trợ giá", "trợ cấp", "tiền lương", "lương", "cải cách tiền lương",
		"chương trình", "chương trình mục tiêu", "dự án", "đề án", "nhiệm vụ", "hoạt động",
		"phần", "trong đó", "bao gồm", "gồm", "tổng số", "tổng", "cộng", "còn lại", "khác", "các khoản khác",
		"loại", "khoản", "mục", "tiểu mục", "chương", "nhóm mục", "mã",
		// A task or project is an item of spending too: "Xây dựng Hệ
		// thống …", "Đào tạo chuyên gia …" (the body doing it is named
		// elsewhere, or not at all).
		"xây dựng", "đào tạo", "mua sắm", "sửa chữa", "nâng cấp", "cải tạo", "triển khai", "thực hiện",
		"duy tu", "bảo trì", "tuyên truyền", "nghiên cứu", "điều tra", "khảo sát", "rà soát",
	)
	// Units: bodies of the state, the party, mass organisations,
	// local government, public service units and enterprises.
	add(RecipientUnit,
		"bộ", "bộ chỉ huy", "bộ đội", "ban", "ban quản lý", "bql", "ban chỉ đạo", "ban tổ chức",
		"sở", "cục", "tổng cục", "chi cục", "chi nhánh", "chi hội", "chi bộ", "chi đoàn",
		"ủy ban", "uỷ ban", "ub", "ubnd", "ubtw", "hđnd", "hội đồng", "văn phòng", "vp",
		"thanh tra", "kiểm toán nhà nước", "kho bạc", "tòa án", "toà án", "viện kiểm sát", "công an",
		"quân khu", "quân đoàn", "sư đoàn", "bộ tư lệnh", "cảnh sát", "hải quan", "cảng vụ",
		"bảo hiểm xã hội", "ngân hàng", "quỹ", "kiểm toán",
		"trung ương", "tw", "đảng ủy", "đảng uỷ", "tỉnh ủy", "tỉnh uỷ", "huyện ủy", "huyện uỷ", "thành ủy", "thành uỷ",
		"đoàn", "hội", "tổng hội", "liên hiệp", "liên minh", "liên đoàn", "tổng liên đoàn", "mặt trận",
		"hiệp hội", "câu lạc bộ", "phòng",
		"tỉnh", "thành phố", "tp", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "thôn", "ấp",
		"viện", "học viện", "đại học", "trường", "trường đại học", "bệnh viện", "trung tâm", "trạm", "đài",
		"báo", "tạp chí", "thông tấn xã", "nhà xuất bản", "nhà văn hóa", "nhà văn hoá", "bảo tàng", "thư viện",
		"công ty", "tổng công ty", "tập đoàn", "doanh nghiệp", "hợp tác xã", "htx", "cơ sở", "đơn vị",
		"các bộ", "các cơ quan", "cơ quan", "các đơn vị", "các tỉnh", "các địa phương", "địa phương",
	)
	return out
}()
