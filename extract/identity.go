package extract

import (
	"math"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/extract/vntext"
	"vanban/model"
)

// Identity is who issued a document, what it is and when: the fields of the
// official header (Nghị định 30/2020/NĐ-CP, Phụ lục I).
type Identity struct {
	Number   string // số, ký hiệu: "779/QĐ-UBND", "60-NQ/TW", "95/UBND-KT"
	Type     string // "Quyết định", "Công văn", …
	TypeCode string // "QĐ"; "" for a công văn
	Issuer   string // "Sở Nội vụ tỉnh Lâm Đồng"
	Place    string // địa danh: "Lâm Đồng"
	// Date is a FullDay, or a MonthOnly when the day cannot be read.
	Date       model.Date
	AttachedTo *AttachedTo // the parent of an appendix
	Subject    string      // trích yếu
	Signer     string
	Warnings   []string
}

// typeCodes maps the type part of a ký hiệu (Nghị định 30/2020, Phụ lục
// III, plus the legal-document codes) to the type's name. Keys are Key()ed.
var typeCodes = map[string]struct{ code, name string }{}

func init() {
	for _, t := range [][2]string{
		{"NQ", "Nghị quyết"}, {"QĐ", "Quyết định"}, {"CT", "Chỉ thị"}, {"QC", "Quy chế"},
		{"QyĐ", "Quy định"}, {"TC", "Thông cáo"}, {"TB", "Thông báo"}, {"HD", "Hướng dẫn"},
		{"CTr", "Chương trình"}, {"KH", "Kế hoạch"}, {"PA", "Phương án"}, {"ĐA", "Đề án"},
		{"DA", "Dự án"}, {"BC", "Báo cáo"}, {"BB", "Biên bản"}, {"TTr", "Tờ trình"},
		{"HĐ", "Hợp đồng"}, {"CĐ", "Công điện"}, {"BGN", "Bản ghi nhớ"}, {"BTT", "Bản thỏa thuận"},
		{"GUQ", "Giấy ủy quyền"}, {"GM", "Giấy mời"}, {"GGT", "Giấy giới thiệu"},
		{"GNP", "Giấy nghỉ phép"}, {"PG", "Phiếu gửi"}, {"PC", "Phiếu chuyển"}, {"PB", "Phiếu báo"},
		{"NĐ", "Nghị định"}, {"TT", "Thông tư"}, {"TTLT", "Thông tư liên tịch"}, {"L", "Luật"},
		{"VBHN", "Văn bản hợp nhất"}, {"NQLT", "Nghị quyết liên tịch"}, {"KL", "Kết luận"},
		{"QĐi", "Quy định"}, {"PL", "Pháp lệnh"}, {"SL", "Sắc lệnh"}, {"LCT", "Lệnh"}, {"AL", "Án lệ"},
		{"TTg", ""}, // an issuer code, listed so "QD" repair does not touch it
	} {
		if t[1] == "" {
			continue
		}
		typeCodes[vntext.Key(t[0])] = struct{ code, name string }{t[0], t[1]}
	}
	// Codes written without Đ.
	typeCodes["qd"] = typeCodes["qđ"]
	typeCodes["nd"] = typeCodes["nđ"]
	typeCodes["cd"] = typeCodes["cđ"]
	typeCodes["qyd"] = typeCodes["qyđ"]
}

// typeTitles are the type names as printed on the title line, longest first.
var typeTitles = []string{
	"THÔNG TƯ LIÊN TỊCH", "NGHỊ QUYẾT LIÊN TỊCH", "VĂN BẢN HỢP NHẤT", "QUYẾT ĐỊNH", "NGHỊ ĐỊNH",
	"NGHỊ QUYẾT", "THÔNG TƯ", "CHỈ THỊ", "QUY CHẾ", "QUY ĐỊNH", "THÔNG CÁO", "THÔNG BÁO",
	"HƯỚNG DẪN", "CHƯƠNG TRÌNH", "KẾ HOẠCH", "PHƯƠNG ÁN", "ĐỀ ÁN", "DỰ ÁN", "BÁO CÁO", "BIÊN BẢN",
	"TỜ TRÌNH", "HỢP ĐỒNG", "CÔNG ĐIỆN", "BẢN GHI NHỚ", "BẢN THỎA THUẬN", "GIẤY ỦY QUYỀN",
	"GIẤY MỜI", "GIẤY GIỚI THIỆU", "GIẤY NGHỈ PHÉP", "PHIẾU GỬI", "PHIẾU CHUYỂN", "PHIẾU BÁO",
	"BỘ LUẬT", "LUẬT", "PHÁP LỆNH", "LỆNH", "KẾT LUẬN", "SẮC LỆNH", "HIẾN PHÁP", "ÁN LỆ",
}

// namedTitles are the types whose title line goes on with the document's
// name: "LUẬT AN NINH MẠNG", "BỘ LUẬT HÌNH SỰ", "PHÁP LỆNH …"; the rest of
// the line is the start of the subject.
var namedTitles = map[string]bool{"BỘ LUẬT": true, "LUẬT": true, "PHÁP LỆNH": true, "HIẾN PHÁP": true}

