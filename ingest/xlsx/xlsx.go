// Package xlsx reads .xlsx workbooks into an ingest.Document. It is the only
// package that imports github.com/xuri/excelize/v2.
package xlsx

import (
	"bytes"
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"vanban/ingest"
)

// Options tune Read.
type Options struct {
	Password string
}

// Read parses a workbook held in memory.
func Read(ctx context.Context, data []byte, opt Options) (*ingest.Document, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		Password:          opt.Password,
		UnzipSizeLimit:    100 << 20,
		UnzipXMLSizeLimit: 50 << 20,
		RawCellValue:      true,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ingest.ErrCorrupt, err)
	}
	defer f.Close()
	doc := &ingest.Document{Format: ingest.FormatXLSX}
	for _, name := range f.GetSheetList() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %w", name, err)
		}
		sh := ingest.Sheet{Name: name}
		for _, row := range rows {
			cells := make([]ingest.Cell, len(row))
			for j, v := range row {
				if v != "" {
					cells[j] = ingest.Cell{Kind: ingest.CellString, Text: v}
				}
			}
			sh.Rows = append(sh.Rows, cells)
		}
		doc.Sheets = append(doc.Sheets, sh)
	}
	return doc, nil
}
