package table

import (
	"fmt"
	"strings"
	"testing"

	"vanban/model"
)

// at is text printed at x on a line of a synthetic page.
type at struct {
	x    float64
	text string
}

// synthPage lays out lines of text (size 9, 5 pt a letter, 2.5 pt a
// space) from y = 100, pitch apart, with the given rules.
func synthPage(lines [][]at, pitch float64, rules []model.Rule) model.Page {
	p := model.Page{Number: 1, Width: 600, Height: 800, Rules: rules}
	for i, l := range lines {
		y := 100 + float64(i)*pitch
		var ln model.Line
		for _, a := range l {
			x := a.x
			for _, w := range strings.Fields(a.text) {
				wd := 5 * float64(len([]rune(w)))
				ln.Words = append(ln.Words, model.Word{Text: w, X0: x, X1: x + wd, Y0: y, Y1: y + 9, Size: 9})
				x += wd + 2.5
			}
		}
		if len(ln.Words) == 0 {
			continue
		}
		ln.X0, ln.Y0, ln.X1, ln.Y1 = ln.Words[0].X0, y, ln.Words[len(ln.Words)-1].X1, y+9
		var parts []string
		for _, w := range ln.Words {
			parts = append(parts, w.Text)
		}
		ln.Text = strings.Join(parts, " ")
		p.Lines = append(p.Lines, ln)
	}
	return p
}

// rowsOf renders a table's cells row by row: "col:text" (or "c0-c1:text"
// for a spanning cell), cells joined with " | ".
func rowsOf(t *Table) []string {
	var out []string
	for _, c := range t.Cells() {
		for len(out) <= c.Row {
			out = append(out, "")
		}
		s := fmt.Sprintf("%d:%s", c.Col, c.Text)
		if c.EndCol > c.Col {
			s = fmt.Sprintf("%d-%d:%s", c.Col, c.EndCol, c.Text)
		}
		if out[c.Row] != "" {
			out[c.Row] += " | "
		}
		out[c.Row] += s
	}
	return out
}

func hline(x0, x1, y float64) model.Rule { return model.Rule{X0: x0, Y0: y, X1: x1, Y1: y + 0.5} }
func vline(x, y0, y1 float64) model.Rule { return model.Rule{X0: x, Y0: y0, X1: x + 0.5, Y1: y1} }

