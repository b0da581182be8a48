package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"vanban/ingest"
	"vanban/ingest/format"
	"vanban/internal/httpx"
)

// uploadSteps are the ledger's stages a file goes through, in order.
var uploadSteps = []ingest.Status{ingest.StatusQueued, ingest.StatusParsing, ingest.StatusIndexed}

type uploadPage struct {
	view
	Enabled bool
	MaxSize string
	Error   string
	// retryForm has the files not indexed read again (retry.go).
	retryForm
}

// newUploadPage: uploads need the ingest workers and a token (as for
// POST /api/documents, a server without a token takes no writes).
func (s *Pages) newUploadPage(v view) *uploadPage {
	p := &uploadPage{view: v, Enabled: s.cfg.Ingest != nil && s.guard.Enabled()}
	if p.Enabled {
		p.MaxSize = ingest.HumanBytes(s.cfg.Ingest.MaxSize())
		p.retryForm = retryForm{Retry: retryChoices(v.L, nil), RetryFrom: "upload"}
	}
	return p
}

func (s *Pages) UploadForm(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "nav.upload")
	s.render(w, http.StatusOK, "upload", s.newUploadPage(v))
}

func (s *Pages) UploadPost(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "nav.upload")
	p := s.newUploadPage(v)
	fail := func(status int, msg string) {
		p.Error = msg
		s.render(w, status, "upload", p)
	}
	if !p.Enabled {
		fail(http.StatusServiceUnavailable, v.L.T("upload.disabled"))
		return
	}
	maxSize := s.cfg.Ingest.MaxSize()
	if r.ContentLength > maxSize+1<<20 {
		fail(http.StatusRequestEntityTooLarge, v.L.T("upload.toolarge", p.MaxSize))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSize+1<<20)
	httpx.WithIdleTimeout(w, r, s.cfg.UploadIdle)
	mr, err := r.MultipartReader()
	if err != nil {
		fail(http.StatusBadRequest, v.L.T("upload.nofile"))
		return
	}
	// The token field comes before the file in the form, so it is checked
	// before the file is read.
	token := ""
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if httpx.TooLarge(err) {
				fail(http.StatusRequestEntityTooLarge, v.L.T("upload.toolarge", p.MaxSize))
				return
			}
			fail(http.StatusBadRequest, v.L.T("upload.nofile"))
			return
		}
		switch part.FormName() {
		case "token":
			b, _ := io.ReadAll(io.LimitReader(part, 1024))
			token = strings.TrimSpace(string(b))
		case "file":
			if s.guard.Blocked(r) > 0 {
				fail(http.StatusTooManyRequests, v.L.T("upload.badtoken"))
				return
			}
			if !s.guard.Check(r, token) {
				fail(http.StatusUnauthorized, v.L.T("upload.badtoken"))
				return
			}
			if part.FileName() == "" {
				continue // the file input left empty
			}
			body, err := httpx.SniffUpload(part)
			var e *ingest.Entry
			if err == nil {
				e, err = s.cfg.Ingest.AddReader(r.Context(), body, part.FileName())
			}
			switch {
			case httpx.TooLarge(err) || errors.Is(err, format.ErrTooLarge):
				fail(http.StatusRequestEntityTooLarge, v.L.T("upload.toolarge", p.MaxSize))
				return
			case errors.Is(err, format.ErrEmpty):
				fail(http.StatusBadRequest, v.L.T("plain.empty"))
				return
			case errors.Is(err, format.ErrUnsupported):
				fail(http.StatusUnsupportedMediaType, v.L.T("upload.unsupported"))
				return
			case ingest.IsStorageError(err):
				fail(http.StatusInsufficientStorage, v.L.T("upload.nospace"))
				return
			case errors.Is(err, httpx.ErrUploadStalled) || httpx.ClientGone(r, err):
				s.log.Info("upload cut short", "remote", r.RemoteAddr, "err", err)
				fail(http.StatusBadRequest, v.L.T("upload.cutshort"))
				return
			case err != nil:
				s.log.Error("upload", "name", part.FileName(), "err", err)
				fail(http.StatusInternalServerError, v.L.T("upload.failed", v.L.T("err.internal")))
				return
			}
			http.Redirect(w, r, "/upload/"+url.PathEscape(e.ID), http.StatusSeeOther)
			return
		}
	}
	fail(http.StatusBadRequest, v.L.T("upload.nofile"))
}

