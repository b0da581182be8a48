package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"vanban/extract"
	"vanban/extract/vntext"
	"vanban/index"
	"vanban/internal/httpx"
)

// Config is what the pages are built from. Only Store is required.
type Config struct {
	Store httpx.Store
	Log   *slog.Logger
	// Guard holds the write token, typed into the upload form; nil or
	// without a token, the upload page says uploads are off.
	Guard *httpx.Guard
	// Ingest switches the upload pages and the ingest page on.
	Ingest httpx.Ingester
	// Timeout bounds the index work of one page (default 15 s).
	Timeout time.Duration
	// UploadIdle ends an upload whose body stops arriving for this long
	// (default 30 s).
	UploadIdle time.Duration
}

// Pages holds the page handlers; package server puts them in its route
// table.
type Pages struct {
	cfg   Config
	store httpx.Store
	log   *slog.Logger
	guard *httpx.Guard
}

// New builds the page handlers.
func New(cfg Config) *Pages {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Guard == nil {
		cfg.Guard = httpx.NewGuard("")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.UploadIdle <= 0 {
		cfg.UploadIdle = 30 * time.Second
	}
	return &Pages{cfg: cfg, store: cfg.Store, log: cfg.Log, guard: cfg.Guard}
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

const (
	pageSize    = 20
	maxPage     = 500
	maxQueryLen = 500
)

var templateFuncs = template.FuncMap{
	"date":      formatDate,
	"int":       func(n int) string { return vntext.FormatInt(int64(n)) },
	"money":     vntext.FormatInt,
	"millions":  formatMillions,
	"highlight": safeHighlight,
	"numeric":   isNumeric,
	"add":       func(a, b int) int { return a + b },
	"recipient": recipientName,
}

// pages holds one template set per page, each with the shared layout and
// the parts several pages use (templates/_*.html: the pager, the retry
// form, a list of files).
var pages = mustParsePages()

func mustParsePages() map[string]*template.Template {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	shared := []string{"templates/layout.html"}
	for _, name := range names {
		if strings.HasPrefix(path.Base(name), "_") {
			shared = append(shared, name)
		}
	}
	out := map[string]*template.Template{}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		t := template.New("layout.html").Funcs(templateFuncs).Option("missingkey=error")
		out[strings.TrimSuffix(base, ".html")] = template.Must(t.ParseFS(templateFS, append(shared, name)...))
	}
	return out
}

// cssURL carries a hash of the style sheet so browsers may cache it for good.
var cssURL = func() string {
	b, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return "/static/style.css?v=" + hex.EncodeToString(sum[:4])
}()

// staticFiles serves the embedded static folder.
var staticFiles = http.FileServerFS(staticFS)

// Static serves the style sheet and scripts (GET /static/), cached for
// good: their URLs carry a hash of their bytes.
func (s *Pages) Static(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/") {
		// A folder: its listing is nobody's business.
		httpx.WriteError(w, http.StatusNotFound, "no such file")
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	staticFiles.ServeHTTP(w, r)
}

// view is what every page template gets: language, messages and the layout's
// parts.
type view struct {
	Lang         string
	L            msgs
	Nav          string // which menu entry is the current page
	Title        string
	OtherLangURL string
	CSS          string
	Refresh      int // seconds; 0 means no <meta http-equiv="refresh">
}

func (s *Pages) newView(w http.ResponseWriter, r *http.Request, nav string) view {
	lang := language(w, r)
	l := catalogue[lang]
	q := r.URL.Query()
	q.Set("lang", l.T("lang.other.code"))
	return view{Lang: lang, L: l, Nav: nav, Title: l.T(nav), CSS: cssURL,
		OtherLangURL: r.URL.Path + "?" + httpx.EncodeQuery(q)}
}

// readContext bounds the index work of one page like an API read
// (Config.Timeout).
func (s *Pages) readContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.cfg.Timeout)
}

