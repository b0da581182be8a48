// Package ole2 reads the root-level streams of an OLE2 compound file (the
// container of Word 97–2003 .doc and Excel 97–2003 .xls files). It is the
// only importer of github.com/richardlehane/mscfb; the .doc and .xls
// readers get plain byte slices from it.
//
//	f, err := ole2.Open(data)
//	if err != nil { … }
//	if f.Has("WordDocument") { stream, err := f.Stream("WordDocument") … }
package ole2

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/richardlehane/mscfb"
)

// ErrNotOLE2 is returned by Open for bytes that are not a readable OLE2
// compound file.
var ErrNotOLE2 = errors.New("not a readable OLE2 compound file")

// ErrCutShort is returned by Open for a compound file whose directory or
// allocation tables lie past the end of the bytes: a truncated file.
var ErrCutShort = errors.New("OLE2 compound file cut short")

// ErrStreamTooLarge is returned by Stream for a stream longer than the limit
// or implausibly longer than the file.
var ErrStreamTooLarge = errors.New("OLE2 stream too large")

// MaxStream bounds one stream's size.
const MaxStream = 512 << 20

// Magic is the signature every OLE2 compound file starts with.
var Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// File is an opened compound file: the root-level streams by name, read
// lazily.
type File struct {
	data    []byte
	entries map[string]*mscfb.File // root-level streams, by lower-case name
	names   []string               // every entry name, in directory order
}

// Open reads the directory of an OLE2 file held in memory.
func Open(data []byte) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("%w: %v", ErrNotOLE2, r)
		}
	}()
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		if bytes.HasPrefix(data, Magic) && strings.Contains(err.Error(), "EOF") {
			return nil, fmt.Errorf("%w: %v", ErrCutShort, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrNotOLE2, err)
	}
	f = &File{data: data, entries: map[string]*mscfb.File{}}
	for entry, err := r.Next(); err == nil; entry, err = r.Next() {
		f.names = append(f.names, entry.Name)
		if len(entry.Path) > 0 {
			continue
		}
		key := strings.ToLower(entry.Name)
		if _, dup := f.entries[key]; !dup {
			f.entries[key] = entry
		}
	}
	return f, nil
}

// Names lists every entry of the directory (streams and storages, at any
// depth), in directory order.
func (f *File) Names() []string { return f.names }

// Has reports whether a root-level stream of that name (any case) exists.
func (f *File) Has(name string) bool {
	_, ok := f.entries[strings.ToLower(name)]
	return ok
}

// HasAny reports whether any entry at any depth has that name (any case).
func (f *File) HasAny(name string) bool {
	for _, n := range f.names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// Stream returns the bytes of a root-level stream. A stream cut short by a
// truncated file gives what could be read and io.ErrUnexpectedEOF.
func (f *File) Stream(name string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("%w: reading stream %s: %v", ErrNotOLE2, name, r)
		}
	}()
	e, ok := f.entries[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("no %s stream", name)
	}
	size := e.Size
	if size < 0 || size > MaxStream || size > int64(len(f.data))*2+4096 {
		return nil, fmt.Errorf("%w: %s stream of %d bytes", ErrStreamTooLarge, name, size)
	}
	buf := make([]byte, size)
	n, err := io.ReadFull(e, buf)
	if err != nil {
		if n == 0 && size > 0 {
			return nil, io.ErrUnexpectedEOF
		}
		if n < int(size) {
			return buf[:n], io.ErrUnexpectedEOF
		}
	}
	return buf[:n], nil
}
