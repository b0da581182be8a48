package index

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"vanban/extract"
	"vanban/model"
	vq "vanban/query"
)

// TestCommonWordsOnlyScore: in a large index, words found in most documents
// ("đầu tư công") do not decide which documents match; the informative words
// ("trung hạn") do, and a document holding every word ranks first.
func TestCommonWordsOnlyScore(t *testing.T) {
	var recs []*extract.Record
	for i := 0; i < commonMinDocs+200; i++ {
		recs = append(recs, &extract.Record{ID: fmt.Sprintf("d%04d", i), Number: fmt.Sprintf("%d/KH-UBND", i+1),
			Type: "Kế hoạch", Subject: fmt.Sprintf("Kế hoạch đầu tư công năm %d", 2000+i%25),
			Text: "Giải ngân vốn đầu tư công theo tiến độ."})
	}
	recs = append(recs,
		&extract.Record{ID: "target", Number: "9001/QĐ-UBND", Type: "Quyết định",
			Subject: "Giao kế hoạch đầu tư công trung hạn giai đoạn 2021-2025"},
		&extract.Record{ID: "loan", Number: "9002/CV-NHNN", Type: "Công văn",
			Subject: "Về cho vay trung hạn đối với doanh nghiệp"},
		&extract.Record{ID: "deadline", Number: "9003/TB-UBND", Type: "Thông báo",
			Subject: "Thời hạn nộp báo cáo đầu tư công"})
	ix := openWith(t, recs)
	for _, q := range []string{"đầu tư công trung hạn", "dau tu cong trung han"} {
		res := mustSearch(t, ix, Query{Q: q})
		got := ids(res)
		// "trung" and "hạn" are informative: both must be there. The
		// common words only rank: target (every word) above loan.
		if res.Total != 2 || len(got) != 2 || got[0] != "target" || got[1] != "loan" {
			t.Errorf("%q: total %d, hits %v; want target then loan", q, res.Total, got)
		}
		if n := res.Facets["type"]; len(n) != 2 {
			t.Errorf("%q: type facet %v, want the 2 hits' types", q, n)
		}
	}
	// Only common words: every one of them is required.
	res := mustSearch(t, ix, Query{Q: "kế hoạch đầu tư công", Size: 1})
	if res.Total != uint64(commonMinDocs+200+1) {
		t.Errorf("common words only: total %d, want %d (the documents holding all four words)", res.Total, commonMinDocs+200+1)
	}
}

