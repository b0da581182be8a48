// Package natstest starts a real nats-server with JetStream on loopback for
// tests (Debian's nats-server; the test is skipped with a message when it
// is not installed), in a temporary folder, and restarts it on demand.
package natstest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Server is a running nats-server.
type Server struct {
	URL  string
	Port int
	Dir  string // its JetStream store
	t    testing.TB
	cmd  *exec.Cmd
	log  string
}

// Start starts nats-server -js on a free loopback port, or skips t when
// nats-server is not installed. It is stopped when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("nats-server"); err != nil {
		t.Skip("nats-server is not installed (apt install nats-server): the NATS JetStream tests are skipped")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir := t.TempDir()
	s := &Server{URL: "nats://127.0.0.1:" + strconv.Itoa(port), Port: port, Dir: filepath.Join(dir, "js"),
		t: t, log: filepath.Join(dir, "nats-server.log")}
	s.start()
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) start() {
	s.t.Helper()
	logf, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	defer logf.Close()
	s.cmd = exec.Command("nats-server", "-js", "-sd", s.Dir, "-a", "127.0.0.1", "-p", strconv.Itoa(s.Port))
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start nats-server: %v", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.Port), time.Second); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b, _ := os.ReadFile(s.log)
	s.t.Fatalf("nats-server did not listen on %d within 20 s:\n%s", s.Port, b)
}

// Stop kills the server (SIGKILL: nothing is flushed that JetStream did not
// already write) and waits for it.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Restart stops the server and starts it again on the same port and store.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}
