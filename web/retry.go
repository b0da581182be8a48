package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"vanban/ingest"
)

// retryStatuses are the statuses a clerk may have read again from the
// upload page: the files that ended without a record (as POST
// /api/ingest/retry).
var retryStatuses = []ingest.Status{ingest.StatusFailed, ingest.StatusNeedsOCR}

// maxRetriedShown bounds the files the result page lists; the rest are
// counted.
const maxRetriedShown = 200

// retryChoice is one checkbox of the retry form.
type retryChoice struct {
	ID, Value, Label string
	Checked          bool
}

// retryChoices are the form's checkboxes, those in chosen ticked.
func retryChoices(l msgs, chosen []ingest.Status) []retryChoice {
	out := make([]retryChoice, len(retryStatuses))
	for i, st := range retryStatuses {
		out[i] = retryChoice{ID: "r-" + string(st), Value: string(st), Label: l.T("retry." + string(st)),
			Checked: slices.Contains(chosen, st)}
	}
	return out
}

// retriedView is one file queued again, as it was before.
type retriedView struct {
	ID, Name, Status, Reason string
}

type retryPage struct {
	view
	Chosen  string // the statuses asked for, in words
	Queued  int
	Files   []retriedView
	NotShow int // files queued but not listed (beyond maxRetriedShown)
}

// RetryForm answers GET /upload/retry (a reload or a link to the result
// page, or its language toggle) with the upload page's retry form.
func (s *Pages) RetryForm(w http.ResponseWriter, r *http.Request) {
	u := "/upload"
	if q := r.URL.RawQuery; q != "" {
		u += "?" + q
	}
	http.Redirect(w, r, u+"#retry-h", http.StatusSeeOther)
}

// RetryPost answers the upload page's retry form (POST /upload/retry): with
// the upload token, the files of the statuses ticked (failed, needs_ocr)
// are queued again through the same Retry as POST /api/ingest/retry, and
// the page lists them as they were, each linked to its status page.
func (s *Pages) RetryPost(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "nav.upload")
	up := s.newUploadPage(v)
	fail := func(status int, msg string, chosen []ingest.Status) {
		up.RetryError = msg
		up.Retry = retryChoices(v.L, chosen)
		s.render(w, status, "upload", up)
	}
	if !up.Enabled {
		up.Error = v.L.T("upload.disabled")
		s.render(w, http.StatusServiceUnavailable, "upload", up)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		fail(http.StatusBadRequest, v.L.T("retry.badform"), nil)
		return
	}
	var chosen []ingest.Status
	for _, val := range r.PostForm["status"] {
		st := ingest.Status(val)
		if !slices.Contains(retryStatuses, st) {
			fail(http.StatusBadRequest, v.L.T("retry.nostatus"), chosen)
			return
		}
		if !slices.Contains(chosen, st) {
			chosen = append(chosen, st)
		}
	}
	if s.guard.Blocked(r) > 0 {
		fail(http.StatusTooManyRequests, v.L.T("upload.badtoken"), chosen)
		return
	}
	if !s.guard.Check(r, strings.TrimSpace(r.PostForm.Get("token"))) {
		fail(http.StatusUnauthorized, v.L.T("upload.badtoken"), chosen)
		return
	}
	if len(chosen) == 0 {
		fail(http.StatusBadRequest, v.L.T("retry.nostatus"), nil)
		return
	}
	// While the data directory cannot be written the queue does not move:
	// nothing is queued again (as POST /api/ingest/retry, 507).
	if h, ok := s.cfg.Ingest.(interface{ Health() ingest.Health }); ok && h.Health().Degraded() {
		fail(http.StatusInsufficientStorage, v.L.T("retry.nospace"), chosen)
		return
	}
	before, err := s.cfg.Ingest.Retry(chosen...)
	if ingest.IsStorageError(err) {
		fail(http.StatusInsufficientStorage, v.L.T("retry.nospace"), chosen)
		return
	}
	if err != nil {
		s.errorPage(w, r, fmt.Errorf("retry %v: %w", chosen, err))
		return
	}
	s.log.Info("files queued again from the upload page", "statuses", chosen, "files", len(before), "remote", r.RemoteAddr)
	labels := make([]string, len(chosen))
	for i, st := range chosen {
		labels[i] = v.L.T("retry.name." + string(st))
	}
	v.Title = v.L.T("retry.title")
	p := &retryPage{view: v, Chosen: strings.Join(labels, ", "), Queued: len(before)}
	for i, e := range before {
		if i == maxRetriedShown {
			p.NotShow = len(before) - i
			break
		}
		p.Files = append(p.Files, retriedView{ID: e.ID, Name: e.Name(),
			Status: v.L.T("retry.was." + string(e.Status)), Reason: entryReason(e, v.L)})
	}
	s.render(w, http.StatusOK, "retry", p)
}
