package format

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"vanban/model"
)

// An appendix is often not in a letter's text at all: the table or the
// whole "Phụ lục" is a workbook or a Word document pasted into it as an
// object, and what the letter shows of it is a picture. The Word readers
// (RTF, DOCX) hand each such object's bytes to an EmbedReader, which reads
// them as a document of their own (parse.Bytes' adapters), and Flow.Embed
// puts what it read where the object stands.

// EmbedReader reads an object embedded in a document. data is what the
// container holds of it: an OLE1 object's native data (RTF's \objdata
// after its header), an embedded file (a .docx's word/embeddings/ part),
// either of which may be an OLE2 storage wrapping the file. class is the
// object's class as the container names it ("Excel.Sheet.12",
// "Word.Document.8", "Package"), "" when unknown.
type EmbedReader func(class string, data []byte) (*model.Document, error)

// ErrNotEmbedded is returned for an OLE1 object without data of its own
// (a linked object: its data is in another file).
var ErrNotEmbedded = errors.New("a linked object: its data is in another file")

// ErrNoDocument is returned for an embedded object that is not a document
// vanban reads (an equation, a drawing, a picture, a chart).
var ErrNoDocument = errors.New("an embedded object that is not a document (an equation, a drawing, a chart)")

// Passed reports whether err says an embedded object has nothing to read
// (ErrNotEmbedded, ErrNoDocument): the reader passes it over without a
// warning.
func Passed(err error) bool { return errors.Is(err, ErrNotEmbedded) || errors.Is(err, ErrNoDocument) }

// OLE1Object reads an OLE1 object as RTF's \objdata holds it (MS-OLEDS
// 2.2.4 ObjectHeader, then the native data): its class name and native
// data.
func OLE1Object(b []byte) (class string, native []byte, err error) {
	r := le{b: b}
	r.u32() // OLEVersion
	formatID := r.u32()
	class = r.ansi()
	r.ansi() // topic
	r.ansi() // item
	if r.err != nil {
		return "", nil, fmt.Errorf("%w: an embedded object's header is cut short", ErrCorrupt)
	}
	if formatID != 2 {
		return class, nil, ErrNotEmbedded
	}
	n := r.u32()
	if r.err != nil || int64(n) > int64(len(r.b)) {
		return class, nil, fmt.Errorf("%w: the embedded %s is cut short", ErrCorrupt, class)
	}
	return class, r.b[:n], nil
}

// PackagedFile reads the native data of an OLE Packager object (class
// "Package": a file dropped into the document, also a .docx's
// \x01Ole10Native stream after its 4-byte size): the file's name and
// bytes.
func PackagedFile(b []byte) (name string, data []byte, err error) {
	r := le{b: b}
	if r.u16() != 2 {
		return "", nil, fmt.Errorf("%w: a packaged file without its header", ErrCorrupt)
	}
	name = r.cstr() // label
	r.cstr()        // the file's path where it was packaged
	r.u16()         // reserved
	if r.u16() != 3 {
		// 1 is a link to a file, which the document does not hold.
		return name, nil, ErrNotEmbedded
	}
	r.b = r.b[min(len(r.b), int(r.u32())):] // temporary path
	n := r.u32()
	if r.err != nil || int64(n) > int64(len(r.b)) {
		return name, nil, fmt.Errorf("%w: the packaged file %s is cut short", ErrCorrupt, name)
	}
	return name, r.b[:n], nil
}

// le reads little-endian fields, remembering the first short read.
type le struct {
	b   []byte
	err error
}

func (r *le) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.err = ErrTruncated
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *le) u16() uint16 {
	if v := r.take(2); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

func (r *le) u32() uint32 {
	if v := r.take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

// ansi reads a LengthPrefixedAnsiString (its length counts the final NUL).
func (r *le) ansi() string {
	n := r.u32()
	if n > 1<<16 {
		r.err = ErrCorrupt
		return ""
	}
	return strings.TrimRight(string(r.take(int(n))), "\x00")
}

// cstr reads a NUL-terminated string.
func (r *le) cstr() string {
	i := bytes.IndexByte(r.b, 0)
	if i < 0 {
		r.err = ErrTruncated
		return ""
	}
	s := string(r.b[:i])
	r.b = r.b[i+1:]
	return s
}

// ReadObject reads an object embedded here with read, as each Word reader
// does: it returns the object's document and what to call it ("object
// Excel.Sheet.8", "object" when its class is unknown), or nil when there
// is nothing to add: an object with nothing to read (Passed) is passed
// over, one that cannot be read is a warning.
func (f *Flow) ReadObject(class string, read func() (*model.Document, error)) (*model.Document, string) {
	what := "object"
	if class != "" {
		what = "object " + class
	}
	d, err := read()
	if err != nil {
		if !Passed(err) {
			f.Warn("the embedded %s could not be read: %v", what, err)
		}
		return nil, what
	}
	return d, what
}

// Embed adds the document d read from an object embedded here, where the
// object stands in the flow: its lines (all its pages, in order), then its
// tables as this document's next tables. A Word document's tables are
// lines already; a workbook's sheet becomes a table whose rows are also
// lines (cells as shown, separated by tabs), named "Bảng N (sheet name)".
// Its running headers are not this document's; its warnings are kept,
// prefixed with what was embedded. d is used up: its lines and sheets
// become this document's.
func (f *Flow) Embed(d *model.Document, what string) {
	for _, pg := range d.Pages {
		for _, l := range pg.Lines {
			f.appendLine(l)
		}
	}
	for _, s := range d.Sheets {
		f.tables++
		if d.Format.IsWord() {
			s.Name = fmt.Sprintf("Bảng %d", f.tables)
			f.doc.Sheets = append(f.doc.Sheets, s)
			continue
		}
		if s.Name != "" {
			s.Name = fmt.Sprintf("Bảng %d (%s)", f.tables, s.Name)
		} else {
			s.Name = fmt.Sprintf("Bảng %d", f.tables)
		}
		hidden := make(map[int]bool, len(s.HiddenRows))
		for _, r := range s.HiddenRows {
			hidden[r] = true
		}
		if !s.Hidden {
			for r, row := range s.Rows {
				if hidden[r] {
					continue
				}
				var runs []FlowRun
				for i, c := range row {
					if i > 0 {
						runs = append(runs, FlowRun{Text: "\t"})
					}
					t := c.Shown
					if t == "" {
						t = c.Text
					}
					runs = append(runs, FlowRun{Text: strings.ReplaceAll(t, "\n", " "), Font: c.Font, Bold: c.Bold})
				}
				f.addLine(runs, "", 0)
			}
		}
		f.doc.Sheets = append(f.doc.Sheets, s)
	}
	for _, w := range d.Warnings {
		f.Warn("in the embedded %s: %s", what, w)
	}
}

// CompObjClass names the class of an OLE object by its \x01CompObj
// stream (MS-OLEDS 2.3.8: a header, the user type, the clipboard format,
// then the ProgID): its ProgID ("Excel.Sheet.8") when the stream gives one
// (Word does), else its user type ("Microsoft Excel 97-Tabelle", as
// LibreOffice writes it); "" when it names neither.
func CompObjClass(b []byte) string {
	r := le{b: b}
	r.take(28)
	userType := r.ansi()
	switch n := r.u32(); {
	case n == 0xFFFFFFFF || n == 0xFFFFFFFE:
		r.take(4)
	case n > 0 && n <= 1<<16:
		r.take(int(n))
	}
	progID := r.ansi()
	if r.err == nil && progID != "" {
		return progID
	}
	return userType
}
