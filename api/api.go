package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
)

// Store is what the API needs from the index. A store may also implement
// AllocationStore, NumberFinder and Counter to switch on more routes.
type Store interface {
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Get(id string) (*extract.Record, error)
}

// AllocationStore answers GET /api/allocations.
type AllocationStore interface {
	Allocations(ctx context.Context, q index.AllocationQuery) (*index.AllocationResult, error)
}

// NumberFinder maps cited document numbers to the ids of records we hold.
type NumberFinder interface {
	FindNumbers(ctx context.Context, numbers []string) (map[string]string, error)
}

// Counter reports how many records the index holds (for /metrics).
type Counter interface {
	Count(ctx context.Context) (uint64, error)
}

// Originals opens the original bytes of a record by its id (the SHA-256 of
// the file); ingest.Originals implements it. A missing file is an error
// wrapping fs.ErrNotExist.
type Originals interface {
	OpenFile(id string) (*os.File, error)
}

// Config is what a Server is built from. Only Store is required; the
// other parts switch their routes on.
type Config struct {
	Store Store
	Log   *slog.Logger
	// Token guards writes (uploads) when set: "Authorization: Bearer TOKEN".
	Token string
	// Files serves GET /api/documents/{id}/file when set.
	Files Originals
	// Ingest switches on POST /api/documents (uploads; Token required) and
	// GET /api/ingest (ledger summary and per-file status); see ingest.go.
	Ingest Ingester
	// Changes switches on GET /api/changes (the ledger's change log).
	Changes ChangeLog
	// Timeout bounds the work of one API read request (default 15 s).
	Timeout time.Duration
	// UploadIdle ends an upload whose body stops arriving for this long
	// (default 30 s), so a stalled client does not hold a connection for
	// the server's whole read timeout.
	UploadIdle time.Duration
}

// Server serves the JSON API and the staff page.
type Server struct {
	cfg     Config
	store   Store
	log     *slog.Logger
	mux     *http.ServeMux
	metrics *metrics
	guesses *tokenGuesses
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
	s := &Server{cfg: cfg, store: cfg.Store, log: cfg.Log, mux: http.NewServeMux(), metrics: newMetrics(),
		guesses: newTokenGuesses()}
	s.routes()
	return s
}

// route is one line of the route table.
type route struct {
	pattern string
	handler http.HandlerFunc
}

// routeTable is every route the server answers, in one place. JSON routes
// under /api/ (and /healthz, /metrics) are described in openapi.json.
func (s *Server) routeTable() []route {
	return []route{
		{"GET /healthz", s.handleHealth},
		{"GET /metrics", s.handleMetrics},
		{"GET /api/openapi.json", s.handleOpenAPI},
		{"GET /api/search", s.handleSearch},
		{"GET /api/search.atom", s.handleSearchAtom},
		{"GET /api/documents/{id}", s.handleDocument},
		{"GET /api/documents/{id}/file", s.handleDocumentFile},
		{"GET /api/allocations", s.handleAllocations},
		{"GET /api/changes", s.handleChanges},
		// The staff pages (web*.go).
		{"GET /{$}", s.handleHome},
		{"GET /documents/{id}", s.handleDocumentPage},
		{"GET /allocations", s.handleAllocationsPage},
		{"GET /upload", s.handleUploadForm},
		{"POST /upload", s.handleUploadPost},
		{"GET /upload/{id}", s.handleUploadStatus},
		{"GET /static/", staticHandler().ServeHTTP},
		{"GET /", s.handleNotFound},
	}
}

func (s *Server) routes() {
	for _, rt := range s.routeTable() {
		s.mux.HandleFunc(rt.pattern, rt.handler)
	}
	if s.cfg.Ingest != nil {
		s.mux.HandleFunc("POST /api/documents", s.handleUpload)
		s.mux.HandleFunc("GET /api/ingest", s.handleIngest)
	}
}

// Handler returns the HTTP handler with its middleware.
func (s *Server) Handler() http.Handler {
	return s.instrument(jsonErrors(s.checkRequest(s.limit(s.recoverer(s.mux)))))
}

// maxReadBody bounds the body of requests that are not uploads.
const maxReadBody = 1 << 20

// limit bounds request bodies of reads and gives API reads a deadline.
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
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		start := time.Now()
		next.ServeHTTP(w, r)
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "took", time.Since(start))
	})
}

// HealthReporter is implemented by an Ingester (*ingest.Pool) that can
// say whether a storage error holds its queue.
type HealthReporter interface {
	Health() ingest.Health
}

// healthAnswer is the answer of GET /healthz.
type healthAnswer struct {
	Status string `json:"status"` // "ok" or "degraded"
	// Ingest says what holds ingestion when degraded (search still works).
	Ingest    string    `json:"ingest,omitempty"`
	Since     time.Time `json:"since,omitzero"`
	Retries   int       `json:"retries,omitempty"`
	NextRetry time.Time `json:"next_retry,omitzero"`
}

// handleHealth answers 200 {"status":"ok"}, or 503 with the part that is
// degraded: ingestion held by a data directory that cannot be written.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query()); err != nil {
		s.fail(w, err)
		return
	}
	if h, ok := s.cfg.Ingest.(HealthReporter); ok {
		if st := h.Health(); st.Degraded() {
			writeJSON(w, http.StatusServiceUnavailable, healthAnswer{Status: "degraded",
				Ingest: "paused: " + ingest.StorageProblem(st.Err) + " (" + st.Err.Error() + "); search still works, queued files are retried",
				Since:  st.Since.UTC(), Retries: st.Retries, NextRetry: st.NextRetry.UTC()})
			return
		}
	}
	writeJSON(w, http.StatusOK, healthAnswer{Status: "ok"})
}

// badRequest is a request error a client can fix; param names the query
// parameter at fault, when one is, and accepted the values it takes when
// they are a closed set.
type badRequest struct {
	param, msg string
	accepted   []string
}

func (e *badRequest) Error() string { return e.msg }

func intParam(r *http.Request, name string, def, min, max int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, &badRequest{param: name, msg: name + " must be a whole number from " + strconv.Itoa(min) + " to " + strconv.Itoa(max)}
	}
	return n, nil
}

// fail maps an error to a status and a message a clerk can act on; it is
// the one place where handler errors are logged.
func (s *Server) fail(w http.ResponseWriter, err error) {
	var br *badRequest
	var qe *index.QueryError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &br):
		writeParamError(w, br.param, br.msg, br.accepted)
	case errors.As(err, &qe):
		writeParamError(w, qe.Param, qe.Error(), index.Accepted(qe.Param))
	case errors.As(err, &mb):
		writeError(w, http.StatusRequestEntityTooLarge, "the request body is too large")
	case errors.Is(err, index.ErrNotFound):
		writeError(w, http.StatusNotFound, "no document with that id")
	case errors.Is(err, index.ErrAmbiguous):
		writeError(w, http.StatusConflict, err.Error())
	case errors.Is(err, fs.ErrNotExist):
		writeError(w, http.StatusNotFound, "the original file is not kept here")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "the request took too long; try a narrower search")
	default:
		s.log.Error("request failed", "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

// writeParamError answers 400 for a parameter at fault: the body names it
// (param) and, when it takes a closed set of values, lists them (accepted).
func writeParamError(w http.ResponseWriter, param, msg string, accepted []string) {
	body := map[string]any{"error": msg, "status": http.StatusBadRequest}
	if param != "" {
		body["param"] = param
	}
	if accepted != nil {
		body["accepted"] = accepted
	}
	writeJSON(w, http.StatusBadRequest, body)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": msg, "status": status})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