var (
	// The number after "Số:" / "Số hiệu" / "Luật số:": digits, an optional
	// year, then the code; or the party style 60-NQ/TW.
	numberLabelRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(số\s*hiệu|số|sô|sồ|sỗ|sộ|s6|s0)\s*([:;])?\s*`)
	numberBodyRe  = regexp.MustCompile(`^(\d{1,6}(?:\.\d{1,3})?[a-zA-Z]?)\s*(?:/\s*((?:19|20)\d\d))?\s*/\s*([\p{L}\d&.()]+(?:\s*-{1,2}\s*[\p{L}\d&.()]+)*)`)
	numberPartyRe = regexp.MustCompile(`^(\d{1,6})\s*-\s*(\p{Lu}[\p{L}]*)\s*/\s*([\p{L}\d]+(?:\s*-\s*[\p{L}\d]+)*)`)
	numberOnlyRe  = regexp.MustCompile(`^(\d{1,6})\s*$`)
	placeDateRe   = regexp.MustCompile(`(?i)([\p{L}][\p{L} .'’-]*?)\s*,\s*(ngày\s*\d{1,2}\s*(?:tháng|/|-)\s*\d{1,2}\s*(?:năm|/|-)\s*\d{4})`)
	placeMonthRe  = regexp.MustCompile(`(?i)([\p{L}][\p{L} .'’-]*?)\s*,\s*ngày\s*\S{0,3}\s*(tháng\s*\d{1,2}\s*năm\s*\d{4})`)
	dateOnlyRe    = regexp.MustCompile(`(?i)ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}`)
)

// Identify reads the identity of doc from its official header: the first
// page's reading-order lines (the two halves of the header may come as
// separate blocks or glued on one line), the last page for the signer, or
// the top cells of each sheet for a workbook. Conventions:
//
//   - Number is canonical: spaces removed ("329      /BC-UBND" → 329/BC-UBND),
//     QD → QĐ, ND → NĐ, look-alike Cyrillic letters → Latin, type codes in
//     their official case (QyĐ, TTr, CTr); "Số: 779" with "/QĐ-UBND" on the
//     next line is joined. When the text has no number, one in the file
//     name ("779-QD-UBND_…") is used, with a warning.
//   - Type comes from the type code, else from the title line (QUYẾT ĐỊNH,
//     LUẬT…), else "Công văn" when the number has no type code.
//   - Issuer is the lowest organ of the header's left half, in sentence
//     case with abbreviations expanded; when it names no place and its
//     parent organ does, the parent's place is added: "UBND TỈNH LÂM ĐỒNG /
//     SỞ NỘI VỤ" → "Sở Nội vụ tỉnh Lâm Đồng"; "ỦY BAN NHÂN DÂN / TỈNH BÌNH
//     THUẬN" → "Ủy ban nhân dân tỉnh Bình Thuận". Stamps ("Ký bởi", "Cơ
//     quan: …") and running headers ("Cơ quan phát hành: …", "CÔNG BÁO/…")
//     are never read.
//   - Place and Date come from the "…, ngày … tháng … năm …" line of the
//     header; the e-signature time is used only when the header has no date.
func Identify(doc *model.Document) Identity {
	var id Identity
	if doc == nil {
		return id
	}
	lines := headerLines(doc)
	ocr := false
	for pi := 0; pi < len(doc.Pages) && pi < 2; pi++ {
		ocr = ocr || doc.Pages[pi].OCR
	}
	lines = dropStamps(lines)
	for i := range lines {
		lines[i].text = fixPlaceNames(lines[i].text, ocr)
		if ocr {
			lines[i].text = fixDateWords(lines[i].text)
			lines[i].text = fixOrganLine(lines[i].text, true)
		}
	}
	identifyLines(&id, lines)
	if id.Signer == "" {
		id.Signer = findSigner(signerLines(doc))
	}
	if id.Signer == "" {
		for _, s := range doc.Signatures {
			if s.SignedBy != "" && looksLikeName(s.SignedBy) {
				id.Signer = vntext.Normalize(s.SignedBy)
				break
			}
		}
	}
	if ocr {
		fixNumberCodes(&id)
		fixPlaceTail(&id)
		ocrNumberFromFileName(&id, lines, doc.Name)
	}
	if id.Number == "" && doc.Name != "" {
		if n := numberFromFileName(doc.Name); n != "" {
			id.Number = n
			id.Warnings = append(id.Warnings, "number taken from the file name: the text does not show it")
		}
	}
	fillType(&id)
	finishIdentity(&id, doc.Text())
	if ocr {
		dayFromSignature(&id, doc.Signatures)
	}
	return id
}

const monthOnlyWarning = "the day of the date cannot be read: only the month is kept"

// finishIdentity applies what needs the whole text: a law's or án lệ's
// adoption date and organ.
func finishIdentity(id *Identity, text string) {
	if !adoptionKinds[id.Type] || id.AttachedTo != nil {
		return
	}
	d, organ, ok := adoption(text, id.Type)
	if !ok {
		return
	}
	// A law, a pháp lệnh, an án lệ are dated by their adoption; a
	// resolution by its header's date line, else by its adoption.
	if id.Type != "Nghị quyết" || id.Date.IsZero() {
		id.Date = d
	}
	if id.Type == "Án lệ" && organ != "" {
		// The án lệ's issuer is the body that adopted it: "Hội đồng
		// Thẩm phán Tòa án nhân dân tối cao".
		id.Issuer = organ
	}
}

// dayFromSignature fills the day of a scan's date whose day OCR could not
// read from an e-signature of the same month and year, with a warning; a
// signature of another month tells nothing about the document's day.
func dayFromSignature(id *Identity, sigs []model.Signature) {
	if id.Date.Kind() != model.MonthOnly {
		return
	}
	for _, s := range sigs {
		d, _, _, ok := vntext.FindDate(s.Time, 0)
		if !ok || d.Kind() != model.FullDay || d.Year != id.Date.Year || d.Month != id.Date.Month {
			continue
		}
		id.Date = d
		id.Warnings = slices.DeleteFunc(id.Warnings, func(w string) bool { return w == monthOnlyWarning })
		id.Warnings = append(id.Warnings, "the day of the date cannot be read on the scan: it is taken from the e-signature of the same month ("+s.Time+")")
		return
	}
}

// IdentifyText reads the identity from plain reading-order text (one line
// per header line), as Identify does for a document.
func IdentifyText(text string) Identity {
	var id Identity
	ls := strings.Split(text, "\n")
	if len(ls) > maxHeaderLines {
		ls = ls[:maxHeaderLines]
	}
	hl := make([]hline, 0, len(ls))
	for li, l := range ls {
		for _, h := range splitGlued(l) {
			h.text = fixPlaceNames(h.text, false)
			h.row = li
			hl = append(hl, h)
		}
	}
	identifyLines(&id, hl)
	all := strings.Split(text, "\n")
	sl := make([]hline, len(all))
	for i, l := range all {
		sl[i] = hline{text: truncate(l, maxLineBytes)}
	}
	id.Signer = findSigner(sl)
	fillType(&id)
	finishIdentity(&id, text)
	return id
}

const maxHeaderLines = 80

// maxLineBytes bounds the part of a line the header and signature readers
// look at: no header line is that long, and it keeps a hostile one-line
// "document" linear and fast.
const maxLineBytes = 2000

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// hline is one header line after glued halves were split. right marks the
// right half of the official header (motto, place and date).
type hline struct {
	text  string
	block int
	// row is the sheet row of a cell (lines of a sheet sharing one row are
	// its cells), or the line's index on a page.
	row int
	// Where a page's line lies across the page's text (0 ≤ x0 < x1 ≤ 1,
	// the text's left edge 0, its right edge 1); both 0 when unknown (a
	// sheet, plain text, a line split in halves, a page without widths).
	x0, x1 float64
}

var (
	// The motto lines, tolerant of tone placement, missing diacritics and
	// OCR slips ("CỌNG HÒA", "Tự đo").
	mottoRe      = regexp.MustCompile(`(?i)c\p{L}ng\s*h\p{L}{1,2}a?\s*x\p{L}\s*h\p{L}i\s*ch\p{L}\s*ngh\p{L}a\s*vi\p{L}t\s*nam`)
	mottoSubRe   = regexp.MustCompile(`(?i)[đd]\p{L}c\s*l\p{L}p\s*[-–]\s*t\p{L}\s*[đd]o\s*[-–]\s*h\p{L}nh\s*ph\p{L}c`)
	partyMottoRe = regexp.MustCompile(`(?i)đảng\s*cộng\s*sản\s*việt\s*nam`)
	ruleLineRe   = regexp.MustCompile(`^[\s\-_*=.~–—]*$`)
	noiseRe      = regexp.MustCompile(`(?i)^\s*(ký bởi|email|cơ quan\s*:|thời gian ký|ngày ký|cơ quan phát hành|công báo\b|công báo/|signature|người ký|chức vụ\s*:)|công báo\s*/\s*số|^\s*\d{1,4}\s+công báo|công báo\s*/`)
)

// headerLines returns the normalized lines of the first page (or the top
// cells of the sheets), glued halves split.
func headerLines(doc *model.Document) []hline {
	var out []hline
	if len(doc.Pages) > 0 {
		for pi := 0; pi < len(doc.Pages) && pi < 2 && len(out) < maxHeaderLines; pi++ {
			left, right := textEdges(doc.Pages[pi].Lines)
			for _, l := range doc.Pages[pi].Lines {
				if len(out) >= maxHeaderLines {
					break
				}
				row := len(out)
				parts := splitGlued(lineText(l))
				for _, h := range parts {
					if h.block == 0 {
						h.block = l.Block
					}
					h.row = row
					if len(parts) == 1 && right > left && l.X1 > l.X0 {
						h.x0, h.x1 = (l.X0-left)/(right-left), (l.X1-left)/(right-left)
					}
					out = append(out, h)
				}
			}
		}
		return out
	}
	for _, s := range doc.Sheets {
		for ri, row := range s.Rows {
			if ri >= 30 {
				break
			}
			for ci, c := range row {
				t := cellText(c)
				if strings.TrimSpace(t) == "" {
					continue
				}
				for _, h := range splitGlued(t) {
					h.block = ci
					h.row = ri
					out = append(out, h)
				}
			}
		}
		if len(out) > 0 {
			break
		}
	}
	return out
}

// lineText is the line's text, repaired when its words are in a legacy font.
func lineText(l model.Line) string {
	if len(l.Words) == 0 {
		return l.Text
	}
	legacy := 0
	for _, w := range l.Words {
		if vntext.FontEncoding(w.Font) != vntext.Unicode {
			legacy++
		}
	}
	if legacy == 0 {
		return l.Text
	}
	parts := make([]string, len(l.Words))
	for i, w := range l.Words {
		parts[i] = vntext.Decode(w.Text, vntext.FontEncoding(w.Font))
	}
	return strings.Join(parts, " ")
}

func cellText(c model.Cell) string {
	if enc := vntext.FontEncoding(c.Font); enc != vntext.Unicode {
		return vntext.Decode(c.Text, enc)
	}
	return c.Text
}

// splitGlued normalizes a line and splits off the right half of the
// official header when both halves came out on one line: "ỦY BAN NHÂN DÂN
// CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 779 /QĐ-UBND Bình Thuận, ngày…".
// The right half gets block -1.
func splitGlued(s string) []hline {
	s = strings.ReplaceAll(s, "\t", "  ")
	s = vntext.Normalize(s)
	if len(s) > maxLineBytes {
		// Far longer than any header line: body text, cut and never split.
		return []hline{{text: truncate(s, maxLineBytes)}}
	}
	var out []hline
	for s != "" && len(out) < 64 {
		var loc []int
		for _, re := range []*regexp.Regexp{mottoRe, mottoSubRe, partyMottoRe} {
			if l := re.FindStringIndex(s); l != nil && (loc == nil || l[0] < loc[0]) {
				loc = l
			}
		}
		if loc == nil {
			break
		}
		if left := strings.TrimSpace(s[:loc[0]]); left != "" {
			out = append(out, hline{text: left})
		}
		out = append(out, hline{text: strings.TrimSpace(s[loc[0]:loc[1]]), block: -1})
		s = strings.TrimSpace(s[loc[1]:])
	}
	if s != "" {
		// The Quốc hiệu cut short by OCR or a fold ("ỦY BAN NHÂN DÂN TỈNH
		// LÂM ĐỒNG CỘNG HÒA XÃ HỘI CHỦ N"): from its first words on, the
		// line is the right half.
		if loc := partialMottoRe.FindStringIndex(s); loc != nil {
			if left := strings.TrimSpace(s[:loc[0]]); left != "" {
				out = append(out, hline{text: left})
			}
			return append(out, hline{text: strings.TrimSpace(s[loc[0]:]), block: -1})
		}
		out = append(out, hline{text: s})
	}
	return out
}

// partialMottoRe is the start of the Quốc hiệu in capitals, OCR-tolerant
// ("CỘNG HÒA XÃ HỘI", "CỌNG HOÀ XÃ HỘI CHỦ N"), running to the line's end.
var partialMottoRe = regexp.MustCompile(`(?:^|\s)C\p{Lu}NG\s*H\p{Lu}{1,2}A?\s*X\p{Lu}\s*H\p{Lu}I(?:\s+\p{Lu}[\p{Lu}\s]*)?$`)

// identifyLines fills number, issuer, place, date, type and subject from
// the header lines.
func identifyLines(id *Identity, lines []hline) {
	numIdx := -1
	numEnd := 0
	numType := "" // the type named before "số": "Luật số:", "ÁN LỆ SỐ"
	// Pass 1: the number. Prefer "Số:" with a colon in the header, then
	// "Số hiệu", then a bare "Số 12/…" line start.
	bestRank := 99
	for i, l := range lines {
		if noiseRe.MatchString(l.text) {
			continue
		}
		if isBodyStart(l.text) {
			break
		}
		for _, m := range numberLabelRe.FindAllStringSubmatchIndex(l.text, -1) {
			rest := l.text[m[1]:]
			label := strings.ToLower(l.text[m[2]:m[3]])
			if !strings.HasPrefix(label, "số") && (m[4] < 0 || m[2] > 1) {
				continue // an OCR slip of "Số" counts only as "Sô: …" opening a line
			}
			rank := 3
			kind := typeBeforeLabel(l.text[:m[2]], m[4] >= 0)
			// A line that holds the number and nothing else ("ÁN LỆ SỐ
			// 27/2019/AL", "số12094/BNV-CCHC") is a header line; "Luật số
			// 63/2020/QH14 ngày … của Quốc hội sửa đổi …" or a wrapped
			// "số 23/2003/QH11 …" is a sentence citing another document.
			alone := false
			if num, n := parseNumberAt(rest); num != "" {
				after := strings.Trim(rest[n:], " .;,)")
				alone = after == "" || isCaps(l.text) || placeDateRe.MatchString(after)
			}
			switch {
			case m[4] >= 0 || kind != "" && alone:
				// "Số:", "Luật số:", "ÁN LỆ SỐ 27/2019/AL": the document's
				// own number, which wins over every number it cites.
				rank = 0
			case strings.HasPrefix(label, "số hiệu") || strings.HasPrefix(label, "sốhiệu"):
				rank = 1
			case m[2] <= 1 && (l.text[m[2]] == 'S' || alone):
				// "Số 12/…" opening a line.
				rank = 2
			}
			if rank > 0 {
				kind = ""
			}
			if rank == 3 {
				continue // "… số 16/2023/QH15" inside a line is a reference
			}
			num, n := parseNumberAt(rest)
			if num == "" {
				// "Số: 779" then "/QĐ-UBND" on a following line.
				if mm := numberOnlyRe.FindStringSubmatch(firstField(rest)); mm != nil && rank <= 2 {
					for j := i + 1; j < len(lines) && j <= i+4; j++ {
						t := strings.TrimSpace(lines[j].text)
						if strings.HasPrefix(t, "/") {
							if num2, _ := parseNumberAt(mm[1] + t); num2 != "" {
								num = num2
							}
							break
						}
					}
				}
				if num == "" {
					continue
				}
				n = len(rest)
				if k := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsDigit(r) && r != ' ' }); k >= 0 {
					n = k
				}
			}
			if rank < bestRank {
				bestRank, id.Number, numIdx, numEnd, numType = rank, num, i, m[1]+n, kind
			}
			break
		}
		if bestRank == 0 {
			break
		}
	}
	// Pass 2: place and date.
	dateIdx := -1
	for i, l := range lines {
		if noiseRe.MatchString(l.text) {
			continue
		}
		if i > 40 {
			break
		}
		t := l.text
		start := 0
		if i == numIdx && numEnd <= len(t) {
			start = numEnd
		}
		m := placeDateRe.FindStringSubmatchIndex(t[start:])
		if m == nil && i < 20 && !isBodyStart(t[start:]) {
			// OCR lost the comma: "Hà Nội ngày 12 tháng 01 năm 2010".
			m = placeDateLooseRe.FindStringSubmatchIndex(t[start:])
		}
		if m == nil {
			// A line that is only a date ("ngày 05 tháng 11 năm 2025"), the
			// place on the line above.
			if dm := dateOnlyRe.FindStringIndex(t[start:]); dm != nil && dm[0] <= 2 && len(strings.TrimSpace(t[start+dm[1]:])) < 3 && i < 20 && i > 0 && strings.HasSuffix(strings.TrimSpace(lines[i-1].text), ",") {
				if d, _, _, ok := vntext.FindDate(t[start+dm[0]:], 0); ok {
					id.Date, dateIdx = d, i
					if i > 0 {
						id.Place = cleanPlace(strings.TrimSuffix(strings.TrimSpace(lines[i-1].text), ","))
					}
					break
				}
			}
			continue
		}
		if d, _, _, ok := vntext.FindDate(t[start+m[4]:start+m[5]], 0); ok {
			id.Date = d
			id.Place = cleanPlace(t[start+m[2] : start+m[3]])
			dateIdx = i
			break
		}
	}
	// An unreadable day (OCR: "ngày Ảb tháng 3 năm 2026") still gives the
	// month.
	if id.Date.IsZero() {
		for i, l := range lines {
			if i > 30 || isBodyStart(l.text) {
				break
			}
			m := placeMonthRe.FindStringSubmatch(l.text)
			if m == nil {
				m = placeMonthLooseRe.FindStringSubmatch(l.text)
			}
			if m != nil && !noiseRe.MatchString(l.text) {
				if d, ok := vntext.FindMonth(m[2]); ok {
					id.Date = d
					if id.Place == "" {
						id.Place = cleanPlace(m[1])
					}
					id.Warnings = append(id.Warnings, monthOnlyWarning)
					dateIdx = i
				}
				break
			}
		}
	}
	// Pass 3: issuer from the left-half lines above the number (or the
	// date, or the title).
	stop := numIdx
	if stop < 0 {
		stop = dateIdx
	}
	titleIdx, titleName := findTitle(lines, max(numIdx, dateIdx))
	if titleIdx < 0 && numIdx >= 0 && numType != "" {
		// "ÁN LỆ SỐ 27/2019/AL": the title line carries the number.
		if i, name := findTitle(lines, numIdx-1); i == numIdx {
			titleIdx, titleName = i, name
		}
	}
	if stop < 0 {
		stop = titleIdx
	}
	anchored := stop >= 0
	if stop < 0 && len(lines) > 0 {
		// No number, date or title (a sheet's top cells): the first lines.
		stop = min(3, len(lines))
	}
	if stop > 0 {
		id.Issuer = issuerFrom(lines[:stop])
		// Without an anchor, only a line that names an organ is trusted.
		if !anchored && !organStartRe.MatchString(strings.ToUpper(id.Issuer)) {
			id.Issuer = ""
		}
	}
	if titleName != "" {
		id.Type = titleName
	} else if numType != "" {
		id.Type = numType
	}
	// An appendix (a sheet, a "Phụ lục") shows no number of its own but the
	// one it is attached to: "(Kèm theo Quyết định số 757/2003/QĐ-BTC …)";
	// it takes that document's number, type and date.
	if id.Number == "" || numIdx >= 0 && (stampLineRe.MatchString(lines[numIdx].text) || attachedLineRe.MatchString(lines[numIdx].text)) {
		for i, l := range lines {
			if i > 20 || isBodyStart(l.text) {
				break
			}
			at, ok := attachment(l.text)
			if !ok {
				continue
			}
			id.AttachedTo = &at
			id.Number = at.Number
			if at.Type != "" {
				id.Type = at.Type
			}
			if !at.Date.IsZero() && id.Date.Kind() != model.FullDay {
				id.Date = at.Date
			}
			id.Warnings = append(id.Warnings, "the number is that of the document this one is attached to ("+strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l.text), "("))+")")
			break
		}
	}
	// Pass 4: subject.
	id.Subject = findSubject(lines, numIdx, titleIdx)
	if end := gazetteTitle(id, lines, numIdx, dateIdx); end >= 0 {
		// A Công báo title: the subject is under its "CỦA … SỐ … NGÀY …",
		// if any (a 1945 sắc lệnh goes on with the enacting authority).
		id.Subject = ""
		if end+1 < len(lines) && !authorityLine.MatchString(vntext.NormalizeTones(strings.ToUpper(strings.TrimSpace(lines[end+1].text)))) {
			id.Subject = findSubject(lines, -1, end)
		}
	}
	if id.Subject != "" && titleIdx < 0 && id.Type == "" {
		// A "V/v …" subject without a title line: a công văn (a type code
		// in the number, if any, still wins in fillType).
		id.Type = "Công văn"
	}
	if id.Subject == "" {
		if typ, num, subj, ok := catalogTitle(lines); ok && (id.Number == "" || strings.EqualFold(num, id.Number)) {
			id.Subject, id.Number = subj, num
			if id.Type == "" {
				id.Type = typ
			}
		}
	}
	if id.Subject == "" && titleIdx < 0 && (numIdx < 0 || stampLineRe.MatchString(lines[numIdx].text)) {
		// No official header (an appendix, a workbook, a table): the
		// document's own title lines.
		subj, appendix := titleBlock(lines)
		id.Subject = subj
		if appendix && id.Number == "" && id.Type == "" {
			id.Type = "Phụ lục"
		}
		if appendix && numIdx >= 0 && subj != "" && id.AttachedTo == nil {
			// The e-office stamps each attachment with its parent: "Số:
			// 2775/SNV-CCHC; 10/11/2025; 10:59:46".
			stamp := strings.TrimSpace(lines[numIdx].text)
			at := AttachedTo{Number: id.Number}
			if _, name := typeOfNumber(id.Number); name != "" {
				at.Type = name
			} else if !hasYearPart(id.Number) {
				at.Type = "Công văn"
			}
			if d, _, _, ok := vntext.FindDate(stamp[numEnd:], 0); ok && d.Day > 0 {
				at.Date = d
				if id.Date.IsZero() {
					id.Date = at.Date
				}
			}
			if id.Type == "" || id.Type == "Phụ lục" {
				id.Type = at.Type
			}
			id.AttachedTo = &at
			id.Warnings = append(id.Warnings, "the number is that of the document this one is attached to (its e-signature stamp: "+stamp+")")
		}
	}
}

