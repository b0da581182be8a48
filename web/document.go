package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"vanban/extract"
	"vanban/extract/vntext"
	"vanban/index"
	"vanban/internal/httpx"
	"vanban/query"
)

type cellView struct {
	Text    string
	Numeric bool
	// Header marks the cell that names its row (the province, the unit):
	// a <th scope="row"> for screen readers.
	Header bool
}

type rowView struct {
	Kind  string
	Cells []cellView
}

type tableView struct {
	N     int // 1-based, for the anchor #table-N and the caption
	Title string
	Where string
	Unit  string
	Head  [][]headerCell
	Rows  []rowView
	// AllRows is the table's row count; Rows holds fewer when the table is
	// cut (MoreURL shows it whole).
	AllRows int
	MoreURL string
}

// maxRowsShown bounds the rows of one table on the document page, so that a
// sheet of 100 000 rows does not make a page an office PC cannot open;
// ?table=N shows table N whole.
const maxRowsShown = 500

// maxFiguresShown bounds the figures listed on the document page.
const maxFiguresShown = 2000

type referenceView struct {
	extract.Reference
	HeldID    string // our copy, when we hold that number
	SearchURL string
}

type figureView struct {
	Kind, Text, Value string
	Page              int
}

type documentPage struct {
	view
	Rec        *extract.Record
	FileURL    string
	Tables     []tableView
	References []referenceView
	Figures    []figureView
	FiguresCut int // the number of figures when not all are listed
	OCRNote    string
	Warnings   []warningView // the record's warnings in the page's language
}

// maxReferenceLookups bounds the searches a document page makes to link the
// documents it cites.
const maxReferenceLookups = 40