// render executes a page into a buffer and writes it with status.
func (s *Pages) render(w http.ResponseWriter, status int, page string, data any) {
	t, ok := pages[page]
	if !ok {
		s.log.Error("no such page template", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.log.Error("render page", "page", page, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(catalogue["vi"].T("err.internal")))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// webError is an error shown on a page: a status and a message already in
// the reader's language.
type webError struct {
	status int
	msg    string
}

func (e *webError) Error() string { return e.msg }

// pageError maps an error to a status and a message a clerk can act on,
// logging it when it is ours (the page counterpart of fail).
func (s *Pages) pageError(err error, l msgs) (int, string) {
	var we *webError
	var br *httpx.BadRequest
	var qe *index.QueryError
	switch {
	case errors.As(err, &we):
		return we.status, we.msg
	case errors.As(err, &br):
		return http.StatusBadRequest, br.Msg
	case errors.As(err, &qe):
		return http.StatusBadRequest, queryErrorText(qe, l)
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound, l.T("err.notfound")
	case errors.Is(err, index.ErrAmbiguous):
		return http.StatusConflict, l.T("err.ambiguous")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, l.T("err.slow")
	default:
		s.log.Error("page failed", "err", err)
		return http.StatusInternalServerError, l.T("err.internal")
	}
}

// queryErrorText says an index query error in the reader's language.
func queryErrorText(qe *index.QueryError, l msgs) string {
	switch qe.Param {
	case "page", "size":
		return l.T("err.page", maxPage)
	case "year":
		return l.T("err.year")
	case "date_from", "date_to":
		return l.T("err.date")
	case "type":
		return l.T("err.type")
	case "province", "current_province":
		return l.T("err.province")
	}
	if label, ok := l["f."+qe.Param]; ok {
		return l.T("err.param", label, qe.Msg)
	}
	return l.T("err.param", qe.Param, qe.Msg)
}

type errorPage struct {
	view
	Message string
}

func (s *Pages) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	v := s.newView(w, r, "err.title")
	status, msg := s.pageError(err, v.L)
	s.render(w, status, "error", &errorPage{view: v, Message: msg})
}

// NotFound answers unknown paths outside /api/ with a page.
func (s *Pages) NotFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		httpx.WriteError(w, http.StatusNotFound, httpx.NoRoute)
		return
	}
	v := s.newView(w, r, "err.title")
	s.render(w, http.StatusNotFound, "error", &errorPage{view: v, Message: v.L.T("err.pagenotfound")})
}

// ---- search page ----

// searchForm is the query state of the search page, as found in the URL.
type searchForm struct {
	Q, Type, Issuer, Province, CurrentProvince string
	Year                                       string
	DateFrom, DateTo                           string // ISO
	Sort                                       string // "", "-date" (newest first) or "date"
	Page                                       int
}

var formKeys = []string{"q", "type", "issuer", "province", "current_province", "year", "date_from", "date_to", "sort"}

func (f searchForm) get(key string) string {
	switch key {
	case "q":
		return f.Q
	case "type":
		return f.Type
	case "issuer":
		return f.Issuer
	case "province":
		return f.Province
	case "current_province":
		return f.CurrentProvince
	case "year":
		return f.Year
	case "date_from":
		return f.DateFrom
	case "date_to":
		return f.DateTo
	case "sort":
		return f.Sort
	}
	return ""
}

// values is the form as URL parameters, empty ones left out.
func (f searchForm) values() url.Values {
	v := url.Values{}
	for _, k := range formKeys {
		if s := f.get(k); s != "" {
			v.Set(k, s)
		}
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	return v
}

// Filtered tells whether any filter (not the words, not the order) is set.
func (f searchForm) Filtered() bool {
	for _, k := range formKeys[1 : len(formKeys)-1] {
		if f.get(k) != "" {
			return true
		}
	}
	return false
}

// URL is the search page for this form with key set to val (val "" removes
// it); any change but the page goes back to page 1.
func (f searchForm) URL(key, val string) string {
	v := f.values()
	if key != "page" {
		v.Del("page")
	}
	if val == "" {
		v.Del(key)
	} else {
		v.Set(key, val)
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + httpx.EncodeQuery(v)
}

// parseSearchForm reads and checks the URL parameters. The form comes back
// filled even on error, so the page can show what was typed.
func parseSearchForm(q url.Values, l msgs) (searchForm, error) {
	trim := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := searchForm{Q: trim("q"), Type: trim("type"), Issuer: trim("issuer"), Province: trim("province"),
		CurrentProvince: trim("current_province"), Year: trim("year"), DateFrom: trim("date_from"),
		DateTo: trim("date_to"), Sort: trim("sort"), Page: 1}
	bad := func(msg string) error { return &webError{status: http.StatusBadRequest, msg: msg} }
	if utf8.RuneCountInString(f.Q) > maxQueryLen {
		return f, bad(l.T("err.q", maxQueryLen))
	}
	if p := trim("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > maxPage {
			return f, bad(l.T("err.page", maxPage))
		}
		f.Page = n
	}
	switch f.Sort {
	case "", "-date", "date":
	default:
		return f, bad(l.T("err.sort"))
	}
	if f.Year != "" {
		n, err := strconv.Atoi(f.Year)
		if err != nil || n < 1900 || n > 2200 {
			return f, bad(l.T("err.year"))
		}
	}
	for _, d := range []*string{&f.DateFrom, &f.DateTo} {
		if *d == "" {
			continue
		}
		iso, ok := parseDate(*d)
		if !ok {
			return f, bad(l.T("err.date"))
		}
		*d = iso
	}
	if f.DateFrom != "" && f.DateTo != "" && f.DateFrom > f.DateTo {
		return f, bad(l.T("err.daterange"))
	}
	return f, nil
}

// indexQuery is the index query for the form. With no words the newest
// documents come first.
func (f searchForm) indexQuery() index.Query {
	q := index.Query{Q: f.Q, Type: f.Type, Issuer: f.Issuer, Province: f.Province,
		CurrentProvince: f.CurrentProvince, DateFrom: f.DateFrom, DateTo: f.DateTo, Page: f.Page, Size: pageSize}
	q.Year, _ = strconv.Atoi(f.Year)
	q.Sort = f.Sort
	if f.Q == "" && f.Sort == "" {
		q.Sort = "-date"
	}
	return q
}

type hitView struct {
	index.Hit
	// Name is the file name, shown when the number or subject was not read.
	Name string
	// SubjectHTML is the subject with the matched words marked, when the
	// words matched there.
	SubjectHTML template.HTML
	Snippets    []template.HTML
}

type facetTerm struct {
	Term     string
	Count    int
	URL      string
	Selected bool
}

type facetView struct {
	Name  string // the URL parameter it sets
	Label string
	Terms []facetTerm
	More  []facetTerm // shown folded (details) after the first facetShown
}

// facetShown is how many values of a facet are shown before "more".
const facetShown = 8

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool // an ellipsis before this link
}

