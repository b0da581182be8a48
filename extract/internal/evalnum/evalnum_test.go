package evalnum

import (
	"os"
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