// catalogTitleRe is the one-line title of catalogues and web pages:
// "Thông tư số 69/2025/TT-BXD Quy định dán nhãn năng lượng …".
var catalogTitleRe = regexp.MustCompile(`(?i)^\s*(nghị quyết liên tịch|thông tư liên tịch|văn bản hợp nhất|nghị định|nghị quyết|quyết định|thông tư|chỉ thị|pháp lệnh|công văn|kế hoạch|báo cáo|tờ trình|hướng dẫn|thông báo)\s+số\s*:?\s*`)

// catalogTitle reads a one-line title from the first lines: the number
// and the subject after it. ok is false when there is none.
func catalogTitle(lines []hline) (typ, number, subject string, ok bool) {
	for _, l := range lines[:min(3, len(lines))] {
		m := catalogTitleRe.FindStringSubmatchIndex(l.text)
		if m == nil {
			continue
		}
		num, n := parseNumberAt(l.text[m[1]:])
		if num == "" {
			continue
		}
		subj := strings.TrimSpace(l.text[m[1]+n:])
		if len(strings.Fields(subj)) < 2 {
			continue
		}
		return sentenceCase(l.text[m[2]:m[3]]), num, subj, true
	}
	return "", "", "", false
}

var bodyStartRe = regexp.MustCompile(`(?i)^\s*(căn\s*cứ|kính\s*gửi|điều\s*1\b|chương\s*[I1]\b|phần\s*[I1]\b|thực\s*hiện\b|theo\s*đề\s*nghị|xét\s*đề\s*nghị)`)