// pager is the page links under a list (templates/_pager.html): the first
// and last pages, two on each side of the current one, previous and next.
type pager struct {
	Page, TotalPages int
	Pages            []pageLink
	Prev, Next       string
}

// newPager links page cur of total, url giving the address of page n.
func newPager(cur, total int, url func(n int) string) pager {
	p := pager{Page: cur, TotalPages: total}
	last := 0
	for n := 1; n <= total; n++ {
		if n != 1 && n != total && (n < cur-2 || n > cur+2) {
			continue
		}
		p.Pages = append(p.Pages, pageLink{N: n, URL: url(n), Current: n == cur, Gap: last != 0 && n != last+1})
		last = n
	}
	if cur > 1 {
		p.Prev = url(cur - 1)
	}
	if cur < total {
		p.Next = url(cur + 1)
	}
	return p
}

type provinceOption struct {
	Value, Label string
}

type searchPage struct {
	view
	F         searchForm
	Error     string
	Searched  bool // words or filters were given
	Total     uint64
	TotalText string
	Start     int // the number of the first hit on this page
	Hits      []hitView
	Facets    []facetView
	pager
	Types   []string
	Issuers []string
	Old     []string
	Current []provinceOption
}

// documentTypes are the types offered in the filter: the common ones first
// (Nghị định 30/2020/NĐ-CP and the legal types), then every other type the
// extractor gives a record (extract.DocumentTypes: "Phụ lục", "Hiến pháp"…).
var documentTypes = func() []string {
	out := []string{"Công văn", "Quyết định", "Nghị quyết", "Nghị định", "Thông tư",
		"Thông tư liên tịch", "Chỉ thị", "Luật", "Văn bản hợp nhất", "Quy chế", "Quy định", "Thông báo",
		"Hướng dẫn", "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Biên bản",
		"Tờ trình", "Hợp đồng", "Công điện", "Giấy mời", "Phiếu gửi", "Phụ lục"}
	for _, t := range extract.DocumentTypes() {
		if !contains(out, t.Name) {
			out = append(out, t.Name)
		}
	}
	return out
}()

// provinceLists are the filters' choices, from the project's one
// gazetteer (extract.Provinces), so every list spells a province as the
// index and the document page do ("Hòa Bình" beside "Thanh Hóa"): the 63
// provinces before 1 July 2025, and the 34 units since, each labelled with
// the old provinces merged into it: "Lâm Đồng (gồm Lâm Đồng, Bình Thuận,
// Đắk Nông cũ)", the namesake first.
func provinceLists(l msgs) (old []string, current []provinceOption) {
	before, now := extract.Provinces()
	merged := map[string][]string{}
	for _, p := range before {
		old = append(old, p.Name)
		merged[p.Current] = append(merged[p.Current], p.Name)
	}
	for _, p := range now {
		label := p.Name
		if m := merged[p.Name]; len(m) > 1 {
			names := []string{p.Name}
			for _, n := range m {
				if n != p.Name {
					names = append(names, n)
				}
			}
			if !contains(m, p.Name) {
				names = names[1:]
			}
			label = l.T("f.merged", p.Name, strings.Join(names, ", "))
		}
		current = append(current, provinceOption{Value: p.Name, Label: label})
	}
	return old, current
}

