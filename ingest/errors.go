package ingest

import (
	"bytes"
	"errors"
	"fmt"
)

// Sentinel causes a caller can test with errors.Is. Messages are for clerks.
var (
	ErrUnsupported = errors.New("not a PDF, XLSX or XLS file")
	ErrEncrypted   = errors.New("file is encrypted")
	ErrTruncated   = errors.New("file is truncated")
	ErrCorrupt     = errors.New("file is damaged")
	ErrTooLarge    = errors.New("file is too large")
	ErrEmpty       = errors.New("file is empty")
	ErrTimeout     = errors.New("parser took too long")
	ErrMemory      = errors.New("parser exceeded its memory limit")
)

// FileError says which file, and where in it, a read failed. Page and Sheet
// are optional positions.
type FileError struct {
	Name  string
	Page  int    // 1-based, 0 when not known
	Sheet string // sheet name, "" when not a workbook
	Err   error
}

func (e *FileError) Error() string {
	where := e.Name
	if e.Sheet != "" {
		where += fmt.Sprintf(", sheet %q", e.Sheet)
	}
	if e.Page > 0 {
		where += fmt.Sprintf(", page %d", e.Page)
	}
	return where + ": " + e.Err.Error()
}

func (e *FileError) Unwrap() error { return e.Err }

// Sniff tells the format from the first bytes of a file, never from its name.
// A zip is taken as XLSX and an OLE2 compound file as XLS; the adapters
// refuse what is not theirs.
func Sniff(data []byte) (Format, error) {
	if len(data) == 0 {
		return "", ErrEmpty
	}
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return FormatPDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return FormatXLSX, nil
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// OLE2: a legacy .xls, or an encrypted .xlsx (which excelize opens
		// with a password); the xls adapter tells the two apart.
		return FormatXLS, nil
	case isOldBIFF(data):
		// Excel 2.x–4.0 (a bare BIFF record stream): the xls adapter says
		// clearly that it is too old.
		return FormatXLS, nil
	}
	return "", ErrUnsupported
}

// isOldBIFF tells a BIFF2–BIFF4 workbook: a BOF record (0x0009, 0x0209,
// 0x0409) with a plausible length at the start of the file.
func isOldBIFF(data []byte) bool {
	if len(data) < 8 || data[0] != 0x09 {
		return false
	}
	if data[1] != 0x00 && data[1] != 0x02 && data[1] != 0x04 {
		return false
	}
	n := int(data[2]) | int(data[3])<<8
	return n >= 4 && n <= 20 && data[3] == 0
}
