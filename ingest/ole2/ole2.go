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

// File is an opened compound file, or one of its storages (Storage): the
// streams at its top level by name, read lazily.
type File struct {
	data    []byte
	entries map[string]*mscfb.File // top-level streams and storages, by key
	names   []string               // every entry name, in directory order
	all     []*mscfb.File          // every entry of the compound file
	path    []string               // the storage's path; nil at the root
}

// key is how an entry is looked up: lower case, without the control
// character some names begin with ("\x01Ole10Native", "\x01CompObj"),
// which the directory reader drops.
func key(name string) string {
	return strings.ToLower(strings.TrimLeft(name, "\x01\x02\x03\x04\x05"))
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
		f.all = append(f.all, entry)
		if len(entry.Path) > 0 {
			continue
		}
		k := key(entry.Name)
		if _, dup := f.entries[k]; !dup {
			f.entries[k] = entry
		}
	}
	return f, nil
}

// Storage returns a storage of the file (a folder: "ObjectPool", then
// "_1234" inside it, where a Word document keeps an embedded object) as a
// File whose top-level streams are the storage's; nil when there is none.
func (f *File) Storage(path ...string) *File {
	if len(path) == 0 {
		return nil
	}
	full := append(append([]string(nil), f.path...), path...)
	s := &File{data: f.data, entries: map[string]*mscfb.File{}, all: f.all, path: full}
	found := false
	for _, e := range f.all {
		switch {
		case len(e.Path) == len(full)-1 && samePath(e.Path, full[:len(full)-1]) && key(e.Name) == key(full[len(full)-1]):
			found = e.FileInfo().IsDir()
		case len(e.Path) == len(full) && samePath(e.Path, full):
			s.names = append(s.names, e.Name)
			if k := key(e.Name); s.entries[k] == nil {
				s.entries[k] = e
			}
		}
	}
	if !found {
		return nil
	}
	return s
}

func samePath(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if key(a[i]) != key(b[i]) {
			return false
		}
	}
	return true
}

// Names lists every entry of the directory (streams and storages, at any
// depth; of a Storage, at its top level), in directory order.
func (f *File) Names() []string { return f.names }

// Has reports whether a top-level stream of that name (any case) exists.
func (f *File) Has(name string) bool {
	e, ok := f.entries[key(name)]
	return ok && !e.FileInfo().IsDir()
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
	e, ok := f.entries[key(name)]
	if !ok || e.FileInfo().IsDir() {
		return nil, fmt.Errorf("no %s stream", name)
	}
	size := e.Size
	if size < 0 || size > MaxStream || size > int64(len(f.data))*2+4096 {
		return nil, fmt.Errorf("%w: %s stream of %d bytes", ErrStreamTooLarge, name, size)
	}
	buf := make([]byte, size)
	// From the start, whoever read it before (a File and its Storage views
	// share the entries).
	if _, err := e.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("%w: reading stream %s: %v", ErrNotOLE2, name, err)
	}
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