// isBodyStart: the first line of the body ("Căn cứ …", "Kính gửi: …");
// it starts with a capital, so a wrapped title line ("thực hiện thủ tục…")
// is not one.
func isBodyStart(s string) bool {
	s = strings.TrimSpace(s)
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) && bodyStartRe.MatchString(s)
}

// parseNumberAt reads a document number at the start of s and returns it
// canonical, with the bytes consumed.
func parseNumberAt(s string) (string, int) {
	s2 := strings.TrimLeft(s, " ")
	off := len(s) - len(s2)
	if m := numberBodyRe.FindStringSubmatchIndex(s2); m != nil {
		num := s2[m[2]:m[3]]
		year := ""
		if m[4] >= 0 {
			year = s2[m[4]:m[5]]
		}
		code := s2[m[6]:m[7]]
		// A code must hold a letter; "12/2024" is a date or a fraction.
		if !strings.ContainsFunc(code, unicode.IsLetter) {
			return "", 0
		}
		c := canonicalCode(code)
		if c == "" {
			return "", 0
		}
		out := num + "/"
		if year != "" {
			out += year + "/"
		}
		return out + c, off + m[1]
	}
	if m := numberPartyRe.FindStringSubmatchIndex(s2); m != nil {
		t := canonicalCode(s2[m[4]:m[5]])
		iss := canonicalCode(s2[m[6]:m[7]])
		if t == "" || iss == "" {
			return "", 0
		}
		if _, ok := typeCodes[vntext.Key(t)]; !ok {
			return "", 0
		}
		return s2[m[2]:m[3]] + "-" + t + "/" + iss, off + m[1]
	}
	return "", 0
}

