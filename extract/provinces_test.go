package extract

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vanban/extract/internal/provgen"
	"vanban/extract/vntext"
)

func TestLookupProvince(t *testing.T) {
	tests := []struct {
		in                 string
		name, code         string
		current, currentCo string
	}{
		{"Lâm Đồng", "Lâm Đồng", "68", "Lâm Đồng", "68"},
		{"BÌNH THUẬN", "Bình Thuận", "60", "Lâm Đồng", "68"},
		{"Tỉnh Đắk Nông", "Đắk Nông", "67", "Lâm Đồng", "68"},
		{"Đắc Lắc", "Đắk Lắk", "66", "Đắk Lắk", "66"},
		{"TP. HCM", "Hồ Chí Minh", "79", "Hồ Chí Minh", "79"},
		{"TP.Hồ Chí Minh", "Hồ Chí Minh", "79", "Hồ Chí Minh", "79"},
		{"Thành phố Hồ Chí Minh", "Hồ Chí Minh", "79", "Hồ Chí Minh", "79"},
		{"BÀ RỊA - VŨNG TÀU", "Bà Rịa - Vũng Tàu", "77", "Hồ Chí Minh", "79"},
		{"Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu", "77", "Hồ Chí Minh", "79"},
		{"Thừa Thiên Huế", "Thừa Thiên Huế", "46", "Huế", "46"},
		{"Huế", "Huế", "46", "Huế", "46"},
		{"Thái\nNguyên", "Thái Nguyên", "19", "Thái Nguyên", "19"},
		{"Thành phố\nHồ Chí\nMinh", "Hồ Chí Minh", "79", "Hồ Chí Minh", "79"},
		{"ha noi", "Hà Nội", "01", "Hà Nội", "01"},
		{"Tp Cần Thơ", "Cần Thơ", "92", "Cần Thơ", "92"},
		{"Hoà Bình", "Hòa Bình", "17", "Phú Thọ", "25"},
		{norm.NFD.String("Hòa Bình"), "Hòa Bình", "17", "Phú Thọ", "25"},
		{"Khánh Hoà", "Khánh Hòa", "56", "Khánh Hòa", "56"},
		{"Hà Tây", "Hà Tây", "", "Hà Nội", "01"},
		{"Kon Tum", "Kon Tum", "62", "Quảng Ngãi", "51"},
		{"Hậu Giang", "Hậu Giang", "93", "Cần Thơ", "92"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := LookupProvince(tc.in)
			want := ProvinceInfo{tc.name, tc.code, tc.current, tc.currentCo}
			if !ok || got != want {
				t.Errorf("LookupProvince(%q) = %+v, %v; want %+v", tc.in, got, ok, want)
			}
		})
	}
	for _, s := range []string{"", "Việt Nam", "Nguyễn Văn A", "Tỉnh", "Thành phố"} {
		if got, ok := LookupProvince(s); ok {
			t.Errorf("LookupProvince(%q) = %+v, want no match", s, got)
		}
	}
}

func TestProvinceTables(t *testing.T) {
	if len(provincesOld) != 63 || len(provincesNew) != 34 {
		t.Fatalf("%d old, %d new", len(provincesOld), len(provincesNew))
	}
	seen := map[string]bool{}
	for _, r := range provincesOld {
		info, ok := LookupProvince(r.Name)
		if !ok || info.Code != r.Code || info.CurrentCode != r.Current {
			t.Errorf("old %s %s: lookup %+v %v", r.Code, r.Name, info, ok)
		}
		seen[r.Current] = true
	}
	for _, r := range provincesNew {
		if !seen[r.Code] {
			t.Errorf("new unit %s %s has no old unit", r.Code, r.Name)
		}
	}
}

