package format

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel causes a caller can test with errors.Is. Messages are for clerks.
var (
	ErrUnsupported = errors.New("not a PDF, Word (DOC, DOCX, RTF) or Excel (XLS, XLSX) file")
	ErrEncrypted   = errors.New("file is encrypted")
	ErrTruncated   = errors.New("file is truncated")
	ErrCorrupt     = errors.New("file is damaged")
	ErrTooLarge    = errors.New("file is too large")
	ErrEmpty       = errors.New("file is empty")
	ErrTimeout     = errors.New("parser took too long")
	ErrMemory      = errors.New("parser exceeded its memory limit")
)

// ErrStorage marks a failure to write the data directory (originals,
// ledger, index, or the temporary folder of a parse child): a full disk, a
// quota, a read-only or failing device. It is the data directory's fault,
// never the file's: the file stays queued and the pool retries it once the
// directory can be written again. It is defined here, beside the file's
// own causes, because the sandbox says it too.
var ErrStorage = errors.New("the data directory cannot be written")

// causes names the sentinels a parse can end with, so that a cause crosses
// a process boundary (a parse child's answer) and is kept in the ledger.
var causes = map[string]error{
	"unsupported": ErrUnsupported, "encrypted": ErrEncrypted, "truncated": ErrTruncated,
	"corrupt": ErrCorrupt, "too_large": ErrTooLarge, "empty": ErrEmpty,
	"timeout": ErrTimeout, "memory": ErrMemory,
}

// CauseName is the name of the sentinel err wraps ("corrupt", "timeout",
// …), "" when it wraps none of them.
func CauseName(err error) string {
	for name, c := range causes {
		if errors.Is(err, c) {
			return name
		}
	}
	return ""
}

// Cause is the sentinel of a name CauseName gave, nil for another name.
func Cause(name string) error { return causes[name] }

// Causes returns every cause by its name (a new map each call).
func Causes() map[string]error {
	m := make(map[string]error, len(causes))
	for k, v := range causes {
		m[k] = v
	}
	return m
}

// FileError says which file, and where in it, a read failed. Page and Sheet
// are optional positions.
type FileError struct {
	Name  string
	Page  int    // 1-based, 0 when not known
	Sheet string // sheet name, "" when not a workbook
	Err   error
}

func (e *FileError) Error() string {
	var where []string
	if e.Name != "" {
		where = append(where, e.Name)
	}
	if e.Sheet != "" {
		where = append(where, fmt.Sprintf("sheet %q", e.Sheet))
	}
	if e.Page > 0 {
		where = append(where, fmt.Sprintf("page %d", e.Page))
	}
	if len(where) == 0 {
		return e.Err.Error()
	}
	return strings.Join(where, ", ") + ": " + e.Err.Error()
}

func (e *FileError) Unwrap() error { return e.Err }
