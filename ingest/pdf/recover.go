package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	lpdf "github.com/ledongthuc/pdf"

	"vanban/ingest"
)

var (
	objRe     = regexp.MustCompile(`(?m)(?:^|[\r\n\s])(\d{1,7})\s+(\d{1,5})\s+obj\b`)
	rootRe    = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	encryptRe = regexp.MustCompile(`/Encrypt\s+(\d+)\s+(\d+)\s+R`)
	idRe      = regexp.MustCompile(`/ID\s*\[\s*<[0-9A-Fa-f\s]*>\s*<[0-9A-Fa-f\s]*>\s*\]`)
	catalogRe = regexp.MustCompile(`/Type\s*/Catalog\b`)
)

// recoverXref rebuilds a damaged or missing cross-reference table by
// scanning the file for "N G obj", then appends a fresh table and trailer
// in memory and opens that. Objects kept in object streams are not found
// this way; what remains readable is read.
func recoverXref(data []byte, password string) (*lpdf.Reader, error) {
	if len(data) > 256<<20 {
		return nil, fmt.Errorf("%w: too large to repair", ingest.ErrCorrupt)
	}
	type ent struct {
		off int
		gen int
	}
	objs := map[int]ent{}
	maxID := 0
	root := ""
	for _, m := range objRe.FindAllSubmatchIndex(data, -1) {
		id, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		gen, _ := strconv.Atoi(string(data[m[4]:m[5]]))
		if id <= 0 || id > 1<<22 {
			continue
		}
		objs[id] = ent{m[2], gen} // later definitions win, as in an update
		if id > maxID {
			maxID = id
		}
		end := m[1] + 400
		if end > len(data) {
			end = len(data)
		}
		if catalogRe.Match(data[m[1]:end]) {
			root = fmt.Sprintf("%d %d R", id, gen)
		}
	}
	if len(objs) == 0 {
		return nil, fmt.Errorf("%w: no objects found", ingest.ErrCorrupt)
	}
	// Prefer the trailer's own /Root, /Encrypt and /ID when one survives.
	var extra []byte
	if ms := rootRe.FindAllSubmatch(data, -1); len(ms) > 0 {
		m := ms[len(ms)-1]
		id, _ := strconv.Atoi(string(m[1]))
		if _, ok := objs[id]; ok {
			root = fmt.Sprintf("%s %s R", m[1], m[2])
		}
	}
	if root == "" {
		return nil, fmt.Errorf("%w: no document catalog found", ingest.ErrCorrupt)
	}
	if ms := encryptRe.FindAll(data, -1); len(ms) > 0 {
		extra = append(extra, ms[len(ms)-1]...)
		extra = append(extra, ' ')
	}
	if ms := idRe.FindAll(data, -1); len(ms) > 0 {
		extra = append(extra, ms[len(ms)-1]...)
	}
	var b bytes.Buffer
	b.Grow(len(data) + 20*(maxID+1) + 200)
	b.Write(data)
	b.WriteString("\n")
	start := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n", maxID+1)
	b.WriteString("0000000000 65535 f\r\n")
	for id := 1; id <= maxID; id++ {
		if e, ok := objs[id]; ok {
			fmt.Fprintf(&b, "%010d %05d n\r\n", e.off, e.gen)
		} else {
			b.WriteString("0000000000 00000 f\r\n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %s %s >>\nstartxref\n%d\n%%%%EOF\n", maxID+1, root, extra, start)
	return openOnce(b.Bytes(), password)
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
