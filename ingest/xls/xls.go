// Package xls reads legacy BIFF8 .xls workbooks into an ingest.Document with
// a record reader of our own on top of the OLE2 container.
package xls

import (
	"bytes"
	"errors"

	"vanban/ingest"
)

// ErrNotImplemented is returned until the BIFF8 reader lands (issue #5).
var ErrNotImplemented = errors.New("legacy .xls is not read yet")

// Read parses a BIFF8 workbook held in memory.
func Read(data []byte) (*ingest.Document, error) {
	return nil, ErrNotImplemented
}

// IsEncryptedOOXML reports whether an OLE2 file is an encrypted .xlsx
// (it holds an EncryptionInfo stream) rather than a legacy workbook.
func IsEncryptedOOXML(data []byte) bool {
	return bytes.Contains(data, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o"))
}
