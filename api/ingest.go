package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"vanban/ingest"
	"vanban/ingest/format"
	"vanban/internal/httpx"
)

// uploadAnswer is the answer to POST /api/documents.
type uploadAnswer struct {
	ID     string        `json:"id"`
	Status ingest.Status `json:"status"`
	Reason string        `json:"reason,omitempty"`
	// Duplicate is true when the same bytes were already held: the upload
	// was added as another source of the existing document.
	Duplicate bool `json:"duplicate"`
	// StatusURL follows the file through the queue.
	StatusURL string `json:"status_url"`
	// DocumentURL is the record once indexed.
	DocumentURL string `json:"document_url"`
}

// authorize checks "Authorization: Bearer TOKEN" against Config.Token in
// constant time (the scheme in any case, as RFC 9110 says): 401 (with
// WWW-Authenticate) without a token or with a wrong one. With no token
// configured, writes are turned off for everyone: 403, as no credential can
// grant them. An address that sends maxGuesses wrong tokens within a minute
// is refused (429) until the minute has passed.
func (s *API) authorize(w http.ResponseWriter, r *http.Request) bool {
	if !s.guard.Enabled() {
		httpx.WriteError(w, http.StatusForbidden, "uploads are turned off on this server: start vanban serve with --token or VANBAN_TOKEN set")
		return false
	}
	if s.tooManyGuesses(w, r) {
		return false
	}
	scheme, tok, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="vanban"`)
		httpx.WriteError(w, http.StatusUnauthorized, "a token is required: send the header Authorization: Bearer TOKEN")
		return false
	}
	if !s.guard.Check(r, strings.TrimSpace(tok)) {
		// 401, not 403: a wrong token is no credential at all (RFC 6750 §3.1).
		w.Header().Set("WWW-Authenticate", `Bearer realm="vanban", error="invalid_token"`)
		httpx.WriteError(w, http.StatusUnauthorized, "the token is wrong: send the header Authorization: Bearer TOKEN with the server's token")
		return false
	}
	return true
}

// tooManyGuesses answers 429 to an address that has sent too many wrong
// tokens lately.
func (s *API) tooManyGuesses(w http.ResponseWriter, r *http.Request) bool {
	wait := s.guard.Blocked(r)
	if wait == 0 {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	httpx.WriteError(w, http.StatusTooManyRequests, "too many wrong tokens from this address; wait a minute")
	return true
}

// Upload takes a file as multipart/form-data (field "file") or as the
// raw request body (name from ?name= or Content-Disposition) and queues it.
// It answers 202 with the document id and a status URL (200 when the same
// bytes were already indexed), 413 beyond the size limit.
func (s *API) Upload(w http.ResponseWriter, r *http.Request) {
	if !s.authorize(w, r) {
		return
	}
	if err := httpx.CheckParams(r.URL.Query(), "name"); err != nil {
		s.fail(w, err)
		return
	}
	max := s.cfg.Ingest.MaxSize()
	// Room for multipart headers; the pool itself stops at max bytes of file.
	if r.ContentLength > max+1<<20 {
		// Declared too large: refused before a byte of it is read.
		s.failUpload(w, r, &http.MaxBytesError{Limit: max + 1<<20})
		return
	}
	if err := s.ingestWritable(); err != nil {
		s.failUpload(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, max+1<<20)
	httpx.WithIdleTimeout(w, r, s.cfg.UploadIdle)
	body, name, err := uploadBody(r)
	if err != nil {
		s.failUpload(w, r, err)
		return
	}
	body, err = httpx.SniffUpload(body)
	if err != nil {
		s.failUpload(w, r, err)
		return
	}
	e, err := s.cfg.Ingest.AddReader(r.Context(), body, name)
	if err != nil {
		s.failUpload(w, r, err)
		return
	}
	ans := uploadAnswer{ID: e.ID, Status: e.Status, Reason: e.Reason,
		Duplicate: len(e.Sources) > 1, StatusURL: "/api/ingest?id=" + url.QueryEscape(e.ID),
		DocumentURL: "/api/documents/" + url.PathEscape(e.ID)}
	status := http.StatusAccepted
	switch e.Status {
	case ingest.StatusIndexed:
		status = http.StatusOK
	case ingest.StatusFailed, ingest.StatusNeedsOCR:
		status = http.StatusOK // the same bytes were read before; the reason says why not indexed
	}
	httpx.WriteJSON(w, status, ans)
}

var errNoFile = errors.New(`no file in the request: send multipart/form-data with a "file" field, or the file as the body`)

func uploadBody(r *http.Request) (io.Reader, string, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		if params["boundary"] == "" {
			return nil, "", errNoFile
		}
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, "", errNoFile
		}
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil, "", errNoFile
			}
			if err != nil {
				return nil, "", err
			}
			if part.FormName() == "file" || part.FileName() != "" {
				return part, part.FileName(), nil
			}
		}
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		if _, p, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil {
			name = p["filename"]
		}
	}
	if r.ContentLength == 0 {
		return nil, "", errNoFile
	}
	return r.Body, name, nil
}

func (s *API) failUpload(w http.ResponseWriter, r *http.Request, err error) {
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &mb), errors.Is(err, format.ErrTooLarge):
		httpx.WriteError(w, http.StatusRequestEntityTooLarge, "the file is larger than this server accepts ("+ingest.HumanBytes(s.cfg.Ingest.MaxSize())+")")
	case errors.Is(err, format.ErrEmpty), errors.Is(err, errNoFile):
		httpx.WriteError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, format.ErrUnsupported):
		httpx.WriteError(w, http.StatusUnsupportedMediaType, "the file is "+err.Error()+
			" (its first bytes are not those of any format vanban reads, whatever its name); nothing was stored")
	case errors.Is(err, httpx.ErrUploadStalled):
		s.log.Info("upload stalled", "remote", r.RemoteAddr, "err", err)
		httpx.WriteError(w, http.StatusRequestTimeout, fmt.Sprintf("the upload stopped sending data for %s; send the file again", s.cfg.UploadIdle))
	case ingest.IsStorageError(err):
		httpx.WriteError(w, http.StatusInsufficientStorage, "the server cannot store files right now ("+ingest.StorageProblem(err)+"); nothing was kept, send the file again later")
	case httpx.ClientGone(r, err):
		// Nobody reads this answer; it is the client's doing, not ours.
		s.log.Info("upload aborted by the client", "remote", r.RemoteAddr, "err", err)
		httpx.WriteError(w, http.StatusBadRequest, "the upload ended before the whole file arrived")
	default:
		s.fail(w, err)
	}
}

// ingestWritable is nil unless the ingest workers report that the data
// directory cannot be written (a full disk): then uploads are refused with
// 507 rather than accepted into a queue that does not move.
func (s *API) ingestWritable() error {
	h, ok := s.cfg.Ingest.(httpx.HealthReporter)
	if !ok {
		return nil
	}
	return h.Health().Err
}

// redact drops the source paths of an entry when this server has no token:
// then anyone may read the ledger, and where files lie on the server's disk
// is not theirs to know (names stay).
func (s *API) redact(e *ingest.Entry) *ingest.Entry {
	if !s.guard.Enabled() {
		for i := range e.Sources {
			e.Sources[i].Path = ""
		}
	}
	return e
}

// ingestStatus is the answer to GET /api/ingest.
type ingestStatus struct {
	*ingest.Summary
	// Queue is how many files wait or are being read.
	Queue int `json:"queue"`
	// Cluster is the queue across machines (vanban serve --nats), as the
	// Ingester's ClusterQueue gives it.
	Cluster any `json:"cluster,omitempty"`
}

// IngestStatus answers the ledger summary with recent failures, or with
// ?id= one file's entry (status, reason, sources, attempts, timings).
func (s *API) IngestStatus(w http.ResponseWriter, r *http.Request) {
	if s.guard.Enabled() && !s.authorize(w, r) {
		return
	}
	if err := httpx.CheckParams(r.URL.Query(), "id", "failures"); err != nil {
		s.fail(w, err)
		return
	}
	if id := r.URL.Query().Get("id"); id != "" {
		e, err := s.cfg.Ingest.Entry(id)
		if errors.Is(err, ingest.ErrUnknown) {
			httpx.WriteError(w, http.StatusNotFound, "no file with that id has been received")
			return
		}
		var amb *ingest.AmbiguousError
		if errors.As(err, &amb) {
			httpx.WriteError(w, http.StatusConflict, amb.Error())
			return
		}
		if err != nil {
			s.fail(w, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, s.redact(e))
		return
	}
	n, err := httpx.IntValue(r.URL.Query(), "failures", 50, 0, 10000)
	if err != nil {
		s.fail(w, err)
		return
	}
	sum, err := s.cfg.Ingest.Summarize(n)
	if err != nil {
		s.fail(w, err)
		return
	}
	for _, e := range sum.Failures {
		s.redact(e)
	}
	st := ingestStatus{Summary: sum, Queue: sum.ByStatus[ingest.StatusQueued] + sum.ByStatus[ingest.StatusParsing]}
	if cq, ok := s.cfg.Ingest.(httpx.ClusterQueuer); ok {
		q, err := cq.ClusterQueue(r.Context())
		if err != nil {
			// The ledger still answers while NATS is away.
			q = map[string]string{"error": err.Error()}
		}
		st.Cluster = q
	}
	httpx.WriteJSON(w, http.StatusOK, st)
}

// retryStatuses are the statuses POST /api/ingest/retry reads again: the
// files that ended without a record.
var retryStatuses = func() []string {
	out := make([]string, len(ingest.NotIndexed))
	for i, st := range ingest.NotIndexed {
		out[i] = string(st)
	}
	return out
}()

// retryAnswer is the answer to POST /api/ingest/retry.
type retryAnswer struct {
	// Queued is how many files were queued again.
	Queued int `json:"queued"`
	// Files are those files, as they were before: status and reason say
	// why each is read again.
	Files []retriedFile `json:"files"`
}

type retriedFile struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Status    ingest.Status `json:"status"`
	Reason    string        `json:"reason,omitempty"`
	StatusURL string        `json:"status_url"`
}

// Retry queues again every file whose status is one of ?status= (failed,
// needs_ocr; comma-separated) — after installing tesseract, or once a
// reader has been fixed — and answers 200 with the files queued; the
// workers read them as they read new files. It takes the upload token.
func (s *API) Retry(w http.ResponseWriter, r *http.Request) {
	if !s.authorize(w, r) {
		return
	}
	q := r.URL.Query()
	if err := httpx.CheckParams(q, "status"); err != nil {
		s.fail(w, err)
		return
	}
	var statuses []ingest.Status
	for _, v := range strings.Split(q.Get("status"), ",") {
		v = strings.TrimSpace(v)
		if !slices.Contains(retryStatuses, v) {
			s.fail(w, &httpx.BadRequest{Param: "status", Accepted: retryStatuses,
				Msg: fmt.Sprintf("status: %q is not one of %s", v, strings.Join(retryStatuses, ", "))})
			return
		}
		if !slices.Contains(statuses, ingest.Status(v)) {
			statuses = append(statuses, ingest.Status(v))
		}
	}
	if err := s.ingestWritable(); err != nil {
		httpx.WriteError(w, http.StatusInsufficientStorage, "the server cannot read files right now ("+ingest.StorageProblem(err)+"); ask again later")
		return
	}
	before, err := s.cfg.Ingest.Retry(statuses...)
	if err != nil {
		s.fail(w, fmt.Errorf("retry %v: %w", statuses, err))
		return
	}
	ans := retryAnswer{Queued: len(before), Files: make([]retriedFile, len(before))}
	for i, e := range before {
		ans.Files[i] = retriedFile{ID: e.ID, Name: e.Name(), Status: e.Status, Reason: e.Reason,
			StatusURL: "/api/ingest?id=" + url.QueryEscape(e.ID)}
	}
	httpx.WriteJSON(w, http.StatusOK, ans)
}
