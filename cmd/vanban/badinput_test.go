package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanban/ingest"
	"vanban/ingest/format"
	"vanban/ingest/sandbox"
)

const sharedCorpus = "../../../shared/corpus"

// writeZipBomb writes a small .xlsx whose sheet1.xml inflates to about
// inflated bytes of XML.
func writeZipBomb(t testing.TB, path string, inflated int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	add := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`)
	chunk := bytes.Repeat([]byte("A"), 1<<20)
	for n := int64(0); n < inflated; n += int64(len(chunk)) {
		w.Write(chunk)
	}
	io.WriteString(w, `</t></is></c></row></sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// mutations of a real file: cut in half, cut to its first KiB, and bytes
// flipped through the body.
func mutations(data []byte) map[string][]byte {
	flip := bytes.Clone(data)
	for i := len(flip) / 7; i < len(flip); i += max(1, len(flip)/50) {
		flip[i] ^= 0xA5
	}
	return map[string][]byte{
		"half":    data[:len(data)/2],
		"head1k":  data[:min(len(data), 1024)],
		"flipped": flip,
	}
}

// TestIngestBadInput feeds every malformed file of the shared corpus,
// truncated and byte-flipped copies of real files, a zip bomb and a file over
// the size limit through a real ingest: the program must not fall over, and
// every file must get a ledger entry, with a reason when not indexed.
func TestIngestBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("reads about 100 broken files")
	}
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skipf("shared corpus not found (%v): run from a checkout with ../shared beside it", err)
	}
	src := t.TempDir()
	var inputs []string
	add := func(name string, data []byte) {
		p := filepath.Join(src, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, p)
	}
	for _, kind := range []string{"pdf", "xls", "xlsx"} {
		files, _ := filepath.Glob(filepath.Join(sharedCorpus, "malformed", kind, "*"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			add("malformed-"+filepath.Base(f), data)
		}
	}
	for _, f := range []string{
		"pdf/binhthuan_779-QD-UBND_dieu-le-quy-khuyen-hoc.pdf",
		"pdf/cp_01-2020-ND-CP_giam-sat-dau-tu.pdf",
		"pdf/hhccvvn_670-HD-HHCCVVN_2025-10-20_huong-dan-dai-hoi.pdf",
		"xls/btc_du-toan-NSNN-2007_QD-3855-QD-BTC.xls",
		"xls/qltienluong_bang-gia-tham-dinh-tai-san.xls",
		"xlsx/lamdong_tong-hop-gop-y_666.xlsx",
		"xlsx/vcci_PCI-2016_63-tinh.xlsx",
	} {
		data, err := os.ReadFile(filepath.Join(sharedCorpus, f))
		if err != nil {
			t.Fatal(err)
		}
		for kind, m := range mutations(data) {
			add(kind+"-"+filepath.Base(f), m)
		}
	}
	bomb := filepath.Join(src, "zipbomb.xlsx")
	writeZipBomb(t, bomb, 2<<30)
	inputs = append(inputs, bomb)
	if fi, _ := os.Stat(bomb); fi.Size() > 4<<20 {
		t.Fatalf("zip bomb is %d bytes", fi.Size())
	}
	huge := filepath.Join(src, "huge.pdf")
	hf, _ := os.Create(huge)
	hf.Truncate(300 << 20) // sparse: over the limit set below
	hf.Close()
	inputs = append(inputs, huge)

	data := t.TempDir()
	var out bytes.Buffer
	start := time.Now()
	err := run(context.Background(), []string{"ingest", "--no-ocr", "--max-size", "100MiB",
		"--parse-timeout", "60s", "--data", data, src}, &out, &out)
	took := time.Since(start)
	if err != nil {
		t.Fatalf("ingest returned %v\n%s", err, lastLines(out.String(), 5))
	}

	l, err := ingest.OpenLedger(data)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	byPath := map[string]*ingest.Entry{}
	l.Each(func(e *ingest.Entry) bool {
		for _, s := range e.Sources {
			byPath[s.Path] = e
		}
		return true
	})
	counts := map[string]int{}
	for _, p := range inputs {
		abs, _ := filepath.Abs(p)
		e := byPath[abs]
		name := filepath.Base(p)
		if e == nil {
			t.Errorf("%s: no ledger entry", name)
			continue
		}
		counts[string(e.Status)]++
		if e.Status == ingest.StatusQueued || e.Status == ingest.StatusParsing {
			t.Errorf("%s: left %s", name, e.Status)
		}
		if e.Status != ingest.StatusIndexed && strings.TrimSpace(e.Reason) == "" {
			t.Errorf("%s: %s without a reason", name, e.Status)
		}
		switch {
		case e.Cause == "timeout":
			counts["hang (timeout)"]++
			t.Logf("HANG %s: %s", name, e.Reason)
		case strings.Contains(e.Reason, "parser crashed") || strings.Contains(e.Reason, "stack overflow") || e.Cause == "memory":
			counts["parser crash (child)"]++
			t.Logf("CRASH %s: %s", name, e.Reason)
		}
	}
	t.Logf("%d inputs in %s: %v", len(inputs), took.Round(time.Millisecond), counts)

	checks := []struct {
		name   string
		status ingest.Status
		reason []string // one of these, case-insensitive
	}{
		{"zipbomb.xlsx", ingest.StatusFailed, []string{"size", "limit", "large"}},
		{"huge.pdf", ingest.StatusFailed, []string{"too large: 300 MiB, the limit is 100 MiB"}},
		{"malformed-pypdf_password_protected.pdf", ingest.StatusFailed, []string{"encrypted", "password"}},
		{"malformed-excelize_encryptAES.xlsx", ingest.StatusFailed, []string{"encrypted", "password"}},
		{"malformed-excelize_encryptSHA1.xlsx", ingest.StatusFailed, []string{"encrypted", "password"}},
		{"malformed-extrame_Encrypted.xls", ingest.StatusFailed, []string{"encrypted", "password"}},
		{"malformed-qpdf_bad1_no_header_no_startxref.pdf", ingest.StatusFailed, []string{"not a pdf", "damaged", "truncated"}},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			abs, _ := filepath.Abs(filepath.Join(src, c.name))
			e := byPath[abs]
			if e == nil {
				t.Fatal("no ledger entry")
			}
			ok := false
			for _, r := range c.reason {
				ok = ok || strings.Contains(strings.ToLower(e.Reason), strings.ToLower(r))
			}
			if e.Status != c.status || !ok {
				t.Errorf("status %s reason %q; want %s with one of %q", e.Status, e.Reason, c.status, c.reason)
			}
			if c.name == "zipbomb.xlsx" && e.ParseMs > 10000 {
				t.Errorf("the zip bomb took %d ms to refuse", e.ParseMs)
			}
			t.Logf("%s (%d ms): %s", e.Status, e.ParseMs, e.Reason)
		})
	}
}

// TestIngestSizeLimitIsConfigurable: a small limit refuses a sparse file
// from its size alone, and the summary names the reason.
func TestIngestSizeLimitIsConfigurable(t *testing.T) {
	src := t.TempDir()
	f, _ := os.Create(filepath.Join(src, "big.pdf"))
	f.Truncate(5 << 20)
	f.Close()
	var out bytes.Buffer
	err := run(context.Background(), []string{"ingest", "--max-size", "1MiB", "--data", t.TempDir(), src}, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "file is too large: 5 MiB, the limit is 1 MiB"; !strings.Contains(out.String(), want) {
		t.Fatalf("output does not say %q:\n%s", want, out.String())
	}
}

func BenchmarkZipBombRefusal(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bomb.xlsx")
	writeZipBomb(b, path, 1<<30)
	sb := sandbox.New()
	defer sb.Close()
	for b.Loop() {
		_, err := sb.Parse(context.Background(), path, "bomb.xlsx", format.ParseOptions{}, sandbox.Limits{})
		if err == nil {
			b.Fatal("zip bomb accepted")
		}
	}
}
