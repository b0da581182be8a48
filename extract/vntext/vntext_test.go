package vntext

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"nfd to nfc", norm.NFD.String("Quyết định"), "Quyết định"},
		{"eth to Đ", "\u00d0ồng Nai", "Đồng Nai"},
		{"tone placement kept for display", "Khánh Hoà", "Khánh Hoà"},
		{"entity amp", "2775/SNV-CCHC&amp;VTLT", "2775/SNV-CCHC&VTLT"},
		{"numeric entity", "&#272;&#x1EA1;i", "Đại"},
		{"unknown entity kept", "a &foo; b", "a &foo; b"},
		{"bare ampersand", "A & B", "A & B"},
		{"nbsp and runs", "Số:\u00a0 779  /QĐ", "Số: 779 /QĐ"},
		{"dashes", "Độc lập – Tự do — Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"},
		{"zero width", "Hà\u200b Nội", "Hà Nội"},
		{"lines kept, trimmed", "  a  \n  b ", "a\nb"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Normalize(tc.in); got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeTones(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"old tone hoà", "Khánh Hoà", "Khánh Hòa"},
		{"old tone thuỷ", "thuỷ lợi", "thủy lợi"},
		{"old tone khoẻ", "sức khoẻ", "sức khỏe"},
		{"old tone capitals", "THANH HOÁ", "THANH HÓA"},
		{"uỷ ban", "Uỷ ban nhân dân", "Ủy ban nhân dân"},
		{"quý unchanged", "quý I", "quý I"},
		{"hoàng unchanged", "Hoàng Sa", "Hoàng Sa"},
		{"thuyết unchanged", "thuyết minh", "thuyết minh"},
		{"nguyễn unchanged", "Nguyễn Văn A", "Nguyễn Văn A"},
		{"khuỷu unchanged", "khuỷu tay", "khuỷu tay"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeTones(tc.in); got != tc.want {
				t.Errorf("NormalizeTones(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestKeyEquates(t *testing.T) {
	pairs := [][2]string{
		{"THÀNH PHỐ HOÀ BÌNH", "Thành phố Hòa Bình"},
		{"sức khoẻ", "Sức khỏe"},
		{"Uỷ ban", "ỦY BAN"},
		{"Thừa Thiên Huế", norm.NFD.String("THỪA THIÊN HUẾ")},
		{"CCHC&amp;VTLT", "cchc&vtlt"},
		{"Bà Rịa – Vũng Tàu", "BÀ RỊA - VŨNG TÀU"},
	}
	for _, p := range pairs {
		if Key(p[0]) != Key(p[1]) {
			t.Errorf("Key(%q)=%q != Key(%q)=%q", p[0], Key(p[0]), p[1], Key(p[1]))
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Thừa Thiên Huế", "thua thien hue"},
		{"ĐẮK LẮK", "dak lak"},
		{"Đồng Nai", "dong nai"},
		{norm.NFD.String("Quyết định"), "quyet dinh"},
		{"already ascii", "already ascii"},
		{"ỹ ỵ ự ở ẫ", "y y u o a"},
		{"Ð", "d"},
		{"中文", "中文"},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range tests {
		if got := string(AppendFold([]byte("x:"), tc.in)); got != "x:"+tc.want {
			t.Errorf("AppendFold(%q) = %q, want %q", tc.in, got, "x:"+tc.want)
		}
	}
	if FoldRune('Ạ') != 'a' || FoldRune('\u0301') != 0 || FoldRune('đ') != 'd' {
		t.Error("FoldRune table wrong")
	}
}

// All 134 Vietnamese letters with diacritics (67 lower + 67 upper) fold to
// an ASCII letter.
func TestFoldAllVietnamese(t *testing.T) {
	n := 0
	for r := range toneOf {
		f := FoldRune(r)
		if f < 'a' || f > 'z' {
			t.Errorf("FoldRune(%q) = %q", r, f)
		}
		n++
	}
	if n != 144 { // 12 vowels × 6 tones × 2 cases
		t.Errorf("tone table has %d entries, want 144", n)
	}
}

func TestTCVN3(t *testing.T) {
	// Pairs from Sheet1 / "Sheet1 (2)" of
	// btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls.
	tests := []struct{ in, want string }{
		{"Bé Tµi chÝnh", "Bộ Tài chính"},
		{"QuyÕt ®Þnh", "Quyết định"},
		{"(KÌm theo QuyÕt ®Þnh sè 757/2003/Q§-BTC ngµy 08/04/2003 cña Bé tr\u00adëng Bé Tµi chÝnh)", "(Kèm theo Quyết định số 757/2003/QĐ-BTC ngày 08/04/2003 của Bộ trưởng Bộ Tài chính)"},
		{"§¬n vÞ: TriÖu ®ång.", "Đơn vị: Triệu đồng."},
		{"dù to¸n thu, chi ng©n s¸ch cña c¸c tØnh, thµnh phè trùc thuéc trung \u00ad¬ng n¨m 2003", "dự toán thu, chi ngân sách của các tỉnh, thành phố trực thuộc trung ương năm 2003"},
		{"Thõa thiªn - HuÕ", "Thừa thiên - Huế"},
		{"§µ n½ng", "Đà nẵng"},
		{"B×nh ®Þnh", "Bình định"},
		{"TP. Hå ChÝ Minh", "TP. Hồ Chí Minh"},
		{"Bµ rÞa - Vòng tµu", "Bà rịa - Vũng tàu"},
		{"Tr.®ã: chi c.tr×nh", "Tr.đó: chi c.trình"},
		{"rõng vµ kinh phÝ", "rừng và kinh phí"},
		{"Qu¶ng trÞ", "Quảng trị"},
		{"Hµ tÜnh", "Hà tĩnh"},
	}
	for _, tc := range tests {
		if got := DecodeTCVN3(tc.in, false); got != tc.want {
			t.Errorf("DecodeTCVN3(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if g := GuessLegacy(tc.in); g != TCVN3 {
			t.Errorf("GuessLegacy(%q) = %v, want TCVN3", tc.in, g)
		}
	}
	if got := DecodeTCVN3("Bé tµi chÝnh", true); got != "BỘ TÀI CHÍNH" {
		t.Errorf("capitals: %q", got)
	}
}

// TestTCVN3Table checks every letter: the table and its inverse cover the
// 67 lower-case Vietnamese letters that are not ASCII, plus the 7 capitals.
func TestTCVN3Table(t *testing.T) {
	seen := map[rune]bool{}
	for _, u := range tcvn3 {
		if seen[u] {
			t.Errorf("%q mapped twice", u)
		}
		seen[u] = true
	}
	for r := range toneOf {
		lr := []rune(strings.ToLower(string(r)))[0]
		if lr < 0x80 {
			continue // a e i o u y: ASCII in TCVN3 too
		}
		if !seen[lr] {
			t.Errorf("no TCVN3 code for %q", lr)
		}
	}
	if !seen['đ'] || !seen['Đ'] {
		t.Error("đ/Đ missing")
	}
}

func TestVNI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Vieät Nam", "Việt Nam"},
		{"Boä Taøi chính", "Bộ Tài chính"},
		{"Quyeát ñònh", "Quyết định"},
		{"Thöøa Thieân Hueá", "Thừa Thiên Huế"},
		{"ÑAÉK LAÉK", "ĐẮK LẮK"},
		{"tröôøng", "trường"},
		{"Ñoàng Nai", "Đồng Nai"},
		{"thuûy lôïi", "thủy lợi"},
		{"naêm", "năm"},
		{"Khaùnh Hoøa", "Khánh Hòa"},
		{"Hueá", "Huế"},
		{"tæ", "tỉ"},
		{"kyõ", "kỹ"},
		{"bò", "bị"},
		{"yù kieán", "ý kiến"},
		{"ñaúng", "đẳng"},
		{"nguyeãn", "nguyễn"},
	}
	for _, tc := range tests {
		if got := DecodeVNI(tc.in); got != tc.want {
			t.Errorf("DecodeVNI(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, s := range []string{"Vieät Nam", "Quyeát ñònh soá", "Thöøa Thieân Hueá"} {
		if g := GuessLegacy(s); g != VNI {
			t.Errorf("GuessLegacy(%q) = %v, want VNI", s, g)
		}
	}
	for _, s := range []string{"Quyết định số 12", "Ha Noi", "", "Hà Nội"} {
		if g := GuessLegacy(s); g != Unicode {
			t.Errorf("GuessLegacy(%q) = %v, want Unicode", s, g)
		}
	}
}

func TestFontEncoding(t *testing.T) {
	tests := []struct {
		font string
		want Encoding
	}{
		{".VnTime", TCVN3},
		{".VnTimeH", TCVN3Capitals},
		{".VnArial NarrowH", TCVN3Capitals},
		{".VnArial Narrow", TCVN3},
		{"ABCDEF+.VnTime-Bold", TCVN3},
		{".VnTimeH,Bold", TCVN3Capitals},
		{"VnTime", TCVN3},
		{"VNI-Times", VNI},
		{"VNI-Helve-Condense", VNI},
		{"Times New Roman", Unicode},
		{"TimesNewRomanPSMT", Unicode},
		{"", Unicode},
	}
	for _, tc := range tests {
		if got := FontEncoding(tc.font); got != tc.want {
			t.Errorf("FontEncoding(%q) = %v, want %v", tc.font, got, tc.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in           string
		value, scale int64
		ok           bool
	}{
		{"1.000", 1000, 1, true},
		{"181.946,9", 1819469, 10, true},
		{"55,461", 55461, 1000, true},
		{"85.05", 8505, 100, true},
		{"25,8", 258, 10, true},
		{"2.994.047", 2994047, 1, true},
		{"1,234.5", 12345, 10, true},
		{"1,000,000", 1000000, 1, true},
		{"0.500", 500, 1000, true},
		{"12.500", 12500, 1, true},
		{"3.5", 35, 10, true},
		{"1234.567", 1234567, 1000, true},
		{"-17.870.673", -17870673, 1, true},
		{"1 000 000", 1000000, 1, true},
		{"0", 0, 1, true},
		{"", 0, 0, false},
		{"1.00.0", 0, 0, false},
		{"1,2,3", 0, 0, false},
		{"1.000,5,5", 0, 0, false},
		{"abc", 0, 0, false},
		{"9.223.372.036.854.775.808", 0, 0, false},
		{".5", 0, 0, false},
		{"5.", 0, 0, false},
	}
	for _, tc := range tests {
		v, s, ok := ParseNumber(tc.in)
		if ok != tc.ok || ok && (v != tc.value || s != tc.scale) {
			t.Errorf("ParseNumber(%q) = %d, %d, %v; want %d, %d, %v", tc.in, v, s, ok, tc.value, tc.scale, tc.ok)
		}
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"55,461 tỷ đồng", 55461000000, true},
		{"55,461 tỷ", 55461000000, true},
		{"1.000.000 đồng", 1000000, true},
		{"181.946,9 triệu đồng", 181946900000, true},
		{"2.994.047 triệu đồng", 2994047000000, true},
		{"500 trđ", 500000000, true},
		{"12,5 tr.đ", 12500000, true},
		{"12,5 Tr.đ", 12500000, true},
		{"3 nghìn tỷ đồng", 3000000000000, true},
		{"1,2 ngàn tỷ", 1200000000000, true},
		{"500 nghìn đồng", 500000, true},
		{"250.000đ", 250000, true},
		{"250.000 VNĐ", 250000, true},
		{"250.000 VND", 250000, true},
		{"khoảng 2 tỷ đồng", 2000000000, true},
		{"trên 1.000 tỷ đồng", 1000000000000, true},
		{"0,5 đồng", 1, true},
		{"100 người", 0, false},
		{"đồng", 0, false},
		{"99999999999 nghìn tỷ", 0, false},
	}
	for _, tc := range tests {
		got, ok := ParseMoney(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		docYear int
		want    string
	}{
		{"ngày 22 tháng 12 năm 2017", 0, "2017-12-22"},
		{"22/12/2017", 0, "2017-12-22"},
		{"15 / 12/2025", 0, "2025-12-15"},
		{"ngày15 tháng 3 năm2024", 0, "2024-03-15"},
		{"16-7-2018", 0, "2018-07-16"},
		{"08.04.2003", 0, "2003-04-08"},
		{"ngày 22 tháng 12", 2025, "2025-12-22"},
		{"ngày 05/11", 2025, "2025-11-05"},
		{"ngày 22 tháng 12", 0, ""},
		{"31/02/2020", 0, ""},
		{"29/02/2024", 0, "2024-02-29"},
		{"ngày 32 tháng 1 năm 2020", 0, ""},
		{"Hà Nội", 0, ""},
	}
	for _, tc := range tests {
		d, ok := ParseDate(tc.in, tc.docYear)
		got := ""
		if ok {
			got = d.ISO()
		}
		if got != tc.want {
			t.Errorf("ParseDate(%q, %d) = %q, want %q", tc.in, tc.docYear, got, tc.want)
		}
	}
}

func TestFindDate(t *testing.T) {
	d, _, _, ok := FindDate("Lâm Đồng, ngày 19 tháng 12 năm 2025", 0)
	if !ok || d.ISO() != "2025-12-19" {
		t.Errorf("got %v %v", d, ok)
	}
	// A fraction or a number is not a date.
	if _, _, _, ok := FindDate("tỷ lệ 1/2 số xã", 2025); ok {
		t.Error("1/2 read as a date")
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in       string
		from, to string
	}{
		{"giai đoạn 2021-2025", "2021", "2025"},
		{"giai đoạn 2021 - 2025", "2021", "2025"},
		{"6 tháng đầu năm 2024", "2024-01", "2024-06"},
		{"6 tháng cuối năm 2024", "2024-07", "2024-12"},
		{"quý II năm 2025", "2025-04", "2025-06"},
		{"năm 2024", "2024", "2024"},
	}
	for _, tc := range tests {
		p, ok := ParsePeriod(tc.in, 2025)
		if !ok || p.From.ISO() != tc.from || p.To.ISO() != tc.to {
			t.Errorf("ParsePeriod(%q) = %v..%v %v, want %s..%s", tc.in, p.From.ISO(), p.To.ISO(), ok, tc.from, tc.to)
		}
	}
}

func TestLatinLookalikes(t *testing.T) {
	if got := LatinLookalikes("NĐ-СР"); got != "NĐ-CP" {
		t.Errorf("LatinLookalikes(NĐ-СР) = %q", got)
	}
	cases := []struct{ in, want string }{
		{"06/2026/TT-BTС", "06/2026/TT-BTC"},
		{"Сибирь 06/2026/TT-BTС", "Сибирь 06/2026/TT-BTC"}, // a Russian word stays Russian
		{"quyết định 779", "quyết định 779"},
	}
	for _, c := range cases {
		if got := FixMixedScript(c.in); got != c.want {
			t.Errorf("FixMixedScript(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
