package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"vanban/api"
	"vanban/ingest"
	"vanban/ingest/format"
	"vanban/internal/servertest"
)

func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(Config{Store: servertest.Index(t)}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

var apiGet = servertest.Get

// fakeIngester switches the ingest routes on.
type fakeIngester struct{}

func (fakeIngester) AddReader(context.Context, io.Reader, string) (*ingest.Entry, error) {
	return nil, format.ErrUnsupported
}
func (fakeIngester) Entry(string) (*ingest.Entry, error)    { return nil, ingest.ErrUnknown }
func (fakeIngester) Summarize(int) (*ingest.Summary, error) { return &ingest.Summary{}, nil }
func (fakeIngester) MaxSize() int64                         { return 1 << 20 }
func (fakeIngester) Retry(...ingest.Status) ([]*ingest.Entry, error) {
	return nil, nil
}

func TestOpenAPICoversRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPIDocument(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	// Ingest switches on the upload, ingest-status and retry routes.
	s := New(Config{Store: servertest.Index(t), Ingest: fakeIngester{}})
	var patterns []string
	for _, rt := range s.routeTable() {
		patterns = append(patterns, rt.pattern)
	}
	for _, pattern := range patterns {
		method, path, _ := strings.Cut(pattern, " ")
		if !strings.HasPrefix(path, "/api/") && path != "/healthz" && path != "/metrics" {
			continue // the staff pages are not part of the API
		}
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("route %q is not in openapi.json", pattern)
		}
	}
}

func TestMetrics(t *testing.T) {
	srv := newTestServer(t)
	apiGet(t, srv.URL+"/api/search?q=khuyen")
	apiGet(t, srv.URL+"/api/search?size=1000")
	apiGet(t, srv.URL+"/api/documents/aa01")
	resp, body := apiGet(t, srv.URL+"/metrics")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("content type %q", resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`vanban_http_requests_total{route="GET /api/search",status="200"} 1`,
		`vanban_http_requests_total{route="GET /api/search",status="400"} 1`,
		`vanban_http_requests_total{route="GET /api/documents/{id}",status="200"} 1`,
		`vanban_http_request_duration_seconds_count{route="GET /api/search"} 2`,
		`vanban_http_request_duration_seconds_bucket{route="GET /api/search",le="+Inf"} 2`,
		"vanban_documents 2",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	line := regexp.MustCompile(`^(# (HELP|TYPE) .*|[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? [0-9.e+-]+)$`)
	for _, l := range strings.Split(strings.TrimSpace(string(body)), "\n") {
		if !line.MatchString(l) {
			t.Errorf("not Prometheus text format: %q", l)
		}
	}
}