// canonicalCode cleans the code part of a number: spaces out, trailing
// punctuation out, look-alikes fixed, the type code in official spelling.
func canonicalCode(code string) string {
	code = vntext.LatinLookalikes(code)
	code = strings.Join(strings.Fields(code), "")
	code = strings.TrimRight(code, ".,;:")
	for strings.HasSuffix(code, ")") && strings.Count(code, "(") < strings.Count(code, ")") {
		code = strings.TrimSuffix(code, ")")
		code = strings.TrimRight(code, ".,;:")
	}
	code = strings.Trim(code, "-")
	if code == "" {
		return ""
	}
	// "QĐ--TTg" (a doubled hyphen, OCR or typing) is "QĐ-TTg".
	parts := strings.FieldsFunc(code, func(r rune) bool { return r == '-' })
	if len(parts) == 0 {
		return ""
	}
	if t, ok := typeCodes[vntext.Key(parts[0])]; ok {
		parts[0] = t.code
	}
	for i := 1; i < len(parts); i++ {
		parts[i] = issuerCodeCase(parts[i])
	}
	return strings.Join(parts, "-")
}

// mixedCaseIssuers are issuer codes whose official spelling is not all
// capitals, keyed by their lower case.
var mixedCaseIssuers = map[string]string{"ttg": "TTg"}

// issuerCodeCase writes an issuer code as officially spelled: "TTG" →
// "TTg"; any other code is left as written.
func issuerCodeCase(c string) string {
	if o, ok := mixedCaseIssuers[strings.ToLower(c)]; ok {
		return o
	}
	return c
}

// CanonicalNumber returns a document number in the canonical form Identify
// uses ("329      /BC-UBND" → "329/BC-UBND", "QD" → "QĐ"), or "" when s
// does not start with one.
func CanonicalNumber(s string) string {
	n, _ := parseNumberAt(vntext.Normalize(s))
	return n
}

// typeOfNumber returns the type code of a canonical number and its name.
func typeOfNumber(num string) (code, name string) {
	if num == "" {
		return "", ""
	}
	if i := strings.IndexByte(num, '-'); i > 0 && i < strings.IndexByte(num+"/", '/') {
		// party style 60-NQ/TW
		rest := num[i+1:]
		t := rest[:strings.IndexByte(rest+"/", '/')]
		if tc, ok := typeCodes[vntext.Key(t)]; ok {
			return tc.code, tc.name
		}
		return "", ""
	}
	last := num[strings.LastIndexByte(num, '/')+1:]
	first := last
	if i := strings.IndexByte(last, '-'); i >= 0 {
		first = last[:i]
	}
	if tc, ok := typeCodes[vntext.Key(first)]; ok && (strings.Contains(last, "-") || tc.code == "VBHN" || tc.code == "AL") {
		return tc.code, tc.name
	}
	return "", ""
}

func fillType(id *Identity) {
	code, name := typeOfNumber(id.Number)
	id.TypeCode = code
	switch {
	case name != "":
		if id.Type != "" && code != "VBHN" && vntext.Key(id.Type) != vntext.Key(name) && !strings.HasPrefix(vntext.Key(id.Type), vntext.Key(name)) {
			id.Warnings = append(id.Warnings, "the type code "+code+" says "+name+" but the title line says "+id.Type)
		}
		id.Type = name
	case id.Type != "":
	case id.Number != "" && !hasYearPart(id.Number):
		// A công văn's number has no year; "100/2015/QH13" without a
		// type word is a legal document of unknown kind.
		id.Type = "Công văn"
	}
}

// findTitle finds the type line (QUYẾT ĐỊNH, BÁO CÁO, …) after from.
func findTitle(lines []hline, from int) (int, string) {
	for i := max(from+1, 0); i < len(lines) && i < from+15; i++ {
		t := vntext.NormalizeTones(strings.TrimSpace(strings.Trim(lines[i].text, " :")))
		if t == "" || t != strings.ToUpper(t) {
			continue
		}
		for _, name := range typeTitles {
			if t == name || strings.HasPrefix(t, name+" ") && len(t) < len(name)+3 {
				return i, sentenceCase(name)
			}
			if rest, ok := strings.CutPrefix(t, name+" "); ok && (namedTitles[name] || titleNumberRe.MatchString(rest)) {
				return i, sentenceCase(name)
			}
		}
		// OCR slips in the diacritics ("QUYÉT ĐỊNH", "KÉ HOẠCH"): the
		// letters alone still name one type.
		ft := vntext.Fold(t)
		for _, name := range typeTitles {
			if ft == vntext.Fold(name) {
				return i, sentenceCase(name)
			}
		}
	}
	return -1, ""
}

var (
	vvRe          = regexp.MustCompile(`(?i)^\s*(v/v|về\s*việc)\s*[:.]?\s*`)
	authorityLine = regexp.MustCompile(`^(CHỦ TỊCH|BỘ TRƯỞNG|BỘ TỔNG TRƯỞNG|TỔNG TRƯỞNG|THỦ TƯỚNG|CHÍNH PHỦ|QUỐC HỘI|ỦY BAN|UỶ BAN|HỘI ĐỒNG|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|THỐNG ĐỐC|TỔNG KIỂM TOÁN|CHÁNH ÁN|VIỆN TRƯỞNG|BAN CHẤP HÀNH|BỘ CHÍNH TRỊ|BAN BÍ THƯ|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|CHÁNH VĂN PHÒNG|BAN THƯỜNG VỤ)`)
)

// findSubject reads the trích yếu: "V/v …" under the number for a công
// văn, or the lines under the type line for the others.
func findSubject(lines []hline, numIdx, titleIdx int) string {
	from, to := numIdx, numIdx+3
	if numIdx < 0 && titleIdx < 0 {
		// No number could be read (OCR): a "V/v" line near the top still
		// names the subject of a công văn.
		from, to = 0, 20
	}
	if from >= 0 {
		for i := from; i < len(lines) && i <= to && (titleIdx < 0 || i < titleIdx); i++ {
			if numIdx < 0 && isBodyStart(lines[i].text) {
				break
			}
			t := lines[i].text
			loc := vvRe.FindStringIndex(t)
			if loc == nil {
				if j := strings.Index(strings.ToLower(t), "v/v"); j > 0 {
					loc = vvRe.FindStringIndex(t[j:])
					if loc != nil {
						loc[0] += j
						loc[1] += j
					}
				}
			}
			if loc == nil {
				continue
			}
			parts := []string{cutAtDate(t[loc[1]:])}
			for j := i + 1; j < len(lines) && j <= i+4; j++ {
				n := lines[j].text
				if !strings.ContainsFunc(n, unicode.IsLetter) {
					break // OCR debris ("`") under the subject
				}
				if lines[j].block == -1 || isBodyStart(n) || placeDateRe.MatchString(n) || noiseRe.MatchString(n) || n == strings.ToUpper(n) && utf8.RuneCountInString(n) > 3 {
					break
				}
				if _, name := findTitle([]hline{{}, lines[j]}, 0); name != "" {
					break
				}
				parts = append(parts, n)
			}
			return joinSubject(parts)
		}
	}
	if titleIdx < 0 {
		return ""
	}
	var parts []string
	caps := false
	centredFrom := -1 // the first subject line, when it is set centred
	if rest := titleRest(lines[titleIdx].text); rest != "" {
		// "LUẬT AN NINH MẠNG", "BỘ LUẬT HÌNH SỰ": the name goes on.
		parts, caps = append(parts, rest), true
	}
	for i := titleIdx + 1; i < len(lines) && i <= titleIdx+16; i++ {
		t := lines[i].text
		if ruleLineRe.MatchString(t) {
			if len(parts) > 0 {
				break
			}
			continue
		}
		if isBodyStart(t) || subjectEndRe.MatchString(t) || noiseRe.MatchString(t) || isStampLine(t) || strings.HasPrefix(t, "- ") {
			break
		}
		if strings.HasSuffix(t, ":") && len(parts) > 0 {
			break // "THỦ TƯỚNG CHÍNH PHỦ điện:", "QUYẾT ĐỊNH:": a subject never ends on a colon
		}
		if len(parts) > 0 && centredFrom >= 0 && lines[i].bodyLike() {
			// The subject is set centred under the title; a line running
			// to the right edge of the text is the body (a scan's body
			// opens with no word that says so: "Đồng chí Chủ tịch …").
			break
		}
		if len(parts) == 0 && lines[i].centred() {
			centredFrom = i
		}
		up := t == strings.ToUpper(t)
		if up && authorityLine.MatchString(t) && len(parts) > 0 && (i+1 >= len(lines) || isBodyStart(lines[i+1].text) || up != (lines[i+1].text == strings.ToUpper(lines[i+1].text))) {
			// The authority that issues it ("ỦY BAN THƯỜNG VỤ QUỐC HỘI",
			// "BỘ TRƯỞNG BỘ TÀI CHÍNH") stands alone above the body; a
			// wrapped subject line may open with "HỘI ĐỒNG NHÂN DÂN …".
			break
		}
		if len(parts) == 0 {
			caps = up
		} else if up != caps {
			break
		}
		parts = append(parts, t)
		// A subject lists its fields with ";" ("… bổ trợ tư pháp; hành
		// chính tư pháp; …") and goes on; a full stop ends it.
		if strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "..") {
			break
		}
	}
	return joinSubject(parts)
}

