package httpx

import (
	"bufio"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"vanban/ingest/format"
)

// Guard holds the server's write token and limits wrong guesses per client
// address: after MaxGuesses wrong tokens within guessWindow the address is
// refused until the window has passed. The API and the upload page share
// one Guard, so a guesser gains nothing by switching doors.
type Guard struct {
	token  string
	mu     sync.Mutex
	now    func() time.Time
	byAddr map[string]*guesses
}

type guesses struct {
	n     int
	first time.Time
}

// MaxGuesses wrong tokens within guessWindow block an address.
const (
	MaxGuesses  = 10
	guessWindow = time.Minute
)

// NewGuard guards writes with token; with "" writes are off.
func NewGuard(token string) *Guard {
	return &Guard{token: token, now: time.Now, byAddr: map[string]*guesses{}}
}

// Enabled tells whether a token is set (writes may be allowed at all).
func (g *Guard) Enabled() bool { return g.token != "" }

// Check compares token with the server's in constant time and counts a
// wrong one against the client's address. With no token set it is true.
func (g *Guard) Check(r *http.Request, token string) bool {
	if g.token == "" {
		return true
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(g.token)) == 1 {
		return true
	}
	g.wrong(ClientAddr(r))
	return false
}

// Blocked reports how long the request's address must wait, 0 when it may
// try a token.
func (g *Guard) Blocked(r *http.Request) time.Duration { return g.blocked(ClientAddr(r)) }

func (g *Guard) blocked(addr string) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	gs := g.byAddr[addr]
	if gs == nil {
		return 0
	}
	left := guessWindow - g.now().Sub(gs.first)
	if left <= 0 {
		delete(g.byAddr, addr)
		return 0
	}
	if gs.n < MaxGuesses {
		return 0
	}
	return left
}

// wrong records a wrong token from addr.
func (g *Guard) wrong(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	gs := g.byAddr[addr]
	if gs == nil || now.Sub(gs.first) >= guessWindow {
		if len(g.byAddr) > 10000 { // bounded memory under a spray of addresses
			for k, old := range g.byAddr {
				if now.Sub(old.first) >= guessWindow {
					delete(g.byAddr, k)
				}
			}
		}
		gs = &guesses{first: now}
		g.byAddr[addr] = gs
	}
	gs.n++
}

// ClientAddr is the request's remote host without its port.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// idleBody ends an upload whose client stops sending: each read must make
// progress within idle, instead of the connection being held for the
// server's whole read timeout.
type idleBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	idle time.Duration
}

// WithIdleTimeout makes r's body fail with ErrUploadStalled when no byte
// arrives for idle.
func WithIdleTimeout(w http.ResponseWriter, r *http.Request, idle time.Duration) {
	r.Body = &idleBody{ReadCloser: r.Body, rc: http.NewResponseController(w), idle: idle}
}

func (b *idleBody) Read(p []byte) (int, error) {
	// Not every writer supports deadlines (httptest.ResponseRecorder):
	// then the server's read timeout alone applies.
	_ = b.rc.SetReadDeadline(time.Now().Add(b.idle))
	n, err := b.ReadCloser.Read(p)
	if isTimeout(err) {
		err = fmt.Errorf("%w: %w", ErrUploadStalled, err)
	}
	return n, err
}

// ErrUploadStalled is an upload whose body stopped arriving.
var ErrUploadStalled = errors.New("the upload stopped sending data")

func isTimeout(err error) bool {
	var ne net.Error
	return err != nil && errors.As(err, &ne) && ne.Timeout()
}

// sniffHead is how much of an upload format.Sniff is shown.
const sniffHead = 1024

// SniffUpload reads the first bytes of an upload and tells its format by
// content with format.Sniff (the sniffer the workers use, so a format they
// learn is accepted here too) before anything is stored. A file of no
// format vanban reads is refused with an error wrapping
// format.ErrUnsupported; the reader returned gives the whole file.
func SniffUpload(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, sniffHead)
	head, err := br.Peek(sniffHead)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	if _, err := format.Sniff(head); err != nil {
		return nil, err
	}
	return br, nil
}

// ClientGone reports an upload the client cut short: its connection closed
// or reset mid-body.
func ClientGone(r *http.Request, err error) bool {
	return r.Context().Err() != nil || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// TooLarge reports a body cut by http.MaxBytesReader.
func TooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
