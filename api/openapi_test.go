package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"vanban/api"
	"vanban/extract"
	"vanban/ingest"
	"vanban/internal/servertest"
	"vanban/model"
	"vanban/server"
)

// TestOpenAPIValid checks openapi.json with a validator library (the
// OpenAPI 3.0 rules: references resolve, schemas and examples are well
// formed), not by eye.
func TestOpenAPIValid(t *testing.T) {
	doc := loadOpenAPI(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json does not validate: %v", err)
	}
}

func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIDocument())
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return doc
}

// TestAnswersMatchOpenAPI sends real requests — good ones and each kind of
// bad one — to a server with every route switched on and checks each
// request and answer (status, headers, body) against openapi.json. A status
// or a field the document does not describe fails.
func TestAnswersMatchOpenAPI(t *testing.T) {
	doc := loadOpenAPI(t)
	// Bodies that are text, not JSON: checked as the strings the document
	// says they are (the feed's own test reads it as Atom).
	openapi3filter.RegisterBodyDecoder("application/atom+xml", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.FileBodyDecoder)
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "aa01"), []byte("%PDF-1.4 original"), 0o644)
	l, err := ingest.OpenLedger(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Add("aa01", 1, ingest.Source{Kind: "upload", Name: "qd-4768.pdf"}, nil)
	l.Finish("aa01", ingest.Result{Status: ingest.StatusIndexed})
	up, pool := newIngestServer(t, "s3cret")
	up.Close()
	ix := servertest.Index(t)
	for _, id := range []string{"c0ffee0123456789", "c0ffee0999999999"} {
		if err := ix.Add(context.Background(), &extract.Record{ID: id, Source: extract.Source{Name: "a.pdf", Format: "pdf"}, Number: "7/QĐ-UBND", Date: model.MustParseDate("2025-01-02")}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(server.New(server.Config{Store: ix, Files: fakeFiles{dir}, Token: "s3cret",
		Ingest: pool, Changes: l}).Handler())
	defer srv.Close()

	type req struct {
		method, path string
		body         string
		header       []string
		status       int
	}
	reqs := []req{
		{method: "GET", path: "/api/search?q=khuyen+cong&type=QĐ&sort=-date", status: 200},
		{method: "GET", path: "/api/search?current_province=" + url.QueryEscape("Lâm Đồng"), status: 200},
		{method: "GET", path: "/api/search?type=xyz", status: 400},
		{method: "GET", path: "/api/search?provnce=x", status: 400},
		{method: "GET", path: "/api/search.atom?q=khuyen+cong", status: 200},
		{method: "GET", path: "/api/search.atom?sort=name", status: 400},
		{method: "GET", path: "/api/documents/aa01", status: 200},
		{method: "GET", path: "/api/documents/aa01?text=1", status: 200},
		{method: "GET", path: "/api/documents/nope", status: 404},
		{method: "GET", path: "/api/documents/c0ffee0", status: 409},
		{method: "GET", path: "/api/documents/c0ffee01234", status: 200},
		{method: "GET", path: "/api/documents/aa01/file", status: 200},
		{method: "GET", path: "/api/documents/bb02/file", status: 404},
		{method: "GET", path: "/api/allocations", status: 200},
		{method: "GET", path: "/api/allocations?format=csv", status: 200},
		{method: "GET", path: "/api/allocations?format=pdf", status: 400},
		{method: "GET", path: "/api/changes", status: 200},
		{method: "GET", path: "/api/changes?since=1", status: 200},
		{method: "GET", path: "/api/changes?since=99", status: 400},
		{method: "GET", path: "/api/openapi.json", status: 200},
		{method: "GET", path: "/healthz", status: 200},
		{method: "GET", path: "/metrics", status: 200},
		{method: "GET", path: "/api/ingest", header: []string{"Authorization", "Bearer s3cret"}, status: 200},
		{method: "GET", path: "/api/ingest", status: 401},
		{method: "GET", path: "/api/ingest", header: []string{"Authorization", "Bearer wrong"}, status: 401},
		{method: "GET", path: "/api/ingest?id=nope", header: []string{"Authorization", "Bearer s3cret"}, status: 404},
		{method: "POST", path: "/api/documents?name=a.pdf", body: "%PDF-1.4 new", header: []string{"Authorization", "Bearer s3cret", "Content-Type", "application/octet-stream"}, status: 202},
		{method: "POST", path: "/api/documents?name=a.pdf", body: "hello", header: []string{"Authorization", "Bearer s3cret", "Content-Type", "application/octet-stream"}, status: 415},
		{method: "POST", path: "/api/documents?name=a.pdf", body: "%PDF-1.4 x", header: []string{"Authorization", "Bearer wrong", "Content-Type", "application/octet-stream"}, status: 401},
		{method: "POST", path: "/api/documents?name=a.pdf", body: "%PDF-" + strings.Repeat("x", 100), header: []string{"Authorization", "Bearer s3cret", "Content-Type", "application/octet-stream"}, status: 413},
		{method: "POST", path: "/api/ingest/retry?status=failed,needs_ocr", header: []string{"Authorization", "Bearer s3cret"}, status: 200},
		{method: "POST", path: "/api/ingest/retry?status=indexed", header: []string{"Authorization", "Bearer s3cret"}, status: 400},
		{method: "POST", path: "/api/ingest/retry?status=failed", status: 401},
	}
	for _, c := range reqs {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			var body io.Reader
			if c.body != "" {
				body = strings.NewReader(c.body)
			}
			r, _ := http.NewRequest(c.method, srv.URL+c.path, body)
			for i := 0; i+1 < len(c.header); i += 2 {
				r.Header.Set(c.header[i], c.header[i+1])
			}
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, got)
			}
			// The request as the server saw it, for the router.
			vr, _ := http.NewRequest(c.method, "http://localhost"+c.path, strings.NewReader(c.body))
			vr.Header = r.Header.Clone()
			route, params, err := router.FindRoute(vr)
			if err != nil {
				t.Fatalf("no route in openapi.json: %v", err)
			}
			in := &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
					IncludeResponseStatus: true, MultiError: true}}
			if c.status < 400 {
				if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
					t.Errorf("request does not match openapi.json: %v", err)
				}
			}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
				Header: resp.Header, Options: in.Options}
			out.SetBodyBytes(got)
			if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
				t.Errorf("answer does not match openapi.json: %v\n%s", err, truncate(got, 600))
			}
		})
	}
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return append(bytes.Clone(b[:n]), "…"...)
	}
	return b
}
