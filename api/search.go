package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"vanban/index"
	"vanban/internal/httpx"
)

// searchParams are the query parameters GET /api/search accepts;
// allocationParams adds format, document, column and recipient_kind, and
// reads page, size and sort its own way (parseAllocationQuery). Anything
// else is a 400: a misspelt filter must not silently widen the search.
var (
	searchParams = []string{"q", "type", "issuer", "province", "current_province", "year",
		"date_from", "date_to", "amount_min", "amount_max", "sort", "page", "size"}
	allocationParams = []string{"q", "type", "issuer", "province", "current_province", "year",
		"date_from", "date_to", "amount_min", "amount_max", "format",
		"page", "size", "sort", "document", "column", "recipient_kind"}
)

// parseQuery reads the shared filters of search and allocations.
func parseQuery(v url.Values, allowed []string) (index.Query, error) {
	var q index.Query
	if err := httpx.CheckParams(v, allowed...); err != nil {
		return q, err
	}
	q.Q = strings.TrimSpace(v.Get("q"))
	if len([]rune(q.Q)) > httpx.MaxQueryRunes {
		return q, &httpx.BadRequest{Param: "q", Msg: "q is longer than " + strconv.Itoa(httpx.MaxQueryRunes) + " characters"}
	}
	// A filter of blanks is no filter (as an empty one), not a filter
	// matching the documents without that field.
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	q.Type, q.Issuer = get("type"), get("issuer")
	q.Province, q.CurrentProvince = get("province"), get("current_province")
	q.DateFrom, q.DateTo, q.Sort = get("date_from"), get("date_to"), get("sort")
	var err error
	if q.Year, err = httpx.IntValue(v, "year", 0, 1900, 2200); err != nil {
		return q, err
	}
	if q.Page, err = httpx.IntValue(v, "page", 1, 1, 10000); err != nil {
		return q, err
	}
	if q.Size, err = httpx.IntValue(v, "size", 10, 1, index.MaxSize); err != nil {
		return q, err
	}
	for _, p := range []struct {
		name string
		dst  **int64
	}{{"amount_min", &q.AmountMin}, {"amount_max", &q.AmountMax}} {
		s := v.Get(p.name)
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
		if err != nil || n < 0 {
			return q, &httpx.BadRequest{Param: p.name, Msg: p.name + " must be a whole number of đồng, such as 1500000000"}
		}
		*p.dst = &n
	}
	return q, q.Validate()
}

// searchResponse is the answer of GET /api/search (DESIGN.md contract).
type searchResponse struct {
	Total  uint64                        `json:"total"`
	Page   int                           `json:"page"`
	Size   int                           `json:"size"`
	Hits   []index.Hit                   `json:"hits"`
	Facets map[string][]index.FacetValue `json:"facets"`
	TookMS float64                       `json:"took_ms"`
}

func (s *API) Search(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r.URL.Query(), searchParams)
	if err != nil {
		s.fail(w, err)
		return
	}
	res, err := s.store.Search(r.Context(), q)
	if err != nil {
		s.fail(w, err)
		return
	}
	if res.Hits == nil {
		res.Hits = []index.Hit{}
	}
	if res.Facets == nil {
		res.Facets = map[string][]index.FacetValue{}
	}
	ans := searchResponse{Total: res.Total, Page: q.Page, Size: q.Size, Hits: res.Hits, Facets: res.Facets}
	writeSearchCached(w, r, ans, res.Took)
}

// writeSearchCached writes a search answer with its ETag, made from the
// answer without took_ms: two runs of the same search take different times
// but say the same thing.
func writeSearchCached(w http.ResponseWriter, r *http.Request, ans searchResponse, took float64) {
	body, err := json.Marshal(ans)
	if err != nil {
		httpx.WriteError(w, http.StatusInternalServerError, "internal error")
		return
	}
	etag := etagOf(body)
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", cacheRevalidate)
	if notModified(r, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	ans.TookMS = took
	httpx.WriteJSON(w, http.StatusOK, ans)
}
