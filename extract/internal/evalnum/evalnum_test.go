package evalnum

import (
	"os"
	"strings"
	"testing"
)

const corpus = "../../../../shared/corpus/meta/vbpl_1000_central_docs.fulltext.jsonl.gz"

// TestVBPLNumbers: on the 1000 vbpl.vn texts, the number Identify reads from
// the body agrees with the title's number. Disagreements where the title's
// number is printed nowhere in the text are the page's own inconsistency
// (logged); over the rest agreement must be ≥ 99%, and no text may lose a
// number it prints.
func TestVBPLNumbers(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus absent (%v): run from a checkout beside ../shared/corpus", err)
	}
	rep, err := Run(corpus)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("docs %d, Vietnamese %d, with title number %d, compared %d, agree %d (%.2f%%), explained %d, agreement without them %.2f%%, no number %d",
		rep.Docs, rep.Vietnamese, rep.WithTitleNumber, rep.Compared, rep.Agree, 100*rep.Rate(), len(rep.Explained), 100*rep.RateExplained(), len(rep.Missing)+len(rep.MissedPrinted))
	for _, c := range rep.Explained {
		t.Logf("explained: %s title %q, body %q: the title's number is not in the text", c.ID, c.Want, c.Got)
	}
	for _, c := range rep.Disagree {
		t.Errorf("disagree: %s title %q, body %q", c.ID, c.Want, c.Got)
	}
	for _, c := range rep.MissedPrinted {
		t.Errorf("missed: %s title %q is printed in the text but not found", c.ID, c.Want)
	}
	if rep.Compared < 600 {
		t.Errorf("only %d texts compared", rep.Compared)
	}
	if r := rep.RateExplained(); r < 0.99 {
		t.Errorf("agreement %.4f < 0.99", r)
	}
}

// TestVBPLIdentityFields: Identify against the vbpl.vn catalogue, per kind
// and field (see fields.go for how the catalogue labels each field). The
// floors are what Identify reaches today (issue 16): a rule that loses a
// document anywhere fails here. Misses are logged.
func TestVBPLIdentityFields(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus absent (%v): run from a checkout beside ../shared/corpus", err)
	}
	rep, err := RunFields(corpus)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Print(&b)
	t.Logf("\n%s", b.String())
	for _, m := range rep.Misses {
		t.Logf("miss %s %s %s: want %q got %q", m.ID, m.Kind, m.Field, m.Want, m.Got)
	}
	floors := map[string]map[string]float64{
		"all":              {"number": 0.998, "type": 0.993, "issuer": 0.996, "date": 1, "subject": 0.880},
		"Thông tư":         {"number": 0.997, "type": 0.997, "issuer": 1, "date": 1, "subject": 0.846},
		"Nghị định":        {"number": 1, "type": 0.992, "issuer": 1, "date": 1, "subject": 0.913},
		"Quyết định":       {"number": 1, "type": 1, "issuer": 1, "date": 1, "subject": 0.926},
		"Nghị quyết":       {"number": 1, "type": 0.971, "issuer": 0.969, "date": 1, "subject": 0.800},
		"Luật":             {"number": 1, "type": 0.965, "issuer": 1, "date": 1, "subject": 0.925},
		"Văn bản hợp nhất": {"number": 1, "type": 0.988, "subject": 0.988},
	}
	for kind, fs := range floors {
		ts := rep.All
		if kind != "all" {
			ts = rep.ByKind[kind]
		}
		for f, floor := range fs {
			tl := ts[f]
			if tl.Labelled == 0 {
				t.Errorf("%s %s: nothing labelled", kind, f)
				continue
			}
			if r := tl.Rate(); r < floor {
				t.Errorf("%s %s: agreement %.4f (%d/%d) below the floor %.3f", kind, f, r, tl.Agree, tl.Labelled, floor)
			}
		}
	}
}
