package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"vanban/extract"
	"vanban/index"
)

// Store is what the API needs from the index.
type Store interface {
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Get(id string) (*extract.Record, error)
}

// Config is what a Server is built from. Only Store is required; the
// other parts switch their routes on.
type Config struct {
	Store Store
	Log   *slog.Logger
	// Token guards writes (uploads) when set: "Authorization: Bearer TOKEN".
	Token string
	// Ingest switches on POST /api/documents (uploads; Token required) and
	// GET /api/ingest (ledger summary and per-file status); see ingest.go.
	Ingest Ingester
}

// Server serves the JSON API and the staff page.
type Server struct {
	cfg   Config
	store Store
	log   *slog.Logger
	mux   *http.ServeMux
}

// New builds a server.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Server{cfg: cfg, store: cfg.Store, log: cfg.Log, mux: http.NewServeMux()}
	s.routes()
	return s
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /api/search", s.handleSearch)
	s.mux.HandleFunc("GET /api/documents/{id}", s.handleDocument)
	s.mux.HandleFunc("GET /{$}", s.handleHome)
	if s.cfg.Ingest != nil {
		s.mux.HandleFunc("POST /api/documents", s.handleUpload)
		s.mux.HandleFunc("GET /api/ingest", s.handleIngest)
	}
}

// Handler returns the HTTP handler with its middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverer(s.mux)
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("handler panic", "path", r.URL.Path, "panic", v)
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		start := time.Now()
		next.ServeHTTP(w, r)
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "took", time.Since(start))
	})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// badRequest is a parameter error a client can fix.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func intParam(r *http.Request, name string, def, min, max int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, &badRequest{msg: name + " must be a whole number from " + strconv.Itoa(min) + " to " + strconv.Itoa(max)}
	}
	return n, nil
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	page, err := intParam(r, "page", 1, 1, 10000)
	if err != nil {
		s.fail(w, err)
		return
	}
	size, err := intParam(r, "size", 10, 1, 100)
	if err != nil {
		s.fail(w, err)
		return
	}
	res, err := s.store.Search(r.Context(), index.Query{Q: r.URL.Query().Get("q"), Page: page, Size: size})
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) {
	rec, err := s.store.Get(r.PathValue("id"))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>vanban</title>
<h1>Tra cứu văn bản</h1><form action="/api/search"><label>Tìm <input name="q"></label> <button>Tìm</button></form></html>`))
}

// fail maps an error to a status and a message a clerk can act on; it is
// the one place where handler errors are logged.
func (s *Server) fail(w http.ResponseWriter, err error) {
	var br *badRequest
	switch {
	case errors.As(err, &br):
		writeError(w, http.StatusBadRequest, br.msg)
	case errors.Is(err, index.ErrNotFound):
		writeError(w, http.StatusNotFound, "no document with that id")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "the request took too long; try a narrower search")
	default:
		s.log.Error("request failed", "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
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
