package api

import (
	"errors"
	"net/http"
	"strconv"

	"vanban/ingest"
	"vanban/internal/httpx"
)

// ChangeLog is the ledger's change log (*ingest.Ledger implements it):
// what GET /api/changes serves.
type ChangeLog interface {
	Changes(since uint64, limit int) (changes []ingest.Change, next uint64, more bool, err error)
}

// changesAnswer is the answer of GET /api/changes (DESIGN.md, agreed
// additions): the changes after the cursor, in order, and the cursor to
// ask with next time. More is true when the page was full: ask again at
// once with the new cursor.
type changesAnswer struct {
	Changes []ingest.Change `json:"changes"`
	Cursor  string          `json:"cursor"`
	More    bool            `json:"more"`
}

const (
	defaultChanges = 1000
	maxChanges     = 10000
)

// Changes lists every document added to, read again into or removed
// from the index since the cursor. A cursor is the position in the
// ledger's change log, so it keeps its meaning across restarts and
// reindexing; since absent (or "0") starts from the beginning.
func (s *API) Changes(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Changes == nil {
		httpx.WriteError(w, http.StatusNotImplemented, "this server keeps no change log")
		return
	}
	v := r.URL.Query()
	if err := httpx.CheckParams(v, "since", "limit"); err != nil {
		s.fail(w, err)
		return
	}
	var since uint64
	if c := v.Get("since"); c != "" {
		n, err := strconv.ParseUint(c, 10, 64)
		if err != nil {
			s.fail(w, &httpx.BadRequest{Param: "since", Msg: "since must be a cursor this server gave (the cursor of an earlier answer), or absent to start from the beginning"})
			return
		}
		since = n
	}
	limit, err := httpx.IntValue(v, "limit", defaultChanges, 1, maxChanges)
	if err != nil {
		s.fail(w, err)
		return
	}
	changes, next, more, err := s.cfg.Changes.Changes(since, limit)
	if errors.Is(err, ingest.ErrCursor) {
		s.fail(w, &httpx.BadRequest{Param: "since", Msg: "since is not a cursor of this server's data directory: start again without since"})
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	if changes == nil {
		changes = []ingest.Change{}
	}
	w.Header().Set("Cache-Control", "no-cache")
	httpx.WriteJSON(w, http.StatusOK, changesAnswer{Changes: changes, Cursor: strconv.FormatUint(next, 10), More: more})
}
