package pdf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"vanban/ingest/ocr"
	"vanban/model"
)

// Signature stamps. Keys are matched on the start of a line, case-folded.
var (
	sigSignedBy = regexp.MustCompile(`(?i)^\s*(?:ký bởi|người ký|digitally signed by|signed by)\s*:?\s*(.*)$`)
	sigOrg      = regexp.MustCompile(`(?i)^\s*(?:cơ quan|tổ chức|đơn vị)\s*:\s*(.*)$`)
	sigEmail    = regexp.MustCompile(`(?i)^\s*e-?mail\s*:\s*(.*)$`)
	sigTime     = regexp.MustCompile(`(?i)^\s*(?:thời gian ký|ngày ký|date)\s*:\s*(.*)$`)
	sigOther    = regexp.MustCompile(`(?i)^\s*(?:chức vụ|reason|location|lý do)\s*:`)
)

// extractSignatures moves e-signature stamps ("Ký bởi: …", "Cơ quan: …",
// "Thời gian ký: …") from the body lines of every page into
// doc.Signatures.
func extractSignatures(doc *model.Document) {
	for pi := range doc.Pages {
		p := &doc.Pages[pi]
		drop := make([]bool, len(p.Lines))
		for i := 0; i < len(p.Lines); i++ {
			if drop[i] {
				continue
			}
			text := p.Lines[i].Text
			m := sigSignedBy.FindStringSubmatch(text)
			tm := sigTime.FindStringSubmatch(text)
			if m == nil && tm == nil {
				continue
			}
			sig := model.Signature{Page: p.Number}
			start, end := i, i
			if m != nil {
				sig.SignedBy = strings.TrimSpace(m[1])
			}
			// The stamp's other lines follow, possibly in another block.
			for j := i; j < len(p.Lines) && j <= i+6; j++ {
				t := p.Lines[j].Text
				switch {
				case j > i && sigSignedBy.MatchString(t):
					j = len(p.Lines) // the next stamp
					continue
				case sigOrg.MatchString(t):
					sig.Organization = strings.TrimSpace(sigOrg.FindStringSubmatch(t)[1])
				case sigEmail.MatchString(t):
					sig.Email = strings.TrimSpace(sigEmail.FindStringSubmatch(t)[1])
				case sigTime.MatchString(t):
					sig.Time = strings.TrimSpace(sigTime.FindStringSubmatch(t)[1])
				case sigOther.MatchString(t):
				case j == i:
				default:
					if j > i {
						j = len(p.Lines)
						continue
					}
				}
				end = j
			}
			if m == nil && sig.Time != "" && i > 0 && sig.Organization == "" {
				// A bare "Thời gian ký" stamp: the issuing body is printed above.
				prev := p.Lines[i-1]
				if len([]rune(prev.Text)) < 60 && !drop[i-1] && prev.Block == p.Lines[i].Block {
					sig.Organization = prev.Text
					start = i - 1
				}
			}
			if sig.SignedBy == "" && sig.Time == "" {
				continue
			}
			for k := start; k <= end; k++ {
				drop[k] = true
			}
			doc.Signatures = append(doc.Signatures, sig)
		}
		kept := p.Lines[:0]
		for i, l := range p.Lines {
			if !drop[i] {
				kept = append(kept, l)
			}
		}
		p.Lines = kept
	}
}

const whyGarbage = "has an unreadable OCR text layer"

// ocrParallel is how many pages are OCRed at once.
const ocrParallel = 2

const defaultOCRBudget = 90 * time.Second

var errOCRBudget = errors.New("the OCR time budget ran out")

// watermarks are site stamps printed over scans by document portals.
var watermarks = []string{"www.luatvietnam.vn", "www.thuvienphapluat.vn", "thuvienphapluat.vn", "luatvietnam.vn"}

func isWatermarkWord(w string) bool {
	w = strings.ToLower(w)
	if len(w) == 0 {
		return true
	}
	for _, m := range watermarks {
		if strings.Contains(m, w) {
			return true
		}
	}
	return false
}

// textQuality measures a page's text layer: how many letters and digits it
// has outside watermarks, and whether it looks like a failed OCR of
// Vietnamese (diacritics missing where they should be).
func textQuality(p *model.Page) (chars int, garbage bool) {
	chars, _, garbage = quality(p.Lines)
	return chars, garbage
}

// quality measures lines: letters and digits outside watermarks, the share
// of words (of two letters or more) carrying a non-ASCII letter, and whether
// that looks like a failed OCR of Vietnamese.
func quality(lines []model.Line) (chars int, markedRatio float64, garbage bool) {
	var words, alpha, marked, english int
	for _, l := range lines {
		for _, w := range strings.Fields(l.Text) {
			if isWatermarkWord(w) {
				continue
			}
			words++
			letters, nonASCII := 0, false
			for _, r := range w {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					chars++
				}
				if unicode.IsLetter(r) {
					letters++
					if r > unicode.MaxASCII {
						nonASCII = true
					}
				}
			}
			if letters >= 2 {
				alpha++
				if nonASCII {
					marked++
				}
			}
			switch strings.ToLower(w) {
			case "the", "and", "of", "to", "in", "for", "is", "on", "with", "by", "are":
				english++
			}
		}
	}
	// Vietnamese marks about half of its syllables; a text layer of 40+
	// words with almost none, and not English, is a failed OCR.
	if alpha > 0 {
		markedRatio = float64(marked) / float64(alpha)
	}
	garbage = alpha >= 40 && markedRatio < 0.08 && float64(english) < 0.03*float64(words)
	return chars, markedRatio, garbage
}

