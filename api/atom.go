package api

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"vanban/index"
	"vanban/internal/httpx"
)

// A saved search as an Atom 1.0 feed (RFC 4287): GET /api/search.atom takes
// the parameters of /api/search and lists the matching documents newest
// first (sort=-date unless another order is asked for), so a feed reader or
// another system hears of every new document that matches.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary,omitempty"`
}

// atomEpoch stands for an unknown date: Atom requires updated everywhere.
const atomEpoch = "1970-01-01T00:00:00Z"

// atomTime is a document date (YYYY-MM-DD or YYYY-MM) as an RFC 3339 time.
func atomTime(date string) string {
	for _, layout := range []string{time.DateOnly, "2006-01"} {
		if t, err := time.Parse(layout, date); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return atomEpoch
}

func (s *API) SearchAtom(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := parseQuery(v, searchParams)
	if err != nil {
		s.fail(w, err)
		return
	}
	if q.Sort == "" {
		q.Sort = "-date"
	}
	q.NoFacets, q.NoHighlights = true, true
	res, err := s.store.Search(r.Context(), q)
	if err != nil {
		s.fail(w, err)
		return
	}
	base := requestBase(r)
	self := base + r.URL.Path
	if len(v) > 0 {
		self += "?" + httpx.EncodeQuery(v)
	}
	page := base + "/"
	if len(v) > 0 {
		page += "?" + httpx.EncodeQuery(v)
	}
	feed := atomFeed{ID: self, Title: feedTitle(v), Author: atomPerson{Name: "vanban"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: page}}}
	for _, h := range res.Hits {
		e := atomEntry{
			ID:      base + "/documents/" + url.PathEscape(h.ID),
			Title:   entryTitle(h),
			Updated: atomTime(h.Date),
			Summary: h.Subject,
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/documents/" + url.PathEscape(h.ID)},
				{Rel: "related", Type: "application/json", Href: base + "/api/documents/" + url.PathEscape(h.ID)}},
		}
		if h.Issuer != "" {
			e.Author = &atomPerson{Name: h.Issuer}
		}
		if h.Type != "" {
			e.Categories = append(e.Categories, atomCategory{Term: h.Type})
		}
		if e.Updated > feed.Updated {
			feed.Updated = e.Updated
		}
		feed.Entries = append(feed.Entries, e)
	}
	if feed.Updated == "" {
		feed.Updated = atomEpoch
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(feed); err != nil {
		s.fail(w, err)
		return
	}
	buf.WriteByte('\n')
	writeCached(w, r, "application/atom+xml; charset=utf-8", cacheRevalidate, buf.Bytes())
}

// requestBase is the scheme and host the client used, for absolute links.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func feedTitle(v url.Values) string {
	var parts []string
	if q := strings.TrimSpace(v.Get("q")); q != "" {
		parts = append(parts, "“"+q+"”")
	}
	for _, k := range []string{"type", "issuer", "province", "current_province", "year", "date_from", "date_to"} {
		if x := v.Get(k); x != "" {
			parts = append(parts, x)
		}
	}
	if len(parts) == 0 {
		return "vanban: văn bản mới"
	}
	return "vanban: " + strings.Join(parts, " · ")
}

func entryTitle(h index.Hit) string {
	switch {
	case h.Number != "" && h.Subject != "":
		return h.Number + " – " + h.Subject
	case h.Number != "":
		return h.Number
	case h.Subject != "":
		return h.Subject
	}
	return h.ID
}
