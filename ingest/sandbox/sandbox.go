package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"vanban/ingest/format"
	"vanban/model"
)

// WorkerGCPercent is the garbage collector's GOGC in a parse worker
// (unless $GOGC is set): reading a .docx spent a quarter of its CPU
// collecting at Go's default of 100 (BenchmarkReadVsAntiword in
// ingest/doc measures the reader under it).
const WorkerGCPercent = 400

// workerEnv marks a process started by a Sandbox as a parse worker.
const workerEnv = "VANBAN_PARSE_WORKER"

// ParseFunc parses one file in-process. The child process runs it.
type ParseFunc func(ctx context.Context, name string, data []byte, opt format.ParseOptions) (*model.Document, error)

// Limits bound one child parse.
type Limits struct {
	// Memory is the resident-set limit of the child in bytes (default 512 MiB).
	Memory int64
	// Timeout bounds the whole parse (default 2 minutes; OCR needs more).
	Timeout time.Duration
	// TempDir is where the child's temporary files go (pages rendered for
	// OCR): a folder of its own is made there for each parse and removed
	// after it, whatever happened to the child. Default os.TempDir();
	// vanban uses DIR/tmp, swept at start.
	TempDir string
	// Nice lowers the CPU priority of the child and of the programs it
	// starts (0–19; 0 keeps vanban's), so that a server's searches come
	// before parsing and OCR.
	Nice int
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
	Path    string              `json:"path"`
	Name    string              `json:"name"`
	Opt     format.ParseOptions `json:"opt"`
	Memory  int64               `json:"memory"`
	TempDir string              `json:"temp_dir"`
}

type workerResponse struct {
	Doc   *model.Document `json:"doc,omitempty"`
	Error string          `json:"error,omitempty"`
	Cause string          `json:"cause,omitempty"` // sentinel name, see format.CauseName
}

// causeError keeps a child's message and the sentinel it wrapped.
type causeError struct {
	msg   string
	cause error
}

func (e *causeError) Error() string { return e.msg }
func (e *causeError) Unwrap() error { return e.cause }

// RunWorkerIfRequested turns the current process into a parse worker when it
// was started by a Sandbox: it answers requests read from stdin, one file
// each, until stdin is closed, then exits. Call it first thing in main (and in
// TestMain of packages whose tests use a Sandbox). Otherwise it returns.
func RunWorkerIfRequested(parse ParseFunc) {
	if os.Getenv(workerEnv) != "1" {
		return
	}
	// A runaway recursion in a parser must die small and fast, not at 1 GiB.
	debug.SetMaxStack(64 << 20)
	if os.Getenv("GOGC") == "" {
		// A parse makes much short-lived garbage on a small live heap, on
		// one core: collect less often; the soft memory limit set per
		// request below still bounds the heap.
		debug.SetGCPercent(WorkerGCPercent)
	}
	dec := gob.NewDecoder(bufio.NewReader(os.Stdin))
	w := bufio.NewWriter(os.Stdout)
	// gob, not JSON: a page-heavy Document is megabytes of word boxes, and
	// gob encodes and decodes it several times faster.
	enc := gob.NewEncoder(w)
	for {
		var req workerRequest
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				os.Exit(0)
			}
			fmt.Fprintln(os.Stderr, "vanban worker: bad request:", err)
			os.Exit(3)
		}
		if req.Memory > 0 {
			debug.SetMemoryLimit(req.Memory * 3 / 4)
		}
		if req.TempDir != "" {
			// os.TempDir, and so os.MkdirTemp("", …), read it each time.
			os.Setenv("TMPDIR", req.TempDir)
		}
		var resp workerResponse
		data, err := os.ReadFile(req.Path)
		if err == nil {
			resp.Doc, err = parse(context.Background(), req.Name, data, req.Opt)
		}
		if err != nil {
			resp.Doc = nil
			resp.Error = err.Error()
			resp.Cause = format.CauseName(err)
		}
		if err := enc.Encode(&resp); err != nil {
			fmt.Fprintln(os.Stderr, "vanban worker:", err)
			os.Exit(3)
		}
		if err := w.Flush(); err != nil {
			os.Exit(3) // the parent has gone
		}
		// Give the memory of this file back before the next one.
		resp, data = workerResponse{}, nil
		debug.FreeOSMemory()
	}
}

// A worker child serves files one after another, so the start-up of a
// process (tens of milliseconds: the whole program's initialisation) is paid
// once per worker, not once per file. A child that fails, is killed, or grows
// is never reused.
type worker struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	enc    *gob.Encoder
	dec    *gob.Decoder
	stderr *syncBuffer
	exited chan struct{} // closed once the process has been waited for
	served int
}

const (
	maxIdleWorkers   = 4
	maxFilesPerChild = 200
)

// Sandbox parses untrusted files in child processes (this executable run
// again as a worker, see RunWorkerIfRequested) and keeps up to four healthy
// children idle between files. It is a value made by its owner — an ingest.Pool,
// vanban extract — and ended by it with Close; two sandboxes share nothing.
// Its methods are safe for concurrent use.
//
//	sb := sandbox.New()
//	defer sb.Close()
//	doc, err := sb.Parse(ctx, path, name, format.ParseOptions{}, sandbox.Limits{})
type Sandbox struct {
	mu   sync.Mutex
	idle []*worker
}

// NewSandbox returns a sandbox with no child yet: the first Parse starts one.
func New() *Sandbox { return &Sandbox{} }

// Close ends the idle children (each exits at the end of its input). A
// parse still running keeps its child until it answers; the sandbox stays
// usable, and a later Parse starts a new child.
func (s *Sandbox) Close() {
	s.mu.Lock()
	idle := s.idle
	s.idle = nil
	s.mu.Unlock()
	for _, w := range idle {
		_ = w.stdin.Close()
	}
}

