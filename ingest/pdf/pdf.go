package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	lpdf "github.com/ledongthuc/pdf"

	"vanban/ingest/format"
	"vanban/model"
)

// Options tune Read.
type Options struct {
	// NoOCR skips OCR of pages without a usable text layer.
	NoOCR bool
	// Password opens an encrypted file; the empty password is always tried.
	Password string
	// OCRBudget bounds the time spent on OCR (default 90 s, about 25 pages);
	// pages left when it runs out keep their text layer and get a warning,
	// so that a long scan still fits the parse worker's time limit.
	OCRBudget time.Duration
}

// docReader holds what is shared by the pages of one document.
type docReader struct {
	r     *lpdf.Reader
	fonts map[fontKey]*font
	cmaps map[uint64]*cmap
	// images[i] is true when page i+1 draws an image (a scan, a photo).
	images []bool
}

type panicError struct{ v any }

func (e panicError) Error() string { return fmt.Sprintf("%v", e.v) }

func errPanic(v any) error {
	if err, ok := v.(error); ok {
		return err
	}
	return panicError{v}
}

// Read parses a PDF held in memory: the text layer of every page as
// positioned words and lines in reading order, ruling lines, e-signature
// stamps; pages without a usable text layer are OCRed unless opt.NoOCR.
func Read(ctx context.Context, data []byte, opt Options) (doc *model.Document, err error) {
	defer func() {
		if x := recover(); x != nil {
			doc, err = nil, fmt.Errorf("%w: %v", format.ErrCorrupt, x)
		}
	}()
	r, err := open(data, opt.Password)
	if err != nil {
		return nil, err
	}
	d := &docReader{r: r, fonts: map[fontKey]*font{}, cmaps: map[uint64]*cmap{}}
	doc = &model.Document{Format: model.FormatPDF}
	pages, err := d.pageList()
	if err != nil {
		return nil, err
	}
	for i, pv := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page, err := d.readPage(pv, i+1)
		if err != nil {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d could not be read: %v", i+1, err))
		}
		doc.Pages = append(doc.Pages, page)
	}
	if encrypted(r) && len(doc.Pages) > 0 && !hasText(doc) && !looksImageOnly(d, pages) {
		return nil, fmt.Errorf("%w: the PDF is encrypted and its text could not be decrypted (wrong key or unsupported scheme)", format.ErrEncrypted)
	}
	extractSignatures(doc)
	if err := d.scanPages(ctx, doc, data, opt); err != nil {
		return nil, err
	}
	return doc, nil
}

func hasText(doc *model.Document) bool {
	for _, p := range doc.Pages {
		if len(p.Lines) > 0 {
			return true
		}
	}
	return false
}

func encrypted(r *lpdf.Reader) (enc bool) {
	defer func() {
		if recover() != nil {
			enc = false
		}
	}()
	return !r.Trailer().Key("Encrypt").IsNull()
}

// looksImageOnly tells whether the pages draw images and no text at all, so
// that an empty result of an encrypted file is not blamed on decryption.
func looksImageOnly(d *docReader, pages []lpdf.Value) bool {
	for _, pv := range pages {
		data, _ := d.contents(pv)
		if bytes.Contains(data, []byte("Tj")) || bytes.Contains(data, []byte("TJ")) {
			return false
		}
	}
	return true
}

// open patches what the library refuses and maps its errors to ours.
func open(data []byte, password string) (*lpdf.Reader, error) {
	if len(data) == 0 {
		return nil, format.ErrEmpty
	}
	if err := checkEncryption(data); err != nil {
		return nil, err
	}
	var first error
	variants := headerVariants(data)
	if t := trimAfterEOF(data); t != nil {
		variants = append(variants, headerVariants(t)...)
	}
	if xrefLoops(data) {
		first = fmt.Errorf("%w: the chain of cross-reference sections loops", format.ErrCorrupt)
		goto repair
	}
	for _, v := range variants {
		r, err := openOnce(v, password)
		if err == nil {
			return r, nil
		}
		if errors.Is(err, format.ErrEncrypted) {
			return nil, err
		}
		if first == nil {
			first = err
		}
	}
repair:
	// Rebuild the cross-reference table from the objects themselves.
	for _, v := range headerVariants(data) {
		if r, err := recoverXref(v, password); err == nil {
			return r, nil
		}
	}
	return nil, first
}

