package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"vanban/internal/httpx"
)

// The guards below run before any handler. Each answers what net/http
// would otherwise answer in plain text, or not at all, as a JSON error (on
// pages too: the page templates need a parsed request).

// MaxHeaderBytes is what a request line and its headers may weigh; the
// server (cmd/vanban) lets net/http read up to ServerMaxHeaderBytes so that
// a larger request reaches checkRequest and gets a JSON 431 that says how
// large it was; beyond that, net/http's own 431 is made JSON by
// PlainErrorsAsJSON.
const (
	MaxHeaderBytes       = 64 << 10
	ServerMaxHeaderBytes = 1 << 20
)

// checkRequest refuses, before any handler runs, a query string that does
// not parse (400 naming the parameter: URL.Query() would silently drop the
// pair, and with it a filter) and headers over MaxHeaderBytes (431).
func (s *Server) checkRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := headerBytes(r); n > MaxHeaderBytes {
			httpx.WriteError(w, http.StatusRequestHeaderFieldsTooLarge,
				fmt.Sprintf("the request's address and headers are too large (%d KiB; the limit is %d KiB)", n>>10, MaxHeaderBytes>>10))
			return
		}
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			name := badQueryParam(r.URL.RawQuery)
			httpx.WriteJSON(w, http.StatusBadRequest, map[string]any{
				"error":  fmt.Sprintf("the query string does not parse at parameter %q: %v (separate parameters with &, and write %% as %%25)", name, err),
				"param":  name,
				"status": http.StatusBadRequest})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// headerBytes is about what the request line and headers took on the wire.
func headerBytes(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + 4
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// badQueryParam names the first pair of a raw query string that
// url.ParseQuery refuses (a ';' separator, a bad %-escape), as its key
// decoded as far as it can be.
func badQueryParam(raw string) string {
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		key, val, _ := strings.Cut(pair, "=")
		_, kerr := url.QueryUnescape(key)
		_, verr := url.QueryUnescape(val)
		if strings.Contains(pair, ";") || kerr != nil || verr != nil {
			if k, err := url.QueryUnescape(key); err == nil {
				key = k
			}
			if i := strings.IndexByte(key, ';'); i >= 0 {
				key = key[:i]
			}
			return key
		}
	}
	return ""
}

// jsonErrors turns the plain-text errors that net/http itself writes (405
// from the route table, http.Error elsewhere) into the JSON error every
// other answer uses. Handlers that write JSON or pages are untouched.
func jsonErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&plainErrorWriter{ResponseWriter: w}, r)
	})
}

type plainErrorWriter struct {
	http.ResponseWriter
	swallow bool // a JSON error replaced the plain body
	wrote   bool
}

func (w *plainErrorWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	h := w.Header()
	if code >= 400 && strings.HasPrefix(h.Get("Content-Type"), "text/plain") && h.Get("X-Content-Type-Options") == "nosniff" {
		// http.Error's signature: replace its body.
		h.Del("Content-Length")
		w.swallow = true
		msg := strings.ToLower(http.StatusText(code))
		if code == http.StatusMethodNotAllowed {
			msg = "this address does not take that method"
			if allow := h.Get("Allow"); allow != "" {
				msg += "; use " + allow
			}
		}
		httpx.WriteError(w.ResponseWriter, code, msg)
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *plainErrorWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if w.swallow {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *plainErrorWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
