package parse_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"vanban/ingest/format"
	"vanban/ingest/parse"
	"vanban/model"
)

// FuzzParse feeds arbitrary bytes through the dispatcher to every adapter
// (the seeds in testdata/fuzz/FuzzParse are a tiny valid PDF and XLSX and the
// bare OLE2/zip/PDF headers that steer the sniffer to each adapter). A file
// may fail, but only with a *format.FileError, and a success must carry a
// document of the sniffed format. Run it with
//
//	go test ./ingest/parse -run '^$' -fuzz FuzzParse -fuzztime 60s
//
// (a stack overflow, which recover cannot catch, ends the fuzzer: that is
// why a sandbox.Sandbox parses untrusted files in a child process).
func FuzzParse(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0})
	// A Word 97 document holding an embedded workbook (its ObjectPool).
	if b, err := os.ReadFile("testdata/embedded/qd-4768-phu-luc-nhung-excel97.doc"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		type result struct {
			doc *model.Document
			err error
		}
		done := make(chan result, 1)
		go func() {
			doc, err := parse.Bytes(ctx, "fuzz", data, parse.Options{NoOCR: true})
			done <- result{doc, err}
		}()
		var doc *model.Document
		var err error
		select {
		case r := <-done:
			doc, err = r.doc, r.err
		case <-time.After(20 * time.Second):
			// A parser that ignores its context: in production the child's
			// time limit ends it, but the adapter should not hang.
			t.Fatalf("parse did not return 15 s after its context ended (%d bytes)", len(data))
		}
		if err != nil {
			var fe *format.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error is %T, not *format.FileError: %v", err, err)
			}
			if doc != nil {
				t.Fatalf("a document and an error: %v", err)
			}
			return
		}
		if doc == nil {
			t.Fatal("no document and no error")
		}
		want, _ := format.Sniff(data)
		if doc.Format != want {
			t.Fatalf("format %q, sniffed %q", doc.Format, want)
		}
		_ = doc.Text()
	})
}

// TestFuzzSeedsParse checks the committed seeds still say what they are
// meant to: the tiny PDF and XLSX read, the bare headers fail cleanly.
func TestFuzzSeedsParse(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"bare PDF header", []byte("%PDF-1.7\n"), false},
		{"bare zip header", []byte("PK\x03\x04"), false},
		{"bare OLE2 header", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, false},
		{"text file", []byte("hello"), false},
		{"empty", nil, false},
		{"tiny PDF seed", seed(t, "pdf-tiny"), true},
		{"tiny XLSX seed", seed(t, "xlsx-tiny"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := parse.Bytes(context.Background(), c.name, c.data, parse.Options{NoOCR: true})
			if (err == nil) != c.ok || (err == nil && doc == nil) {
				t.Fatalf("doc %v err %v; want ok=%v", doc != nil, err, c.ok)
			}
			var fe *format.FileError
			if err != nil && !errors.As(err, &fe) {
				t.Fatalf("error %T is not a *format.FileError", err)
			}
		})
	}
}

// seed reads a committed fuzz seed ("go test fuzz v1" then a []byte literal).
func seed(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzParse", name))
	if err != nil {
		t.Fatal(err)
	}
	_, lit, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	lit = strings.TrimSuffix(strings.TrimPrefix(lit, "[]byte("), ")")
	s, err := strconv.Unquote(lit)
	if err != nil {
		t.Fatalf("seed %s: %v", name, err)
	}
	return []byte(s)
}
