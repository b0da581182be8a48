package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"vanban/index"
	"vanban/ingest"
)

// While `vanban serve` holds a data directory, the other commands reach it
// through two files it writes there: serve.pid (SignalReindex sends SIGHUP)
// and serve.url (Dial: search, status and export ask the server's API).

const (
	pidFile = "serve.pid"
	urlFile = "serve.url"
)

// Announce records that this process serves the data directory at base
// ("http://127.0.0.1:8080") and takes SIGHUP as a request to reindex; the
// returned function removes the record.
func (s *Store) Announce(base string) (remove func()) {
	pid := filepath.Join(s.dir, pidFile)
	if err := os.WriteFile(pid, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		slog.Warn("vanban reindex will not reach this server", "err", err)
	}
	removeURL := AnnounceURL(s.dir, base)
	return func() { os.Remove(pid); removeURL() }
}

// AnnounceURL records that this process serves searches of dir at base
// without taking reindex requests (a search replica: its index is built
// from a cluster's records, not from originals); the returned function
// removes the record.
func AnnounceURL(dir, base string) (remove func()) {
	url := filepath.Join(dir, urlFile)
	if err := os.WriteFile(url, []byte(base+"\n"), 0o644); err != nil {
		slog.Warn("vanban search, status and export will not reach this server", "err", err)
	}
	return func() { os.Remove(url) }
}

// SignalReindex asks the server that holds dir (its pid in DIR/serve.pid)
// to reindex while serving, and returns its pid.
func SignalReindex(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, pidFile))
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrNoServer, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, fmt.Errorf("%w: %s holds %q", ErrNoServer, pidFile, b)
	}
	proc, err := os.FindProcess(pid)
	if err == nil {
		err = proc.Signal(syscall.SIGHUP)
	}
	if err != nil {
		return pid, fmt.Errorf("the server pid %d could not be signalled: %w", pid, err)
	}
	return pid, nil
}

// ErrNoServer: no server answers for the data directory (none recorded,
// or the recorded one is gone).
var ErrNoServer = errors.New("no vanban serve answers for this data directory")

// Server is the running `vanban serve` of a data directory, asked through
// its JSON API; $VANBAN_TOKEN goes along when set, for a server whose reads
// need it.
type Server struct {
	// Base is the server's URL ("http://127.0.0.1:8080").
	Base string
	// held is why the directory was not opened here (its lock is taken):
	// the error given when the recorded server does not answer either.
	held error
}

// Dial finds the server that holds dir (DIR/serve.url), or ErrNoServer.
func Dial(dir string) (*Server, error) {
	b, err := os.ReadFile(filepath.Join(dir, urlFile))
	if err != nil {
		return nil, ErrNoServer
	}
	return &Server{Base: strings.TrimSpace(string(b))}, nil
}

// Get GETs pathAndQuery ("/api/ingest?failures=50") and decodes the JSON
// answer into v. A server that does not answer is ErrNoServer, or the
// error that kept the directory from being opened here.
func (c *Server) Get(ctx context.Context, pathAndQuery string, v any) error {
	err := c.ask(ctx, pathAndQuery, v)
	if errors.Is(err, ErrNoServer) && c.held != nil {
		return c.held
	}
	return err
}

func (c *Server) ask(ctx context.Context, pathAndQuery string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+pathAndQuery, nil)
	if err != nil {
		return fmt.Errorf("%w (%s holds %q)", ErrNoServer, urlFile, c.Base)
	}
	resp, body, err := c.send(req, 256<<20) // a page of rows, hits or a ledger summary
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		msg := answerError(body)
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			msg += " (set VANBAN_TOKEN to the server's token)"
		case http.StatusNotFound:
			// The route table's answer to a path it does not have
			// (httpx.NoRoute, which store may not import), not a
			// missing document.
			if msg == "" || msg == noRoute {
				return fmt.Errorf("the server at %s: %s: %w", c.Base, pathOnly(pathAndQuery), ErrNotServed)
			}
		}
		return fmt.Errorf("the server at %s answered %s: %s", c.Base, resp.Status, msg)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("the server at %s: %w", c.Base, err)
	}
	return nil
}

// ErrNotServed is a GET the server has no route for: a read-only replica
// (serve --follow) keeps no ingest queue, so it has no /api/ingest.
var ErrNotServed = errors.New("this server does not serve it")

// noRoute is httpx.NoRoute (TestNoRouteIsHTTPX).
const noRoute = "no such endpoint"

func pathOnly(pathAndQuery string) string {
	p, _, _ := strings.Cut(pathAndQuery, "?")
	return p
}

// send sends req with $VANBAN_TOKEN, when set, and reads at most limit
// bytes of the answer. A server that does not answer is ErrNoServer.
func (c *Server) send(req *http.Request, limit int64) (*http.Response, []byte, error) {
	if tok := os.Getenv("VANBAN_TOKEN"); tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrNoServer, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return nil, nil, fmt.Errorf("the server at %s: %w", c.Base, err)
	}
	return resp, body, nil
}

// answerError is the "error" of a JSON error answer ("" when there is none).
func answerError(body []byte) string {
	var e struct {
		Error string `json:"error"`
	}
	json.Unmarshal(body, &e)
	return e.Error
}

