package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"vanban/ingest"
	"vanban/internal/httpx"
)

// ingestShown is how many files not indexed one page of the ingest page
// lists, newest first.
const ingestShown = 50

// ingestOrder is the order the ingest page counts the statuses in: where a
// file goes, then where it may stop.
var ingestOrder = []ingest.Status{ingest.StatusIndexed, ingest.StatusQueued, ingest.StatusParsing,
	ingest.StatusFailed, ingest.StatusNeedsOCR}

// statusCount is one line of the counts: a status in words and its files.
type statusCount struct {
	Status string
	Label  string
	N      int
}

// healthView is a data directory that cannot be written, as the page says
// it: since when, when it is tried again, and the technical detail.
type healthView struct {
	Since, Next, Detail string
}

// clusterView is the part of the cluster's queue a clerk is told: read
// from the JSON GET /api/ingest answers, since only cmd knows the cluster.
type clusterView struct {
	Subjects []struct {
		Waiting  int `json:"waiting"`
		InFlight int `json:"in_flight"`
	} `json:"subjects"`
	Workers    []json.RawMessage `json:"workers"`
	HubWaiting int               `json:"hub_waiting"`
	// Waiting and Reading are the jobs of every subject.
	Waiting, Reading int
}

type ingestPage struct {
	view
	// Off: this server keeps no ingest queue (a read-only replica).
	Off   bool
	Error string
	// Total is every file the ledger holds, Counts them by status.
	Total  int
	Counts []statusCount
	// Degraded is set while the data directory cannot be written.
	Degraded *healthView
	// Cluster is the queue across machines on a hub; ClusterDown says the
	// hub could not read it (the ledger still answers).
	Cluster     *clusterView
	ClusterDown bool
	// NotIndexed files (failed, needs OCR); Files shows those of this page
	// from number Start, More counts those beyond the last page.
	NotIndexed int
	Start      int
	Files      []fileView
	More       int
	pager
	// The retry form, offered when there are files to read again and
	// uploads are on; RetryOff when they are off (no token).
	retryForm
	RetryOff bool
}

// Ingest answers GET /ingest: the ledger as a clerk reads it — how many
// files are indexed, wait, are being read, failed or need OCR; whether the
// data directory can be written; the files not indexed, newest first, each
// linked to its progress page with the reason in plain words; and beside
// them the retry form. It shows what GET /api/ingest gives without a token,
// no server paths, so it asks for no code; reading the files again does.
// A server without ingest workers (a read-only replica) says it has no
// queue.
func (s *Pages) Ingest(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "nav.ingest")
	if s.cfg.Ingest == nil {
		s.render(w, http.StatusOK, "ingest", &ingestPage{view: v, Off: true})
		return
	}
	p, err := s.newIngestPage(r, v)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, http.StatusOK, "ingest", p)
}

// newIngestPage reads the ledger for the ingest page (?page= of the files
// not indexed).
func (s *Pages) newIngestPage(r *http.Request, v view) (*ingestPage, error) {
	page := 1
	if q := strings.TrimSpace(r.URL.Query().Get("page")); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > maxPage {
			return nil, &webError{status: http.StatusBadRequest, msg: v.L.T("err.page", maxPage)}
		}
		page = n
	}
	sum, err := s.cfg.Ingest.Summarize(page * ingestShown)
	if err != nil {
		return nil, fmt.Errorf("ingest page: summarize the ledger: %w", err)
	}
	p := &ingestPage{view: v, Total: sum.Files, Start: (page-1)*ingestShown + 1}
	for _, st := range ingestOrder {
		p.Counts = append(p.Counts, statusCount{Status: string(st), Label: statusLabel(st, v.L), N: sum.ByStatus[st]})
	}
	var other []ingest.Status // a status this page does not know yet
	for st := range sum.ByStatus {
		if !slices.Contains(ingestOrder, st) {
			other = append(other, st)
		}
	}
	slices.Sort(other)
	for _, st := range other {
		p.Counts = append(p.Counts, statusCount{Status: string(st), Label: string(st), N: sum.ByStatus[st]})
	}
	p.NotIndexed = sum.ByStatus[ingest.StatusFailed] + sum.ByStatus[ingest.StatusNeedsOCR]
	if start := p.Start - 1; start < len(sum.Failures) {
		for _, e := range sum.Failures[start:] {
			p.Files = append(p.Files, newFileView(e, v.L.T("ingest.is."+string(e.Status)), v.L))
		}
	}
	pages := (p.NotIndexed + ingestShown - 1) / ingestShown
	if pages > maxPage {
		p.More, pages = p.NotIndexed-maxPage*ingestShown, maxPage
	}
	p.pager = newPager(page, pages, func(n int) string { return "/ingest?page=" + strconv.Itoa(n) })
	if h := s.health(); h.Degraded() {
		p.Degraded = &healthView{Since: h.Since.Local().Format("15:04 02/01/2006"),
			Detail: ingest.StorageProblem(h.Err) + ": " + h.Err.Error()}
		if !h.NextRetry.IsZero() {
			p.Degraded.Next = h.NextRetry.Local().Format("15:04:05")
		}
	}
	if cq, ok := s.cfg.Ingest.(httpx.ClusterQueuer); ok {
		ctx, cancel := s.readContext(r)
		defer cancel()
		p.Cluster, err = clusterQueue(ctx, cq)
		if err != nil {
			// The ledger still answers while NATS is away (as the API).
			s.log.Warn("ingest page: the cluster's queue", "err", err)
			p.ClusterDown = true
		}
	}
	p.RetryOff = !s.guard.Enabled()
	if !p.RetryOff && p.NotIndexed > 0 {
		p.retryForm = retryForm{Retry: retryChoices(v.L, nil), RetryFrom: "ingest"}
	}
	return p, nil
}

// clusterQueue reads the cluster's queue through the JSON it is answered
// in by GET /api/ingest.
func clusterQueue(ctx context.Context, cq httpx.ClusterQueuer) (*clusterView, error) {
	q, err := cq.ClusterQueue(ctx)
	if err != nil {
		return nil, fmt.Errorf("cluster queue: %w", err)
	}
	b, err := json.Marshal(q)
	if err != nil {
		return nil, fmt.Errorf("cluster queue: %w", err)
	}
	var cv clusterView
	if err := json.Unmarshal(b, &cv); err != nil {
		return nil, fmt.Errorf("cluster queue: %w", err)
	}
	for _, sq := range cv.Subjects {
		cv.Waiting += sq.Waiting
		cv.Reading += sq.InFlight
	}
	return &cv, nil
}

// statusLabel says a ledger status in the words of the upload pages: the
// progress page's steps, the retry form's boxes.
func statusLabel(st ingest.Status, l msgs) string {
	if slices.Contains(retryStatuses, st) {
		return l.T("retry." + string(st))
	}
	return l.T("ingest.st." + string(st))
}

// health is the ingest workers' storage state; healthy when they report
// none.
func (s *Pages) health() ingest.Health {
	if h, ok := s.cfg.Ingest.(httpx.HealthReporter); ok {
		return h.Health()
	}
	return ingest.Health{}
}
