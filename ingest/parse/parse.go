// Package parse picks the adapter for a file by its content and returns the
// format-neutral model.Document. It runs in-process: callers that handle
// untrusted files run it inside the child process started by a sandbox.Sandbox.
package parse

import (
	"context"
	"errors"
	"fmt"

	"vanban/ingest/doc"
	"vanban/ingest/docx"
	"vanban/ingest/format"
	"vanban/ingest/pdf"
	"vanban/ingest/rtf"
	"vanban/ingest/xls"
	"vanban/ingest/xlsx"
	"vanban/model"
)

// Options tune a parse.
type Options = format.ParseOptions

// Bytes parses one file's bytes. name is used in messages only. A parser
// panic is turned into an error, never passed on.
func Bytes(ctx context.Context, name string, data []byte, opt Options) (d *model.Document, err error) {
	kind, err := format.Sniff(data)
	if err != nil {
		return nil, &format.FileError{Name: name, Err: err}
	}
	defer func() {
		if r := recover(); r != nil {
			d = nil
			err = &format.FileError{Name: name, Err: fmt.Errorf("%w: parser failed: %v", format.ErrCorrupt, r)}
		}
	}()
	switch kind {
	case model.FormatPDF:
		d, err = pdf.Read(ctx, data, pdf.Options{NoOCR: opt.NoOCR, Password: opt.Password})
	case model.FormatXLSX:
		d, err = xlsx.Read(ctx, data, xlsx.Options{Password: opt.Password})
	case model.FormatDOCX:
		d, err = docx.Read(data)
	case model.FormatDOC:
		d, err = doc.Read(data)
		if errors.Is(err, doc.ErrNotWord) {
			// The stream name was found elsewhere in the file: a workbook.
			kind = model.FormatXLS
			d, err = readXLS(ctx, data, opt)
		}
	case model.FormatXLS:
		d, err = readXLS(ctx, data, opt)
	case model.FormatRTF:
		d, err = rtf.Read(data)
	}
	if err != nil {
		return nil, &format.FileError{Name: name, Err: err}
	}
	d.Name = name
	d.Format = kind
	return d, nil
}

// readXLS reads a legacy workbook, or an encrypted .xlsx in its OLE2
// wrapper.
func readXLS(ctx context.Context, data []byte, opt Options) (*model.Document, error) {
	d, err := xls.Read(data)
	if err != nil && xls.IsEncryptedOOXML(data) {
		d, err = xlsx.Read(ctx, data, xlsx.Options{Password: opt.Password})
	}
	return d, err
}
