package extract

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"vanban/ingest/format"
	"vanban/ingest/parse"
)

func TestRecipientKind(t *testing.T) {
	tests := []struct{ label, want string }{
		// Provinces of the gazetteer, in any spelling, numbered or not.
		{"Lâm Đồng", RecipientProvince},
		{"TP. Hồ Chí Minh", RecipientProvince},
		{"Tỉnh Hà Giang", RecipientProvince},
		{"THỪA THIÊN HUẾ", RecipientProvince},
		{"12. Đắk Nông", RecipientProvince},
		{"- Huế", RecipientProvince},
		// Budget lines (issue 15: they were listed as recipients).
		{"Thu nội địa", RecipientLine},
		{"Chi thường xuyên", RecipientLine},
		{"Chi trả nợ lãi", RecipientLine},
		{"II. Chi đầu tư phát triển", RecipientLine},
		{"a) Thuế thu nhập cá nhân", RecipientLine},
		{"1.2 Lệ phí trước bạ", RecipientLine},
		{"THU NỘI ĐỊA", RecipientLine},
		{"Vay bù đắp bội chi ngân sách nhà nước", RecipientLine},
		{"Bổ sung có mục tiêu", RecipientLine},
		{"Dự phòng", RecipientLine},
		{"- Kinh phí khoán chi của Tổng cục Thuế", RecipientLine},
		{"Khoản 341", RecipientLine},
		{"Tiểu mục 6001", RecipientLine},
		{"Sự nghiệp giáo dục", RecipientLine},
		{"Chương trình mục tiêu quốc gia xây dựng nông thôn mới", RecipientLine},
		{"Trong đó", RecipientLine},
		{"Xây dựng Trung tâm hệ thống kỹ thuật an toàn mạng quốc gia", RecipientLine},
		{"Đào tạo chuyên gia an toàn thông tin cho cơ quan chính phủ", RecipientLine},
		{"Bộ Xây dựng", RecipientUnit},
		{"Viện Nghiên cứu kinh tế", RecipientUnit},
		// Units: organisational words win over the budget words after them.
		{"Bộ Y tế", RecipientUnit},
		{"Uỷ ban dân tộc", RecipientUnit},
		{"Ủy ban nhân dân huyện Lạc Dương", RecipientUnit},
		{"Chi cục Thuế khu vực Đà Lạt", RecipientUnit},
		{"Chi nhánh Ngân hàng Chính sách xã hội", RecipientUnit},
		{"Bảo hiểm xã hội Việt Nam (Chi lương hưu và trợ cấp BHXH)", RecipientUnit},
		{"Huyện Đức Trọng", RecipientUnit},
		{"Xã Đạ Nhim", RecipientUnit},
		{"Thành phố Đà Lạt", RecipientUnit},
		{"Trường THPT Lê Quý Đôn", RecipientUnit},
		{"Bệnh viện Đa khoa tỉnh", RecipientUnit},
		{"Công ty TNHH Một thành viên Xổ số kiến thiết", RecipientUnit},
		{"Đại học quốc gia thành phố Hồ Chí Minh", RecipientUnit},
		{"3. Sở Tài chính", RecipientUnit},
		// A name the vocabulary does not know is a unit, not hidden.
		{"Kiểm toán nhà nước", RecipientUnit},
		{"Thông tấn xã Việt Nam", RecipientUnit},
		{"Vietnam Airlines", RecipientUnit},
		{"", RecipientUnit},
	}
	for _, tc := range tests {
		t.Run(tc.label, func(t *testing.T) {
			if got := RecipientKind(tc.label); got != tc.want {
				t.Errorf("RecipientKind(%q) = %q, want %q", tc.label, got, tc.want)
			}
		})
	}
}

// TestRecipientKindCorpus classifies every allocation row of every table of
// the shared corpus and the fixtures: a row the gazetteer calls a province
// is a province and no other row is, and the labels of the Bộ Tài chính
// 2011 budget workbook come out as a clerk sorts them; -v logs the rows of
// each kind per file.
func TestRecipientKindCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus absent at %s", corpusDir)
	}
	var files []string
	for _, dir := range []string{"pdf", "xls", "xlsx", "doc"} {
		m, _ := filepath.Glob(filepath.Join(corpusDir, dir, "*"))
		files = append(files, m...)
	}
	m, _ := filepath.Glob("../testdata/corpus/*")
	files = append(files, m...)
	counts := map[string]map[string]int{}    // file → kind → rows
	labels := map[string]map[string]string{} // file → label → kind
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := parse.Bytes(context.Background(), filepath.Base(path), data, format.ParseOptions{NoOCR: true})
		if err != nil {
			continue // unreadable files have their own tests
		}
		rec := Extract(doc, data)
		for _, a := range rec.Allocations {
			if a.RecipientKind != RecipientKind(a.Recipient) {
				t.Errorf("%s: %q has kind %q, RecipientKind says %q", path, a.Recipient, a.RecipientKind, RecipientKind(a.Recipient))
			}
			if a.Province != "" && a.RecipientKind != RecipientProvince {
				t.Errorf("%s: %q is the province %s but has kind %q", path, a.Recipient, a.Province, a.RecipientKind)
			}
			if a.Province == "" && a.RecipientKind == RecipientProvince {
				t.Errorf("%s: %q has kind province but no province", path, a.Recipient)
			}
			base := filepath.Base(path)
			if counts[base] == nil {
				counts[base] = map[string]int{}
			}
			counts[base][a.RecipientKind]++
			if labels[base] == nil {
				labels[base] = map[string]string{}
			}
			labels[base][a.Recipient] = a.RecipientKind
		}
	}
	var lines []string
	for f, c := range counts {
		lines = append(lines, fmt.Sprintf("%s: %v", f, c))
	}
	sort.Strings(lines)
	t.Log("rows per kind:\n" + strings.Join(lines, "\n"))
	// The 2011 budget (8 biểu) puts ministries, associations and budget
	// lines side by side; its 240 line rows, 1367 unit rows and 424
	// province rows were read label by label (issue 15).
	w2011 := map[string]string{
		"Thu nội địa": RecipientLine, "Chi thường xuyên": RecipientLine, "Chi trả nợ": RecipientLine,
		"Vay ngoài nước": RecipientLine, "Lệ phí trước bạ": RecipientLine, "- Phần Tổng cục Thống kê": RecipientLine,
		"Bộ Y tế": RecipientUnit, "Hội nông dân Việt Nam": RecipientUnit, "Uỷ ban dân tộc": RecipientUnit,
		"Bảo hiểm xã hội Việt Nam (Chi lương hưu và trợ cấp BHXH đối tượng do NSNN đảm bảo)": RecipientUnit,
		"Đại học quốc gia thành phố Hồ Chí Minh":                                             RecipientUnit, "Ngân hàng phát triển Việt Nam": RecipientUnit,
	}
	// The 2010 Word plan lists tasks ("Xây dựng Hệ thống …", "Đào tạo
	// chuyên gia …") with their cost: items of spending, not bodies.
	for label, kind := range labels["luatvietnam_2010_10209603.doc"] {
		if kind != RecipientLine {
			t.Errorf("luatvietnam_2010_10209603.doc: %q is %s, want line", label, kind)
		}
	}
	seen := labels["btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls"]
	if seen == nil {
		t.Skip("btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls absent or without allocations")
	}
	for label, want := range w2011 {
		if got, ok := seen[label]; !ok {
			t.Errorf("2011 budget workbook: no row %q", label)
		} else if got != want {
			t.Errorf("2011 budget workbook: %q is %s, want %s", label, got, want)
		}
	}
}
