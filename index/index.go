package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"

	"vanban/extract"
)

// ErrNotFound is returned by Get for an unknown id.
var ErrNotFound = errors.New("document not found")

// Index is the embedded Bleve index of extracted records.
type Index struct {
	bi bleve.Index
}

// doc is what is stored in Bleve for one record.
type doc struct {
	Number    string   `json:"number"`
	NumberKey string   `json:"number_key"`
	Type      string   `json:"type"`
	Issuer    string   `json:"issuer"`
	Date      string   `json:"date"`
	Subject   string   `json:"subject"`
	Body      string   `json:"body"`
	Provinces []string `json:"provinces"`
	Record    string   `json:"record"`
}

func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	dm := bleve.NewDocumentMapping()
	kw := bleve.NewTextFieldMapping()
	kw.Analyzer = keyword.Name
	text := bleve.NewTextFieldMapping()
	text.Analyzer = standard.Name
	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	dm.AddFieldMappingsAt("number", kw)
	dm.AddFieldMappingsAt("number_key", kw)
	dm.AddFieldMappingsAt("type", kw)
	dm.AddFieldMappingsAt("issuer", kw)
	dm.AddFieldMappingsAt("date", kw)
	dm.AddFieldMappingsAt("subject", text)
	dm.AddFieldMappingsAt("body", text)
	dm.AddFieldMappingsAt("provinces", kw)
	dm.AddFieldMappingsAt("record", stored)
	im.DefaultMapping = dm
	return im
}

// Open opens the index in dir, creating it when absent.
func Open(dir string) (*Index, error) {
	path := filepath.Join(dir, "index.bleve")
	bi, err := bleve.Open(path)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
		bi, err = bleve.New(path, newMapping())
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return &Index{bi: bi}, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.bi.Close() }

// Add indexes (or replaces) records.
func (ix *Index) Add(ctx context.Context, recs ...*extract.Record) error {
	b := ix.bi.NewBatch()
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return err
		}
		js, err := json.Marshal(r)
		if err != nil {
			return err
		}
		var provs []string
		for _, p := range r.Provinces {
			provs = append(provs, p.Name, p.Current)
		}
		d := doc{Number: r.Number, NumberKey: NumberKey(r.Number), Type: r.Type, Issuer: r.Issuer,
			Date: r.Date, Subject: r.Subject, Body: r.Text, Provinces: provs, Record: string(js)}
		if err := b.Index(r.ID, d); err != nil {
			return err
		}
	}
	return ix.bi.Batch(b)
}

// Get returns the stored record.
func (ix *Index) Get(id string) (*extract.Record, error) {
	q := bleve.NewDocIDQuery([]string{id})
	req := bleve.NewSearchRequest(q)
	req.Fields = []string{"record"}
	res, err := ix.bi.Search(req)
	if err != nil {
		return nil, err
	}
	if len(res.Hits) == 0 {
		return nil, ErrNotFound
	}
	s, _ := res.Hits[0].Fields["record"].(string)
	var r extract.Record
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return nil, fmt.Errorf("stored record %s: %w", id, err)
	}
	return &r, nil
}

// Query is a search request.
type Query struct {
	Q    string
	Page int // 1-based
	Size int
}

// Hit is one search result.
type Hit struct {
	ID         string              `json:"id"`
	Number     string              `json:"number"`
	Type       string              `json:"type"`
	Issuer     string              `json:"issuer"`
	Date       string              `json:"date"`
	Subject    string              `json:"subject"`
	Score      float64             `json:"score"`
	Highlights map[string][]string `json:"highlights,omitempty"`
}

// Result is a page of hits.
type Result struct {
	Total  uint64         `json:"total"`
	Hits   []Hit          `json:"hits"`
	Facets map[string]any `json:"facets"`
}

var numberLike = regexp.MustCompile(`\d+\s*(/\s*\d{4})?\s*/\s*[\p{L}\d&-]+`)

// Search runs a query.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if q.Size <= 0 {
		q.Size = 10
	}
	if q.Page <= 0 {
		q.Page = 1
	}
	var bq query.Query
	text := strings.TrimSpace(q.Q)
	if text == "" {
		bq = bleve.NewMatchAllQuery()
	} else {
		dq := bleve.NewDisjunctionQuery()
		if m := numberLike.FindString(text); m != "" {
			t := bleve.NewTermQuery(NumberKey(m))
			t.SetField("number_key")
			t.SetBoost(10)
			dq.AddQuery(t)
		}
		for _, f := range []string{"subject", "body"} {
			mq := bleve.NewMatchQuery(text)
			mq.SetField(f)
			dq.AddQuery(mq)
		}
		bq = dq
	}
	req := bleve.NewSearchRequestOptions(bq, q.Size, (q.Page-1)*q.Size, false)
	req.Fields = []string{"number", "type", "issuer", "date", "subject"}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &Result{Total: res.Total, Hits: []Hit{}, Facets: map[string]any{}}
	for _, h := range res.Hits {
		str := func(k string) string { s, _ := h.Fields[k].(string); return s }
		out.Hits = append(out.Hits, Hit{ID: h.ID, Number: str("number"), Type: str("type"),
			Issuer: str("issuer"), Date: str("date"), Subject: str("subject"), Score: h.Score})
	}
	return out, nil
}

// NumberKey is the exact-match key of a document number: NFC, no spaces,
// lower case, Đ/đ folded to d, so "779 /QĐ-UBND" and "779/qd-ubnd" agree.
func NumberKey(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case r == 'Đ' || r == 'đ' || r == 'Ð':
			b.WriteRune('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
