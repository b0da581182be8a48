package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// TestPrintedIDsWork: the id column vanban search prints is accepted by
// vanban status --id (and, through index.Get, by the API and the pages).
func TestPrintedIDsWork(t *testing.T) {
	data, _ := ingestFixtures(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"search", "--data", data, "4768/QĐ-BCT"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if len(lines) < 2 {
		t.Fatalf("search printed %q", out.String())
	}
	f := strings.Fields(lines[1])
	short := f[len(f)-1]
	if len(short) != 12 {
		t.Fatalf("id column %q in %q", short, lines[1])
	}
	out.Reset()
	if err := run(context.Background(), []string{"status", "--data", data, "--id", short}, &out, io.Discard); err != nil {
		t.Fatalf("status --id %s: %v", short, err)
	}
	var e struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	if err := json.Unmarshal(out.Bytes(), &e); err != nil || !strings.HasPrefix(e.ID, short) || len(e.ID) != 64 || e.Status != "indexed" {
		t.Fatalf("status --id %s: %s (%v)", short, out.String(), err)
	}
}
