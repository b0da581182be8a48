package api

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"vanban/extract"
	"vanban/index"
)

// allocForm is the allocations page's query state.
type allocForm struct {
	Province, CurrentProvince, Year, Q string
	// Column keeps the rows of one column (khoản mục) only; it is applied
	// here, on the rows the index answers.
	Column string
}

func (f allocForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"province": f.Province, "current_province": f.CurrentProvince, "year": f.Year, "q": f.Q, "column": f.Column} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// AllColumnsURL is this page without the column filter.
func (f allocForm) AllColumnsURL() string {
	f.Column = ""
	return "/allocations?" + encodeQuery(f.values())
}

// DownloadURL is the JSON API's download of these rows.
func (f allocForm) DownloadURL(format string) string {
	v := f.values()
	v.Del("column")
	v.Set("format", format)
	return "/api/allocations?" + encodeQuery(v)
}

// allocRow is one allocation with the document it comes from.
type allocRow = index.AllocationRow

type columnTotal struct {
	Column   string
	Count    int
	Sum      int64
	Overflow bool
	URL      string // this page with only this column
	Selected bool
}

// columnKey groups column paths written in different case or spacing:
// "KINH PHÍ / TỔNG SỐ" and "Kinh phí / Tổng số" are one column.
func columnKey(c string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(c))), " ")
}

// addExact adds b to *a unless it would overflow, which it reports.
func addExact(a *int64, b int64) bool {
	if (b > 0 && *a > math.MaxInt64-b) || (b < 0 && *a < math.MinInt64-b) {
		return false
	}
	*a += b
	return true
}

// columnTotals sums the rows per column, in order of first appearance.
func columnTotals(rows []allocRow, f allocForm) []columnTotal {
	var out []columnTotal
	at := map[string]int{}
	for _, r := range rows {
		k := columnKey(r.Column)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			g := f
			g.Column = r.Column
			out = append(out, columnTotal{Column: r.Column, URL: "/allocations?" + encodeQuery(g.values()), Selected: columnKey(f.Column) == k})
		}
		out[i].Count++
		if !out[i].Overflow && !addExact(&out[i].Sum, r.AmountVND) {
			out[i].Overflow = true
		}
	}
	return out
}

type barView struct {
	Label  string
	Short  string // the label cut to fit beside the bar
	Amount int64
	Width  float64 // 0–100, percent of the largest
	Y      int
}

type allocPage struct {
	view
	F        allocForm
	Error    string
	Asked    bool
	Rows     []allocRow
	Shown    []allocRow // the rows listed on the page (the download has all)
	Sum      int64
	Overflow bool
	// Columns are the totals per column: amounts under different columns
	// (tổng thu, tổng chi, bổ sung…) are not added together.
	Columns []columnTotal
	AllRows int // rows before the column filter
	Bars    []barView
	ChartH  int
	BarsCut bool
	MaxBars int
	Old     []string
	Current []provinceOption
}

const maxBars = 30

// maxAllocRowsShown bounds the rows listed on the page; the total and the
// downloads cover every row.
const maxAllocRowsShown = 1000

// allocationScanDocs bounds how many documents the page reads to collect
// allocation rows.
const allocationScanDocs = 200