// Idle is the number of children waiting for a file.
func (s *Sandbox) Idle() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.idle)
}

func startWorker() (*worker, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own executable: %w", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), workerEnv+"=1", "GOMAXPROCS=1")
	// The child leads a process group of its own, so that killing it kills
	// what it started too (pdftoppm, tesseract), and dies with vanban.
	ownGroup(cmd)
	DieWithParent(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w := &worker{cmd: cmd, stdin: stdin, stderr: &syncBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = w.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start parse worker: %w", err)
	}
	w.enc = gob.NewEncoder(stdin)
	w.dec = gob.NewDecoder(bufio.NewReader(stdout))
	// The reaper ends when the child exits, whatever the reason.
	go func() {
		_ = cmd.Wait()
		close(w.exited)
	}()
	return w, nil
}

// take returns an idle live worker, or starts one.
func (s *Sandbox) take() (*worker, error) {
	s.mu.Lock()
	for len(s.idle) > 0 {
		w := s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		select {
		case <-w.exited:
			continue
		default:
		}
		s.mu.Unlock()
		return w, nil
	}
	s.mu.Unlock()
	return startWorker()
}

// release keeps a healthy worker for the next file, or ends it.
func (s *Sandbox) release(w *worker, memLimit int64) {
	w.served++
	if w.served < maxFilesPerChild && processRSS(w.cmd.Process.Pid) < memLimit/2 {
		s.mu.Lock()
		if len(s.idle) < maxIdleWorkers {
			s.idle = append(s.idle, w)
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
	}
	_ = w.stdin.Close() // the child exits at the end of its input
}

// kill ends the child and every program it started (its process group).
func (w *worker) kill() {
	killGroup(w.cmd.Process)
	<-w.exited
}

// Parse parses the file at path in a child process with a memory and a time
// limit. Whatever the file does to the parser, the caller gets a Document or
// an error that says why; the caller's process is never at risk. Children
// are reused for later files while they stay healthy.
func (s *Sandbox) Parse(ctx context.Context, path, name string, opt format.ParseOptions, lim Limits) (*model.Document, error) {
	lim = lim.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	if lim.TempDir != "" {
		if err := os.MkdirAll(lim.TempDir, 0o755); err != nil {
			return nil, fmt.Errorf("%w: temporary folder: %w", format.ErrStorage, err)
		}
	}
	tmp, err := os.MkdirTemp(lim.TempDir, "parse-*")
	if err != nil {
		return nil, fmt.Errorf("%w: temporary folder: %w", format.ErrStorage, err)
	}
	// Removed whatever the child did: a killed child cannot clean up.
	defer os.RemoveAll(tmp)
	w, err := s.take()
	if err != nil {
		return nil, err
	}
	setNice(w.cmd.Process.Pid, lim.Nice)
	w.stderr.Reset()
	type answer struct {
		resp workerResponse
		err  error
	}
	answers := make(chan answer, 1)
	// The request goroutine ends when the child answers or its output closes
	// (it exited or was killed).
	go func() {
		var a answer
		if a.err = w.enc.Encode(workerRequest{Path: path, Name: name, Opt: opt, Memory: lim.Memory, TempDir: tmp}); a.err == nil {
			a.err = w.dec.Decode(&a.resp)
		}
		answers <- a
	}()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case a := <-answers:
			if a.err != nil {
				w.kill()
				return nil, w.crashError(a.err, lim)
			}
			s.release(w, lim.Memory)
			if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
				// The answer came as the limit passed (both were ready):
				// the limit wins, whichever select picked.
				return nil, fmt.Errorf("%w (limit %s)", format.ErrTimeout, lim.Timeout)
			}
			if a.resp.Error != "" {
				return nil, &causeError{msg: a.resp.Error, cause: format.Cause(a.resp.Cause)}
			}
			if a.resp.Doc == nil {
				return nil, fmt.Errorf("%w: parse worker returned nothing", format.ErrCorrupt)
			}
			return a.resp.Doc, nil
		case <-ctx.Done():
			w.kill()
			<-answers
			if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
				return nil, fmt.Errorf("%w (limit %s)", format.ErrTimeout, lim.Timeout)
			}
			return nil, ctx.Err()
		case <-tick.C:
			if rss := processRSS(w.cmd.Process.Pid); rss > lim.Memory {
				w.kill()
				<-answers
				return nil, fmt.Errorf("%w (%d MiB)", format.ErrMemory, lim.Memory>>20)
			}
		}
	}
}

// crashError says why a child died without answering, from what it printed.
func (w *worker) crashError(ioErr error, lim Limits) error {
	msg := strings.TrimSpace(w.stderr.String())
	switch {
	case strings.Contains(msg, "stack exceeds"), strings.Contains(msg, "stack overflow"):
		return fmt.Errorf("%w: parser recursion too deep (stack overflow)", format.ErrCorrupt)
	case strings.Contains(msg, "out of memory"):
		return fmt.Errorf("%w (%d MiB)", format.ErrMemory, lim.Memory>>20)
	}
	if i := strings.IndexByte(msg, '\n'); i > 0 {
		msg = msg[:i]
	}
	if msg == "" {
		msg = ioErr.Error()
	}
	return fmt.Errorf("%w: parser crashed (%v): %s", format.ErrCorrupt, w.cmd.ProcessState, msg)
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

// syncBuffer keeps the first 64 KiB a child writes to stderr since the
// last Reset; the child's output is copied in by another goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := 64<<10 - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *syncBuffer) Reset() {
	b.mu.Lock()
	b.buf.Reset()
	b.mu.Unlock()
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
