package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"vanban/ingest"
)

// retryStatuses are the statuses a clerk may have read again from the
// upload page: the files that ended without a record (as POST
// /api/ingest/retry).
var retryStatuses = ingest.NotIndexed

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

// retryForm is the retry form (templates/_retry.html) on a page that
// carries it: the upload page and the ingest page.
type retryForm struct {
	Retry      []retryChoice // the checkboxes
	RetryError string        // why the form sent was refused
	RetryFrom  string        // the page the form is on: "upload" or "ingest"
}

// retryOrigin is the page a retry form was sent from (its field "from"),
// where a refused form comes back and the result page leads back to.
func retryOrigin(form url.Values) string {
	if form.Get("from") == "ingest" {
		return "ingest"
	}
	return "upload"
}

// fileView is a file of the ledger in a list (templates/_files.html): its
// name linked to its progress page, its status in words and the reason it
// was not indexed, said as its progress page says it (entryReason).
type fileView struct {
	ID, Name, Status, When, Reason string
}

// newFileView shows e with status, the words for its status.
func newFileView(e *ingest.Entry, status string, l msgs) fileView {
	fv := fileView{ID: e.ID, Name: e.Name(), Status: status, Reason: entryReason(e, l)}
	if !e.Finished.IsZero() {
		fv.When = l.T("files.when", e.Finished.Local().Format("15:04 02/01/2006"))
	}
	return fv
}

type retryPage struct {
	view
	Chosen    string // the statuses asked for, in words
	Queued    int
	Files     []fileView
	NotShow   int // files queued but not listed (beyond maxRetriedShown)
	Back      string
	BackLabel string
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

// RetryPost answers the retry form of the upload page and of the ingest
// page (POST /upload/retry): with the upload token, the files of the
// statuses ticked (failed, needs_ocr) are queued again through the same
// Retry as POST /api/ingest/retry, and the page lists them as they were,
// each linked to its status page. A refused form comes back on the page it
// was sent from.
func (s *Pages) RetryPost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	formErr := r.ParseForm()
	from := retryOrigin(r.PostForm)
	v := s.newView(w, r, "nav."+from)
	fail := func(status int, msg string, chosen []ingest.Status) {
		s.retryRefused(w, r, v, from, status, msg, chosen)
	}
	if s.cfg.Ingest == nil || !s.guard.Enabled() {
		fail(http.StatusServiceUnavailable, v.L.T("upload.disabled"), nil)
		return
	}
	if formErr != nil {
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
	if s.health().Degraded() {
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
	s.log.Info("files queued again from the "+from+" page", "statuses", chosen, "files", len(before), "remote", r.RemoteAddr)
	labels := make([]string, len(chosen))
	for i, st := range chosen {
		labels[i] = v.L.T("retry.name." + string(st))
	}
	v.Title = v.L.T("retry.title")
	p := &retryPage{view: v, Chosen: strings.Join(labels, ", "), Queued: len(before),
		Back: "/" + from, BackLabel: v.L.T(from + ".back")}
	for i, e := range before {
		if i == maxRetriedShown {
			p.NotShow = len(before) - i
			break
		}
		p.Files = append(p.Files, newFileView(e, v.L.T("retry.was."+string(e.Status)), v.L))
	}
	s.render(w, http.StatusOK, "retry", p)
}

// retryRefused shows again the page the retry form was sent from, with msg
// beside the form and the boxes ticked as they were sent; on a page that
// shows no form (uploads off, nothing left to read again), msg at the top.
func (s *Pages) retryRefused(w http.ResponseWriter, r *http.Request, v view, from string, status int, msg string, chosen []ingest.Status) {
	form := retryForm{Retry: retryChoices(v.L, chosen), RetryError: msg, RetryFrom: from}
	if from == "ingest" {
		p, err := s.newIngestPage(r, v)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		if p.Retry == nil {
			p.Error = msg
		} else {
			p.retryForm = form
		}
		s.render(w, status, "ingest", p)
		return
	}
	up := s.newUploadPage(v)
	if !up.Enabled {
		up.Error = msg
	} else {
		up.retryForm = form
	}
	s.render(w, status, "upload", up)
}
