package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"vanban/ingest/format"
	"vanban/model"
)

// parentEnv makes the test binary a vanban stand-in that parses one file
// in a Sandbox and waits (TestChildrenDieWithVanban kills it).
const parentEnv = "VANBAN_TEST_PARENT"

func TestMain(m *testing.M) {
	RunWorkerIfRequested(spawnParse)
	if in := os.Getenv(parentEnv); in != "" {
		_, err := New().Parse(context.Background(), in, "spawn-ocr", format.ParseOptions{}, Limits{Timeout: time.Hour, TempDir: filepath.Dir(in)})
		fmt.Fprintln(os.Stderr, "parent: Parse returned", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// spawnParse stands for a parser that runs outside programs (pdftoppm,
// tesseract): it starts `sleep`, leaves a file in its temporary folder,
// writes "childPID sleepPID" to the file named by data, and hangs.
// "spawn-ocr" starts sleep as ingest/ocr starts its programs; "quick"
// answers at once with an empty document.
func spawnParse(ctx context.Context, name string, data []byte, opt format.ParseOptions) (*model.Document, error) {
	if name == "quick" {
		return &model.Document{Name: name, Format: model.FormatPDF}, nil
	}
	cmd := exec.Command("sleep", "300")
	if name == "spawn-ocr" {
		DieWithParent(cmd)
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(os.TempDir(), "page.png"), []byte("rendered"), 0o644); err != nil {
		return nil, err
	}
	pids := fmt.Sprintf("%d %d", os.Getpid(), cmd.Process.Pid)
	if err := os.WriteFile(strings.TrimSpace(string(data)), []byte(pids), 0o644); err != nil {
		return nil, err
	}
	time.Sleep(time.Hour)
	return nil, errors.New("not reached")
}

// gone reports whether pid has exited (a zombie waiting for a reaper that
// never comes counts as exited).
func gone(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	f := strings.Fields(string(b)[strings.LastIndexByte(string(b), ')')+1:])
	return len(f) > 0 && (f[0] == "Z" || f[0] == "X")
}

func waitGone(t *testing.T, what string, pid int) {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if gone(pid) {
			return
		}
	}
	syscall.Kill(pid, syscall.SIGKILL)
	t.Errorf("%s (pid %d) outlived its parent", what, pid)
}

func readPIDs(t *testing.T, path string) (child, grandchild int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, err := os.ReadFile(path)
		if err != nil || len(strings.Fields(string(b))) < 2 {
			continue
		}
		f := strings.Fields(string(b))
		child, _ = strconv.Atoi(f[0])
		grandchild, _ = strconv.Atoi(f[1])
		return child, grandchild
	}
	t.Fatal("the parse child never started its program")
	return 0, 0
}

func linuxOnly(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("process groups and parent-death signals are checked on Linux only")
	}
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("no sleep program")
	}
}

// A parse child killed at its time limit takes the programs it started
// with it, and its temporary files go too.
func TestTimedOutChildTakesItsProgramsAlong(t *testing.T) {
	linuxOnly(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pids")
	in := filepath.Join(dir, "in")
	os.WriteFile(in, []byte(pidFile), 0o644)
	tmp := filepath.Join(dir, "tmp")
	sb := New()
	defer sb.Close()
	_, err := sb.Parse(context.Background(), in, "spawn", format.ParseOptions{}, Limits{Timeout: 2 * time.Second, TempDir: tmp})
	if !errors.Is(err, format.ErrTimeout) {
		t.Fatalf("Parse = %v, want a timeout", err)
	}
	if n := sb.Idle(); n != 0 {
		t.Errorf("a killed child is kept idle (%d idle)", n)
	}
	child, sleeper := readPIDs(t, pidFile)
	waitGone(t, "the parse child", child)
	waitGone(t, "the program it started", sleeper)
	left, _ := os.ReadDir(tmp)
	if len(left) != 0 {
		t.Errorf("temporary files left in %s: %v", tmp, left)
	}
}

// vanban killed (SIGKILL) while a child parses: the child and the programs
// it started die with it; what they left in the temporary folder is swept
// by the next start (cmd/vanban).
func TestChildrenDieWithVanban(t *testing.T) {
	linuxOnly(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pids")
	in := filepath.Join(dir, "in")
	os.WriteFile(in, []byte(pidFile), 0o644)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	parent := exec.Command(exe)
	parent.Env = append(os.Environ(), parentEnv+"="+in)
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	child, sleeper := readPIDs(t, pidFile)
	parent.Process.Kill()
	parent.Wait()
	waitGone(t, "the parse child", child)
	waitGone(t, "the OCR-like program", sleeper)
}

// Each sandbox keeps its own idle children: a child is reused for the next
// file of its sandbox, Close ends that sandbox's children and no other's,
// and a closed sandbox starts a new child when asked again.
func TestSandboxOwnsItsChildren(t *testing.T) {
	ctx := context.Background()
	in := filepath.Join(t.TempDir(), "in")
	os.WriteFile(in, []byte("x"), 0o644)
	quick := func(t *testing.T, sb *Sandbox) {
		t.Helper()
		doc, err := sb.Parse(ctx, in, "quick", format.ParseOptions{}, Limits{Timeout: time.Minute})
		if err != nil || doc == nil || doc.Name != "quick" {
			t.Fatalf("Parse = %v, %v", doc, err)
		}
	}
	a, b := New(), New()
	defer b.Close()
	quick(t, a)
	first := a.idle[0]
	quick(t, a)
	quick(t, b)
	if a.Idle() != 1 || b.Idle() != 1 {
		t.Fatalf("idle children: a %d, b %d; want 1 each", a.Idle(), b.Idle())
	}
	if a.idle[0] != first || first.served != 2 {
		t.Errorf("the second file did not reuse the first child (served %d)", first.served)
	}
	a.Close()
	select {
	case <-first.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("Close left its idle child running")
	}
	if a.Idle() != 0 || b.Idle() != 1 {
		t.Errorf("after a.Close: a %d idle, b %d idle; want 0 and 1", a.Idle(), b.Idle())
	}
	quick(t, a) // a new child
	if a.idle[0] == first {
		t.Error("a closed sandbox reused an ended child")
	}
	a.Close()
	quick(t, b)
}