type stepView struct {
	Label      string
	Done, Now  bool
	StatusText string
}

type statusPage struct {
	view
	E         *ingest.Entry
	Name      string
	Steps     []stepView
	Failed    bool
	Done      bool
	Duplicate bool
	Reason    string
}

func (s *Pages) UploadStatus(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "status.title")
	if s.cfg.Ingest == nil {
		s.render(w, http.StatusNotFound, "error", &errorPage{view: v, Message: v.L.T("upload.disabled")})
		return
	}
	e, err := s.cfg.Ingest.Entry(r.PathValue("id"))
	if errors.Is(err, ingest.ErrUnknown) {
		s.render(w, http.StatusNotFound, "error", &errorPage{view: v, Message: v.L.T("status.notfound")})
		return
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := &statusPage{view: v, E: e, Name: e.Name(), Duplicate: len(e.Sources) > 1}
	switch e.Status {
	case ingest.StatusIndexed:
		p.Done = true
	case ingest.StatusFailed, ingest.StatusNeedsOCR:
		p.Failed = true
		p.Reason = entryReason(e, v.L)
	default:
		p.Refresh = 2
	}
	cur := -1
	for i, step := range uploadSteps {
		if step == e.Status {
			cur = i
		}
	}
	for i, step := range uploadSteps {
		sv := stepView{Label: v.L.T("step." + string(step))}
		switch {
		case p.Done || i < cur:
			sv.Done, sv.StatusText = true, v.L.T("step.ok")
		case i == cur && !p.Failed:
			sv.Now, sv.StatusText = true, v.L.T("step.now")
		case p.Failed && step == ingest.StatusParsing:
			sv.StatusText = v.L.T("step.failed")
		case p.Failed && i < 1:
			sv.Done, sv.StatusText = true, v.L.T("step.ok")
		}
		p.Steps = append(p.Steps, sv)
	}
	s.render(w, http.StatusOK, "upload_status", p)
}

// entryReason says why a file was not indexed, from the ledger's cause
// (the ingest sentinel's name) or else its reason.
func entryReason(e *ingest.Entry, l msgs) string {
	if e.Status == ingest.StatusNeedsOCR {
		return l.T("plain.needs_ocr")
	}
	if e.Cause != "" {
		if m, ok := l["plain."+e.Cause]; ok {
			return m
		}
	}
	return plainError(e.Reason, l)
}

// plainError says an ingestion error in words a clerk can act on, by the
// sentinel messages of package ingest it carries.
func plainError(msg string, l msgs) string {
	m := strings.ToLower(msg)
	for _, c := range []struct{ needle, key string }{
		{"not a pdf, xlsx or xls", "plain.unsupported"},
		{"not a pdf, word (doc, docx) or excel", "plain.unsupported"},
		{"unsupported", "plain.unsupported"},
		{"encrypted", "plain.encrypted"},
		{"password", "plain.encrypted"},
		{"truncated", "plain.truncated"},
		{"damaged", "plain.corrupt"},
		{"corrupt", "plain.corrupt"},
		{"too large", "plain.too_large"},
		{"empty", "plain.empty"},
		{"took too long", "plain.timeout"},
		{"timeout", "plain.timeout"},
		{"memory", "plain.memory"},
	} {
		if strings.Contains(m, c.needle) {
			return l.T(c.key)
		}
	}
	if msg == "" {
		msg = "?"
	}
	return l.T("plain.other", msg)
}
