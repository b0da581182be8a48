package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"maps"
	"regexp"
	"strconv"

	lpdf "github.com/ledongthuc/pdf"

	"vanban/ingest/format"
)

var (
	objRe     = regexp.MustCompile(`(?m)(?:^|[\r\n\s])(\d{1,7})\s+(\d{1,5})\s+obj\b`)
	rootRe    = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	encryptRe = regexp.MustCompile(`/Encrypt\s+(\d+)\s+(\d+)\s+R`)
	idRe      = regexp.MustCompile(`/ID\s*\[\s*<[0-9A-Fa-f\s]*>\s*<[0-9A-Fa-f\s]*>\s*\]`)
	catalogRe = regexp.MustCompile(`/Type\s*/Catalog\b`)
	pageRe    = regexp.MustCompile(`/Type\s*/Page\b`)
)

// xent is one rebuilt cross-reference entry: an object at an offset
// (kind 1), or the idx-th object of object stream strm (kind 2). pos is where
// its definition sits in the file: later definitions win, as in updates.
type xent struct {
	kind     int
	off, gen int
	strm     int
	idx      int
	pos      int
}

var (
	objStmRe = regexp.MustCompile(`/Type\s*/ObjStm\b`)
	nRe      = regexp.MustCompile(`/N\s+(\d+)`)
	firstRe  = regexp.MustCompile(`/First\s+(\d+)`)
	lengthRe = regexp.MustCompile(`/Length\s+(\d+)(\s+\d+\s+R)?`)
)

// recoverXref rebuilds a damaged or missing cross-reference table by
// scanning the file for "N G obj" and reading the headers of object streams,
// then appends a fresh cross-reference stream and trailer in memory and
// opens that. A file cut short reads up to where it was cut.
func recoverXref(data []byte, password string) (*lpdf.Reader, error) {
	if len(data) > 256<<20 {
		return nil, fmt.Errorf("%w: too large to repair", format.ErrCorrupt)
	}
	ents := map[int]xent{}
	set := func(id int, e xent) {
		if old, ok := ents[id]; !ok || e.pos >= old.pos {
			ents[id] = e
		}
	}
	root := ""
	catalogs := map[int]bool{}
	var pageIDs []int // leaf pages in file order, for a rebuilt page tree
	for _, m := range objRe.FindAllSubmatchIndex(data, -1) {
		id, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		gen, _ := strconv.Atoi(string(data[m[4]:m[5]]))
		if id <= 0 || id > 1<<22 || gen > 65535 {
			continue
		}
		set(id, xent{kind: 1, off: m[2], gen: gen, pos: m[2]})
		head := data[m[1]:min(len(data), m[1]+600)]
		if catalogRe.Match(head) {
			catalogs[id] = true
			root = fmt.Sprintf("%d %d R", id, gen)
		}
		if pageRe.Match(head) {
			pageIDs = append(pageIDs, id)
		}
		if objStmRe.Match(head) {
			for idx, sub := range objectStream(data, m[1]) {
				if sub.id == 0 || sub.id == id {
					continue
				}
				set(sub.id, xent{kind: 2, strm: id, idx: idx, pos: m[2]})
				if sub.catalog {
					catalogs[sub.id] = true
					root = fmt.Sprintf("%d 0 R", sub.id)
				}
				if sub.page {
					pageIDs = append(pageIDs, sub.id)
				}
			}
		}
	}
	if len(ents) == 0 {
		return nil, fmt.Errorf("%w: no objects found", format.ErrCorrupt)
	}
	// Prefer the trailer's own /Root, /Encrypt and /ID when one survives.
	if ms := rootRe.FindAllSubmatch(data, -1); len(ms) > 0 {
		for k := len(ms) - 1; k >= 0; k-- {
			id, _ := strconv.Atoi(string(ms[k][1]))
			if catalogs[id] {
				root = fmt.Sprintf("%s %s R", ms[k][1], ms[k][2])
				break
			}
		}
	}
	if root == "" && len(pageIDs) == 0 {
		return nil, fmt.Errorf("%w: no document catalog found", format.ErrCorrupt)
	}
	r, err := writeXref(data, ents, root, pageIDs, password)
	if err != nil && len(pageIDs) > 0 && root != "" {
		// The catalog survived but not its page tree: rebuild one.
		r, err = writeXref(data, ents, "", pageIDs, password)
	}
	return r, err
}