// scanPages OCRs the pages whose text layer is missing (a scan, maybe with
// a watermark or a signature stamp) or garbage, when OCR is allowed and
// installed; otherwise it says so in the warnings.
func (d *docReader) scanPages(ctx context.Context, doc *model.Document, data []byte, opt Options) error {
	var todo []int
	var why []string
	for i := range doc.Pages {
		p := &doc.Pages[i]
		hasImage := i < len(d.images) && d.images[i]
		if !hasImage {
			continue
		}
		chars, garbage := textQuality(p)
		switch {
		case chars < 30:
			todo, why = append(todo, i), append(why, "has no text layer")
		case garbage:
			todo, why = append(todo, i), append(why, whyGarbage)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	if opt.NoOCR {
		for k, i := range todo {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d %s; OCR was turned off", i+1, why[k]))
		}
		return nil
	}
	if err := ocr.Available(ctx); err != nil {
		for k, i := range todo {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d %s; %v", i+1, why[k], err))
		}
		return nil
	}
	f, err := os.CreateTemp("", "vanban-*.pdf")
	if err != nil {
		return fmt.Errorf("ocr: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("ocr: %w", err)
	}
	// Two pages at a time: tesseract runs single-threaded (OMP_THREAD_LIMIT=1).
	type result struct {
		res *ocr.Result
		err error
	}
	budget := opt.OCRBudget
	if budget <= 0 {
		budget = defaultOCRBudget
	}
	octx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	results := make([]result, len(todo))
	sem := make(chan struct{}, ocrParallel)
	var wg sync.WaitGroup
	for k, i := range todo {
		wg.Add(1)
		go func() { // ends when its page is read or ctx is done
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-octx.Done():
				results[k].err = errOCRBudget
				return
			}
			defer func() { <-sem }()
			if octx.Err() != nil {
				results[k].err = errOCRBudget
				return
			}
			results[k].res, results[k].err = ocr.Page(octx, f.Name(), i+1)
			if results[k].err != nil && octx.Err() != nil && ctx.Err() == nil {
				results[k].err = errOCRBudget
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for k, i := range todo {
		res, err := results[k].res, results[k].err
		if err != nil {
			if errors.Is(err, errOCRBudget) {
				doc.OCRUnread++
				doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d %s; not OCRed: %v", i+1, why[k], err))
				continue
			}
			if errors.Is(err, ocr.ErrUnavailable) {
				doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d %s; %v", i+1, why[k], err))
				continue
			}
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d %s and OCR failed: %v", i+1, why[k], err))
			continue
		}
		p := &doc.Pages[i]
		if why[k] == whyGarbage {
			// Replace a text layer only by something better.
			_, before, _ := quality(p.Lines)
			if _, after, _ := quality(res.Lines); after < before+0.1 {
				doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d %s; OCR did not read it better, its text layer is kept", i+1, why[k]))
				continue
			}
		}
		p.Lines = relayout(res.Lines, p.Rules, p.Width)
		p.OCR = true
		p.Confidence = res.Confidence
		doc.OCR = true
	}
	// Stamps read by OCR are metadata too.
	extractSignatures(doc)
	return nil
}

// ocrFont names the source of OCR words in Word.Font.
const ocrFont = "OCR"

// relayout runs OCR words through the same row, column and block logic as
// the text layer, so that a scanned official header also comes out as two
// columns (tesseract joins them into one line).
func relayout(lines []model.Line, rules []model.Rule, width float64) []model.Line {
	f := &font{base: ocrFont}
	var rows [][]glyph
	for _, l := range lines {
		if len(l.Words) == 0 {
			continue
		}
		hs := make([]float64, len(l.Words))
		for i, w := range l.Words {
			hs[i] = w.Y1 - w.Y0
		}
		sort.Float64s(hs)
		size := math.Max(hs[len(hs)/2]*0.8, 1)
		row := make([]glyph, 0, len(l.Words))
		for _, w := range l.Words {
			row = append(row, glyph{text: w.Text, u0: w.X0, u1: w.X1, v: l.Y1, size: size, font: f})
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i][0].v < rows[j][0].v })
	out, _ := layoutRows(rows, 0, rules, width, nil, 0)
	renumberBlocks(out)
	for i := range out {
		for j := range out[i].Words {
			out[i].Words[j].Font = ""
		}
	}
	return out
}
