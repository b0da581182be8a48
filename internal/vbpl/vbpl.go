// Package vbpl reads the vbpl.vn corpus of ../shared/corpus/meta: 1000
// central legal documents as text, one JSON object per line, gzipped. The
// number evaluation (extract/internal/evalnum) and the search test
// (index) both read it here.
package vbpl

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// Doc is one document of the corpus. A field vbpl.vn left null is "".
type Doc struct {
	ID    string `json:"vbpl_id"`
	Title string `json:"title"`
	// Number and Type are read from the title by vbpl.vn's own parser.
	Number string `json:"so_hieu_from_title"`
	Type   string `json:"loai_from_title"`
	Lang   string `json:"lang_guess"`
	// PlaceDate is the "Hà Nội, ngày … tháng … năm …" line vbpl.vn's
	// parser saw.
	PlaceDate string `json:"dia_danh_ngay_in_text"`
	// FirstLine is the text's first line: the issuer's first header line
	// for most documents ("BỘ NÔNG NGHIỆP VÀ", cut where the header wraps).
	FirstLine string `json:"first_line"`
	Text      string `json:"text"`
}

// Each calls fn for every document of the gzipped JSON Lines file at path,
// in order, and stops at fn's first error.
func Each(path string, fn func(Doc) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dec := json.NewDecoder(bufio.NewReader(zr))
	for n := 1; ; n++ {
		var d Doc
		if err := dec.Decode(&d); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("%s: record %d: %w", path, n, err)
		}
		if err := fn(d); err != nil {
			return err
		}
	}
}
