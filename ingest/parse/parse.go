// Package parse picks the adapter for a file by its content and returns the
// format-neutral ingest.Document. It runs in-process: callers that handle
// untrusted files run it inside the child process started by ingest.Isolated.
package parse

import (
	"context"
	"fmt"

	"vanban/ingest"
	"vanban/ingest/pdf"
	"vanban/ingest/xls"
	"vanban/ingest/xlsx"
)

// Options tune a parse.
type Options = ingest.ParseOptions

// Bytes parses one file's bytes. name is used in messages only. A parser
// panic is turned into an error, never passed on.
func Bytes(ctx context.Context, name string, data []byte, opt Options) (doc *ingest.Document, err error) {
	format, err := ingest.Sniff(data)
	if err != nil {
		return nil, &ingest.FileError{Name: name, Err: err}
	}
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = &ingest.FileError{Name: name, Err: fmt.Errorf("%w: parser failed: %v", ingest.ErrCorrupt, r)}
		}
	}()
	switch format {
	case ingest.FormatPDF:
		doc, err = pdf.Read(ctx, data, pdf.Options{NoOCR: opt.NoOCR, Password: opt.Password})
	case ingest.FormatXLSX:
		doc, err = xlsx.Read(ctx, data, xlsx.Options{Password: opt.Password})
	case ingest.FormatXLS:
		doc, err = xls.Read(data)
		if err != nil && xls.IsEncryptedOOXML(data) {
			doc, err = xlsx.Read(ctx, data, xlsx.Options{Password: opt.Password})
		}
	}
	if err != nil {
		return nil, &ingest.FileError{Name: name, Err: err}
	}
	doc.Name = name
	doc.Format = format
	return doc, nil
}