func (s *Pages) Document(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rec, err := s.store.Get(id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := s.newView(w, r, "doc.title")
	p := &documentPage{view: v, Rec: rec, FileURL: "/api/documents/" + url.PathEscape(rec.ID) + "/file"}
	switch {
	case rec.Number != "" && rec.Type != "":
		p.Title = rec.Type + " " + rec.Number
	case rec.Number != "":
		p.Title = rec.Number
	case rec.Source.Name != "":
		p.Title = rec.Source.Name
	}
	if rec.Source.OCR {
		p.OCRNote = v.L.T("doc.ocr", rec.Source.Confidence)
	}
	p.Warnings = warningViews(rec.Warnings, v.Lang)
	whole, _ := strconv.Atoi(r.URL.Query().Get("table"))
	for i, t := range rec.Tables {
		limit := maxRowsShown
		if whole == i+1 {
			limit = len(t.Rows)
		}
		tv := tableViewOf(i+1, t, limit, v.L)
		if tv.AllRows > len(tv.Rows) {
			tv.MoreURL = "/documents/" + url.PathEscape(rec.ID) + "?table=" + strconv.Itoa(i+1) + "#table-" + strconv.Itoa(i+1)
		}
		p.Tables = append(p.Tables, tv)
	}
	for i, f := range rec.Figures {
		if i == maxFiguresShown {
			p.FiguresCut = len(rec.Figures)
			break
		}
		p.Figures = append(p.Figures, figureViewOf(f, v.L))
	}
	ctx, cancel := s.readContext(r)
	defer cancel()
	p.References = s.referenceViews(ctx, rec.References)
	s.render(w, http.StatusOK, "document", p)
}

func tableViewOf(n int, t extract.Table, limit int, l msgs) tableView {
	tv := tableView{N: n, Title: t.Title, Unit: t.Unit, AllRows: len(t.Rows)}
	switch {
	case t.Sheet != "" && t.Page > 0:
		tv.Where = l.T("doc.table.where.sht", t.Sheet) + ", " + l.T("doc.table.where.page", t.Page)
	case t.Sheet != "":
		tv.Where = l.T("doc.table.where.sht", t.Sheet)
	case t.Page > 0:
		tv.Where = l.T("doc.table.where.page", t.Page)
	}
	ncols := len(t.Columns)
	for _, row := range t.Rows {
		ncols = max(ncols, len(row.Cells))
	}
	tv.Head = headerRows(t.Columns, ncols)
	nameCol := rowHeaderColumn(t.Rows)
	for i, row := range t.Rows {
		if i == limit {
			break
		}
		rv := rowView{Kind: row.Kind}
		for i := 0; i < ncols; i++ {
			c := ""
			if i < len(row.Cells) {
				c = row.Cells[i]
			}
			rv.Cells = append(rv.Cells, cellView{Text: c, Numeric: isNumeric(c), Header: i == nameCol})
		}
		tv.Rows = append(tv.Rows, rv)
	}
	return tv
}

// rowHeaderColumn is the column that names the rows: among the first three,
// the first whose cells are mostly words (not numbers, not empty); -1 when
// none is.
func rowHeaderColumn(rows []extract.TableRow) int {
	for col := 0; col < 3; col++ {
		words, n := 0, 0
		for _, r := range rows {
			if col >= len(r.Cells) {
				continue
			}
			n++
			if c := strings.TrimSpace(r.Cells[col]); c != "" && !isNumeric(c) && len([]rune(c)) > 3 {
				words++
			}
		}
		if n > 0 && words*3 >= n*2 {
			return col
		}
	}
	return -1
}

func figureViewOf(f extract.Figure, l msgs) figureView {
	fv := figureView{Kind: l.T("kind." + f.Kind), Text: f.Text, Page: f.Page}
	scaled := func(v int64) string {
		if f.Scale > 1 {
			whole, frac := v/f.Scale, v%f.Scale
			if frac < 0 {
				frac = -frac
			}
			s := vntext.FormatInt(whole)
			if frac != 0 {
				digits := len(strconv.FormatInt(f.Scale, 10)) - 1
				fs := strconv.FormatInt(frac, 10)
				fs = strings.Repeat("0", max(0, digits-len(fs))) + fs
				s += "," + strings.TrimRight(fs, "0")
			}
			return s
		}
		return vntext.FormatInt(v)
	}
	switch f.Kind {
	case "money":
		fv.Value = l.T("money.dong", vntext.FormatInt(f.Value))
	case "money_range":
		fv.Value = l.T("money.dong", vntext.FormatInt(f.Value)+" – "+vntext.FormatInt(f.ValueMax))
	case "percent":
		fv.Value = scaled(f.Value) + "%"
	default:
		fv.Value = strings.TrimSpace(scaled(f.Value) + " " + f.Unit)
	}
	return fv
}

// referenceViews links each cited number to our copy when we hold a
// document with that number, else to a search for it.
func (s *Pages) referenceViews(ctx context.Context, refs []extract.Reference) []referenceView {
	out := make([]referenceView, 0, len(refs))
	var held map[string]string
	if nf, ok := s.store.(httpx.NumberFinder); ok && len(refs) > 0 {
		numbers := make([]string, 0, len(refs))
		for _, ref := range refs {
			numbers = append(numbers, ref.Number)
		}
		held, _ = nf.FindNumbers(ctx, numbers) // a failed lookup only loses the links
	}
	for i, ref := range refs {
		if strings.TrimSpace(ref.Number) == "" {
			continue
		}
		rv := referenceView{Reference: ref, SearchURL: "/?q=" + url.QueryEscape(ref.Number)}
		switch {
		case held != nil:
			rv.HeldID = held[ref.Number]
		case i < maxReferenceLookups && ref.Number != "":
			rv.HeldID = s.heldNumber(ctx, ref.Number)
		}
		out = append(out, rv)
	}
	return out
}

// heldNumber answers the id of a document we hold with this number, or "".
func (s *Pages) heldNumber(ctx context.Context, number string) string {
	res, err := s.store.Search(ctx, index.Query{Q: number, Page: 1, Size: 5, NoFacets: true, NoHighlights: true})
	if err != nil {
		return ""
	}
	key := query.NumberKey(number)
	for _, h := range res.Hits {
		if h.Number != "" && query.NumberKey(h.Number) == key {
			return h.ID
		}
	}
	return ""
}