// Search is GET /api/search.
func (c *Server) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	var r index.Result
	if err := c.Get(ctx, "/api/search?"+queryParams(q).Encode(), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Allocations is GET /api/allocations; with q.All, every page of it.
func (c *Server) Allocations(ctx context.Context, q index.AllocationQuery) (*index.AllocationResult, error) {
	v := queryParams(q.Query)
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	set("document", q.Document)
	set("column", q.Column)
	set("recipient_kind", strings.Join(q.Kinds, ","))
	if !q.All {
		var r index.AllocationResult
		err := c.Get(ctx, "/api/allocations?"+v.Encode(), &r)
		return &r, err
	}
	// Every row, a page of the largest size at a time.
	var all *index.AllocationResult
	for page := 1; ; page++ {
		v.Set("page", strconv.Itoa(page))
		v.Set("size", strconv.Itoa(index.MaxAllocationPage))
		var r index.AllocationResult
		if err := c.Get(ctx, "/api/allocations?"+v.Encode(), &r); err != nil {
			return nil, err
		}
		if all == nil {
			all = &r
		} else {
			all.Rows = append(all.Rows, r.Rows...)
		}
		if len(r.Rows) < index.MaxAllocationPage || len(all.Rows) >= r.Total {
			return all, nil
		}
	}
}

// Entry is GET /api/ingest?id=: one file's ledger entry, as the server
// gives it.
func (c *Server) Entry(ctx context.Context, id string) (json.RawMessage, error) {
	var e json.RawMessage
	if err := c.Get(ctx, "/api/ingest?id="+url.QueryEscape(id), &e); err != nil {
		return nil, err
	}
	return e, nil
}

// queryParams is q as GET /api/search and /api/allocations take it.
func queryParams(q index.Query) url.Values {
	v := url.Values{}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	set("q", q.Q)
	set("type", q.Type)
	set("issuer", q.Issuer)
	set("province", q.Province)
	set("current_province", q.CurrentProvince)
	if q.Year > 0 {
		set("year", strconv.Itoa(q.Year))
	}
	set("date_from", q.DateFrom)
	set("date_to", q.DateTo)
	if q.AmountMin != nil {
		set("amount_min", strconv.FormatInt(*q.AmountMin, 10))
	}
	if q.AmountMax != nil {
		set("amount_max", strconv.FormatInt(*q.AmountMax, 10))
	}
	set("sort", q.Sort)
	if q.Page > 0 {
		set("page", strconv.Itoa(q.Page))
	}
	if q.Size > 0 {
		set("size", strconv.Itoa(q.Size))
	}
	return v
}

// Uploaded is the server's answer to a file sent by Upload.
type Uploaded struct {
	ID     string        `json:"id"`
	Status ingest.Status `json:"status"`
	Reason string        `json:"reason,omitempty"`
	// Duplicate: the same bytes came before, from another source.
	Duplicate bool `json:"duplicate"`
}

// ErrRefused wraps the server's refusal of one file (not a format vanban
// reads, empty, too large): the next file may still go.
var ErrRefused = errors.New("refused by the server")

// Upload sends the file at path to the server (POST /api/documents, the
// upload route), with $VANBAN_TOKEN as the write token. A refusal of this
// file is ErrRefused; any other failure (no token, a full disk, no server)
// concerns every file.
func (c *Server) Upload(ctx context.Context, path string) (*Uploaded, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		c.Base+"/api/documents?name="+url.QueryEscape(filepath.Base(path)), f)
	if err != nil {
		return nil, fmt.Errorf("%w (%s holds %q)", ErrNoServer, urlFile, c.Base)
	}
	req.ContentLength = st.Size()
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, body, err := c.send(req, 1<<20)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		switch resp.StatusCode {
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
			return nil, fmt.Errorf("%w: %s", ErrRefused, answerError(body))
		}
		return nil, c.writeRefused(resp, body)
	}
	var u Uploaded
	if err := json.Unmarshal(body, &u); err != nil {
		return nil, fmt.Errorf("the server at %s: %w", c.Base, err)
	}
	return &u, nil
}

// Retried is the server's answer to Retry: the files it queued again, as
// they were before (their status and reason say why each is read again).
type Retried struct {
	Queued int `json:"queued"`
	Files  []struct {
		ID     string        `json:"id"`
		Name   string        `json:"name"`
		Status ingest.Status `json:"status"`
		Reason string        `json:"reason,omitempty"`
	} `json:"files"`
}

// Retry asks the server to read again the files of these statuses (POST
// /api/ingest/retry), with $VANBAN_TOKEN as the write token: its workers
// read them while it serves.
func (c *Server) Retry(ctx context.Context, statuses ...ingest.Status) (*Retried, error) {
	names := make([]string, len(statuses))
	for i, s := range statuses {
		names[i] = string(s)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		c.Base+"/api/ingest/retry?status="+url.QueryEscape(strings.Join(names, ",")), nil)
	if err != nil {
		return nil, fmt.Errorf("%w (%s holds %q)", ErrNoServer, urlFile, c.Base)
	}
	resp, body, err := c.send(req, 64<<20)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, c.writeRefused(resp, body)
	}
	var r Retried
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("the server at %s: %w", c.Base, err)
	}
	return &r, nil
}

// writeRefused is the error of a write the server did not take: its
// message, and what to do when the token is missing or wrong.
func (c *Server) writeRefused(resp *http.Response, body []byte) error {
	msg := answerError(body)
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		// 404: a server started without a token has no write routes.
		msg += " (set VANBAN_TOKEN to the server's token; a server started without one takes no files)"
	}
	return fmt.Errorf("the server at %s answered %s: %s", c.Base, resp.Status, msg)
}