// writeXref appends a cross-reference stream for ents (and, when root is
// empty, a new catalog whose page tree lists pageIDs) and opens the result.
func writeXref(data []byte, ents map[int]xent, root string, pageIDs []int, password string) (*lpdf.Reader, error) {
	ents = maps.Clone(ents)
	var extra []byte
	if ms := encryptRe.FindAll(data, -1); len(ms) > 0 {
		extra = append(extra, ms[len(ms)-1]...)
		extra = append(extra, ' ')
	}
	if ms := idRe.FindAll(data, -1); len(ms) > 0 {
		extra = append(extra, ms[len(ms)-1]...)
	}
	maxID := 0
	for id := range ents {
		maxID = max(maxID, id)
	}
	self := maxID + 1
	var b bytes.Buffer
	b.Grow(len(data) + 7*(self+3) + 300 + 8*len(pageIDs))
	b.Write(data)
	b.WriteString("\n")
	if root == "" {
		cat, tree := self, self+1
		self += 2
		ents[cat] = xent{kind: 1, off: b.Len()}
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n", cat, tree)
		ents[tree] = xent{kind: 1, off: b.Len()}
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Pages /Count %d /Kids [", tree, len(pageIDs))
		seen := map[int]bool{}
		for _, id := range pageIDs {
			if !seen[id] {
				seen[id] = true
				fmt.Fprintf(&b, "%d 0 R ", id)
			}
		}
		b.WriteString("] >>\nendobj\n")
		root = fmt.Sprintf("%d 0 R", cat)
	}
	start := b.Len()
	ents[self] = xent{kind: 1, off: start}
	table := make([]byte, 0, 7*(self+1))
	for id := 0; id <= self; id++ {
		e, ok := ents[id]
		switch {
		case !ok:
			table = append(table, 0, 0, 0, 0, 0, 0xff, 0xff)
		case e.kind == 1:
			table = append(table, 1, byte(e.off>>24), byte(e.off>>16), byte(e.off>>8), byte(e.off), byte(e.gen>>8), byte(e.gen))
		default:
			table = append(table, 2, byte(e.strm>>24), byte(e.strm>>16), byte(e.strm>>8), byte(e.strm), byte(e.idx>>8), byte(e.idx))
		}
	}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %s %s /Length %d >>\nstream\n", self, self+1, root, extra, len(table))
	b.Write(table)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", start)
	return openOnce(b.Bytes(), password)
}

type streamObj struct {
	id      int
	catalog bool
	page    bool
}

// objectStream lists the objects held in the object stream whose
// dictionary starts at data[at:]. Only Flate-compressed streams are read;
// a stream cut short gives the objects whose header survived.
func objectStream(data []byte, at int) []streamObj {
	end := bytes.Index(data[at:min(len(data), at+4096)], []byte("stream"))
	if end < 0 {
		return nil
	}
	dict := data[at : at+end]
	n, first := 0, 0
	if m := nRe.FindSubmatch(dict); m != nil {
		n, _ = strconv.Atoi(string(m[1]))
	}
	if m := firstRe.FindSubmatch(dict); m != nil {
		first, _ = strconv.Atoi(string(m[1]))
	}
	if n <= 0 || n > 1<<20 || first <= 0 {
		return nil
	}
	p := at + end + len("stream")
	if p < len(data) && data[p] == '\r' {
		p++
	}
	if p < len(data) && data[p] == '\n' {
		p++
	}
	raw := data[p:]
	if m := lengthRe.FindSubmatch(dict); m != nil && len(m[2]) == 0 {
		if l, _ := strconv.Atoi(string(m[1])); l > 0 && l <= len(raw) {
			raw = raw[:l]
		}
	} else if e := bytes.Index(raw, []byte("endstream")); e >= 0 {
		raw = raw[:e]
	}
	var body []byte
	if bytes.Contains(dict, []byte("/FlateDecode")) {
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil
		}
		body, _ = io.ReadAll(io.LimitReader(zr, 64<<20))
	} else if !bytes.Contains(dict, []byte("/Filter")) {
		body = raw
	} else {
		return nil
	}
	l := &lexer{b: body[:min(first, len(body))]}
	type pair struct{ id, off int }
	var pairs []pair
	for i := 0; i < n; i++ {
		a, b := l.next(), l.next()
		if a.kind != tNum || b.kind != tNum {
			break
		}
		pairs = append(pairs, pair{int(a.num), int(b.num)})
	}
	out := make([]streamObj, 0, len(pairs))
	for i, pr := range pairs {
		s := first + pr.off
		e := len(body)
		if i+1 < len(pairs) {
			e = first + pairs[i+1].off
		}
		cat, page := false, false
		if s >= 0 && s < e && e <= len(body) {
			cat = catalogRe.Match(body[s:e])
			page = pageRe.Match(body[s:e])
		}
		if pr.id <= 0 || pr.id > 1<<22 {
			pr.id = 0
		}
		out = append(out, streamObj{id: pr.id, catalog: cat, page: page})
	}
	return out
}

var (
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)`)
	prevRe      = regexp.MustCompile(`/Prev\s+(\d+)`)
)

// xrefLoops tells whether the /Prev chain of cross-reference sections comes
// back on itself, which would keep the library reading forever.
func xrefLoops(data []byte) bool {
	tail := data[max(0, len(data)-2048):]
	ms := startxrefRe.FindAllSubmatch(tail, -1)
	if len(ms) == 0 {
		return false
	}
	off, _ := strconv.Atoi(string(ms[len(ms)-1][1]))
	seen := map[int]bool{}
	for i := 0; i < 1000; i++ {
		if off <= 0 || off >= len(data) {
			return false
		}
		if seen[off] {
			return true
		}
		seen[off] = true
		section := data[off:]
		if j := bytes.Index(section, []byte("startxref")); j >= 0 {
			section = section[:j]
		}
		m := prevRe.FindSubmatch(section)
		if m == nil {
			return false
		}
		off, _ = strconv.Atoi(string(m[1]))
	}
	return true
}