// facetOrder is the order facets are shown in; each facet name is also the
// URL parameter that filters on it.
var facetOrder = []string{"type", "issuer", "province", "current_province", "year"}

func facetViews(facets map[string][]index.FacetValue, f searchForm, l msgs) []facetView {
	var out []facetView
	for _, name := range facetOrder {
		vals := facets[name]
		if len(vals) == 0 {
			continue
		}
		fv := facetView{Name: name, Label: l.T("f." + name)}
		for _, t := range vals {
			if t.Term == "" {
				continue
			}
			sel := strings.EqualFold(f.get(name), t.Term)
			u := f.URL(name, t.Term)
			if sel {
				u = f.URL(name, "")
			}
			fv.Terms = append(fv.Terms, facetTerm{Term: t.Term, Count: t.Count, URL: u, Selected: sel})
		}
		if len(fv.Terms) > facetShown {
			// Keep a selected value in view.
			var first, more []facetTerm
			for i, t := range fv.Terms {
				if i < facetShown || t.Selected {
					first = append(first, t)
				} else {
					more = append(more, t)
				}
			}
			fv.Terms, fv.More = first, more
		}
		if len(fv.Terms) > 0 {
			out = append(out, fv)
		}
	}
	return out
}

func (s *Pages) Home(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "nav.search")
	p := &searchPage{view: v, Types: documentTypes}
	p.Old, p.Current = provinceLists(v.L)
	f, err := parseSearchForm(r.URL.Query(), v.L)
	p.F = f
	if f.Type != "" && !contains(p.Types, f.Type) {
		p.Types = append([]string{f.Type}, p.Types...)
	}
	if f.Province != "" && !contains(p.Old, f.Province) {
		p.Old = append([]string{f.Province}, p.Old...)
	}
	if err != nil {
		status, msg := s.pageError(err, v.L)
		p.Error = msg
		s.render(w, status, "search", p)
		return
	}
	p.Searched = f.Q != "" || f.Filtered()
	ctx, cancel := s.readContext(r)
	defer cancel()
	res, err := s.store.Search(ctx, f.indexQuery())
	if err != nil {
		status, msg := s.pageError(err, v.L)
		p.Error = msg
		s.render(w, status, "search", p)
		return
	}
	p.Total = res.Total
	p.TotalText = vntext.FormatInt(int64(min(res.Total, math.MaxInt64)))
	p.Start = (f.Page-1)*pageSize + 1
	for _, h := range res.Hits {
		hv := hitView{Hit: h}
		if h.Number == "" || h.Subject == "" {
			if rec, err := s.store.Get(h.ID); err == nil {
				hv.Name = rec.Source.Name
			}
		}
		if frags := h.Highlights["subject"]; len(frags) > 0 && h.Subject != "" {
			hv.SubjectHTML = safeHighlight(strings.TrimSpace(frags[0]))
		}
		for _, field := range []string{"body", "text", "tables"} {
			for _, frag := range h.Highlights[field] {
				if len(hv.Snippets) < 3 && strings.Trim(frag, " \t\n….") != "" {
					hv.Snippets = append(hv.Snippets, safeHighlight(strings.TrimSpace(frag)))
				}
			}
		}
		p.Hits = append(p.Hits, hv)
	}
	p.Facets = facetViews(res.Facets, f, v.L)
	for _, fv := range p.Facets {
		if fv.Name == "type" {
			// A type the facet shows is one the list offers, whatever
			// extractor wrote the record.
			for _, t := range append(fv.Terms, fv.More...) {
				if !contains(p.Types, t.Term) {
					p.Types = append(p.Types[:len(p.Types):len(p.Types)], t.Term) // a copy: documentTypes is shared
				}
			}
		}
		if fv.Name == "issuer" {
			for _, t := range fv.Terms {
				p.Issuers = append(p.Issuers, t.Term)
			}
		}
	}
	p.pager = newPager(f.Page, min(int((res.Total+pageSize-1)/pageSize), maxPage),
		func(n int) string { return f.URL("page", strconv.Itoa(n)) })
	if p.Searched {
		p.Title = fmt.Sprintf("“%s” – %s", f.Q, v.L.T("search.title"))
		if f.Q == "" {
			p.Title = v.L.T("search.title")
		}
	}
	s.render(w, http.StatusOK, "search", p)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