// TestTableStructure checks the layout rules of PDF tables on synthetic
// pages, one rule a case.
func TestTableStructure(t *testing.T) {
	prose := []at{{50, "Đoạn văn bản trước bảng nói về việc phân bổ kinh phí cho các địa phương trong năm."}}
	tests := []struct {
		name  string
		lines [][]at
		pitch float64
		rules []model.Rule
		want  [][]string // rows of each table
	}{
		{
			name: "unruled: a source line and the next section end the table",
			lines: [][]at{prose, {},
				{{50, "Tỉnh"}, {250, "Vốn đầu tư"}, {400, "Vốn sự nghiệp"}},
				{{50, "Hà Giang"}, {250, "2.150"}, {400, "1.830"}},
				{{50, "Lào Cai"}, {250, "2.994"}, {400, "1.047"}},
				{{50, "Nguồn: Bộ Tài chính."}},
				{{50, "2.3 Kết quả"}},
				{{50, "Gia Lai"}, {250, "2.050"}, {400, "990"}},
			},
			pitch: 14,
			want:  [][]string{{"0:Tỉnh | 1:Vốn đầu tư | 2:Vốn sự nghiệp", "0:Hà Giang | 1:2.150 | 2:1.830", "0:Lào Cai | 1:2.994 | 2:1.047"}},
		},
		{
			name: "unruled: figures scattered over a chart are not a table",
			lines: [][]at{
				{{60, "12,84"}, {300, "12,71"}},
				{{150, "11,97"}, {420, "11,92"}},
				{{90, "11,57"}, {360, "11,44"}, {500, "11,55"}},
				{{200, "10,4"}, {250, "9,9"}},
			},
			pitch: 14,
			want:  nil,
		},
		{
			name: "unruled: axis labels of two framed charts side by side are not a table",
			lines: [][]at{
				{{60, "Giải ngân Hà Giang"}, {330, "Giải ngân Lào Cai"}},
				{{60, "450"}, {330, "450"}},
				{{60, "Kế hoạch"}, {330, "Kế hoạch"}},
				{{60, "400"}, {330, "400"}},
				{{60, "Thực hiện"}, {330, "Thực hiện"}},
				{{60, "350"}, {330, "350"}},
			},
			pitch: 16,
			rules: []model.Rule{{X0: 50, Y0: 90, X1: 280, Y1: 200}, {X0: 320, Y0: 90, X1: 550, Y1: 200},
				hline(90, 270, 125), hline(90, 270, 145), hline(90, 270, 165), hline(360, 540, 125), hline(360, 540, 145), hline(360, 540, 165)},
			want: nil,
		},
		{
			name: "unruled: a wrapped name joins its row; a header word over white space joins its column",
			lines: [][]at{
				{{50, "STT"}, {80, "Tên đơn vị"}, {300, "Dự toán"}, {340, "năm"}, {420, "Ghi chú"}},
				{{50, "1"}, {80, "Sở Y tế"}, {300, "98.300"}, {420, "mới"}},
				{{50, "2"}, {80, "Ban Quản lý dự án"}, {300, "412.600"}, {420, "cũ"}},
				{{80, "xây dựng dân dụng"}},
				{{50, "3"}, {80, "Sở Tài chính"}, {300, "76.900"}, {420, "mới"}},
			},
			pitch: 14,
			want: [][]string{{"0:STT | 1:Tên đơn vị | 2:Dự toán năm | 3:Ghi chú", "0:1 | 1:Sở Y tế | 2:98.300 | 3:mới",
				"0:2 | 1:Ban Quản lý dự án xây dựng dân dụng | 2:412.600 | 3:cũ", "0:3 | 1:Sở Tài chính | 2:76.900 | 3:mới"}},
		},
		{
			name: "ruled: row lines reaching past the outer column lines take in the outer columns",
			lines: [][]at{
				{{210, "2000"}, {310, "2002"}, {410, "2004"}},
				{{55, "Upper secondary"}, {210, "15 455"}, {310, "13 951"}, {410, "12 068"}},
				{{55, "Polytechnics"}, {210, "20 527"}, {310, "20 922"}, {410, "22 083"}},
			},
			pitch: 20,
			rules: []model.Rule{hline(50, 550, 96), hline(50, 550, 116), hline(50, 550, 136), hline(50, 550, 156),
				vline(200, 96, 156), vline(300, 96, 156), vline(400, 96, 156)},
			want: [][]string{{"1:2000 | 2:2002 | 3:2004", "0:Upper secondary | 1:15 455 | 2:13 951 | 3:12 068", "0:Polytechnics | 1:20 527 | 2:20 922 | 3:22 083"}},
		},
		{
			name: "ruled: columns without row lines, one figure a line, are one row a line",
			lines: [][]at{
				{{55, "Country"}, {210, "Fund"}, {310, "Total"}},
				{{55, "Bulgaria"}, {210, "2.3"}, {310, "5.5"}},
				{{55, "Cyprus"}, {210, "0.2"}, {310, "0.2"}},
				{{55, "Latvia"}, {210, "1.5"}, {310, "3.9"}},
			},
			pitch: 14,
			rules: []model.Rule{hline(50, 400, 96), hline(50, 400, 112), hline(50, 400, 156),
				vline(50, 96, 156), vline(200, 96, 156), vline(300, 96, 156), vline(400, 96, 156)},
			want: [][]string{{"0:Country | 1:Fund | 2:Total", "0:Bulgaria | 1:2.3 | 2:5.5", "0:Cyprus | 1:0.2 | 2:0.2", "0:Latvia | 1:1.5 | 2:3.9"}},
		},
		{
			name: "ruled: shading behind a header's two lines is not a row line",
			lines: [][]at{
				{{55, "Pollutant"}, {210, "to air"}, {310, "to water"}},
				{{210, "kg/year"}, {310, "kg/year"}},
				{{55, "Methane"}, {210, "100 000"}, {310, "-"}},
				{{55, "Nitrous oxide"}, {210, "10 000"}, {310, "-"}},
			},
			pitch: 14,
			rules: []model.Rule{hline(50, 400, 96), hline(50, 400, 125), hline(50, 400, 138), hline(50, 400, 152),
				vline(50, 96, 152), vline(200, 96, 152), vline(300, 96, 152), vline(400, 96, 152),
				{X0: 200, Y0: 96, X1: 300, Y1: 125}, {X0: 205, Y0: 97, X1: 295, Y1: 110}, {X0: 205, Y0: 110, X1: 295, Y1: 124}},
			want: [][]string{{"0:Pollutant | 1:to air kg/year | 2:to water kg/year", "0:Methane | 1:100 000 | 2:-", "0:Nitrous oxide | 1:10 000 | 2:-"}},
		},
		{
			name: "ruled: where the column lines stop the columns go on; a sentence across the table stays one cell",
			lines: [][]at{
				{{55, "Tỉnh"}, {210, "Vốn đầu tư"}, {310, "Vốn sự nghiệp"}},
				{{55, "Hà Giang"}, {210, "2.150"}, {310, "1.830"}},
				{{55, "Lào Cai"}, {210, "2.994"}, {310, "1.047"}},
				{{55, "Gia Lai"}, {210, "2.050"}, {310, "990"}},
				{{55, "Điện Biên"}, {210, "1.875"}, {310, "920"}},
				{{55, "Tổng số vốn bổ sung trong năm được giao theo quyết định này"}},
			},
			pitch: 14,
			rules: []model.Rule{hline(50, 400, 96), hline(50, 400, 110), hline(50, 400, 124), hline(50, 400, 138), hline(50, 400, 152),
				hline(50, 400, 166), hline(50, 400, 180), vline(50, 96, 180), vline(400, 96, 180), vline(200, 96, 152), vline(300, 96, 152)},
			want: [][]string{{"0:Tỉnh | 1:Vốn đầu tư | 2:Vốn sự nghiệp", "0:Hà Giang | 1:2.150 | 2:1.830", "0:Lào Cai | 1:2.994 | 2:1.047",
				"0:Gia Lai | 1:2.050 | 2:990", "0:Điện Biên | 1:1.875 | 2:920", "0-2:Tổng số vốn bổ sung trong năm được giao theo quyết định này"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := synthPage(tc.lines, tc.pitch, tc.rules)
			tabs := FromPages([]model.Page{p})
			if len(tabs) != len(tc.want) {
				for _, tb := range tabs {
					t.Logf("found %q", rowsOf(tb))
				}
				t.Fatalf("found %d tables, want %d", len(tabs), len(tc.want))
			}
			for i, tb := range tabs {
				got := rowsOf(tb)
				if strings.Join(got, "\n") != strings.Join(tc.want[i], "\n") {
					t.Errorf("table %d\n got %q\nwant %q", i, got, tc.want[i])
				}
			}
		})
	}
}
