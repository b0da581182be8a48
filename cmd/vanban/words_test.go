package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"vanban/index"
	"vanban/ingest"
)

// TestHelpShowsNoSentinels: no flag's help shows a value that means "not
// given" ("(default -1)").
func TestHelpShowsNoSentinels(t *testing.T) {
	for _, c := range commands() {
		var out bytes.Buffer
		run(context.Background(), []string{c.name, "--help"}, &out, io.Discard)
		if strings.Contains(out.String(), "(default -1)") || strings.Contains(out.String(), "(default -") {
			t.Errorf("vanban %s --help:\n%s", c.name, out.String())
		}
	}
}

func TestResultsLine(t *testing.T) {
	q := index.Query{Page: 1, Size: 10}
	for _, c := range []struct {
		name        string
		total       uint64
		page, shown int
		args, query []string
		want        string
	}{
		{"none", 0, 1, 0, []string{"xyz"}, []string{"xyz"}, "0 results"},
		{"one", 1, 1, 1, []string{"qd", "4768"}, []string{"qd", "4768"}, "1 result"},
		{"one page", 7, 1, 7, []string{"khuyến"}, []string{"khuyến"}, "7 results"},
		{"more pages", 23, 1, 10, []string{"--type", "QĐ", "khuyến", "công"}, []string{"khuyến", "công"},
			"23 results, 1–10 shown; 2 more pages, the next with: vanban search --type QĐ --page 2 khuyến công"},
		{"last but one page", 23, 2, 10, []string{"--page", "2", "-n", "10", "lâm đồng"}, []string{"lâm đồng"},
			"23 results, 11–20 shown; 1 more page, the next with: vanban search -n 10 --page 3 'lâm đồng'"},
		{"last page", 23, 3, 3, []string{"--page=3", "x"}, []string{"x"}, "23 results, 21–23 shown"},
	} {
		t.Run(c.name, func(t *testing.T) {
			q.Page = c.page
			if got := resultsLine(c.total, q, c.shown, c.args, c.query, ""); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestIdleReportHints: each command the serve summary names shows what it
// says it shows (status lists exactly the files not indexed).
func TestIdleReportHints(t *testing.T) {
	sum := &ingest.Summary{ByStatus: map[ingest.Status]int{ingest.StatusIndexed: 3, ingest.StatusFailed: 1, ingest.StatusNeedsOCR: 1}, Pages: 9}
	got := idleReport(sum, "/tmp/v d")
	want := "ingested: 3 files in the index (9 pages/sheets), 1 failed, 1 need OCR; 'vanban search --data '/tmp/v d' WORDS' searches them; 'vanban status --data '/tmp/v d'' lists the 2 not indexed, with the reason"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := idleReport(&ingest.Summary{ByStatus: map[ingest.Status]int{ingest.StatusIndexed: 2}}, defaultData); strings.Contains(got, "status") || strings.Contains(got, "--data") {
		t.Errorf("all indexed, default data: %q", got)
	}
}

// TestStatusListsWhatTheHintPromises: 'vanban status' lists every file that
// was not indexed (failed and needs_ocr), each with its reason.
func TestStatusListsWhatTheHintPromises(t *testing.T) {
	data := t.TempDir()
	l, err := ingest.OpenLedger(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id     string
		st     ingest.Status
		reason string
	}{{"aa", ingest.StatusIndexed, ""}, {"bb", ingest.StatusFailed, "file is damaged"}, {"cc", ingest.StatusNeedsOCR, "a scan"}} {
		l.Add(c.id, 1, ingest.Source{Kind: "path", Name: c.id + ".pdf"}, nil)
		l.Finish(c.id, ingest.Result{Status: c.st, Reason: c.reason})
	}
	l.Close()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"status", "--data", data}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"bb.pdf", "file is damaged", "cc.pdf", "a scan"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("status lacks %q:\n%s", w, out.String())
		}
	}
	if strings.Contains(out.String(), "aa.pdf") {
		t.Errorf("status lists an indexed file among those not indexed:\n%s", out.String())
	}
}
