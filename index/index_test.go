package index

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"vanban/extract"
	"vanban/model"
	vq "vanban/query"
)

// fixtureRecords are small hand-written records covering numbers, types,
// provinces before and after the 2025 merger, and allocations.
func fixtureRecords() []*extract.Record {
	return []*extract.Record{
		{ID: "bct4768", Number: "4768/QĐ-BCT", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Bộ Công Thương",
			Date: model.MustParseDate("2024-12-30"), Subject: "Phê duyệt kế hoạch khuyến công quốc gia năm 2025",
			Provinces: []extract.Province{{Name: "Hà Giang", Current: "Tuyên Quang"}},
			Text:      "Hỗ trợ kinh phí khuyến công cho các cơ sở công nghiệp nông thôn tỉnh Hà Giang.",
			Allocations: []extract.Allocation{
				{Recipient: "Hà Giang", Province: "Hà Giang", CurrentProvince: "Tuyên Quang", Column: "Kinh phí", AmountVND: 1_500_000_000},
				{Recipient: "Lào Cai", Province: "Lào Cai", CurrentProvince: "Lào Cai", Column: "Kinh phí", AmountVND: 2_000_000_001},
			}},
		{ID: "ubnd2319", Number: "2319/QĐ-UBND", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Ủy ban nhân dân tỉnh Đắk Nông",
			Date: model.MustParseDate("2023-05-10"), Subject: "Ban hành quy chế quản lý quỹ khuyến học",
			Provinces: []extract.Province{{Name: "Đắk Nông"}},
			Text:      "Quỹ khuyến học tỉnh Đắk Nông hỗ trợ học sinh nghèo."},
		{ID: "nd82", Number: "82/2020/NĐ-CP", Type: "Nghị định", TypeCode: "NĐ", Issuer: "Chính phủ",
			Date: model.MustParseDate("2020-07-15"), Subject: "Quy định xử phạt vi phạm hành chính trong lĩnh vực bổ trợ tư pháp",
			Text: "Nghị định này quy định về hành vi vi phạm hành chính, hình thức xử phạt."},
		{ID: "cv95", Number: "95/UBND-KT", Type: "Công văn", Issuer: "Ủy ban nhân dân tỉnh Lâm Đồng",
			Date: model.MustParseDate("2025-08-01"), Subject: "Về việc khuyên công dân đăng ký tạm trú",
			Provinces:  []extract.Province{{Name: "Lâm Đồng", Current: "Lâm Đồng"}},
			Text:       "Đề nghị các xã khuyên công dân thực hiện đăng ký tạm trú đúng hạn.",
			References: []extract.Reference{{Number: "4768/QĐ-BCT"}, {Number: "1/QĐ-XX"}},
			Allocations: []extract.Allocation{
				{Recipient: "Xã Đam Rông", Province: "Lâm Đồng", CurrentProvince: "Lâm Đồng", Column: "Kinh phí", AmountVND: 300_000_000},
			}},
		{ID: "bc329", Number: "329/BC-UBND", Type: "Báo cáo", TypeCode: "BC", Issuer: "Ủy ban nhân dân thành phố Hồ Chí Minh",
			Date: model.MustParseDate("2025-12-19"), Subject: "Công tác cải cách hành chính năm 2025",
			Provinces: []extract.Province{{Name: "Hồ Chí Minh"}, {Name: "Bình Dương"}},
			Text:      "Cải cách hành chính, chuyển đổi số, công nghiệp nông thôn."},
	}
}