func openOnce(data []byte, password string) (r *lpdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, fmt.Errorf("%w: %v", format.ErrCorrupt, x)
		}
	}()
	tried := false
	r, err = lpdf.NewReaderEncrypted(bytes.NewReader(data), int64(len(data)), func() string {
		if tried {
			return ""
		}
		tried = true
		return password
	})
	if err == nil {
		if enc := r.Trailer().Key("Encrypt"); !enc.IsNull() {
			// The library derives object keys as if every key were 128-bit:
			// 40-bit RC4 files open but decrypt to noise. Say so.
			v, n := enc.Key("V").Int64(), enc.Key("Length").Int64()
			if v == 1 || (v == 2 && n > 0 && n < 128) {
				bits := n
				if bits == 0 {
					bits = 40
				}
				return nil, fmt.Errorf("%w: PDF is encrypted with %d-bit RC4, which vanban cannot decrypt; save it without a password and try again", format.ErrEncrypted, bits)
			}
		}
		// Touch the catalog now, so a broken xref fails here, not later.
		if r.Trailer().Key("Root").Key("Pages").IsNull() {
			return nil, fmt.Errorf("%w: no page tree (damaged cross-reference table)", format.ErrCorrupt)
		}
		return r, nil
	}
	msg := err.Error()
	switch {
	case errors.Is(err, lpdf.ErrInvalidPassword):
		if password != "" {
			return nil, fmt.Errorf("%w: the password given does not open it", format.ErrEncrypted)
		}
		return nil, fmt.Errorf("%w: a password is needed to open it", format.ErrEncrypted)
	case strings.Contains(msg, "encryption"), strings.Contains(msg, "encrypt"):
		return nil, fmt.Errorf("%w: %s", format.ErrEncrypted, msg)
	case strings.Contains(msg, "missing %%EOF"), strings.Contains(msg, "missing final startxref"), strings.Contains(msg, "unexpected EOF"):
		return nil, fmt.Errorf("%w: its end (cross-reference table, %%%%EOF) is missing and no page could be recovered", format.ErrTruncated)
	}
	return nil, fmt.Errorf("%w: %s", format.ErrCorrupt, msg)
}

// headerVariants returns the file as the library will accept it: junk
// before %PDF- blanked (absolute offsets kept) or cut (offsets relative to
// the header), and a version other than 1.0–1.7 (PDF 2.0) read as 1.7, the
// syntax being the same.
func headerVariants(data []byte) [][]byte {
	i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if i < 0 {
		return [][]byte{data}
	}
	fix := func(b []byte) []byte {
		if len(b) < 10 {
			return b
		}
		if b[5] != '1' || b[6] != '.' || b[7] < '0' || b[7] > '7' {
			b[5], b[6], b[7] = '1', '.', '7'
		}
		if b[8] != '\r' && b[8] != '\n' {
			b[8] = '\n'
		}
		return b
	}
	if i == 0 {
		h := data[:min(len(data), 9)]
		if len(data) >= 10 && h[5] == '1' && h[6] == '.' && h[7] >= '0' && h[7] <= '7' && (data[8] == '\r' || data[8] == '\n') {
			return [][]byte{data}
		}
		return [][]byte{fix(bytes.Clone(data))}
	}
	var out [][]byte
	if i >= 10 {
		b := bytes.Clone(data)
		for k := 0; k < i; k++ {
			b[k] = ' '
		}
		copy(b, "%PDF-1.7\n%")
		b[i] = '%' // the old header becomes a comment
		out = append(out, b)
	}
	out = append(out, fix(bytes.Clone(data[i:])))
	return out
}

// trimAfterEOF cuts bytes written after the last %%EOF marker (a mail
// gateway's footer, padding, a second signature blob) that make the library
// miss the trailer. The cross-reference repair copes with such files too,
// but only by scanning every object; cutting the tail is the cheap first try.
// It returns nil when there is nothing to cut.
func trimAfterEOF(data []byte) []byte {
	i := bytes.LastIndex(data, []byte("%%EOF"))
	if i < 0 {
		return nil
	}
	end := i + len("%%EOF")
	if len(bytes.TrimSpace(data[end:])) == 0 {
		return nil
	}
	return append(data[:end:end], '\n')
}

// checkEncryption refuses schemes the library cannot decrypt with a clear
// message, before it fails obscurely.
func checkEncryption(data []byte) error {
	tail := data
	if !bytes.Contains(tail, []byte("/Encrypt")) {
		return nil
	}
	switch {
	case bytes.Contains(data, []byte("/AESV3")), bytes.Contains(data, []byte("/V 5")), bytes.Contains(data, []byte("/R 6")):
		return fmt.Errorf("%w: PDF is encrypted with AES-256, which vanban cannot decrypt; save it without a password and try again", format.ErrEncrypted)
	}
	return nil
}

