package web

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
	"vanban/extract/vntext"
	"vanban/index"
	"vanban/internal/httpx"
)

// allocForm is the allocations page's query state.
type allocForm struct {
	Province, CurrentProvince, Year, Q string
	// Column keeps the rows of one column (khoản mục) only; it is applied
	// here, on the rows the index answers, so that the page can list every
	// column's total beside it.
	Column string
	// Kind is the recipient_kind filter: "" (provinces and units), a
	// kind, or "all".
	Kind string
}

// allocKinds are the choices of the recipient kind filter.
var allocKinds = []string{"", extract.RecipientProvince, extract.RecipientUnit, extract.RecipientLine, "all"}

func (f allocForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"province": f.Province, "current_province": f.CurrentProvince, "year": f.Year, "q": f.Q, "column": f.Column, "recipient_kind": f.Kind} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// AllColumnsURL is this page without the column filter.
func (f allocForm) AllColumnsURL() string {
	f.Column = ""
	return "/allocations?" + httpx.EncodeQuery(f.values())
}

// DownloadURL is the JSON API's download of these rows: every filter of
// the page, the column too.
func (f allocForm) DownloadURL(format string) string {
	v := f.values()
	v.Set("format", format)
	return "/api/allocations?" + httpx.EncodeQuery(v)
}

// allocRow is one allocation with the document it comes from.
type allocRow = index.AllocationRow

type columnTotal struct {
	Column   string
	Group    string // budget lines: their group (revenue, spending…)
	Count    int
	Sum      int64
	URL      string // this page with only this column
	Selected bool
}

// columnTotals are the index's sums per column, linked to this page with
// only that column.
func columnTotals(sums []index.ColumnSum, f allocForm) []columnTotal {
	out := make([]columnTotal, len(sums))
	for i, c := range sums {
		g := f
		g.Column = c.Column
		out[i] = columnTotal{Column: c.Column, Group: c.Group, Count: c.Rows, Sum: c.SumVND,
			URL: "/allocations?" + httpx.EncodeQuery(g.values()), Selected: f.Column != "" && index.ColumnKey(f.Column) == index.ColumnKey(c.Column)}
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
	F     allocForm
	Error string
	Asked bool
	Rows  []allocRow
	Shown []allocRow // the rows listed on the page (the download has all)
	Sum   int64
	// Kinds are the choices of the recipient kind filter.
	Kinds []string
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

func (s *Pages) Allocations(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "nav.allocations")
	q := r.URL.Query()
	trim := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := allocForm{Province: trim("province"), CurrentProvince: trim("current_province"), Year: trim("year"), Q: trim("q"), Column: trim("column"), Kind: trim("recipient_kind")}
	p := &allocPage{view: v, F: f, MaxBars: maxBars, Kinds: allocKinds}
	p.Old, p.Current = provinceLists(v.L)
	if !contains(allocKinds, f.Kind) {
		p.Error = v.L.T("err.kind")
		s.render(w, http.StatusBadRequest, "allocations", p)
		return
	}
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
	res, err := s.allocations(ctx, f)
	if err != nil {
		status, msg := s.pageError(err, v.L)
		p.Error = msg
		s.render(w, status, "allocations", p)
		return
	}
	rows := res.Rows
	p.AllRows = len(rows)
	p.Columns = columnTotals(res.Sums, f)
	selected := p.Columns
	if f.Column != "" {
		var kept []allocRow
		for _, r := range rows {
			if index.ColumnKey(r.Column) == index.ColumnKey(f.Column) {
				kept = append(kept, r)
			}
		}
		rows = kept
		selected = nil
		for _, c := range p.Columns {
			if c.Selected {
				selected = append(selected, c)
			}
		}
	}
	p.Rows = rows
	p.Shown = rows[:min(len(rows), maxAllocRowsShown)]
	// One total and one chart only for amounts of one column (and, for
	// budget lines, one group): the index's exact sum of that column.
	if len(selected) == 1 {
		p.Sum = selected[0].Sum
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
		label := recipientName(r.Allocation).Name
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

// allocations collects the allocation rows matching the form (every row,
// counted once, with the sums per column); a Store that is no
// httpx.AllocationStore gets the slower scan in scanAllocations.
func (s *Pages) allocations(ctx context.Context, f allocForm) (*index.AllocationResult, error) {
	kinds := httpx.RecipientKinds(f.Kind)
	if as, ok := s.store.(httpx.AllocationStore); ok {
		q := index.AllocationQuery{Query: index.Query{Q: f.Q, Province: f.Province, CurrentProvince: f.CurrentProvince}, Kinds: kinds, All: true}
		q.Year, _ = strconv.Atoi(f.Year)
		return as.Allocations(ctx, q)
	}
	rows, err := s.scanAllocations(ctx, f, kinds)
	if err != nil {
		return nil, err
	}
	res := &index.AllocationResult{Total: len(rows), Rows: rows}
	res.Sums, res.SumVND, res.SumNote = index.ColumnSums(rows)
	return res, nil
}

// scanAllocations is allocations for a Store that cannot answer them: it
// searches the documents and filters their allocations here, reading at most
// allocationScanDocs.
func (s *Pages) scanAllocations(ctx context.Context, f allocForm, kinds []string) ([]allocRow, error) {
	if kinds == nil {
		kinds = index.DefaultKinds
	}
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
				if a.RecipientKind == "" {
					a.RecipientKind = extract.RecipientKind(a.Recipient)
				}
				if f.matches(a, rec) && contains(kinds, a.RecipientKind) {
					out = append(out, allocRow{Allocation: a, DocumentID: rec.ID, Number: rec.Number, Type: rec.Type, Issuer: rec.Issuer, Date: rec.Date.ISO(),
						Files: []index.File{{ID: rec.ID, Name: rec.Source.Name}}})
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
	if f.Year != "" && !strings.HasPrefix(rec.When().ISO(), f.Year) && !strings.Contains(a.Group, f.Year) && !strings.Contains(a.Column, f.Year) {
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

// recipientView is a recipient as a page shows it: a province in the
// gazetteer's spelling ("Hà Giang"), with the form the table printed
// ("HÀ GIANG", "TP. HCM") kept beside it when that differs; any other
// recipient as printed.
type recipientView struct {
	Name, Printed string
}

func recipientName(a extract.Allocation) recipientView {
	kind := a.RecipientKind
	if kind == "" { // a record written before recipient kinds
		kind = extract.RecipientKind(a.Recipient)
	}
	if kind != extract.RecipientProvince || a.Province == "" {
		return recipientView{Name: a.Recipient}
	}
	// Spaces and tone placement ("Hoà Bình") are no other spelling.
	if vntext.NormalizeTones(vntext.Normalize(strings.Join(strings.Fields(a.Recipient), " "))) == a.Province {
		return recipientView{Name: a.Province}
	}
	return recipientView{Name: a.Province, Printed: a.Recipient}
}
