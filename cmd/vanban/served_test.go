package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanban/index"
)

// TestEveryCommandWhileServing: `vanban search`, `status`, `export`,
// `ingest` (new files, and --retry of those that failed) and `reindex` on a
// data directory that `vanban serve` holds (Bleve's and the ledger's file
// locks keep them out) go through the server and print, or write, what
// they do without it.
func TestEveryCommandWhileServing(t *testing.T) {
	ctx := context.Background()
	data, _ := ingestFixtures(t)
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append([]string{args[0], "--data", data}, args[1:]...), &out, &out)
		return out.String(), err
	}
	searchArgs := []string{"search", "--province", "Lâm Đồng", "cong", "van"}
	wantSearch, err := cmd(searchArgs...)
	if err != nil || !strings.Contains(wantSearch, "95/UBND-KT") {
		t.Fatalf("search without a server: %v\n%s", err, wantSearch)
	}
	wantStatus, err := cmd("status")
	if err != nil {
		t.Fatalf("status without a server: %v\n%s", err, wantStatus)
	}
	exportTo := func(format string, args ...string) []byte {
		t.Helper()
		file := filepath.Join(t.TempDir(), "rows."+format)
		if out, err := cmd(append([]string{"export", "--format", format, "--out", file}, args...)...); err != nil {
			t.Fatalf("export %v: %v\n%s", args, err, out)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	exports := [][]string{{"--province", "lao cai"}, {"--recipient-kind", "all"}, {"--document", "4768/qd-bct", "--column", "kinh phí"}}
	var wantExports [][]byte
	for _, args := range exports {
		wantExports = append(wantExports, exportTo("csv", args...))
	}
	if bytes.Count(wantExports[1], []byte("\n")) < 20 {
		t.Fatalf("export --recipient-kind all without a server: too few rows\n%s", wantExports[1])
	}

	sctx, stop := context.WithCancel(ctx)
	var served syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(sctx, []string{"serve", "--no-ocr", "--data", data, "--addr", "127.0.0.1:0", "--token", "tok"},
			&served, io.Discard)
	}()
	stopped := false
	stopServe := func() {
		if !stopped {
			stopped = true
			stop()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		}
	}
	defer stopServe()
	waitServing(t, &served)
	if _, err := os.Stat(filepath.Join(data, "serve.url")); err != nil {
		t.Fatalf("serve wrote no %s: %v", "serve.url", err)
	}

	got, err := cmd(searchArgs...)
	if err != nil {
		t.Fatalf("search while serving: %v\n%s", err, got)
	}
	if !strings.Contains(got, "(answered by the vanban serve at http://127.0.0.1:") {
		t.Errorf("search does not say the server answered:\n%s", got)
	}
	if rows(got) != rows(wantSearch) {
		t.Errorf("search while serving:\n%s\nwithout a server:\n%s", got, wantSearch)
	}

	// The server's ledger status needs its token.
	t.Setenv("VANBAN_TOKEN", "")
	if got, err := cmd("status"); err == nil || !strings.Contains(err.Error(), "VANBAN_TOKEN") {
		t.Errorf("status without the token: err %v, want one naming VANBAN_TOKEN\n%s", err, got)
	}
	t.Setenv("VANBAN_TOKEN", "tok")
	got, err = cmd("status")
	if err != nil {
		t.Fatalf("status while serving: %v\n%s", err, got)
	}
	if !strings.HasPrefix(got, wantStatus) || !strings.Contains(got[len(wantStatus):], "(answered by the vanban serve at") {
		t.Errorf("status while serving:\n%s\nwithout a server:\n%s", got, wantStatus)
	}
	got, err = cmd("status", "--json")
	var sum struct {
		Files int `json:"files"`
	}
	if err != nil || json.Unmarshal([]byte(got), &sum) != nil || sum.Files == 0 {
		t.Errorf("status --json while serving: %v\n%s", err, got)
	}

	// export: the same file, the rows coming from the server.
	for i, args := range exports {
		if got := exportTo("csv", args...); !bytes.Equal(got, wantExports[i]) {
			t.Errorf("export %v while serving:\n%s\nwithout a server:\n%s", args, got, wantExports[i])
		}
	}
	// ingest: the files go to the server as uploads; it reads them, a file
	// it cannot read is refused with its reason and the next one goes.
	src := t.TempDir()
	letter := `{\rtf1\ansi{\fonttbl{\f0 Times New Roman;}}\f0 ` + rtfText(
		`ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\par Số: 7071/UBND-TH\par Lâm Đồng, ngày 5 tháng 3 năm 2025\par `+
			`V/v kiểm tra tiến độ giải ngân vốn đầu tư công năm 2025\par `+
			`Kính gửi: Sở Tài chính tỉnh Lâm Đồng. Đề nghị báo cáo tiến độ giải ngân trước ngày 15/3/2025.\par}`)
	if err := os.WriteFile(filepath.Join(src, "cv-7071.rtf"), []byte(letter), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "notes.doc"), []byte("plain text saved under a .doc name, which no reader takes"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err = cmd("ingest", src)
	if err != nil || !strings.Contains(got, "1 queued, 0 read before, 1 refused") || !strings.Contains(got, "notes.doc") {
		t.Fatalf("ingest while serving: %v\n%s", err, got)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if got, _ = cmd("search", "7071/UBND-TH"); strings.Contains(got, "7071/UBND-TH") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the file sent by ingest while serving is not found:\n%s", got)
		}
	}
	if got, err = cmd("ingest", src); err != nil || !strings.Contains(got, "0 queued, 1 read before, 1 refused") {
		t.Errorf("ingest of the same files again while serving: %v\n%s", err, got)
	}
	t.Setenv("VANBAN_TOKEN", "wrong")
	if got, err = cmd("ingest", src); err == nil || !strings.Contains(err.Error(), "VANBAN_TOKEN") {
		t.Errorf("ingest with a wrong token: err %v, want one naming VANBAN_TOKEN\n%s", err, got)
	}
	t.Setenv("VANBAN_TOKEN", "tok")

	// A file's ledger entry, asked through status (--id).
	type entry struct {
		Status   string    `json:"status"`
		Reason   string    `json:"reason"`
		Finished time.Time `json:"finished"`
	}
	entryOf := func(id string) entry {
		t.Helper()
		var stdout bytes.Buffer
		err := run(ctx, []string{"status", "--data", data, "--id", id}, &stdout, io.Discard)
		out := stdout.String()
		var e entry
		if err != nil || json.Unmarshal([]byte(out), &e) != nil {
			t.Fatalf("status --id %s while serving: %v\n%s", id, err, out)
		}
		return e
	}
	// settled waits until the file id is read after the time after.
	settled := func(id string, after time.Time) entry {
		t.Helper()
		for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
			e := entryOf(id)
			if e.Finished.After(after) && e.Status != "queued" && e.Status != "parsing" {
				return e
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not read again within 2 minutes: %+v", id, e)
			}
		}
	}

	// ingest --retry: the server reads again the files that ended without
	// a record, while it serves, and lists them; it takes the token.
	damaged := []byte("PK\x03\x04 a workbook whose zip is cut off after its first bytes")
	badDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(badDir, "hong.xlsx"), damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err = cmd("ingest", badDir); err != nil || !strings.Contains(got, "1 queued") {
		t.Fatalf("ingest of a damaged file while serving: %v\n%s", err, got)
	}
	hash := sha256.Sum256(damaged)
	badID := hex.EncodeToString(hash[:])
	first := settled(badID, time.Time{})
	if first.Status != "failed" || !strings.Contains(first.Reason, "damaged") {
		t.Fatalf("hong.xlsx: %+v, want failed, damaged", first)
	}
	t.Setenv("VANBAN_TOKEN", "wrong")
	if got, err = cmd("ingest", "--retry", "failed,needs_ocr"); err == nil || !strings.Contains(err.Error(), "VANBAN_TOKEN") {
		t.Errorf("ingest --retry with a wrong token: err %v, want one naming VANBAN_TOKEN\n%s", err, got)
	}
	t.Setenv("VANBAN_TOKEN", "tok")
	got, err = cmd("ingest", "--retry", "failed,needs_ocr")
	if err != nil || !strings.Contains(got, "hong.xlsx ("+badID[:12]+") "+first.Status+": "+first.Reason) || !strings.Contains(got, "queued again by the vanban serve at http://127.0.0.1:") || !strings.Contains(got, ": 1 (") {
		t.Fatalf("ingest --retry while serving: %v\n%s", err, got)
	}
	if again := settled(badID, first.Finished); again.Status != first.Status {
		t.Errorf("hong.xlsx read again: %+v, before %+v", again, first)
	}

	// reindex: the server is asked to reindex while serving, and does
	// (the ledger entry of a document it read again, asked through status).
	firstHit := strings.Split(wantSearch, "\n")[1]
	id := strings.TrimSpace(firstHit[strings.LastIndexByte(strings.TrimSpace(firstHit), ' ')+1:])
	finished := func() time.Time {
		t.Helper()
		e := entryOf(id)
		if e.Finished.IsZero() {
			t.Fatalf("status --id %s while serving: no finished time: %+v", id, e)
		}
		return e.Finished
	}
	before := finished()
	got, err = cmd("reindex")
	if err != nil || !strings.Contains(got, "asked the running server") {
		t.Fatalf("reindex while serving: %v\n%s", err, got)
	}
	for deadline := time.Now().Add(2 * time.Minute); !finished().After(before); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server did not reindex within 2 minutes")
		}
	}
	if got, err := cmd(searchArgs...); err != nil || rows(got) != rows(wantSearch) {
		t.Errorf("search after the live reindex: %v\n%s", err, got)
	}

	stopServe()
	if _, err := os.Stat(filepath.Join(data, "serve.url")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s left behind after serve stopped: %v", "serve.url", err)
	}
	if got, err := cmd(searchArgs...); err != nil || got != wantSearch {
		t.Errorf("search after serve stopped: %v\n%s", err, got)
	}

	// A server that died without removing its file: the lock's own error.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	os.WriteFile(filepath.Join(data, "serve.url"), []byte(dead+"\n"), 0o644)
	ix, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got, err := cmd(searchArgs...); !errors.Is(err, index.ErrInUse) {
		t.Errorf("search on a held index with a dead server: err %v, want index.ErrInUse\n%s", err, got)
	}
}

// rows is a search's output without its last line (the count, which says
// who answered).
func rows(out string) string {
	out = strings.TrimRight(out, "\n")
	if i := strings.LastIndexByte(out, '\n'); i >= 0 {
		return out[:i]
	}
	return ""
}

// waitServing waits for serve's "serving http://" line.
func waitServing(t testing.TB, out *syncBuffer) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			if strings.Contains(sc.Text(), "serving http://") {
				return
			}
		}
	}
	t.Fatalf("serve did not start:\n%s", out.String())
}

// rtfText writes s's letters outside ASCII as RTF's \uN escapes.
func rtfText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "\\u%d?", r)
		}
	}
	return b.String()
}
