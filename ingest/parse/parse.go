// Package parse picks the adapter for a file by its content and returns the
// format-neutral model.Document. The objects embedded in a Word document
// (.doc, .docx, RTF) are read by the same adapters, their content in its
// place (readEmbedded, readStorage), two levels deep at most. It runs
// in-process: callers that handle untrusted files run it inside the child
// process started by a sandbox.Sandbox.
package parse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"vanban/ingest/doc"
	"vanban/ingest/docx"
	"vanban/ingest/format"
	"vanban/ingest/ole2"
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
	defer func() {
		if r := recover(); r != nil {
			d = nil
			err = &format.FileError{Name: name, Err: fmt.Errorf("%w: parser failed: %v", format.ErrCorrupt, r)}
		}
	}()
	d, err = read(ctx, data, opt, 0)
	if err != nil {
		return nil, &format.FileError{Name: name, Err: err}
	}
	d.Name = name
	return d, nil
}

// maxEmbedDepth bounds objects embedded in embedded objects: a workbook
// in a Word document in an RTF letter is read (depth 2), deeper is not.
const maxEmbedDepth = 2

// read reads one file's bytes by their format; depth counts the
// documents this one is embedded in.
func read(ctx context.Context, data []byte, opt Options, depth int) (d *model.Document, err error) {
	kind, err := format.Sniff(data)
	if err != nil {
		return nil, err
	}
	embed, storage := objectReaders(ctx, opt, depth)
	switch kind {
	case model.FormatPDF:
		d, err = pdf.Read(ctx, data, pdf.Options{NoOCR: opt.NoOCR, Password: opt.Password})
	case model.FormatXLSX:
		d, err = xlsx.Read(ctx, data, xlsx.Options{Password: opt.Password})
	case model.FormatDOCX:
		d, err = docx.ReadWith(data, docx.Options{Embedded: embed})
	case model.FormatDOC:
		d, err = doc.ReadWith(data, doc.Options{Storage: storage})
		if errors.Is(err, doc.ErrNotWord) {
			// The stream name was found elsewhere in the file: a workbook.
			kind = model.FormatXLS
			d, err = readXLS(ctx, data, opt)
		}
	case model.FormatXLS:
		d, err = readXLS(ctx, data, opt)
	case model.FormatRTF:
		d, err = rtf.ReadWith(data, rtf.Options{Embedded: embed})
	}
	if err != nil {
		return nil, err
	}
	d.Format = kind
	return d, nil
}

// readEmbedded reads an embedded object's data (format.EmbedReader): a
// file, or an OLE2 storage wrapping one — an Office 2007+ object's
// "Package" stream (the .xlsx or .docx), a packaged file's
// "\x01Ole10Native" stream, a PDF's "CONTENTS" — or itself a Word
// document or workbook (Word.Document.8, Excel.Sheet.8).
func readEmbedded(ctx context.Context, class string, data []byte, opt Options, depth int) (*model.Document, error) {
	if strings.EqualFold(class, "Package") && !bytes.HasPrefix(data, ole2.Magic) {
		// RTF holds a packaged file's native data as it is; a .docx wraps
		// it in an OLE2 storage (its Ole10Native stream: readStorage).
		_, file, err := format.PackagedFile(data)
		if err != nil {
			return nil, err
		}
		data = file
	}
	if bytes.HasPrefix(data, ole2.Magic) {
		f, err := ole2.Open(data)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", format.ErrCorrupt, err)
		}
		if !f.Has("WordDocument") && !f.Has("Workbook") && !f.Has("Book") {
			return readStorage(ctx, class, f, opt, depth)
		}
	}
	return readObjectFile(ctx, data, opt, depth)
}

// readObjectFile reads an embedded object's file; one of a kind vanban
// does not read (a picture, a drawing) is no document, not an error.
func readObjectFile(ctx context.Context, data []byte, opt Options, depth int) (*model.Document, error) {
	d, err := read(ctx, data, opt, depth)
	if errors.Is(err, format.ErrUnsupported) {
		return nil, format.ErrNoDocument
	}
	return d, err
}

// readStorage reads an embedded object held as an OLE2 storage: a Word
// 97–2003 document or workbook itself (a .doc's ObjectPool entry), or the
// wrapper of a file — an Office 2007+ object's "Package" stream (the
// .xlsx or .docx), a packaged file's "\x01Ole10Native", a PDF's
// "CONTENTS".
func readStorage(ctx context.Context, class string, st *ole2.File, opt Options, depth int) (*model.Document, error) {
	_, storage := objectReaders(ctx, opt, depth)
	var d *model.Document
	var err error
	switch {
	case st.Has("WordDocument"):
		d, err = doc.ReadStorage(st, doc.Options{Storage: storage})
		if d != nil {
			d.Format = model.FormatDOC
		}
		return d, err
	case st.Has("Workbook") || st.Has("Book"):
		d, err = xls.ReadStorage(st)
		if d != nil {
			d.Format = model.FormatXLS
		}
		return d, err
	}
	var data []byte
	switch {
	case st.Has("Package"):
		data, err = st.Stream("Package")
	case st.Has("\x01Ole10Native"):
		var native []byte
		if native, err = st.Stream("\x01Ole10Native"); err == nil {
			if len(native) < 4 {
				return nil, fmt.Errorf("%w: a packaged file without its data", format.ErrCorrupt)
			}
			_, data, err = format.PackagedFile(native[4:])
		}
	case st.Has("CONTENTS"):
		data, err = st.Stream("CONTENTS")
	default:
		return nil, format.ErrNoDocument
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", format.ErrCorrupt, err)
	}
	return readObjectFile(ctx, data, opt, depth)
}

// objectReaders are the readers a document at depth hands its reader for
// the objects embedded in it — as bytes (RTF, .docx), as an OLE2 storage
// (.doc) — both nil at maxEmbedDepth. A damaged object fails alone: a
// panic while reading it is its error, and the document around it is
// read.
func objectReaders(ctx context.Context, opt Options, depth int) (format.EmbedReader, func(string, *ole2.File) (*model.Document, error)) {
	if depth >= maxEmbedDepth {
		return nil, nil
	}
	embed := func(class string, data []byte) (d *model.Document, err error) {
		defer recoverObject(&d, &err)
		return readEmbedded(ctx, class, data, opt, depth+1)
	}
	storage := func(class string, st *ole2.File) (d *model.Document, err error) {
		defer recoverObject(&d, &err)
		return readStorage(ctx, class, st, opt, depth+1)
	}
	return embed, storage
}

// recoverObject turns a panic while reading an embedded object into its
// error.
func recoverObject(d **model.Document, err *error) {
	if r := recover(); r != nil {
		*d, *err = nil, fmt.Errorf("%w: parser failed: %v", format.ErrCorrupt, r)
	}
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