// textEdges are the left and right edges of a page's text: the edges
// that most of its lines reach (the 10th smallest left and the 10th
// largest right, so that a stray mark in a margin does not move them);
// 0, 0 when the lines carry no positions or are too few to tell.
func textEdges(lines []model.Line) (left, right float64) {
	var xs0, xs1 []float64
	for _, l := range lines {
		if l.X1 > l.X0 {
			xs0, xs1 = append(xs0, l.X0), append(xs1, l.X1)
		}
	}
	if len(xs0) < 8 {
		return 0, 0
	}
	slices.Sort(xs0)
	slices.Sort(xs1)
	k := min(len(xs0)/10, 9)
	return xs0[k], xs1[len(xs1)-1-k]
}

// centred tells a line set in the middle of the text, not reaching its
// edges: the trích yếu under a title ("Về việc …", "Kết luận của …").
func (h hline) centred() bool {
	return h.x1 > h.x0 && h.x0 > 0.06 && h.x1 < 0.94 && math.Abs(h.x0-(1-h.x1)) < 0.08
}

// bodyLike tells a line of running text: it reaches the right edge of the
// text, starting at the left edge or a paragraph's indent from it.
func (h hline) bodyLike() bool {
	return h.x1 > h.x0 && h.x1 > 0.95 && h.x0 < 0.15
}

func cutAtDate(s string) string {
	if m := placeDateRe.FindStringIndex(s); m != nil {
		return strings.TrimSpace(s[:m[0]])
	}
	return strings.TrimSpace(s)
}

func joinSubject(parts []string) string {
	s := strings.TrimSpace(strings.Join(parts, " "))
	return strings.TrimSpace(strings.TrimRight(s, ";"))
}

// cleanPlace keeps the place name of a "Place, ngày …" prefix: the last
// words that are not part of the left half ("…/QĐ-UBND Bình Thuận").
func cleanPlace(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexAny(s, "/)"); i >= 0 {
		s = s[i+1:]
		// skip the rest of a code: "QĐ-UBND Bình Thuận"
		if f := strings.Fields(s); len(f) > 0 && strings.ContainsAny(f[0], "-") || len(f) > 0 && f[0] == strings.ToUpper(f[0]) && len(f) > 1 && f[1] != strings.ToUpper(f[1]) {
			s = strings.Join(f[1:], " ")
		}
	}
	f := strings.Fields(s)
	// A place has at most 5 words and starts with a capital.
	for len(f) > 5 {
		f = f[1:]
	}
	for len(f) > 0 {
		r, _ := utf8.DecodeRuneInString(f[0])
		if unicode.IsUpper(r) && !isCodeLike(f[0]) {
			break
		}
		f = f[1:]
	}
	p := strings.TrimRight(strings.Join(f, " "), ".")
	for _, pre := range []string{"TP. ", "Tp. ", "TP.", "Tp.", "TP ", "Thành phố ", "thành phố "} {
		if strings.HasPrefix(p, pre) && len(p) > len(pre)+2 {
			p = p[len(pre):]
			break
		}
	}
	return strings.TrimSpace(p)
}

func isCodeLike(w string) bool {
	return strings.ContainsAny(w, "/0123456789") || (len(w) > 1 && w == strings.ToUpper(w) && !strings.ContainsFunc(w, func(r rune) bool { return r > 127 }) && len(w) > 3)
}

// organStartRe starts a new organ in the header's left half.
var organStartRe = regexp.MustCompile(`^(ỦY BAN|UỶ BAN|UBND|HĐND|HỘI ĐỒNG|SỞ|BỘ|BAN|CỤC|TỔNG CỤC|VỤ|VIỆN|PHÒNG|VĂN PHÒNG|TRUNG TÂM|CÔNG AN|THANH TRA|KHO BẠC|NGÂN HÀNG|TÒA ÁN|VIỆN KIỂM SÁT|KIỂM TOÁN|CHÍNH PHỦ|QUỐC HỘI|THỦ TƯỚNG|TRƯỜNG|HIỆP HỘI|HỘI|LIÊN ĐOÀN|ĐOÀN|MẶT TRẬN|TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|ĐẢNG ỦY|BỘ CHỈ HUY|BỘ TƯ LỆNH|CHI CỤC|ĐẠI HỌC|HỌC VIỆN|BỆNH VIỆN|CÔNG TY|TẬP ĐOÀN|TỔNG CÔNG TY|BHXH|BẢO HIỂM|CỤC THUẾ|ĐÀI|BÁO|NHÀ XUẤT BẢN|VĂN BẢN HỢP NHẤT)(?:\s|$)`)

var localityRe = regexp.MustCompile(`(?i)(?:^|\s)(tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+(\p{L}.*)$`)

// issuerFrom picks the issuer from the header lines above the number.
func issuerFrom(lines []hline) string {
	var left []string
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if l.block == -1 || t == "" || noiseRe.MatchString(t) || ruleLineRe.MatchString(t) {
			continue
		}
		if t != strings.ToUpper(t) {
			// The left half is in capitals; a mixed-case line counts only
			// when it names an organ ("Bộ Tài chính" in a sheet's top cell).
			if !organStartRe.MatchString(strings.ToUpper(t)) || len(strings.Fields(t)) > 8 || strings.ContainsAny(t, ":(") {
				continue
			}
			t = strings.ToUpper(t)
		}
		if mottoRe.MatchString(t) || mottoSubRe.MatchString(t) || copyStampRe.MatchString(t) {
			continue
		}
		if englishRe.MatchString(t) {
			continue // the English line of a bilingual header
		}
		t = cutEnglishTail(t)
		if notOrganRe.MatchString(t) {
			break // a title ("ĐỀ TÀI", "PHỤ LỤC I", "DANH MỤC …") ends the header
		}
		// An organ line is short, has no sentence punctuation, digits or
		// OCR debris: "DỰ TOÁN THU, CHI NGÂN SÁCH …" or "ĐỀ TÀI … NĂM
		// 2023" under it is a title.
		if len(strings.Fields(t)) > 10 || !organChars(t) || utf8.RuneCountInString(t) < 2 {
			continue
		}
		t = strings.Trim(t, " -_*")
		if strings.HasPrefix(t, "VĂN BẢN HỢP NHẤT - ") {
			t = strings.TrimPrefix(t, "VĂN BẢN HỢP NHẤT - ")
		}
		left = append(left, t)
	}
	if len(left) == 0 {
		return ""
	}
	// Group into organs.
	var organs []string
	for _, t := range left {
		if len(organs) == 0 || organStartRe.MatchString(t) && !endsIncomplete(organs[len(organs)-1]) {
			organs = append(organs, t)
		} else {
			organs[len(organs)-1] += " " + t
		}
	}
	issuer := organCase(organs[len(organs)-1])
	if len(organs) > 1 && bareUnit(issuer) {
		// "BAN CHẤP HÀNH TRUNG ƯƠNG / VĂN PHÒNG": a unit named only by what
		// it is belongs to the organ above it, and is named with it.
		return issuer + " " + parentName(organCase(organs[len(organs)-2]))
	}
	if !localityRe.MatchString(issuer) && len(organs) > 1 {
		if m := localityRe.FindStringSubmatch(organCase(organs[len(organs)-2])); m != nil && needsLocality(issuer) {
			issuer += " " + strings.ToLower(m[1]) + " " + m[2]
		}
	}
	return issuer
}

