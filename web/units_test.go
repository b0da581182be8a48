package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vanban/extract"
	"vanban/extract/vntext"
	"vanban/index"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	for key := range catalogue["vi"] {
		if _, ok := catalogue["en"][key]; !ok {
			t.Errorf("en lacks %q", key)
		}
	}
	for key := range catalogue["en"] {
		if _, ok := catalogue["vi"][key]; !ok {
			t.Errorf("vi lacks %q", key)
		}
	}
}

// failingStore fails every call with err.
func TestSafeHighlight(t *testing.T) {
	tests := []struct {
		name, in string
		want     template.HTML
	}{
		{"plain", "giao dự toán", "giao dự toán"},
		{"mark survives", "giao <mark>dự toán</mark> năm", "giao <mark>dự toán</mark> năm"},
		{"script escaped", "<script>alert(1)</script> <mark>x</mark>", "&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>"},
		{"attributes on mark escaped", `<mark onclick="x">a</mark>`, `&lt;mark onclick=&#34;x&#34;&gt;a`},
		{"unclosed mark closed", "<mark>dự toán", "<mark>dự toán</mark>"},
		{"stray close dropped", "a</mark> b", "a b"},
		{"nested marks flattened", "<mark><mark>a</mark></mark>", "<mark>a</mark>"},
		{"ampersand", "R&D &amp; <b>", "R&amp;D &amp; &lt;b&gt;"},
		{"escaped by bleve is escaped once", "&lt;script&gt;alert(&#39;x&#39;) <mark>dự</mark>", "&lt;script&gt;alert(&#39;x&#39;) <mark>dự</mark>"},
		{"lone lt", "a < b <mark>c</mark>", "a &lt; b <mark>c</mark>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := safeHighlight(tc.in); got != tc.want {
				t.Errorf("safeHighlight(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzSafeHighlight(f *testing.F) {
	for _, s := range []string{"a <mark>b</mark>", "<script>", "<mark>", "&lt;mark&gt;", "<<mark>>", "</mark><mark"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(safeHighlight(s))
		rest := strings.ReplaceAll(strings.ReplaceAll(out, "<mark>", ""), "</mark>", "")
		if strings.ContainsAny(rest, "<>\"'") {
			t.Fatalf("safeHighlight(%q) = %q lets markup through", s, out)
		}
		if strings.Count(out, "<mark>") != strings.Count(out, "</mark>") {
			t.Fatalf("safeHighlight(%q) = %q: unbalanced marks", s, out)
		}
	})
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		name          string
		in            int64
		dong, million string
	}{
		{"zero", 0, "0", "0"},
		{"small", 999, "999", "0,000999"},
		{"thousands", 1000, "1.000", "0,001"},
		{"allocation", 2994047000000, "2.994.047.000.000", "2.994.047"},
		{"half a million", 1500000, "1.500.000", "1,5"},
		{"negative", -1234567, "-1.234.567", "-1,234567"},
		{"largest", 9223372036854775807, "9.223.372.036.854.775.807", "9.223.372.036.854,775807"},
		{"smallest", -9223372036854775808, "-9.223.372.036.854.775.808", "-9.223.372.036.854,775808"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := vntext.FormatInt(tc.in); got != tc.dong {
				t.Errorf("vntext.FormatInt(%d) = %q, want %q", tc.in, got, tc.dong)
			}
			if got := formatMillions(tc.in); got != tc.million {
				t.Errorf("formatMillions(%d) = %q, want %q", tc.in, got, tc.million)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2025-12-19", "2025-12-19", true},
		{"19/12/2025", "2025-12-19", true},
		{"1/7/2025", "2025-07-01", true},
		{"19.12.2025", "2025-12-19", true},
		{"31/02/2020", "", false},
		{"2025-13-01", "", false},
		{"hôm qua", "", false},
		{"19/12/25", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := parseDate(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseDate(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-12-19", "19/12/2025", "1.1.1", "99/99/9999", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iso, ok := parseDate(s)
		if !ok {
			return
		}
		if again, ok2 := parseDate(iso); !ok2 || again != iso {
			t.Fatalf("parseDate(%q) = %q, which does not read back (%q, %v)", s, iso, again, ok2)
		}
	})
}

func TestHeaderRows(t *testing.T) {
	tests := []struct {
		name    string
		columns []string
		ncols   int
		want    string
	}{
		{"flat", []string{"STT", "Tỉnh"}, 2, "STT(1x1) Tỉnh(1x1)"},
		{"two levels", []string{"STT", "DỰ TOÁN / TỔNG SỐ", "DỰ TOÁN / VỐN"}, 3,
			"STT(1x2) DỰ TOÁN[2x1] | TỔNG SỐ(1x1) VỐN(1x1)"},
		{"same parent apart is two cells", []string{"A / x", "B", "A / y"}, 3,
			"A[1x1] B(1x2) A[1x1] | x(1x1) y(1x1)"},
		{"body wider than head", []string{"STT"}, 3, "STT(1x1) (1x1) (1x1)"},
		{"no columns", nil, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var parts []string
			for _, row := range headerRows(tc.columns, tc.ncols) {
				var cells []string
				for _, c := range row {
					if c.Group {
						cells = append(cells, fmt.Sprintf("%s[%dx%d]", c.Label, c.ColSpan, c.RowSpan))
					} else {
						cells = append(cells, fmt.Sprintf("%s(%dx%d)", c.Label, c.ColSpan, c.RowSpan))
					}
				}
				parts = append(parts, strings.Join(cells, " "))
			}
			if got := strings.Join(parts, " | "); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestFacetViews(t *testing.T) {
	var vals []index.FacetValue
	for i := 1; i <= 10; i++ {
		vals = append(vals, index.FacetValue{Term: fmt.Sprint("P", i), Count: 11 - i})
	}
	facets := map[string][]index.FacetValue{"province": vals, "type": {{Term: "", Count: 3}}, "year": {{Term: "2025", Count: 2}}}
	got := facetViews(facets, searchForm{Q: "x", Province: "P10", Page: 3}, catalogue["vi"])
	if len(got) != 2 || got[0].Name != "province" || got[1].Name != "year" {
		t.Fatalf("facets %+v: want province then year, the empty type facet left out", got)
	}
	p := got[0]
	if len(p.Terms) != facetShown+1 || len(p.More) != 1 || p.More[0].Term != "P9" {
		t.Errorf("shown %d, folded %v: want the first %d and the selected P10 shown", len(p.Terms), p.More, facetShown)
	}
	last := p.Terms[len(p.Terms)-1]
	if !last.Selected || last.URL != "/?q=x" {
		t.Errorf("selected value %+v: its link should remove the filter and go back to page 1", last)
	}
	if p.Terms[0].URL != "/?province=P1&q=x" {
		t.Errorf("link %q", p.Terms[0].URL)
	}
}

// FuzzSearchForm reads arbitrary query strings: a form that is accepted
// must come back the same from its own URL (shared links keep the search).
func FuzzSearchForm(f *testing.F) {
	for _, s := range []string{"q=d%E1%BB%B1+to%C3%A1n&page=2", "year=2020&date_from=1/7/2025", "sort=-date&type=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh",
		"page=0", "q=%3Cscript%3E", "date_from=2025-12-31&date_to=2025-01-01", "province=+L%C3%A0o+Cai+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		form, err := parseSearchForm(v, catalogue["vi"])
		if err != nil {
			return
		}
		u, err := url.Parse(form.URL("page", strconv.Itoa(form.Page)))
		if err != nil {
			t.Fatalf("form URL %q: %v", form.URL("page", strconv.Itoa(form.Page)), err)
		}
		again, err := parseSearchForm(u.Query(), catalogue["vi"])
		if err != nil {
			t.Fatalf("%q accepted, but its URL %q is refused: %v", raw, u, err)
		}
		if again != form {
			t.Fatalf("%q: form %+v comes back from %q as %+v", raw, form, u, again)
		}
	})
}

func TestRowHeaderColumn(t *testing.T) {
	row := func(cells ...string) extract.TableRow { return extract.TableRow{Kind: "item", Cells: cells} }
	tests := []struct {
		name string
		rows []extract.TableRow
		want int
	}{
		{"number then name", []extract.TableRow{row("1", "Lào Cai", "2.994"), row("2", "Yên Bái", "500")}, 1},
		{"name first", []extract.TableRow{row("Sở Nội vụ", "8,00"), row("Sở Y tế", "6,00")}, 0},
		{"only numbers", []extract.TableRow{row("1", "2", "3"), row("4", "5", "6")}, -1},
		{"roman group numbers are not names", []extract.TableRow{row("I", "Miền núi phía Bắc"), row("1", "Hà Giang"), row("2", "Tuyên Quang")}, 1},
		{"no rows", nil, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := rowHeaderColumn(tc.rows); got != tc.want {
				t.Errorf("rowHeaderColumn = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestRecipientName(t *testing.T) {
	cases := []struct {
		name          string
		a             extract.Allocation
		want, printed string
	}{
		{"capitals", extract.Allocation{Recipient: "HÀ GIANG", RecipientKind: extract.RecipientProvince, Province: "Hà Giang"}, "Hà Giang", "HÀ GIANG"},
		{"short form", extract.Allocation{Recipient: "TP. HCM", RecipientKind: extract.RecipientProvince, Province: "Hồ Chí Minh"}, "Hồ Chí Minh", "TP. HCM"},
		{"kind not recorded", extract.Allocation{Recipient: "LÀO  CAI", Province: "Lào Cai"}, "Lào Cai", "LÀO  CAI"},
		{"as in the gazetteer", extract.Allocation{Recipient: "Hà  Giang", RecipientKind: extract.RecipientProvince, Province: "Hà Giang"}, "Hà Giang", ""},
		{"old tone placement", extract.Allocation{Recipient: "Hoà Bình", RecipientKind: extract.RecipientProvince, Province: "Hòa Bình"}, "Hòa Bình", ""},
		{"a unit in a province stays as printed", extract.Allocation{Recipient: "SỞ TÀI CHÍNH HÀ GIANG", RecipientKind: extract.RecipientUnit, Province: "Hà Giang"}, "SỞ TÀI CHÍNH HÀ GIANG", ""},
		{"a budget line", extract.Allocation{Recipient: "THU NỘI ĐỊA", RecipientKind: extract.RecipientLine}, "THU NỘI ĐỊA", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := recipientName(c.a); got.Name != c.want || got.Printed != c.printed {
				t.Errorf("recipientName(%q) = %+v, want %q printed %q", c.a.Recipient, got, c.want, c.printed)
			}
		})
	}
}
