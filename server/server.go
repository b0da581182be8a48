package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"vanban/api"
	"vanban/internal/httpx"
	"vanban/web"
)

// Counter reports how many records the index holds (for /metrics).
type Counter interface {
	Count(ctx context.Context) (uint64, error)
}

// Config is what a Server is built from. Only Store is required; the
// other parts switch their routes on.
type Config struct {
	// Store is the index: httpx.Store, and optionally
	// httpx.AllocationStore, httpx.NumberFinder and Counter to switch on
	// more routes.
	Store httpx.Store
	Log   *slog.Logger
	// Token guards writes (uploads, retries) when set: "Authorization:
	// Bearer TOKEN" on the API, a form field on the upload page.
	Token string
	// Files serves GET /api/documents/{id}/file when set.
	Files api.Originals
	// Ingest switches on POST /api/documents (uploads; Token required),
	// GET /api/ingest (ledger summary and per-file status), POST
	// /api/ingest/retry, the upload pages (the upload form and the form
	// that has failed and needs_ocr files read again; Token required) and
	// the ingest page's counts and list (GET /ingest; without Ingest, as
	// on a read-only replica, it says there is no intake queue).
	Ingest httpx.Ingester
	// Changes switches on GET /api/changes (the ledger's change log).
	Changes api.ChangeLog
	// Timeout bounds the work of one read request, API or page (default
	// 15 s).
	Timeout time.Duration
	// UploadIdle ends an upload whose body stops arriving for this long
	// (default 30 s), so a stalled client does not hold a connection for
	// the server's whole read timeout.
	UploadIdle time.Duration
}

// Server serves the JSON API (package api) and the staff pages (package
// web) from one route table, behind one chain of middleware.
type Server struct {
	cfg     Config
	log     *slog.Logger
	api     *api.API
	pages   *web.Pages
	mux     *http.ServeMux
	metrics *metrics
}

// New builds a server.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.UploadIdle <= 0 {
		cfg.UploadIdle = 30 * time.Second
	}
	guard := httpx.NewGuard(cfg.Token)
	s := &Server{cfg: cfg, log: cfg.Log, mux: http.NewServeMux(), metrics: newMetrics(),
		api: api.New(api.Config{Store: cfg.Store, Log: cfg.Log, Guard: guard, Files: cfg.Files,
			Ingest: cfg.Ingest, Changes: cfg.Changes, UploadIdle: cfg.UploadIdle}),
	}
	wc := web.Config{Store: cfg.Store, Log: cfg.Log, Guard: guard, Timeout: cfg.Timeout, UploadIdle: cfg.UploadIdle}
	if cfg.Ingest != nil {
		wc.Ingest = cfg.Ingest
	}
	s.pages = web.New(wc)
	for _, rt := range s.routeTable() {
		s.mux.HandleFunc(rt.pattern, rt.handler)
	}
	return s
}

// route is one line of the route table.
type route struct {
	pattern string
	handler http.HandlerFunc
}

// routeTable is every route the server answers, in one place. JSON routes
// under /api/ (and /healthz, /metrics) are described in api/openapi.json;
// TestOpenAPICoversRoutes keeps the two in step.
func (s *Server) routeTable() []route {
	a, p := s.api, s.pages
	rt := []route{
		{"GET /healthz", a.Health},
		{"GET /metrics", s.handleMetrics},
		{"GET /api/openapi.json", a.OpenAPI},
		{"GET /api/search", a.Search},
		{"GET /api/search.atom", a.SearchAtom},
		{"GET /api/documents/{id}", a.Document},
		{"GET /api/documents/{id}/file", a.DocumentFile},
		{"GET /api/allocations", a.Allocations},
		{"GET /api/changes", a.Changes},
		// The staff pages (package web).
		{"GET /{$}", p.Home},
		{"GET /documents/{id}", p.Document},
		{"GET /allocations", p.Allocations},
		{"GET /ingest", p.Ingest},
		{"GET /upload", p.UploadForm},
		{"POST /upload", p.UploadPost},
		{"GET /upload/{id}", p.UploadStatus},
		{"GET /upload/retry", p.RetryForm},
		{"POST /upload/retry", p.RetryPost},
		{"GET /static/", p.Static},
		{"GET /", s.handleNotFound},
	}
	if s.cfg.Ingest != nil {
		rt = append(rt, route{"POST /api/documents", a.Upload}, route{"GET /api/ingest", a.IngestStatus},
			route{"POST /api/ingest/retry", a.Retry})
	}
	return rt
}

// handleNotFound answers an unknown path by what was asked for: JSON under
// /api/, a page elsewhere.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		httpx.WriteError(w, http.StatusNotFound, httpx.NoRoute)
		return
	}
	s.pages.NotFound(w, r)
}

// Handler returns the HTTP handler with its middleware.
func (s *Server) Handler() http.Handler {
	return s.instrument(jsonErrors(s.checkRequest(s.limit(s.recoverer(s.mux)))))
}

// maxReadBody bounds the body of requests that are not uploads.
const maxReadBody = 1 << 20

// limit bounds request bodies of reads and gives API reads a deadline
// (pages take theirs from web.Config.Timeout).
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, maxReadBody)
			if strings.HasPrefix(r.URL.Path, "/api/") {
				ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
				defer cancel()
				r = r.WithContext(ctx)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("handler panic", "path", r.URL.Path, "panic", v)
				httpx.WriteError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		start := time.Now()
		next.ServeHTTP(w, r)
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "took", time.Since(start))
	})
}