// copyStampRe is a copy stamp ("SAO Y BẢN CHÍNH", "BẢN SAO"), never an
// organ line.
var copyStampRe = regexp.MustCompile(`^(SAO Y|BẢN SAO|SAO LỤC|TRÍCH SAO|BẢN CHÍNH|SY)(?:\s|$)`)

// cutEnglishTail drops the English name glued after a Vietnamese organ in
// one cell: "BỘ TÀI CHÍNH MINISTRY OF FINANCE" → "BỘ TÀI CHÍNH".
func cutEnglishTail(t string) string {
	f := strings.Fields(t)
	for i := 1; i < len(f); i++ {
		tail := strings.Join(f[i:], " ")
		if !hasVietnameseLetter(tail) && englishRe.MatchString(tail) && hasVietnameseLetter(strings.Join(f[:i], " ")) {
			return strings.Join(f[:i], " ")
		}
	}
	return t
}

var englishRe = regexp.MustCompile(`^[A-Z'’ .,&-]*\b(MINISTRY|COMMITTEE|DEPARTMENT|GOVERNMENT|PEOPLE|OF|THE|AND|OFFICE|PROVINCE|CITY|NATIONAL|ASSEMBLY|BANK)\b[A-Z'’ .,&-]*$`)

var notOrganRe = regexp.MustCompile(`^(ĐỀ TÀI|PHỤ LỤC|BIỂU|DANH MỤC|DANH SÁCH|TỔNG HỢP|KẾT QUẢ|BẢNG|MẪU SỐ|DỰ THẢO)(?:\s|$)`)

// organChars: letters, spaces and the punctuation organ names use.
func organChars(t string) bool {
	letters := 0
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || r == '-' || r == '.' || r == ',' || r == '&' || r == '(' || r == ')' || r == '\'':
		default:
			return false
		}
	}
	return letters >= 2
}

