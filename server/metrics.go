package server

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"vanban/internal/httpx"
)

// metrics counts requests by route and status and keeps a latency
// histogram per route, written in the Prometheus text format (0.0.4)
// without any outside library.
type metrics struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	latency  map[string]*histogram
	started  time.Time
}

type reqKey struct {
	route  string
	status int
}

// latencyBuckets are the histogram's upper bounds in seconds.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[reqKey]uint64{}, latency: map[string]*histogram{}, started: time.Now()}
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[reqKey{route, status}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets))}
		m.latency[route] = h
	}
	sec := d.Seconds()
	for i, b := range latencyBuckets {
		if sec <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += sec
	h.n++
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument records every request under its route pattern ("GET
// /api/documents/{id}", not the path, so ids do not blow up the labels).
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		// The middleware below may replace r (WithContext), so the pattern
		// is looked up here rather than read back from r.Pattern.
		_, route := s.mux.Handler(r)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if route == "" {
			route = "unmatched"
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		s.metrics.observe(route, sw.status, time.Since(start))
	})
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	if err := httpx.CheckParams(r.URL.Query()); err != nil {
		httpx.Fail(w, s.log, err)
		return
	}
	var b strings.Builder
	m := s.metrics
	m.mu.Lock()
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].status < keys[j].status
	})
	b.WriteString("# HELP vanban_http_requests_total HTTP requests by route pattern and status.\n")
	b.WriteString("# TYPE vanban_http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "vanban_http_requests_total{route=\"%s\",status=\"%d\"} %d\n", labelValue(k.route), k.status, m.requests[k])
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	b.WriteString("# HELP vanban_http_request_duration_seconds Time to answer a request, by route pattern.\n")
	b.WriteString("# TYPE vanban_http_request_duration_seconds histogram\n")
	for _, rt := range routes {
		h := m.latency[rt]
		var cum uint64
		for i, ub := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "vanban_http_request_duration_seconds_bucket{route=\"%s\",le=\"%s\"} %d\n",
				labelValue(rt), strconv.FormatFloat(ub, 'g', -1, 64), cum)
		}
		fmt.Fprintf(&b, "vanban_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %d\n", labelValue(rt), h.n)
		fmt.Fprintf(&b, "vanban_http_request_duration_seconds_sum{route=\"%s\"} %s\n", labelValue(rt), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(&b, "vanban_http_request_duration_seconds_count{route=\"%s\"} %d\n", labelValue(rt), h.n)
	}
	started := m.started
	m.mu.Unlock()
	if c, ok := s.cfg.Store.(Counter); ok {
		if n, err := c.Count(r.Context()); err == nil {
			b.WriteString("# HELP vanban_documents Records in the index.\n# TYPE vanban_documents gauge\n")
			fmt.Fprintf(&b, "vanban_documents %d\n", n)
		} else {
			s.log.Warn("metrics: count documents", "err", err)
		}
	}
	if h, ok := s.cfg.Ingest.(httpx.HealthReporter); ok {
		degraded := 0
		if h.Health().Degraded() {
			degraded = 1
		}
		b.WriteString("# HELP vanban_ingest_degraded 1 while a storage error (a full disk) holds the ingest queue.\n# TYPE vanban_ingest_degraded gauge\n")
		fmt.Fprintf(&b, "vanban_ingest_degraded %d\n", degraded)
	}
	b.WriteString("# HELP vanban_uptime_seconds Seconds since the server started.\n# TYPE vanban_uptime_seconds gauge\n")
	fmt.Fprintf(&b, "vanban_uptime_seconds %s\n", strconv.FormatFloat(time.Since(started).Seconds(), 'f', 3, 64))
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(b.String()))
}

// labelValue escapes a Prometheus label value.
func labelValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
