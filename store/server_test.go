package store

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"vanban/internal/httpx"
)

// TestGetNotServed: a path the server has no route for (a replica's
// /api/ingest) is ErrNotServed, which vanban status explains; a 404 for a
// missing document is not.
func TestGetNotServed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/documents/x" {
			httpx.WriteError(w, http.StatusNotFound, "no document with that id")
			return
		}
		httpx.WriteError(w, http.StatusNotFound, httpx.NoRoute)
	}))
	defer srv.Close()
	c := &Server{Base: srv.URL}
	var v any
	if err := c.Get(context.Background(), "/api/ingest?failures=5", &v); !errors.Is(err, ErrNotServed) {
		t.Errorf("GET of a path with no route: %v, want ErrNotServed", err)
	}
	if err := c.Get(context.Background(), "/api/documents/x", &v); err == nil || errors.Is(err, ErrNotServed) {
		t.Errorf("GET of a missing document: %v, want an error that is not ErrNotServed", err)
	}
	if noRoute != httpx.NoRoute {
		t.Errorf("store's noRoute %q is not httpx.NoRoute %q", noRoute, httpx.NoRoute)
	}
}