func (s *Server) handleAllocationsPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "nav.allocations")
	q := r.URL.Query()
	trim := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := allocForm{Province: trim("province"), CurrentProvince: trim("current_province"), Year: trim("year"), Q: trim("q"), Column: trim("column")}
	p := &allocPage{view: v, F: f, MaxBars: maxBars, Old: oldProvinces, Current: currentProvinceOptions(v.L)}
	if f.Province != "" && !contains(p.Old, f.Province) {
		p.Old = append([]string{f.Province}, p.Old...)
	}
	if f.Year != "" {
		if n, err := strconv.Atoi(f.Year); err != nil || n < 1900 || n > 2200 {
			p.Error = v.L.T("err.year")
			s.render(w, http.StatusBadRequest, "allocations", p)
			return
		}
	}
	if utf8Len(f.Q) > maxQueryLen {
		p.Error = v.L.T("err.q", maxQueryLen)
		s.render(w, http.StatusBadRequest, "allocations", p)
		return
	}
	p.Asked = f.Province != "" || f.CurrentProvince != "" || f.Year != "" || f.Q != ""
	if !p.Asked {
		s.render(w, http.StatusOK, "allocations", p)
		return
	}
	ctx, cancel := s.readContext(r)
	defer cancel()
	rows, err := s.allocations(ctx, f)
	if err != nil {
		status, msg := s.pageError(err, v.L)
		p.Error = msg
		s.render(w, status, "allocations", p)
		return
	}
	p.AllRows = len(rows)
	p.Columns = columnTotals(rows, f)
	if f.Column != "" {
		var kept []allocRow
		for _, r := range rows {
			if columnKey(r.Column) == columnKey(f.Column) {
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	p.Rows = rows
	p.Shown = rows[:min(len(rows), maxAllocRowsShown)]
	for _, row := range rows {
		if !addExact(&p.Sum, row.AmountVND) {
			p.Overflow = true
			break
		}
	}
	// One total and one chart only for amounts of one kind.
	if f.Column != "" || len(p.Columns) == 1 {
		p.Bars, p.BarsCut = bars(rows)
		p.ChartH = len(p.Bars)*26 + 4
	}
	s.render(w, http.StatusOK, "allocations", p)
}

// bars draws the largest positive rows, largest first.
func bars(rows []allocRow) ([]barView, bool) {
	var pos []allocRow
	for _, r := range rows {
		if r.AmountVND > 0 {
			pos = append(pos, r)
		}
	}
	sort.SliceStable(pos, func(i, j int) bool { return pos[i].AmountVND > pos[j].AmountVND })
	cut := len(pos) > maxBars
	if cut {
		pos = pos[:maxBars]
	}
	if len(pos) == 0 {
		return nil, false
	}
	top := float64(pos[0].AmountVND)
	out := make([]barView, len(pos))
	for i, r := range pos {
		label := r.Recipient
		if r.Number != "" {
			label += " · " + r.Number
		}
		if r.Group != "" {
			label += " · " + r.Group
		}
		// Bars take the middle of the chart, 34% to 80%: labels on the
		// left, amounts on the right.
		w := float64(r.AmountVND) / top * 46
		out[i] = barView{Label: label, Short: shorten(label, 36), Amount: r.AmountVND, Width: math.Max(w, 0.3), Y: i * 26}
	}
	return out, cut
}

// allocations collects the allocation rows matching the form; a Store that
// is no AllocationStore gets the slower scan in scanAllocations.
func (s *Server) allocations(ctx context.Context, f allocForm) ([]allocRow, error) {
	if as, ok := s.store.(AllocationStore); ok {
		q := index.Query{Q: f.Q, Province: f.Province, CurrentProvince: f.CurrentProvince}
		q.Year, _ = strconv.Atoi(f.Year)
		res, err := as.Allocations(ctx, q)
		if err != nil {
			return nil, err
		}
		return res.Rows, nil
	}
	return s.scanAllocations(ctx, f)
}

// scanAllocations is allocations for a Store that cannot answer them: it
// searches the documents and filters their allocations here, reading at most
// allocationScanDocs.
func (s *Server) scanAllocations(ctx context.Context, f allocForm) ([]allocRow, error) {
	var out []allocRow
	seen := 0
	for page := 1; seen < allocationScanDocs; page++ {
		res, err := s.store.Search(ctx, index.Query{Q: f.Q, Page: page, Size: 50})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			seen++
			rec, err := s.store.Get(h.ID)
			if err != nil {
				continue
			}
			for _, a := range rec.Allocations {
				if f.matches(a, rec) {
					out = append(out, allocRow{Allocation: a, DocumentID: rec.ID, Number: rec.Number, Type: rec.Type, Issuer: rec.Issuer, Date: rec.Date})
				}
			}
		}
		if len(res.Hits) == 0 || uint64(page*50) >= res.Total {
			break
		}
	}
	return out, nil
}

func (f allocForm) matches(a extract.Allocation, rec *extract.Record) bool {
	if f.Province != "" && !sameName(a.Province, f.Province) && !sameName(a.Recipient, f.Province) {
		return false
	}
	if f.CurrentProvince != "" && !sameName(a.CurrentProvince, f.CurrentProvince) {
		return false
	}
	if f.Year != "" && !strings.HasPrefix(rec.Date+rec.DateMonth, f.Year) && !strings.Contains(a.Group, f.Year) && !strings.Contains(a.Column, f.Year) {
		return false
	}
	return true
}

func sameName(a, b string) bool {
	return strings.EqualFold(norm.NFC.String(strings.TrimSpace(a)), norm.NFC.String(strings.TrimSpace(b)))
}

func utf8Len(s string) int { return len([]rune(s)) }

// shorten cuts s to at most n runes, with an ellipsis when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
