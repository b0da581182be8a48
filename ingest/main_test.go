package ingest

import (
	"context"
	"fmt"
	"os"
	"testing"

	"vanban/ingest/format"
	"vanban/ingest/sandbox"
	"vanban/model"
)

// TestMain makes the test binary the parse worker that a pool's own
// sandbox starts (TestPoolOwnsItsSandbox): without it, the child would run
// every test again.
func TestMain(m *testing.M) {
	sandbox.RunWorkerIfRequested(quickParse)
	os.Exit(m.Run())
}

// quickParse answers a file named "quick" at once with an empty document
// and refuses any other.
func quickParse(ctx context.Context, name string, data []byte, opt format.ParseOptions) (*model.Document, error) {
	if name == "quick" {
		return &model.Document{Name: name, Format: model.FormatPDF}, nil
	}
	return nil, fmt.Errorf("%w: the test worker reads only a file named quick", format.ErrUnsupported)
}
