package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// workerEnv marks a process started by Isolated as a parse worker.
const workerEnv = "VANBAN_PARSE_WORKER"

// ParseOptions are passed to the parser, in-process or in a child.
type ParseOptions struct {
	// NoOCR disables OCR of pages without a usable text layer.
	NoOCR bool `json:"no_ocr,omitempty"`
	// Password opens encrypted files; empty tries the empty password only.
	Password string `json:"password,omitempty"`
}

// ParseFunc parses one file in-process. The child process runs it.
type ParseFunc func(ctx context.Context, name string, data []byte, opt ParseOptions) (*Document, error)

// Limits bound one child parse.
type Limits struct {
	// Memory is the resident-set limit of the child in bytes (default 512 MiB).
	Memory int64
	// Timeout bounds the whole parse (default 2 minutes; OCR needs more).
	Timeout time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.Memory <= 0 {
		l.Memory = 512 << 20
	}
	if l.Timeout <= 0 {
		l.Timeout = 2 * time.Minute
	}
	return l
}

type workerRequest struct {
	Path   string       `json:"path"`
	Name   string       `json:"name"`
	Opt    ParseOptions `json:"opt"`
	Memory int64        `json:"memory"`
}

type workerResponse struct {
	Doc   *Document `json:"doc,omitempty"`
	Error string    `json:"error,omitempty"`
	Cause string    `json:"cause,omitempty"` // sentinel name, see causes
}

var causes = map[string]error{
	"unsupported": ErrUnsupported, "encrypted": ErrEncrypted, "truncated": ErrTruncated,
	"corrupt": ErrCorrupt, "too_large": ErrTooLarge, "empty": ErrEmpty,
	"timeout": ErrTimeout, "memory": ErrMemory,
}

func causeName(err error) string {
	for name, c := range causes {
		if errors.Is(err, c) {
			return name
		}
	}
	return ""
}

// causeError keeps a child's message and the sentinel it wrapped.
type causeError struct {
	msg   string
	cause error
}

func (e *causeError) Error() string { return e.msg }
func (e *causeError) Unwrap() error { return e.cause }

// RunWorkerIfRequested turns the current process into a parse worker when it
// was started by Isolated: it reads one request from stdin, parses, writes
// the answer to stdout and exits. Call it first thing in main (and in
// TestMain of packages whose tests use Isolated). Otherwise it returns.
func RunWorkerIfRequested(parse ParseFunc) {
	if os.Getenv(workerEnv) != "1" {
		return
	}
	var req workerRequest
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintln(os.Stderr, "vanban worker: bad request:", err)
		os.Exit(3)
	}
	// A runaway recursion in a parser must die small and fast, not at 1 GiB.
	debug.SetMaxStack(64 << 20)
	if req.Memory > 0 {
		debug.SetMemoryLimit(req.Memory * 3 / 4)
	}
	var resp workerResponse
	data, err := os.ReadFile(req.Path)
	if err == nil {
		resp.Doc, err = parse(context.Background(), req.Name, data, req.Opt)
	}
	if err != nil {
		resp.Doc = nil
		resp.Error = err.Error()
		resp.Cause = causeName(err)
	}
	// gob, not JSON: a page-heavy Document is megabytes of word boxes, and
	// gob encodes and decodes it several times faster.
	w := bufio.NewWriter(os.Stdout)
	if err := gob.NewEncoder(w).Encode(&resp); err != nil {
		fmt.Fprintln(os.Stderr, "vanban worker:", err)
		os.Exit(3)
	}
	w.Flush()
	os.Exit(0)
}

// Isolated parses the file at path in a child process (this executable run
// again as a worker) with a memory and a time limit. Whatever the file does to
// the parser, the caller gets a Document or an error that says why; the
// caller's process is never at risk.
func Isolated(ctx context.Context, path, name string, opt ParseOptions, lim Limits) (*Document, error) {
	lim = lim.withDefaults()
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own executable: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	req, err := json.Marshal(workerRequest{Path: path, Name: name, Opt: opt, Memory: lim.Memory})
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), workerEnv+"=1", "GOMAXPROCS=1")
	dieWithParent(cmd)
	cmd.Stdin = bytes.NewReader(req)
	var stdout bytes.Buffer
	var stderr limitedBuffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start parse worker: %w", err)
	}
	// The watcher ends when the child exits (done is closed after Wait).
	done := make(chan struct{})
	overMemory := make(chan struct{}, 1)
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if rss := processRSS(cmd.Process.Pid); rss > lim.Memory {
					overMemory <- struct{}{}
					_ = cmd.Process.Kill()
					return
				}
			}
		}
	}()
	waitErr := cmd.Wait()
	close(done)
	select {
	case <-overMemory:
		return nil, fmt.Errorf("%w (%d MiB)", ErrMemory, lim.Memory>>20)
	default:
	}
	if ctx.Err() != nil {
		if parentErr := context.Cause(ctx); errors.Is(parentErr, context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w (limit %s)", ErrTimeout, lim.Timeout)
		}
		return nil, ctx.Err()
	}
	if waitErr != nil {
		msg := strings.TrimSpace(stderr.String())
		switch {
		case strings.Contains(msg, "stack exceeds"), strings.Contains(msg, "stack overflow"):
			return nil, fmt.Errorf("%w: parser recursion too deep (stack overflow)", ErrCorrupt)
		case strings.Contains(msg, "out of memory"):
			return nil, fmt.Errorf("%w (%d MiB)", ErrMemory, lim.Memory>>20)
		}
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		return nil, fmt.Errorf("%w: parser crashed (%v): %s", ErrCorrupt, waitErr, msg)
	}
	var resp workerResponse
	if err := gob.NewDecoder(&stdout).Decode(&resp); err != nil {
		return nil, fmt.Errorf("%w: parse worker answered badly: %v", ErrCorrupt, err)
	}
	if resp.Error != "" {
		return nil, &causeError{msg: resp.Error, cause: causes[resp.Cause]}
	}
	if resp.Doc == nil {
		return nil, fmt.Errorf("%w: parse worker returned nothing", ErrCorrupt)
	}
	return resp.Doc, nil
}

// processRSS returns the resident set of a process in bytes, 0 if unknown.
func processRSS(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// limitedBuffer keeps the first 64 KiB written to it.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := 64<<10 - b.Len(); room > 0 {
		if len(p) > room {
			b.Buffer.Write(p[:room])
		} else {
			b.Buffer.Write(p)
		}
	}
	return len(p), nil
}

var _ io.Writer = (*limitedBuffer)(nil)