func openFixture(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(context.Background(), fixtureRecords()...); err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(res *Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := openFixture(t)
	i64 := func(v int64) *int64 { return &v }
	cases := []struct {
		name  string
		q     Query
		first string   // expected first hit ("" = no hits)
		all   []string // when set, exactly these ids in any order
	}{
		{"full number", Query{Q: "4768/QĐ-BCT"}, "bct4768", []string{"bct4768"}},
		{"number without Đ", Query{Q: "4768/QD-BCT"}, "bct4768", nil},
		{"code and number", Query{Q: "qd 4768"}, "bct4768", nil},
		{"QĐ and number", Query{Q: "QĐ 2319"}, "ubnd2319", nil},
		{"type name and number", Query{Q: "quyết định 2319"}, "ubnd2319", nil},
		{"decree number and year", Query{Q: "nghị định 82/2020"}, "nd82", nil},
		{"decree lower case", Query{Q: "82/2020/nđ-cp"}, "nd82", nil},
		{"số", Query{Q: "số 95"}, "cv95", nil},
		{"unknown number falls back to words", Query{Q: "4768/QĐ-XYZ khuyến công"}, "bct4768", nil},
		{"words without diacritics", Query{Q: "khuyen cong ha giang"}, "bct4768", nil},
		{"exact diacritics rank above folded", Query{Q: "khuyên công"}, "cv95", nil},
		{"exact diacritics rank above folded (2)", Query{Q: "khuyến công"}, "bct4768", nil},
		{"phrase", Query{Q: `"công nghiệp nông thôn"`}, "", []string{"bct4768", "bc329"}},
		{"province in query boosts", Query{Q: "quỹ khuyến học đắk nông"}, "ubnd2319", nil},
		{"type filter by code", Query{Type: "qd"}, "", []string{"bct4768", "ubnd2319"}},
		{"type filter by name", Query{Type: "Nghị định"}, "nd82", []string{"nd82"}},
		{"issuer filter", Query{Issuer: "bo cong thuong"}, "bct4768", []string{"bct4768"}},
		{"province as written", Query{Province: "dak nong"}, "ubnd2319", []string{"ubnd2319"}},
		{"current province merges", Query{CurrentProvince: "Lâm Đồng"}, "", []string{"ubnd2319", "cv95"}},
		{"current province HCM", Query{CurrentProvince: "TP HCM"}, "bc329", []string{"bc329"}},
		{"province new name does not match old as written", Query{Province: "Tuyên Quang"}, "", []string{}},
		{"year", Query{Year: 2020}, "nd82", []string{"nd82"}},
		{"date range", Query{DateFrom: "2024-01-01", DateTo: "2025-08-01"}, "", []string{"bct4768", "cv95"}},
		{"amount range", Query{AmountMin: i64(2_000_000_000)}, "bct4768", []string{"bct4768"}},
		{"sort by date", Query{Sort: "-date", Type: "QĐ"}, "bct4768", nil},
		{"sort by date ascending", Query{Sort: "date", Type: "QĐ"}, "ubnd2319", nil},
		{"nothing", Query{Q: "xyzzy"}, "", []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			if c.first != "" && (len(got) == 0 || got[0] != c.first) {
				t.Errorf("hits %v, want %s first", got, c.first)
			}
			if c.all != nil {
				want := map[string]bool{}
				for _, id := range c.all {
					want[id] = true
				}
				if len(got) != len(c.all) {
					t.Errorf("hits %v, want %v", got, c.all)
				}
				for _, id := range got {
					if !want[id] {
						t.Errorf("hits %v, want %v", got, c.all)
					}
				}
			}
		})
	}
}

func TestSearchFacetsAndHighlights(t *testing.T) {
	ix := openFixture(t)
	res, err := ix.Search(context.Background(), Query{Q: "khuyến học"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "ubnd2319" {
		t.Fatalf("hits %v", ids(res))
	}
	h := res.Hits[0]
	if h.Number != "2319/QĐ-UBND" || h.Type != "Quyết định" || h.Date != "2023-05-10" || h.Issuer == "" || h.Subject == "" {
		t.Errorf("hit fields = %+v", h)
	}
	if len(h.Highlights["subject"]) == 0 || len(h.Highlights["body"]) == 0 {
		t.Errorf("highlights = %v, want subject and body", h.Highlights)
	}
	all, err := ix.Search(context.Background(), Query{})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 5 {
		t.Errorf("match all total = %d, want 5 (allocation rows must not count)", all.Total)
	}
	for _, f := range []string{"type", "issuer", "province", "year"} {
		if len(all.Facets[f]) == 0 {
			t.Errorf("facet %s empty: %v", f, all.Facets)
		}
	}
	if fv := all.Facets["type"][0]; fv.Term != "Quyết định" || fv.Count != 2 {
		t.Errorf("top type facet = %+v", fv)
	}
}

func TestQueryValidate(t *testing.T) {
	cases := []struct {
		name  string
		q     Query
		param string
	}{
		{"size too large", Query{Size: 101}, "size"},
		{"bad sort", Query{Sort: "name"}, "sort"},
		{"bad date", Query{DateFrom: "2025-13-01"}, "date_from"},
		{"date order", Query{DateFrom: "2025-02-01", DateTo: "2025-01-01"}, "date_from"},
		{"bad year", Query{Year: 25}, "year"},
		{"unknown province", Query{Province: "Atlantis"}, "province"},
		{"unknown current province", Query{CurrentProvince: "Đắk Nông x"}, "current_province"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.q.Validate()
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Param != c.param {
				t.Errorf("Validate() = %v, want a QueryError on %s", err, c.param)
			}
		})
	}
	ok := Query{Q: "x", Sort: "-date", DateFrom: "2025-01-01", Province: "ha giang"}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid query refused: %v", err)
	}
}

