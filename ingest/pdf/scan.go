package pdf

import (
	"context"

	"vanban/ingest"
)

func extractSignatures(doc *ingest.Document) {}

func scanPages(ctx context.Context, doc *ingest.Document, data []byte, opt Options) error { return nil }
