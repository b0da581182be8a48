package server

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"vanban/internal/httpx"
)

// PlainErrorsAsJSON wraps a listener so that the few answers net/http
// writes on the connection itself, before any handler runs, are JSON like
// every other error: 431 for a request line and headers beyond the
// server's MaxHeaderBytes, 400 for a request that does not parse ("malformed
// Host header"), 501 for an unknown transfer coding. net/http writes each of
// them in one Write with a fixed plain-text header block
// (net/http/server.go, conn.serve); that write is recognised whole and
// replaced, any other write passes through untouched.
//
//	hs.Serve(server.PlainErrorsAsJSON(ln))
func PlainErrorsAsJSON(ln net.Listener) net.Listener { return jsonListener{ln} }

type jsonListener struct{ net.Listener }

func (l jsonListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &jsonConn{Conn: c}, nil
}

type jsonConn struct{ net.Conn }

// plainAnswer is the whole of what net/http writes for a request it cannot
// read: status line, its fixed headers, the status again as the body.
var plainAnswer = regexp.MustCompile(`\AHTTP/1\.1 ([45]\d\d) ([^\r\n]*)\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n(.*)\z`)

func (c *jsonConn) Write(b []byte) (int, error) {
	if !bytes.HasPrefix(b, []byte("HTTP/1.1 ")) || !bytes.Contains(b, []byte("\r\nConnection: close\r\n\r\n")) {
		return c.Conn.Write(b)
	}
	m := plainAnswer.FindSubmatch(b)
	if m == nil {
		return c.Conn.Write(b)
	}
	code, _ := strconv.Atoi(string(m[1]))
	if _, err := c.Conn.Write(protocolErrorAnswer(code, string(m[3]))); err != nil {
		return 0, err
	}
	return len(b), nil
}

// protocolErrorAnswer is the JSON answer for net/http's plain one.
func protocolErrorAnswer(code int, plain string) []byte {
	msg := strings.ToLower(http.StatusText(code))
	switch {
	case code == http.StatusRequestHeaderFieldsTooLarge:
		msg = fmt.Sprintf("the request's address and headers are too large (the limit is %d KiB)", MaxHeaderBytes>>10)
	case code == http.StatusNotImplemented:
		msg = "the request's transfer encoding is not supported; send the body as it is or chunked"
	default:
		// "400 Bad Request: malformed Host header" → "malformed Host header".
		if _, detail, ok := strings.Cut(plain, ": "); ok && detail != "" {
			msg += ": " + detail
		}
	}
	body, _ := httpx.EncodeJSON(map[string]any{"error": msg, "status": code})
	return fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		code, http.StatusText(code), len(body), body)
}

// CloseWrite lets net/http half-close the connection after an error, as it
// does on a bare TCP connection.
func (c *jsonConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom keeps the TCP connection's sendfile path for original files.
func (c *jsonConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}
