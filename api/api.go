package api

import (
	"log/slog"
	"net/http"
	"os"
	"time"

	"vanban/ingest"
	"vanban/internal/httpx"
)

// Originals opens the original bytes of a record by its id (the SHA-256 of
// the file); ingest.Originals implements it. A missing file is an error
// wrapping fs.ErrNotExist.
type Originals interface {
	OpenFile(id string) (*os.File, error)
}

// Config is what the API is built from. Only Store is required; the
// other parts switch their routes on, as does a Store that is also an
// httpx.AllocationStore (GET /api/allocations) or an httpx.NumberFinder
// (references linked to the records held).
type Config struct {
	Store httpx.Store
	Log   *slog.Logger
	// Guard holds the write token (uploads: "Authorization: Bearer TOKEN");
	// nil or without a token, writes are off.
	Guard *httpx.Guard
	// Files serves GET /api/documents/{id}/file when set.
	Files Originals
	// Ingest switches on POST /api/documents (uploads; a token required) and
	// GET /api/ingest (ledger summary and per-file status); see ingest.go.
	Ingest httpx.Ingester
	// Changes switches on GET /api/changes (the ledger's change log).
	Changes ChangeLog
	// UploadIdle ends an upload whose body stops arriving for this long
	// (default 30 s).
	UploadIdle time.Duration
}

// API holds the JSON handlers; package server puts them in its route
// table.
type API struct {
	cfg   Config
	store httpx.Store
	log   *slog.Logger
	guard *httpx.Guard
}

// New builds the JSON handlers.
func New(cfg Config) *API {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Guard == nil {
		cfg.Guard = httpx.NewGuard("")
	}
	if cfg.UploadIdle <= 0 {
		cfg.UploadIdle = 30 * time.Second
	}
	return &API{cfg: cfg, store: cfg.Store, log: cfg.Log, guard: cfg.Guard}
}

// fail answers an error as JSON (httpx.Fail), logging it when it is ours.
func (s *API) fail(w http.ResponseWriter, err error) { httpx.Fail(w, s.log, err) }

// healthAnswer is the answer of GET /healthz.
type healthAnswer struct {
	Status string `json:"status"` // "ok" or "degraded"
	// Ingest says what holds ingestion when degraded (search still works).
	Ingest    string    `json:"ingest,omitempty"`
	Since     time.Time `json:"since,omitzero"`
	Retries   int       `json:"retries,omitempty"`
	NextRetry time.Time `json:"next_retry,omitzero"`
}

// Health answers 200 {"status":"ok"}, or 503 with the part that is
// degraded: ingestion held by a data directory that cannot be written.
func (s *API) Health(w http.ResponseWriter, r *http.Request) {
	if err := httpx.CheckParams(r.URL.Query()); err != nil {
		s.fail(w, err)
		return
	}
	if h, ok := s.cfg.Ingest.(httpx.HealthReporter); ok {
		if st := h.Health(); st.Degraded() {
			httpx.WriteJSON(w, http.StatusServiceUnavailable, healthAnswer{Status: "degraded",
				Ingest: "paused: " + ingest.StorageProblem(st.Err) + " (" + st.Err.Error() + "); search still works, queued files are retried",
				Since:  st.Since.UTC(), Retries: st.Retries, NextRetry: st.NextRetry.UTC()})
			return
		}
	}
	httpx.WriteJSON(w, http.StatusOK, healthAnswer{Status: "ok"})
}