// TestProvinceVariantsCSV: every readable spelling in the MOF tables maps to
// the canonical province the CSV names.
func TestProvinceVariantsCSV(t *testing.T) {
	path := filepath.Join(corpusDir, "meta/vietnamdata_province_name_variants.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows[1:] {
		orig, fixed := r[0], r[1]
		if strings.ContainsAny(orig, "\ufffd") || strings.Contains(orig, "<U+") || strings.TrimSpace(orig) == "H NAM" {
			continue // mojibake in the source file ("H NAM" lost its À)
		}
		n++
		info, ok := LookupProvince(orig)
		if !ok {
			t.Errorf("%q: not recognized (want %s)", orig, fixed)
			continue
		}
		if provinceKey(info.Name) != provinceKey(strings.TrimSuffix(fixed, " City")) {
			t.Errorf("%q → %q, want %q", orig, info.Name, fixed)
		}
	}
	t.Logf("%d spellings checked", n)
}

// TestProvincesDataUpToDate regenerates provinces_data.go from the corpus
// and compares it with the committed file.
func TestProvincesDataUpToDate(t *testing.T) {
	dir := filepath.Join(corpusDir, "meta/provinces")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	src, err := provgen.Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("provinces_data.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(have) != string(src) {
		t.Error("provinces_data.go is stale: run go generate ./extract")
	}
}

func TestFindProvinces(t *testing.T) {
	text := "UBND tỉnh Lâm Đồng báo cáo. Lâm Đồng (cũ), Đắk Nông và Bình Thuận sáp nhập vào tỉnh Lâm Đồng. " +
		"Tư tưởng Hồ Chí Minh; TP. Hồ Chí Minh và TP.HCM. THỪA THIÊN HUẾ, Huế. long an không phải tỉnh."
	got := FindProvinces(text)
	want := map[string]int{"Lâm Đồng": 3, "Đắk Nông": 1, "Bình Thuận": 1, "Hồ Chí Minh": 2, "Thừa Thiên Huế": 1, "Huế": 1}
	if len(got) != len(want) {
		t.Errorf("got %d provinces %+v, want %d", len(got), got, len(want))
	}
	for _, p := range got {
		if want[p.Name] != p.Count {
			t.Errorf("%s: count %d, want %d", p.Name, p.Count, want[p.Name])
		}
		if p.Name == "Bình Thuận" && p.Current != "Lâm Đồng" {
			t.Errorf("Bình Thuận current = %q", p.Current)
		}
	}
	if vntext.Key(got[0].Name) != vntext.Key("Lâm Đồng") {
		t.Errorf("most mentioned first: %+v", got[0])
	}
}

// TestFindProvincesOnlyWhereMeant: a province's name inside a person's
// name, or naming a commune, ward or district, is no mention of the
// province.
func TestFindProvincesOnlyWhereMeant(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Phó Thủ tướng Chính phủ Nguyễn Hòa Bình ký quyết định.", nil},
		{"Phó Thủ tướng Nguyễn Văn Hòa Bình chủ trì.", nil},
		{"Ủy ban nhân dân xã Tuyên Quang và phường Bình Thuận báo cáo.", nil},
		{"Thị xã Quảng Trị, huyện Lâm Đồng (giả định).", nil},
		{"Tỉnh Hòa Bình và tỉnh Tuyên Quang.", []string{"Hòa Bình", "Tuyên Quang"}},
		{"Các tỉnh Bắc Ninh, Lào Cai, Hà Giang.", []string{"Bắc Ninh", "Hà Giang", "Lào Cai"}},
		{"LÂM ĐỒNG BÌNH THUẬN ĐẮK NÔNG", []string{"Bình Thuận", "Lâm Đồng", "Đắk Nông"}},
		{"Đồng chí Trần Lâm Đồng phát biểu tại Hà Nội.", []string{"Hà Nội"}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, p := range FindProvinces(tc.text) {
				got = append(got, p.Name)
			}
			sort.Strings(got)
			want := append([]string(nil), tc.want...)
			sort.Strings(want)
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}
