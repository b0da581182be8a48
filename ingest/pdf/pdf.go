// Package pdf reads the text layer of a PDF into an ingest.Document. It is the
// only package that imports github.com/ledongthuc/pdf.
//
// This first version uses the library's plain text per page; the
// content-stream reader with real layout replaces it (issue #3).
package pdf

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	lpdf "github.com/ledongthuc/pdf"

	"vanban/ingest"
)

// Options tune Read.
type Options struct {
	NoOCR    bool
	Password string
}

// Read parses a PDF held in memory.
func Read(ctx context.Context, data []byte, opt Options) (*ingest.Document, error) {
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ingest.ErrCorrupt, err)
	}
	doc := &ingest.Document{Format: ingest.FormatPDF}
	n := r.NumPage()
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := r.Page(i)
		page := ingest.Page{Number: i}
		if !p.V.IsNull() {
			rows, err := p.GetTextByRow()
			if err == nil {
				for _, row := range rows {
					var b strings.Builder
					for _, w := range row.Content {
						b.WriteString(w.S)
					}
					if t := strings.TrimSpace(b.String()); t != "" {
						page.Lines = append(page.Lines, ingest.Line{Text: t})
					}
				}
			}
		}
		doc.Pages = append(doc.Pages, page)
	}
	return doc, nil
}