func TestGetAndReplace(t *testing.T) {
	ix := openFixture(t)
	r, err := ix.Get("cv95")
	if err != nil {
		t.Fatal(err)
	}
	if r.Number != "95/UBND-KT" || len(r.Allocations) != 1 || r.Text == "" {
		t.Errorf("Get = %+v", r)
	}
	if _, err := ix.Get("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(nope) = %v, want ErrNotFound", err)
	}
	if _, err := ix.Get("bct4768/a/0"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(allocation id) = %v, want ErrNotFound", err)
	}
	// Re-adding a record with fewer allocations drops the old rows.
	rec := fixtureRecords()[0]
	rec.Allocations = rec.Allocations[:1]
	if err := ix.Add(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Allocations(context.Background(), AllocationQuery{Query: Query{Q: "4768/QĐ-BCT"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || sumOf(res) != 1_500_000_000 {
		t.Errorf("after replace: %d rows, sum %d", res.Total, sumOf(res))
	}
	n, err := ix.Count(context.Background())
	if err != nil || n != 5 {
		t.Errorf("Count = %d, %v; want 5", n, err)
	}
}

func TestAllocations(t *testing.T) {
	ix := openFixture(t)
	cases := []struct {
		name string
		q    Query
		rows int
		sum  int64
	}{
		{"all", Query{}, 3, 3_800_000_001},
		{"province as written", Query{Province: "Ha Giang"}, 1, 1_500_000_000},
		{"current province", Query{CurrentProvince: "Tuyên Quang"}, 1, 1_500_000_000},
		{"current province Lâm Đồng", Query{CurrentProvince: "lam dong"}, 1, 300_000_000},
		{"year", Query{Year: 2024}, 2, 3_500_000_001},
		{"number", Query{Q: "qd 4768"}, 2, 3_500_000_001},
		{"words", Query{Q: "lao cai"}, 1, 2_000_000_001},
		{"type", Query{Type: "Công văn"}, 1, 300_000_000},
		{"amount range", Query{AmountMax: func() *int64 { v := int64(1_500_000_000); return &v }()}, 2, 1_800_000_000},
		{"none", Query{Year: 2001}, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Allocations(context.Background(), AllocationQuery{Query: c.q})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != c.rows || len(res.Rows) != c.rows || sumOf(res) != c.sum {
				t.Errorf("rows %d sum %d; want %d rows sum %d: %+v", res.Total, sumOf(res), c.rows, c.sum, res.Rows)
			}
			for _, r := range res.Rows {
				if r.DocumentID == "" || r.Number == "" {
					t.Errorf("row without its document: %+v", r)
				}
			}
		})
	}
}

// sumOf is res.SumVND, 0 when there is none.
func sumOf(res *AllocationResult) int64 {
	if res.SumVND == nil {
		return 0
	}
	return *res.SumVND
}

func TestFindNumbers(t *testing.T) {
	ix := openFixture(t)
	got, err := ix.FindNumbers(context.Background(), []string{"4768/QD-BCT", "1/QĐ-XX", "82/2020/NĐ-CP"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"4768/QD-BCT": "bct4768", "82/2020/NĐ-CP": "nd82"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindNumbers = %v, want %v", got, want)
	}
}

func TestOpenTwiceFailsFast(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	start := time.Now()
	ix2, err := Open(dir)
	if err == nil {
		ix2.Close()
		t.Skip("this platform's file lock lets one process open the index twice")
	}
	if !strings.Contains(err.Error(), "in use") || time.Since(start) > 10*time.Second {
		t.Errorf("second Open: %v after %s", err, time.Since(start))
	}
}

func TestWordTokenizer(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
		pos      []int // positions, when not 1, 2, 3…
	}{
		{"number", "Số: 4768/QĐ-BCT", []string{"Số", "4768", "QĐ", "BCT"}, nil},
		{"NFD marks stay in the word", "Ho\u0300a Bi\u0300nh", []string{"Ho\u0300a", "Bi\u0300nh"}, nil},
		{"punctuation and spaces", "  (khuyến công), nông-thôn. ", []string{"khuyến", "công", "nông", "thôn"}, nil},
		{"a tab between cells leaves a position free", "Hà Giang\t1.389.380\t\t96\n\tLào Cai",
			[]string{"Hà", "Giang", "1", "389", "380", "96", "Lào", "Cai"}, []int{1, 2, 4, 5, 6, 8, 10, 11}},
		{"a tab before the first word", "\tkhuyến công", []string{"khuyến", "công"}, nil},
		{"empty", "", nil, nil},
		{"broken UTF-8 splits", "a\xffb", []string{"a", "b"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for i, tok := range (wordTokenizer{}).Tokenize([]byte(c.in)) {
				got = append(got, string(tok.Term))
				want := i + 1
				if c.pos != nil && i < len(c.pos) {
					want = c.pos[i]
				}
				if tok.Position != want || c.in[tok.Start:tok.End] != string(tok.Term) {
					t.Errorf("token %d = %+v, want position %d", i, tok, want)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// TestPairsStayInCells: the syllable pairs of a table row pair the words
// of one cell, never the last word of a cell with the first of the next.
func TestPairsStayInCells(t *testing.T) {
	fold := tokenFilter(vq.AppendFold)
	var got []string
	pairs := pairFilter{}.Filter(fold.Filter(wordTokenizer{}.Tokenize([]byte("Hà Giang\t1.389.380\tTổng số"))))
	for _, p := range pairs {
		got = append(got, string(p.Term))
	}
	if want := []string{"ha giang", "1 389", "389 380", "tong so"}; !reflect.DeepEqual(got, want) {
		t.Errorf("pairs %q, want %q", got, want)
	}
}

// oldShingle is the syllable-pair filter of mappings before pairFilter.
var oldShingle = map[string]any{
	"type": "shingle", "min": 2.0, "max": 2.0, "output_original": false, "separator": " ", "filler": "",
}

// TestPairFilterAsShingle: the syllable pairs are the tokens Bleve's shingle
// filter made for indexes built before pairFilter (same terms, positions,
// offsets and type), so old and new indexes agree.
func TestPairFilterAsShingle(t *testing.T) {
	fold := tokenFilter(vq.AppendFold)
	// Bleve's shingle filter as the old mapping configured it, found by
	// name in the registry (as opening an old index finds it).
	sh, err := registry.NewCache().DefineTokenFilter("old", oldShingle)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"Phát triển công nghiệp nông thôn năm 2024, 4768/QĐ-BCT",
		"khuyến", "", "Quyết định số 15 — Đà Lạt",
	} {
		want := sh.Filter(fold.Filter(wordTokenizer{}.Tokenize([]byte(text))))
		got := pairFilter{}.Filter(fold.Filter(wordTokenizer{}.Tokenize([]byte(text))))
		if len(got) != len(want) {
			t.Fatalf("%q: %d pairs, shingle made %d", text, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(*got[i], *want[i]) {
				t.Errorf("%q pair %d: %+v, shingle made %+v", text, i, *got[i], *want[i])
			}
		}
	}
}

// TestOpensIndexWithShingleMapping: an index built before pairFilter keeps
// Bleve's shingle filter in its stored mapping; this vanban must open it,
// search it and add to it (the mapping version did not change).
func TestOpensIndexWithShingleMapping(t *testing.T) {
	dir := t.TempDir()
	im := newMapping().(*mapping.IndexMappingImpl)
	if err := im.AddCustomTokenFilter("vi_bigram_old", oldShingle); err != nil {
		t.Fatal(err)
	}
	im.CustomAnalysis.Analyzers[analyzerBigram]["token_filters"] = []any{foldFilter, "vi_bigram_old"}
	bi, err := bleve.New(filepath.Join(dir, "index.bleve"), im)
	if err != nil {
		t.Fatal(err)
	}
	if err := bi.SetInternal(mappingVersionKey, []byte(mappingVersion)); err != nil {
		t.Fatal(err)
	}
	bi.Close()
	ix, err := Open(dir)
	if err != nil {
		t.Fatalf("open an index whose mapping names the shingle filter: %v", err)
	}
	defer ix.Close()
	if err := ix.Add(context.Background(), &extract.Record{ID: "a", Number: "1/QĐ-UBND", Subject: "Phát triển công nghiệp nông thôn"}); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustSearch(t, ix, Query{Q: `"cong nghiep nong thon"`})); len(got) != 1 || got[0] != "a" {
		t.Errorf("phrase search in the old index: %v, want [a]", got)
	}
}