// pageList walks the page tree, guarding against loops.
func (d *docReader) pageList() (pages []lpdf.Value, err error) {
	defer func() {
		if x := recover(); x != nil {
			if len(pages) == 0 {
				err = fmt.Errorf("%w: page tree: %v", format.ErrCorrupt, x)
			}
		}
	}()
	root := d.r.Trailer().Key("Root")
	if root.IsNull() {
		return nil, fmt.Errorf("%w: no document catalog", format.ErrCorrupt)
	}
	seen := map[uint64]bool{}
	var walk func(v lpdf.Value, depth int)
	walk = func(v lpdf.Value, depth int) {
		if depth > 64 || len(pages) > 100000 {
			return
		}
		if k, ok := objKey(v); ok {
			if seen[k] {
				return
			}
			seen[k] = true
		}
		kids := v.Key("Kids")
		if v.Key("Type").Name() == "Pages" || (kids.Kind() == lpdf.Array && v.Key("Type").Name() != "Page") {
			for i := 0; i < kids.Len(); i++ {
				// A damaged kid costs its own pages, not its siblings'.
				func() {
					defer func() { _ = recover() }()
					walk(kids.Index(i), depth+1)
				}()
			}
			return
		}
		if v.Kind() == lpdf.Dict {
			pages = append(pages, v)
		}
	}
	walk(root.Key("Pages"), 0)
	return pages, nil
}

func inherited(v lpdf.Value, key string) lpdf.Value {
	for i := 0; i < 32 && v.Kind() == lpdf.Dict; i++ {
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return lpdf.Value{}
}

func rect(v lpdf.Value) (x0, y0, x1, y1 float64, ok bool) {
	if v.Len() != 4 {
		return 0, 0, 0, 0, false
	}
	x0, y0, x1, y1 = v.Index(0).Float64(), v.Index(1).Float64(), v.Index(2).Float64(), v.Index(3).Float64()
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	return x0, y0, x1, y1, x1-x0 > 1 && y1-y0 > 1 && finite(x0, y0, x1, y1)
}

// contents returns the page's content streams, concatenated.
func (d *docReader) contents(pv lpdf.Value) (data []byte, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = errPanic(x)
		}
	}()
	c := pv.Key("Contents")
	switch c.Kind() {
	case lpdf.Stream:
		return readStream(c, maxStream)
	case lpdf.Array:
		var buf bytes.Buffer
		for i := 0; i < c.Len() && i < 10000; i++ {
			b, e := readStream(c.Index(i), maxStream)
			if e != nil && err == nil {
				err = e
			}
			buf.Write(b)
			buf.WriteByte('\n')
		}
		return buf.Bytes(), err
	}
	return nil, nil
}

// readPage reads one page; a failure inside is recovered and reported, and
// the page keeps what was read before it.
func (d *docReader) readPage(pv lpdf.Value, num int) (page model.Page, err error) {
	page.Number = num
	pr := &pageReader{d: d, forms: map[uint64]bool{}}
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("%w: %v", format.ErrCorrupt, x)
			// Keep what was read before the failure, if it lays out.
			func() {
				defer func() { _ = recover() }()
				page.Lines = layout(pr.glyphs, pr.rules, pr.width)
			}()
			page.Rules = pr.rules
			if len(d.images) < num {
				d.images = append(d.images, pr.images > 0)
			}
		}
	}()
	x0, y0, x1, y1, ok := rect(inherited(pv, "MediaBox"))
	if !ok {
		x0, y0, x1, y1 = 0, 0, 612, 792
	}
	if cx0, cy0, cx1, cy1, ok := rect(inherited(pv, "CropBox")); ok {
		// The visible area is the intersection.
		ix0, iy0, ix1, iy1 := math.Max(x0, cx0), math.Max(y0, cy0), math.Min(x1, cx1), math.Min(y1, cy1)
		if ix1-ix0 > 1 && iy1-iy0 > 1 {
			x0, y0, x1, y1 = ix0, iy0, ix1, iy1
		}
	}
	rot := int(inherited(pv, "Rotate").Int64()) % 360
	if rot < 0 {
		rot += 360
	}
	var base matrix
	w, h := x1-x0, y1-y0
	switch rot {
	case 90:
		base = matrix{0, 1, 1, 0, -y0, -x0}
		w, h = h, w
	case 180:
		base = matrix{-1, 0, 0, 1, x1, -y0}
	case 270:
		base = matrix{0, -1, -1, 0, y1, x1}
		w, h = h, w
	default:
		base = matrix{1, 0, 0, -1, -x0, y1}
	}
	page.Width, page.Height = round2(w), round2(h)
	pr.width, pr.height = w, h
	data, cerr := d.contents(pv)
	pr.run(data, inherited(pv, "Resources"), base, 0)
	pr.annotations(pv, base)
	page.Lines = layout(pr.glyphs, pr.rules, pr.width)
	page.Rules = pr.rules
	d.images = append(d.images, pr.images > 0)
	if cerr != nil && len(data) == 0 {
		return page, fmt.Errorf("%w: page content: %v", format.ErrCorrupt, cerr)
	}
	return page, nil
}
