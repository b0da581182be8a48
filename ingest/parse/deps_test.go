package parse_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestReadersLeaveTheQueueOut: the format readers, parse and every other
// package under ingest/ compile without the queue (the root package
// ingest) and its ledger (bbolt), and import no part of vanban but model
// and ingest/…: what they share is in ingest/format (and ingest/sandbox).
// A reader that imported ingest again for an error or a helper would bring
// bbolt into every program that only reads files.
func TestReadersLeaveTheQueueOut(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := exec.LookPath(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Skip("the go command is not installed here: cannot list imports")
		}
	}
	out, err := exec.Command(goTool, "list", "vanban/ingest/...").Output()
	if err != nil {
		t.Fatalf("go list vanban/ingest/...: %v", err)
	}
	var pkgs []string
	for _, p := range strings.Fields(string(out)) {
		if p != "vanban/ingest" {
			pkgs = append(pkgs, p)
		}
	}
	for _, want := range []string{"vanban/ingest/parse", "vanban/ingest/pdf", "vanban/ingest/xlsx", "vanban/ingest/xls",
		"vanban/ingest/doc", "vanban/ingest/docx", "vanban/ingest/rtf", "vanban/ingest/ocr", "vanban/ingest/format"} {
		if !slices.Contains(pkgs, want) {
			t.Fatalf("go list vanban/ingest/... does not list %s: %v", want, pkgs)
		}
	}
	for _, pkg := range pkgs {
		out, err := exec.Command(goTool, "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			switch {
			case strings.HasPrefix(dep, "go.etcd.io/bbolt"):
				t.Errorf("%s imports %s (the ledger's database): readers must not need the queue", pkg, dep)
			case dep == "vanban/ingest":
				t.Errorf("%s imports vanban/ingest (the queue, with bbolt): take what it needs from ingest/format", pkg)
			case strings.HasPrefix(dep, "vanban/") && dep != "vanban/model" && !strings.HasPrefix(dep, "vanban/ingest/"):
				t.Errorf("%s imports %s: a reader imports only model and ingest/… below it", pkg, dep)
			}
		}
	}
}
