package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
)

// Answers that depend only on what the index holds carry a strong ETag made
// from their bytes: a client that sends it back in If-None-Match gets 304
// Not Modified without the body while nothing changed. Cache-Control says
// how long an answer may be reused without asking: "no-cache" (always ask,
// the ETag makes that cheap) for documents and searches, which a reindex
// may change; a year for an original file, whose id is the SHA-256 of its
// bytes.

const (
	cacheRevalidate = "no-cache"
	cacheImmutable  = "public, max-age=31536000, immutable"
)

// etagOf is a strong entity tag for body.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// notModified tells whether the request's If-None-Match names etag
// (RFC 9110 §13.1.2: a list, "*", weak comparison).
func notModified(r *http.Request, etag string) bool {
	inm := r.Header.Get("If-None-Match")
	if inm == "" {
		return false
	}
	for _, t := range strings.Split(inm, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// writeCached writes a 200 answer of body with its ETag and Cache-Control,
// or 304 when the client holds it already.
func writeCached(w http.ResponseWriter, r *http.Request, contentType, cacheControl string, body []byte) {
	etag := etagOf(body)
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if notModified(r, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// writeJSONCached is writeJSON for a 200 answer that carries an ETag.
func writeJSONCached(w http.ResponseWriter, r *http.Request, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	writeCached(w, r, "application/json; charset=utf-8", cacheRevalidate, buf.Bytes())
}
