package vntext_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"vanban/extract/vntext"
	"vanban/ingest/xls"
)

// TestTCVN3Workbook: Sheet1 of the 2003 budget workbook is in TCVN3 fonts
// (.VnTime, .VnArialH…); "Sheet1 (2)" is the same sheet in Unicode. Every
// text cell of Sheet1, decoded by its font, equals its Unicode twin.
func TestTCVN3Workbook(t *testing.T) {
	const path = "../../../shared/corpus/xls/btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	doc, err := xls.Read(data)
	if err != nil {
		if errors.Is(err, errors.ErrUnsupported) || strings.Contains(err.Error(), "not implemented") {
			t.Skipf("ingest/xls not ready: %v", err)
		}
		t.Fatal(err)
	}
	var legacy, uni = -1, -1
	for i, s := range doc.Sheets {
		switch s.Name {
		case "Sheet1":
			legacy = i
		case "Sheet1 (2)":
			uni = i
		}
	}
	if legacy < 0 || uni < 0 {
		t.Fatalf("sheets not found")
	}
	a, b := doc.Sheets[legacy], doc.Sheets[uni]
	compared, bad := 0, 0
	for r := range a.Rows {
		if r >= len(b.Rows) {
			break
		}
		for c, cell := range a.Rows[r] {
			if c >= len(b.Rows[r]) || cell.Kind != "s" {
				continue
			}
			enc := vntext.FontEncoding(cell.Font)
			if enc == vntext.Unicode {
				continue
			}
			got := strings.TrimSpace(vntext.Decode(cell.Text, enc))
			want := strings.TrimSpace(vntext.NFC(b.Rows[r][c].Text))
			compared++
			if got != want {
				bad++
				if bad <= 20 {
					t.Errorf("row %d col %d (%s): %q → %q, Unicode sheet has %q", r, c, cell.Font, cell.Text, got, want)
				}
			}
		}
	}
	t.Logf("%d TCVN3 cells compared, %d differ", compared, bad)
	if compared < 50 {
		t.Errorf("only %d cells compared", compared)
	}
}