// TestCommonOnlyWhenFolded: "dán" (to label) folds to "dan" like "dân"
// (people), which is in every document; typed with its diacritics it is a
// rare word and must decide the ranking, not sink with the common "dan".
func TestCommonOnlyWhenFolded(t *testing.T) {
	var recs []*extract.Record
	for i := 0; i < commonMinDocs+200; i++ {
		recs = append(recs, &extract.Record{ID: fmt.Sprintf("d%04d", i), Number: fmt.Sprintf("%d/KH-UBND", i+1),
			Type: "Kế hoạch", Subject: fmt.Sprintf("Kế hoạch lấy ý kiến nhân dân năm %d", 2000+i%25),
			Text: "Ủy ban nhân dân tỉnh tổ chức lấy ý kiến nhân dân."})
	}
	filler := strings.Repeat("Phương tiện giao thông được kiểm định định kỳ theo quy chuẩn kỹ thuật. ", 40)
	recs = append(recs, &extract.Record{ID: "label", Number: "69/2025/TT-BXD", Type: "Thông tư",
		Text: filler + "Quy định dán nhãn năng lượng đối với phương tiện. " + filler})
	ix := openWith(t, recs)
	p := understand("dán nhãn")
	if err := ix.wordStats(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	if p.common["dan"] || p.common["nhan"] {
		t.Errorf("dán nhãn: common %v; typed with diacritics, neither word is common", p.common)
	}
	p = understand("dan nhan")
	if err := ix.wordStats(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	if !p.common["dan"] || !p.common["nhan"] {
		t.Errorf("dan nhan: common %v; folded, both words are in every document", p.common)
	}
	if got := ids(mustSearch(t, ix, Query{Q: "dán nhãn", Size: 3})); len(got) == 0 || got[0] != "label" {
		t.Errorf("dán nhãn: hits %v, want label first", got)
	}
}

// TestAbsentWordIsLeftOut: a word no document holds (a typo) does not
// empty the result; the other words find the document.
func TestAbsentWordIsLeftOut(t *testing.T) {
	ix := openFixture(t)
	for _, q := range []string{"quỹ khuyến học xyzzy", "khuyen hocc", "xyzzy khuyến học đắk nông"} {
		res := mustSearch(t, ix, Query{Q: q})
		if got := ids(res); len(got) == 0 || got[0] != "ubnd2319" {
			t.Errorf("%q: hits %v, want ubnd2319 first", q, got)
		}
	}
	if res := mustSearch(t, ix, Query{Q: "xyzzy qwertz"}); res.Total != 0 {
		t.Errorf("no word in the index: total %d, want 0", res.Total)
	}
}

// TestSyllablePairsRank: "công nghiệp" is one word of two syllables; a text
// holding them in a row ranks above a shorter text holding both apart.
func TestSyllablePairsRank(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	err = ix.Add(context.Background(),
		&extract.Record{ID: "apart", Number: "1/TB-UBND", Type: "Thông báo", Subject: "Nghiệp vụ công tác"},
		&extract.Record{ID: "pair", Number: "2/QĐ-UBND", Type: "Quyết định",
			Subject: "Hỗ trợ phát triển công nghiệp nông thôn trên địa bàn tỉnh Hà Giang năm 2025"},
		&extract.Record{ID: "other", Number: "3/QĐ-UBND", Type: "Quyết định", Subject: "Quy chế làm việc"})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"công nghiệp", "cong nghiep", "nghiệp công"} {
		got := ids(mustSearch(t, ix, Query{Q: q}))
		want := []string{"pair", "apart"}
		if q == "nghiệp công" {
			want = []string{"apart", "pair"}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: hits %v, want %v", q, got, want)
		}
	}
}

// openWith opens an index in a temporary directory holding recs, added in
// batches as ingestion does.
func openWith(t *testing.T, recs []*extract.Record) *Index {
	t.Helper()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for i := 0; i < len(recs); i += 500 {
		if err := ix.Add(context.Background(), recs[i:min(i+500, len(recs))]...); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

// TestCompact: after a load in many batches, Compact leaves one segment
// per index and every document is found as before.
func TestCompact(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for b := 0; b < 6; b++ {
		var recs []*extract.Record
		for i := 0; i < 40; i++ {
			n := b*40 + i + 1
			recs = append(recs, &extract.Record{ID: fmt.Sprintf("d%03d", n), Number: fmt.Sprintf("%d/QĐ-UBND", n),
				Type: "Quyết định", Subject: fmt.Sprintf("Phê duyệt kế hoạch khuyến công số %d", n)})
		}
		if err := ix.Add(context.Background(), recs...); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	adv, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	if n := rootStat(adv.(*scorch.Scorch), "num_root_filesegments"); n != 1 {
		t.Errorf("after Compact: %d segments, want 1", n)
	}
	for _, n := range []int{1, 120, 240} {
		got := ids(mustSearch(t, ix, Query{Q: fmt.Sprintf("%d/QĐ-UBND", n), Size: 1}))
		if want := fmt.Sprintf("d%03d", n); len(got) != 1 || got[0] != want {
			t.Errorf("after Compact, %d/QĐ-UBND finds %v, want %s", n, got, want)
		}
	}
	if res := mustSearch(t, ix, Query{Q: "khuyến công", Size: 1}); res.Total != 240 {
		t.Errorf("after Compact, khuyến công: total %d, want 240", res.Total)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestProvinceNamedAnotherWay: "sài gòn" and "tphcm" name the province of a
// document that writes "Thành phố Hồ Chí Minh"; the province decides the
// ranking, the words need not be in the text.
func TestProvinceNamedAnotherWay(t *testing.T) {
	hcm := extract.Province{Name: "Hồ Chí Minh", Current: "Hồ Chí Minh"}
	ld := extract.Province{Name: "Lâm Đồng", Current: "Lâm Đồng"}
	ix := openWith(t, []*extract.Record{
		{ID: "hcm", Number: "12/KH-UBND", Type: "Kế hoạch", Subject: "Kế hoạch khuyến công năm 2025",
			Text: "Ủy ban nhân dân Thành phố Hồ Chí Minh ban hành kế hoạch khuyến công.", Provinces: []extract.Province{hcm}},
		{ID: "ld", Number: "13/KH-UBND", Type: "Kế hoạch", Subject: "Kế hoạch khuyến công năm 2025",
			Text: "Ủy ban nhân dân tỉnh Lâm Đồng ban hành kế hoạch khuyến công.", Provinces: []extract.Province{ld}},
		{ID: "other", Number: "14/KH-UBND", Type: "Kế hoạch", Subject: "Kế hoạch chuyển đổi số năm 2025",
			Text: "Thành phố Hồ Chí Minh: chuyển đổi số.", Provinces: []extract.Province{hcm}},
		// The province's words are in the index, elsewhere: they are not
		// absent words the query could drop.
		{ID: "words", Number: "15/TB-VP", Type: "Thông báo", Subject: "Sửa sai sót cho gọn",
			Text: "Sai sót được sửa gọn gàng; văn bản gửi TPHCM, tp.HCM, Sài Gòn."},
	})
	for _, q := range []string{"khuyen cong sai gon", "khuyến công Sài Gòn", "khuyến công TPHCM", "khuyen cong tp.hcm"} {
		got := ids(mustSearch(t, ix, Query{Q: q}))
		if len(got) == 0 || got[0] != "hcm" {
			t.Errorf("%q: hits %v, want hcm first", q, got)
		}
		for _, id := range got {
			if id == "other" || id == "words" {
				t.Errorf("%q: hits %v; %s is not about khuyến công", q, got, id)
			}
		}
	}
}

// TestPhraseTier: a phrase alone is ranked from the documents holding it in
// their subject when they fill a window (Search, runRescored): the pages
// and the total must be those of ranking every match, whether or not the
// subject tier fills the window, and with a filter.
func TestPhraseTier(t *testing.T) {
	var recs []*extract.Record
	add := func(id, subject, text, province string) {
		r := &extract.Record{ID: id, Number: fmt.Sprintf("%d/QĐ-UBND", len(recs)+1), Type: "Quyết định",
			Subject: subject, Text: text}
		if province != "" {
			r.Provinces = []extract.Province{{Name: province}}
		}
		recs = append(recs, r)
	}
	provinces := []string{"Hà Giang", "Lâm Đồng", ""}
	filler := "Các sở, ban, ngành chịu trách nhiệm thi hành quyết định này. "
	for i := 0; i < 150; i++ { // the phrase in the subject, some also in the text
		text := filler
		if i%2 == 0 {
			text += strings.Repeat("Dự toán ngân sách nhà nước năm sau. ", 1+i%5)
		}
		add(fmt.Sprintf("s%03d", i), fmt.Sprintf("Giao dự toán ngân sách nhà nước năm %d cho huyện số %d", 2000+i%25, i), text, provinces[i%3])
	}
	for i := 0; i < 200; i++ { // in the text only, up to 30 times
		add(fmt.Sprintf("b%03d", i), fmt.Sprintf("Báo cáo tình hình kinh tế xã hội tháng %d", i%12+1),
			filler+strings.Repeat("Chi ngân sách nhà nước và công nghiệp nông thôn. ", 1+i%30), provinces[i%3])
	}
	for i := 0; i < 40; i++ { // "công nghiệp nông thôn" in 40 subjects: too few for a window
		add(fmt.Sprintf("c%03d", i), fmt.Sprintf("Phát triển công nghiệp nông thôn giai đoạn %d", 2000+i), filler, provinces[i%3])
	}
	for i := 0; i < 100; i++ {
		add(fmt.Sprintf("n%03d", i), "Về công tác thi đua khen thưởng", filler, provinces[i%3])
	}
	ix := openWith(t, recs)
	ctx := context.Background()
	defer func(n uint64) { tierMinDocs = n }(tierMinDocs)
	tierMinDocs = 1 // tiers at any size
	for _, tc := range []struct {
		q        Query
		total    uint64
		tierFull bool // the subject tier fills a window
	}{
		{Query{Q: `"ngân sách nhà nước"`}, 350, true},
		{Query{Q: `"ngân sách nhà nước"`, Province: "Hà Giang"}, 117, false},
		{Query{Q: `"cong nghiep nong thon"`}, 240, false},
	} {
		p := understand(tc.q.Q)
		tq := tc.q
		if err := tq.Validate(); err != nil {
			t.Fatal(err)
		}
		tier := tq.build(parsed{Plan: vq.Plan{Phrases: p.Phrases}, subjectPhrases: true}, false)
		tr, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(tier, 1, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.Total >= rescoreWindow; got != tc.tierFull {
			t.Fatalf("%+v: subject tier holds %d documents; the test wants it %v to fill a window", tc.q, tr.Total, tc.tierFull)
		}
		// The reference: every match ranked with the whole query, by the
		// same statistics as Search (bm25.go).
		sctx, err := ix.bm25Context(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := ix.bi.SearchInContext(sctx, bleve.NewSearchRequestOptions(tq.build(p, false), 30, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		for page := 1; page <= 3; page++ {
			q := tc.q
			q.Page, q.Size = page, 10
			res := mustSearch(t, ix, q)
			if res.Total != tc.total || ref.Total != tc.total {
				t.Errorf("%+v page %d: total %d (every match ranked: %d), want %d", tc.q, page, res.Total, ref.Total, tc.total)
			}
			var want []string
			for _, h := range ref.Hits[(page-1)*10 : page*10] {
				want = append(want, h.ID)
			}
			if got := ids(res); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%+v page %d: hits %v, want %v (every match ranked)", tc.q, page, got, want)
			}
		}
	}
}

// TestPhraseOfNumbers: a quoted phrase holding numbers in a row (an amount
// "181.946,9", years "2024 2025") finds the texts that have them in that
// order and no other, although the pair fields hold no pair of two numbers.
func TestPhraseOfNumbers(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	recs := []*extract.Record{
		{ID: "amount", Subject: "Phân bổ kinh phí", Text: "Tổng kinh phí 181.946,9 triệu đồng cho các tỉnh."},
		{ID: "shuffled", Subject: "Phân bổ kinh phí", Text: "Mục 946, khoản 9: 181 triệu đồng."},
		{ID: "years", Subject: "Kế hoạch giai đoạn 2024 2025", Text: "Thực hiện trong hai năm."},
		{ID: "yearsApart", Subject: "Kế hoạch năm 2025", Text: "Tiếp theo kế hoạch năm 2024."},
	}
	if err := ix.Add(context.Background(), recs...); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{`"181.946,9 triệu đồng"`, []string{"amount"}},
		{`"181.946,9"`, []string{"amount"}},
		{`"2024 2025"`, []string{"years"}},
		{`"giai đoạn 2024 2025"`, []string{"years"}},
	} {
		got := ids(mustSearch(t, ix, Query{Q: c.q}))
		sort.Strings(got)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: hits %v, want %v", c.q, got, c.want)
		}
	}
}

// TestTypeBesideNumber: a type named beside a serial and year prefers the
// document of that type among those sharing the number, whether the type
// is in the number's code (NĐ-CP) or only in its name (a resolution of the
// Standing Committee, 103/2025/UBTVQH15, beside the law 103/2025/QH15).
func TestTypeBesideNumber(t *testing.T) {
	ix := openEmpty(t)
	recs := []*extract.Record{
		{ID: "luat103", Number: "103/2025/QH15", Type: "Luật", Issuer: "Quốc hội", Date: model.MustParseDate("2025-06-25"),
			Subject: "Luật sửa đổi, bổ sung một số điều của các luật", Text: "Quốc hội ban hành Luật; căn cứ Nghị quyết số 203/2025/QH15 của Quốc hội."},
		{ID: "nq103", Number: "103/2025/UBTVQH15", Type: "Nghị quyết", Issuer: "Ủy ban Thường vụ Quốc hội", Date: model.MustParseDate("2025-07-01"),
			Subject: "Về việc thành lập các đơn vị hành chính", Text: "Ủy ban Thường vụ Quốc hội ban hành Nghị quyết."},
		{ID: "nd01", Number: "01/2026/NĐ-CP", Type: "Nghị định", TypeCode: "NĐ", Issuer: "Chính phủ", Date: model.MustParseDate("2026-01-05"),
			Subject: "Quy định chi tiết một số điều", Text: "Chính phủ ban hành Nghị định."},
		{ID: "tt01", Number: "01/2026/TT-BNG", Type: "Thông tư", TypeCode: "TT", Issuer: "Bộ Ngoại giao", Date: model.MustParseDate("2026-01-06"),
			Subject: "Hướng dẫn thực hiện Nghị định của Chính phủ", Text: "Bộ trưởng Bộ Ngoại giao ban hành Thông tư hướng dẫn Nghị định số 01/2026/NĐ-CP của Chính phủ."},
	}
	if err := ix.Add(context.Background(), recs...); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ q, want string }{
		{"Nghị quyết 103/2025", "nq103"},
		{"nghi quyet 103/2025", "nq103"},
		{"Luật 103/2025", "luat103"},
		{"01 2026 NĐ CP", "nd01"},
		{"Nghị định 01/2026", "nd01"},
		{"Thông tư 01/2026", "tt01"},
	} {
		res, err := ix.Search(context.Background(), Query{Q: c.q})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); len(got) == 0 || got[0] != c.want {
			t.Errorf("%q: %v, want %s first", c.q, got, c.want)
		}
	}
}