// endsIncomplete: "ỦY BAN NHÂN DÂN" needs its "TỈNH X" line.
func endsIncomplete(s string) bool {
	if strings.HasPrefix(s, "BỘ ") && strings.HasSuffix(s, "CÔNG AN") {
		return false // "BỘ CÔNG AN" is whole; "CÔNG AN" needs its "TỈNH X"
	}
	for _, suf := range []string{"NHÂN DÂN", "UBND", "HĐND", "CÔNG AN", "BỘ CHỈ HUY", "THƯỜNG VỤ", " VÀ", ",", "-", "BAN CHẤP HÀNH", "HIỆP HỘI"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// bareUnit tells a unit whose name says only what it is — "Văn phòng",
// "Thanh tra", a Party committee's "Ban Tổ chức" — and that the header
// names under the organ it belongs to.
func bareUnit(issuer string) bool {
	switch vntext.Key(issuer) {
	case "văn phòng", "thanh tra", "ban tổ chức", "ban tuyên giáo", "ban dân vận", "ban nội chính",
		"ban kinh tế", "ban đối ngoại", "ủy ban kiểm tra", "ban thường vụ", "ban cán sự đảng", "đảng đoàn":
		return true
	}
	return false
}

// parentName is an organ's name as the names of its units carry it: the
// Party's Central Committee ("Ban Chấp hành Trung ương (Đảng)") is
// "Trung ương Đảng" there ("Văn phòng Trung ương Đảng"); other organs keep
// their name ("Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng").
func parentName(parent string) string {
	if k := vntext.Key(parent); k == "ban chấp hành trung ương" || k == "ban chấp hành trung ương đảng" ||
		k == "ban chấp hành trung ương đảng cộng sản việt nam" {
		return "Trung ương Đảng"
	}
	return parent
}

func needsLocality(issuer string) bool {
	k := vntext.Key(issuer)
	for _, p := range []string{"sở ", "ban ", "văn phòng", "thanh tra", "chi cục", "phòng ", "trung tâm", "công an", "ủy ban nhân dân", "hội đồng nhân dân", "kho bạc", "đài", "báo "} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

var abbreviations = []struct {
	re   *regexp.Regexp
	full string
}{
	{regexp.MustCompile(`\bUBND\b`), "ỦY BAN NHÂN DÂN"},
	{regexp.MustCompile(`\bHĐND\b`), "HỘI ĐỒNG NHÂN DÂN"},
	{regexp.MustCompile(`\bTP\.\s*`), "THÀNH PHỐ "},
	{regexp.MustCompile(`\bBHXH\b`), "BẢO HIỂM XÃ HỘI"},
	{regexp.MustCompile(`\bMTTQ\b`), "MẶT TRẬN TỔ QUỐC"},
}

// properWords stay capitalized inside an organ name.
var properWords = []string{"Công Thương", "Việt Nam", "Chính phủ", "Quốc hội", "Nhà nước", "Trung ương", "Thủ tướng", "Đảng", "Cộng sản", "Mặt trận Tổ quốc", "Hồ Chí Minh", "Thường vụ", "Tỉnh ủy", "Thành ủy", "Huyện ủy"}

// organCase turns an all-caps organ name into the sentence case official
// names use: "SỞ NỘI VỤ" → "Sở Nội vụ", "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" →
// "Ủy ban nhân dân tỉnh Lâm Đồng", "BỘ TÀI CHÍNH" → "Bộ Tài chính".
func organCase(s string) string {
	for _, a := range abbreviations {
		s = a.re.ReplaceAllString(s, a.full)
	}
	s = strings.Join(strings.Fields(s), " ")
	if s != strings.ToUpper(s) {
		return s
	}
	low := strings.ToLower(s)
	words := strings.Fields(low)
	if len(words) == 0 {
		return ""
	}
	words[0] = capitalize(words[0])
	// The word after a head noun is capitalized: Bộ Tài chính, Sở Nội vụ.
	heads := map[string]bool{"bộ": true, "sở": true, "cục": true, "vụ": true, "viện": true, "học viện": true, "ngân hàng": true, "kiểm toán": true, "hiệp hội": true, "hội": true, "trường": true, "tổng cục": true, "ban": true}
	if len(words) > 1 && (heads[words[0+0]] || heads[strings.ToLower(words[0])]) && !strings.HasPrefix(strings.Join(words[1:], " "), "nhân dân") {
		words[1] = capitalize(words[1])
	}
	if len(words) > 2 && (strings.ToLower(words[0]) == "tổng" || strings.ToLower(words[0]) == "chi" || strings.ToLower(words[0]) == "hiệp") {
		words[2] = capitalize(words[2])
	}
	// Ministries and departments name each field: "Bộ Nông nghiệp và Môi
	// trường", "Bộ Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo".
	if w0 := words[0]; w0 == "Bộ" || w0 == "Sở" || w0 == "Ủy" && len(words) > 2 && words[2] != "nhân" {
		for i := 2; i+1 < len(words); i++ {
			if words[i] == "và" || words[i] == "-" || strings.HasSuffix(words[i], ",") {
				words[i+1] = capitalize(words[i+1])
			}
		}
		if words[0] == "Ủy" && len(words) > 2 {
			words[2] = capitalize(words[2])
		}
	}
	out := strings.Join(words, " ")
	// Title-case the place after a locality word.
	if m := localityRe.FindStringSubmatchIndex(out); m != nil {
		out = out[:m[4]] + titleWords(out[m[4]:m[5]])
	}
	for _, p := range properWords {
		lower := strings.ToLower(out)
		if len(lower) != len(out) {
			break
		}
		if i := strings.Index(lower, strings.ToLower(p)); i >= 0 {
			out = out[:i] + p + out[i+len(p):]
		}
	}
	return out
}

func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}

func titleWords(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		f[i] = capitalize(strings.ToLower(w))
	}
	return strings.Join(f, " ")
}

func sentenceCase(s string) string {
	return capitalize(strings.ToLower(s))
}

// signerLines are the lines of the whole document, last page last.
func signerLines(doc *model.Document) []hline {
	var out []hline
	for _, p := range doc.Pages {
		for _, l := range p.Lines {
			// Kept raw: nameCandidates splits at wide gaps, then normalizes.
			out = append(out, hline{text: truncate(lineText(l), maxLineBytes), block: l.Block})
		}
	}
	return out
}

var signTitleRe = regexp.MustCompile(`(?:^|\s)(KT\.|TM\.|TL\.|TUQ\.|Q\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|PHÓ THỦ TƯỚNG|CHỦ NHIỆM|PHÓ CHỦ NHIỆM|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|CHÁNH VĂN PHÒNG|CỤC TRƯỞNG|VỤ TRƯỞNG|TỔNG GIÁM ĐỐC|THỐNG ĐỐC|CHÁNH THANH TRA|BÍ THƯ|TRƯỞNG PHÒNG|HIỆU TRƯỞNG|GIÁM ĐỐC SỞ|CHỦ TỊCH QUỐC HỘI|TỔNG BÍ THƯ|XÁC THỰC VĂN BẢN HỢP NHẤT)(?:\s|$|\.)`)

// findSigner reads the signer: the person's name under the last signature
// title block that has one ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / … / Trần Hữu
// Tuấn"); appendices after the signature are skipped that way.
func findSigner(lines []hline) string {
	checked := 0
	for i := len(lines) - 1; i >= 0 && checked < 200; i-- {
		t := lines[i].text
		m := signTitleRe.FindStringIndex(t)
		if m == nil || strings.ToUpper(t[m[0]:]) != t[m[0]:] {
			if !signTitleFolded(t) {
				continue
			}
		}
		checked++
		for j := i + 1; j < len(lines) && j <= i+25; j++ {
			cands := nameCandidates(lines[j].text)
			if j+1 < len(lines) {
				// A name split over two lines: "Nguyễn" / "Tấn Dũng".
				a, b := vntext.Normalize(lines[j].text), vntext.Normalize(lines[j+1].text)
				if na, nb := len(strings.Fields(a)), len(strings.Fields(b)); na >= 1 && nb >= 1 && na+nb <= 4 {
					cands = append(cands, a+" "+b)
				}
			}
			for _, cand := range cands {
				if looksLikeName(cand) {
					return cand
				}
				if n := stripRank(cand); n != "" && looksLikeName(n) {
					return n
				}
			}
		}
	}
	return signerInRecipients(lines)
}

// signTitleFoldRe is a signature title read without its diacritics (OCR:
// "THU TUONG", "PHO CHU TICH"), on a line in capitals.
var signTitleFoldRe = regexp.MustCompile(`^(kt\.|tm\.|tl\.|tuq\.)?\s*(pho\s+)?(thu tuong|chu tich|bo truong|thu truong|giam doc|truong ban|chanh van phong|cuc truong|vu truong|tong giam doc|thong doc|chanh thanh tra|bi thu|hieu truong)(\s|$)`)

func signTitleFolded(t string) bool {
	t = strings.TrimSpace(t)
	return mostlyUpper(t) && utf8.RuneCountInString(t) < 60 && signTitleFoldRe.MatchString(vntext.Fold(strings.ToLower(t)))
}

// nameCandidates are the line's segments separated by wide gaps (the two
// columns of a signature block glued by layout: "- Như trên;      Trần
// Hữu Tuấn"), then the whole line, each normalized.
func nameCandidates(t string) []string {
	var out []string
	for _, seg := range wideGapRe.Split(t, -1) {
		if seg = vntext.Normalize(seg); seg != "" {
			out = append(out, seg)
		}
	}
	if len(out) > 1 {
		out = append(out, vntext.Normalize(t))
	}
	return out
}

var wideGapRe = regexp.MustCompile(`\s{3,}|\t`)

var surnames = map[string]bool{}

func init() {
	for _, s := range strings.Fields("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Trịnh Mai Trương Lâm Lương Hà Tạ Cao Đoàn Vương Thái Châu Tô Chu Quách La Lưu Kiều Mạc Hứa Thân Triệu Tăng Từ Khổng Nông Lò Lục Mã Hầu Tôn Giang Quan Văn Âu Diệp Đàm Đồng Khúc Kim Lã Lạc Ninh Phùng Tống Ung Vi Y Bạch Bế Cù Doãn Hàn Hồng Khương Kha Lạng Lục Mạch Nghiêm Ông Phí Quang Sầm Thạch Thiều Tiêu Viên Yên Chế Chung Đậu Giáp Hoa Lại Lò Mẫn Nhữ Quảng Thiệu Trang Trình Úc Vòng Xa Hoàng Huỳnh Nhâm Bàng Đới Cấn Ma Lành Tòng Giàng Hờ Sùng Thào Vàng Sình Mè Mùa Vừ Lường Điêu Cầm Khà Quàng Dư Vưu Bành Mông") {
		surnames[vntext.Key(s)] = true
	}
}

// looksLikeName: 2–5 words, the first a Vietnamese surname, every word
// capitalized (or the whole name in capitals).
func looksLikeName(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 5 {
		return false
	}
	if !surnames[vntext.Key(f[0])] {
		return false
	}
	if signTitleRe.MatchString(s) {
		return false
	}
	if _, isProvince := LookupProvince(s); isProvince {
		return false // "Cao Bằng", "Hà Nam"
	}
	allCaps := s == strings.ToUpper(s)
	for _, w := range f {
		r, n := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		rest := w[n:]
		if !allCaps && rest != strings.ToLower(rest) {
			return false
		}
		if strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) {
			return false
		}
	}
	if allCaps {
		return titleWords(s) != ""
	}
	return true
}

var fileNumberRe = regexp.MustCompile(`(?i)(?:^|[^\d])(\d{1,5})[-_ ]((?:(?:19|20)\d\d)[-_ ])?([a-zđ]{1,5})[-_ ]([a-zđ][a-zđ0-9]{1,12}(?:-[a-zđ][a-zđ0-9]{1,12})?)`)

// numberFromFileName reads "779-QD-UBND", "23-VBHN-VPQH", "100-2001-ND-CP"
// from a file name when the type part is a known type code.
func numberFromFileName(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	for _, m := range fileNumberRe.FindAllStringSubmatch(base, -1) {
		tc, ok := typeCodes[vntext.Key(m[3])]
		if !ok {
			continue
		}
		issuer := strings.ToUpper(strings.ReplaceAll(m[4], "_", "-"))
		parts := strings.Split(issuer, "-")
		for i := range parts {
			parts[i] = issuerCodeCase(parts[i])
		}
		issuer = strings.Join(parts, "-")
		// Drop a trailing date or words glued with '_': "UBND_dieu-le".
		out := m[1] + "/"
		if m[2] != "" {
			out += m[2][:4] + "/"
		}
		return out + tc.code + "-" + issuer
	}
	return ""
}

func firstField(s string) string {
	s = strings.TrimLeft(s, " ")
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}
