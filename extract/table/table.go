package table

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Kind is what a body row is.
type Kind string

const (
	Item  Kind = "item"
	Group Kind = "group"
	Total Kind = "total"
)

// Table is one table found on a sheet or on PDF pages.
type Table struct {
	Page  int    // first page (1-based) for a PDF table, 0 for a sheet
	Sheet string // sheet name, "" for a PDF table
	// Hidden is true for a table on a hidden sheet.
	Hidden bool
	Title  string
	Unit   Unit // zero when the table states no money unit
	// ColUnits holds a unit a column title states for itself ("Số tiền
	// (tỷ đồng)"); zero where the column uses Unit.
	ColUnits []Unit
	// Columns holds one header path per column ("DỰ TOÁN / BỔ SUNG CÓ MỤC
	// TIÊU / TỔNG SỐ"); "" when the column has no header.
	Columns []string
	// Amount marks the columns that hold money in Unit (not STT, not the
	// label, not a percentage, a ratio, a score, a count or a quantity in
	// people or hectares: see notMoney).
	Amount []bool
	// PartOf holds, per column, the column it is a part of, -1 when none:
	// a column under a sibling "Tổng số" ("BỔ SUNG / BỔ SUNG CÓ MỤC TIÊU"
	// is a part of "BỔ SUNG / TỔNG SỐ"), a "Trong đó" column (a part of
	// the column left of the "Trong đó" span), a numbered heading "I. …",
	// "II. …" right of a "Tổng …" column. Summing a total column with its
	// parts counts the money twice.
	PartOf []int
	// UnitCol is the "ĐVT" column giving each row its own unit, -1 when
	// none; a row whose unit there is not money has no amount.
	UnitCol int
	// Notes are the lines under the table ("Ghi chú: (1) Bao gồm 207 tỷ
	// đồng …"); a total that differs from its rows by an amount a note
	// names is not reported.
	Notes    []string
	IndexCol int // STT column, -1 when none
	LabelCol int // the column naming the recipient, -1 when none
	Rows     []Row
	// parts are the grid areas the table was read from (one per page),
	// for Cells.
	parts []part
}

// RowUnit is the unit of row r's figure in column c: none for a row
// that names a ratio ("Tỷ lệ …", "Tỷ trọng …", "… (%)"); the row's own
// unit in the "ĐVT" column when there is one ("Tr.đ"; zero for "người",
// "ha", "%"), else the column's.
func (t *Table) RowUnit(r *Row, c int) Unit {
	if ratioRow.MatchString(fold(r.Label)) {
		return Unit{} // "Tỷ lệ bội chi so GDP" in a table of amounts
	}
	if t.UnitCol >= 0 && t.UnitCol < len(r.Cells) {
		if cell := strings.TrimSpace(r.Cells[t.UnitCol]); cell != "" {
			u, _ := findUnit("(" + cell + ")")
			return u
		}
	}
	return t.UnitOf(c)
}

// UnitOf is the unit of column c: its own, or the table's.
func (t *Table) UnitOf(c int) Unit {
	if c >= 0 && c < len(t.ColUnits) && t.ColUnits[c].VND != 0 {
		return t.ColUnits[c]
	}
	return t.Unit
}

// Row is one logical body row (a merged multi-line row counts once).
type Row struct {
	Kind  Kind
	Level int    // 0 total, 1 letter group (A, B), 2 group (I, II, region, year), 3 item, 4 sub-item
	Index string // STT as written
	Label string // Vietnamese label: recipient, group or total name
	Cells []string
	Nums  []*Num // parsed number per column, nil when the cell is not a number
	// Line is the sheet row (0-based) or, for PDF, the row's index in its
	// page's table grid (0-based).
	Line int
	Page int
	// Group is the path of enclosing group labels ("MIỀN NÚI PHÍA BẮC").
	Group string
	// OfWhich marks a "Trong đó" breakdown row: not a recipient, not summed.
	OfWhich bool
	// Bold is true when a cell of the row is bold.
	Bold bool
	// Summary marks a total-like row that is not a sum ("Chỉ số trung
	// bình", "Bình quân"): kind total, never checked.
	Summary bool
	// Subtotal marks a total under the rows of a group ("Cộng"), followed
	// by more of the table; it sums the rows above it.
	Subtotal bool
	// Indent is the number of spaces the label is written after (a
	// sub-item indented under its item).
	Indent int
	lead   []int // leading spaces per cell
	// Detail marks an item row that details an item above it: a "Trong
	// đó" row or a sub-item (a, b, -, 1.1, an unnumbered row) under a
	// numbered item of the same group. Summing the items that are not
	// Detail gives the group (and the total) without double counting.
	Detail bool
}

// gcell is a cell of the working grid; a merged area is one gcell shared by
// every position it covers.
type gcell struct {
	text           string // raw text, may hold line breaks
	display        string // the cell as printed (PDF); "" to format num
	num            *Num
	bold           bool
	r0, c0, r1, c1 int
}

// grid is the format-neutral input of table finding.
type grid struct {
	rows, cols int
	at         [][]*gcell
	line       []int
	page       []int
	hidden     []bool
	title      []string // text above the grid (PDF: lines above the table)
}

func (g *grid) cell(r, c int) *gcell {
	if r < 0 || r >= g.rows || c < 0 || c >= g.cols {
		return nil
	}
	return g.at[r][c]
}

// own returns the cell whose top-left corner is (r, c).
func (g *grid) own(r, c int) *gcell {
	x := g.cell(r, c)
	if x != nil && x.r0 == r && x.c0 == c {
		return x
	}
	return nil
}

func (g *grid) rowEmpty(r int) bool {
	for c := 0; c < g.cols; c++ {
		if x := g.cell(r, c); x != nil && strings.TrimSpace(x.text) != "" {
			return false
		}
	}
	return true
}

// ownedTexts lists the non-empty cells starting in row r.
func (g *grid) owned(r int) []*gcell {
	var out []*gcell
	for c := 0; c < g.cols; c++ {
		if x := g.own(r, c); x != nil && strings.TrimSpace(x.text) != "" {
			out = append(out, x)
		}
	}
	return out
}

var (
	colNumToken = regexp.MustCompile(`^(\(?[A-Za-z]\)?|\(?\d{1,2}\)?|\(?\d{1,2}\)?\s*=\s*[\d\s+\-x*/().…]+)$`)
	footerRe    = regexp.MustCompile(`^(ghi chu|chu thich|note|remark|noi nhan|nguoi lap|thu truong|ke toan|tm\.|kt\.|ubnd|so tai chinh)`)
	totalRe     = regexp.MustCompile(`^(tong so|tong cong|tong|cong|ca nuoc|toan quoc|toan tinh|tong thu|tong chi)\b`)
	strictTotal = regexp.MustCompile(`^(tong so|tong cong|ca nuoc|toan quoc|toan tinh)\b|^(tong|cong)\s*:?$|^cong\s*[:(]`)
	yearGroup   = regexp.MustCompile(`^nam \d{4}$`)
	labelHdr    = regexp.MustCompile(`^(ten|don vi|tinh|dia phuong|co quan|noi dung|chi tieu|danh muc|khoan muc|doi tuong|huyen|xa|phuong|name)\b`)
	notesHdr    = regexp.MustCompile(`^(ghi chu|ly do|y kien|giai trinh|tai lieu|note|remark)\b`)
	summaryRe   = regexp.MustCompile(`\b(trung binh|binh quan|cao nhat|thap nhat|ty le chung)\b`)
	ofWhichRe   = regexp.MustCompile(`^(trong do|tr\.? ?do|trd|of which)\b`)
	subIndex    = regexp.MustCompile(`^([a-zđ][.)]?|\d+\.\d+(\.\d+)*\.?|[-+*•–])$`)
	itemIndex   = regexp.MustCompile(`^\d{1,4}\.?$`)
	percentHdr  = regexp.MustCompile(`%|\bty le\b|\bratio\b|\bhe so\b|\bdiem\b|\bxep hang\b|\bthu hang\b|\bchi so\b|\bso luong\b|\bdien tich\b|(^|/ )dan so\b|\b(pci|papi|par index|sipas)\b|\bso (cum|khu|du an|de an|nguoi|lao dong|xa|huyen|don vi|doanh nghiep|co so|cong trinh|luot|lan|bien che|truong|lop|hoc sinh|giuong|thon|to chuc|thu tuc|ho so|hop tac xa|mo hinh|lop hoc|chuong trinh)\b|\((nguoi|ha|km|m2|m3|ho|luot|lan|diem|dn|cai|chiec|tan|kg|lit|con|xa|du an|cum|bien che|thang|ngay|nam|hs|lop)\)`)
	// nonMoneyUnit is a unit that is not money, standing alone as a
	// header segment or an "ĐVT" cell ("người", "ha", "%").
	nonMoneyUnit = regexp.MustCompile(`^(nguoi|ha|km|m2|m3|ho|luot|lan|diem|dn|doanh nghiep|cai|chiec|tan|kg|lit|con|cum|bien che|hs|lop|%|so luong|ty le|chi so|xep hang|hang)$`)
	// ratioRow is a row label naming a ratio, a share or a rate, whose
	// figures are not money even in a table of amounts.
	ratioRow    = regexp.MustCompile(`^([-+*•–]\s*)?(ty le|ty trong|toc do (tang|giam)|he so|ti le)\b|\(%\)|%$|\(lan\)$`)
	unitColHdr  = regexp.MustCompile(`^(dvt|don vi tinh)\.?$`)
	totalColHdr = regexp.MustCompile(`^(tong so|tong cong|tong|cong|tong so tien|tong kinh phi|tong von)\.?$`)
	ofWhichCol  = regexp.MustCompile(`^(trong do|tr\.? ?do|td|of which)\b`)
	romanHead   = regexp.MustCompile(`^([ivx]+)\.\s`)
)

// moneyHdr is a column title naming money, matched on the lower-case
// text with its diacritics ("giá", not "gia nhập").
var moneyHdr = regexp.MustCompile(`^(giá|đơn giá|thành tiền|số tiền|kinh phí|tổng kinh phí|vốn|tổng vốn|dự toán|quyết toán|mức hỗ trợ|mức phân bổ|trị giá|giá trị)(\s|$|\(|:)`)

// NamesMoney tells a column header that says its figures are money
// ("Giá thẩm định", "Thành tiền", "Kinh phí", "Vốn ĐT", "Dự toán"), for
// a table that states no unit: its figures are money of an unknown unit.
func NamesMoney(header string) bool {
	if notMoney(header) {
		return false
	}
	if f := fold(header); strings.Contains(f, "vnd/") || strings.Contains(f, "dong/") {
		return false // a rate: "Giá điện (VNĐ/kWh)"
	}
	for _, seg := range strings.Split(strings.ToLower(clean(header)), " / ") {
		if moneyHdr.MatchString(strings.TrimSpace(seg)) {
			return true
		}
	}
	return false
}

// notMoney tells a column header that says its figures are not money: a
// percentage, a score (PCI, PAPI, "Điểm", "Xếp hạng", "Chỉ số"), a count
// ("Số lượng", "Số cụm/khu công nghiệp", "Số dự án"), a quantity in
// people, hectares… ("(người)", "Diện tích (ha)", a segment "người").
func notMoney(header string) bool {
	f := fold(header)
	if percentHdr.MatchString(f) {
		return true
	}
	for _, seg := range strings.Split(f, " / ") {
		if nonMoneyUnit.MatchString(strings.Trim(strings.TrimSpace(seg), "()")) {
			return true
		}
	}
	return false
}

var regions = []string{
	"mien nui phia bac", "trung du va mien nui phia bac", "trung du mien nui phia bac", "dong bac", "tay bac",
	"dong bang song hong", "bac trung bo", "duyen hai nam trung bo", "bac trung bo va duyen hai mien trung",
	"nam trung bo", "tay nguyen", "dong nam bo", "dong bang song cuu long", "mien bac", "mien trung", "mien nam",
	"thanh pho", "thanh pho truc thuoc trung uong", "cac tinh",
}

func isRegion(label string) bool {
	f := fold(label)
	for _, r := range regions {
		if f == r {
			return true
		}
	}
	return false
}

// isColNumRow recognizes the column-number row ("A B 1 2 3 …", "1 2 3=4+5").
func (g *grid) isColNumRow(r int) bool {
	cells := g.owned(r)
	if len(cells) < 3 {
		return false
	}
	digits := 0
	for _, x := range cells {
		t := strings.TrimSpace(clean(x.text))
		if !colNumToken.MatchString(t) {
			return false
		}
		if t[0] >= '0' && t[0] <= '9' || t[0] == '(' {
			digits++
		}
	}
	// Small integers in increasing order; letters allowed before them.
	last := -1
	for _, x := range cells {
		t := strings.Trim(strings.TrimSpace(clean(x.text)), "()")
		if i := strings.IndexAny(t, "="); i > 0 {
			t = strings.TrimSpace(t[:i])
		}
		n, err := strconv.Atoi(strings.Trim(t, "()"))
		if err != nil {
			continue
		}
		if n <= last {
			return false
		}
		last = n
	}
	return digits >= 2
}

func (g *grid) numCount(r int) int {
	n := 0
	for _, x := range g.owned(r) {
		if x.num != nil {
			n++
		}
	}
	return n
}

// isUnitOrTitle tells a row above a header that is the unit line or the
// title: every cell a unit phrase, or one cell spanning most of the width.
func (g *grid) isUnitOrTitle(r int) bool {
	cells := g.owned(r)
	if len(cells) == 0 {
		return false
	}
	allUnit := true
	for _, x := range cells {
		if _, ok := findUnit(x.text); !ok {
			allUnit = false
		}
	}
	if allUnit {
		return true
	}
	if len(cells) == 1 {
		x := cells[0]
		if x.c1-x.c0+1 >= g.cols/2 && g.cols >= 4 {
			return true
		}
		if x.c0 == 0 && len([]rune(clean(x.text))) > 40 {
			return true
		}
	}
	return false
}

// find returns the tables of a grid.
func (g *grid) find() []*Table {
	var out []*Table
	r := 0
	for r < g.rows {
		t, next := g.tableFrom(r)
		if t != nil {
			out = append(out, t)
		}
		if next <= r {
			next = r + 1
		}
		r = next
	}
	return out
}

// tableFrom looks for a table whose body starts at or after row r and
// returns it with the row after it.
func (g *grid) tableFrom(start int) (*Table, int) {
	// Body start: the column-number row's next row, or the first row with
	// two numbers and a text that is below some header text.
	bodyStart, colNum := -1, -1
	for r := start; r < g.rows; r++ {
		if g.hidden[r] {
			continue
		}
		if g.isColNumRow(r) {
			colNum = r
			bodyStart = r + 1
			break
		}
		if g.yearRow(r) {
			continue // "2024 2025" under "Dự toán": a header row
		}
		if r > start && (g.numCount(r) >= 2 || g.figureCount(r) >= 2 && g.hasLabel(r) || g.numCount(r) == 1 && len(g.owned(r)) >= 2 && (g.textRowAbove(r) || g.likeRowBelow(r))) {
			bodyStart = r
			break
		}
		if r == start && g.numCount(r) >= 2 && g.hasLabel(r) {
			bodyStart = r // a table without a header (continued from a previous page)
			break
		}
	}
	if bodyStart < 0 {
		return nil, g.rows
	}
	// Header: rows above (skipping the column-number row and empty rows
	// right above it) up to the unit line, the title, or an empty row.
	// Without a column-number row, group rows with no figures ("I", "Khối
	// tỉnh") just above the first figures belong to the body.
	// A row of figures right above them (a total whose only other cell
	// is empty, a row with one figure) is data too: a row of plain numbers
	// is never a header unless it is the column-number row or years.
	for colNum < 0 && bodyStart-1 > start && (g.groupRowAbove(bodyStart-1) || g.figuresAbove(bodyStart-1, bodyStart)) {
		bodyStart--
	}
	top := bodyStart
	if colNum >= 0 {
		top = colNum
	}
	hdrEnd := top // exclusive
	r := top - 1
	for r >= start && g.rowEmpty(r) && !g.coveredFromAbove(r) {
		r--
		hdrEnd = r + 1
	}
	hdrStart := hdrEnd
	for ; r >= start; r-- {
		if g.hidden[r] {
			continue
		}
		if g.rowEmpty(r) && !g.coveredFromAbove(r) {
			break
		}
		if g.isUnitOrTitle(r) {
			break
		}
		if g.dataRow(r) {
			break // figures: a previous table's body, not a header
		}
		hdrStart = r
	}
	t := &Table{IndexCol: -1, LabelCol: -1, UnitCol: -1}
	// Title and unit: rows from start (or a bit above) to the header.
	titleFrom := max(start, hdrStart-8)
	var titleParts []string
	titleParts = append(titleParts, g.title...)
	for r := titleFrom; r < hdrStart; r++ {
		for _, x := range g.owned(r) {
			titleParts = append(titleParts, clean(x.text))
		}
	}
	for _, p := range titleParts {
		if u, ok := findUnit(p); ok && t.Unit.VND == 0 {
			t.Unit = u
		}
	}
	t.Title = pickTitle(titleParts)
	// Body rows until a footer or three empty rows.
	bodyEnd := bodyStart
	empties := 0
	for r := bodyStart; r < g.rows; r++ {
		if g.hidden[r] {
			bodyEnd = r + 1
			continue
		}
		if g.rowEmpty(r) && !g.coveredFromAbove(r) {
			empties++
			if empties >= 3 {
				break
			}
			continue
		}
		first := g.owned(r)
		if len(first) > 0 && footerRe.MatchString(fold(first[0].text)) && g.numCount(r) == 0 {
			break
		}
		if g.isColNumRow(r) && r > bodyStart {
			break
		}
		if r > bodyStart+1 && g.numCount(r) == 0 && g.looksLikeHeader(r) {
			break
		}
		empties = 0
		bodyEnd = r + 1
	}
	for r := bodyEnd; r < min(g.rows, bodyEnd+15); r++ {
		for _, x := range g.owned(r) {
			t.Notes = append(t.Notes, clean(x.text))
		}
	}
	// Columns used.
	cmin, cmax := g.cols, -1
	for r := hdrStart; r < bodyEnd; r++ {
		for c := 0; c < g.cols; c++ {
			if x := g.cell(r, c); x != nil && strings.TrimSpace(x.text) != "" {
				cmin = min(cmin, c)
				cmax = max(cmax, c)
			}
		}
	}
	if cmax < 0 {
		return nil, bodyEnd
	}
	ncol := cmax - cmin + 1
	t.Columns = g.headerPaths(hdrStart, hdrEnd, cmin, cmax)
	// A unit stated in the header ("Đơn vị: triệu đồng") is the table's;
	// one in a column title ("Số tiền (tỷ đồng)") is that column's.
	t.ColUnits = make([]Unit, len(t.Columns))
	for c, h := range t.Columns {
		// The innermost segment that names a unit: "Kinh phí / Triệu
		// đồng", "Số tiền (triệu đồng) / Tổng số".
		segs := strings.Split(h, " / ")
		for k := len(segs) - 1; k >= 0; k-- {
			u, ok := findUnit(segs[k])
			if !ok {
				u, ok = trailingUnit(segs[k]) // "Kinh phí" over "Triệu đồng"
			}
			if !ok {
				continue
			}
			if f := fold(segs[k]); strings.Contains(f, "don vi") || strings.Contains(f, "dvt") {
				if t.Unit.VND == 0 {
					t.Unit = u
				}
			} else {
				t.ColUnits[c] = u
			}
			break
		}
	}
	// Logical rows.
	var rows []Row
	for r := bodyStart; r < bodyEnd; {
		if g.hidden[r] || (g.rowEmpty(r) && !g.coveredFromAbove(r)) {
			r++
			continue
		}
		end := r
		for c := cmin; c <= cmax; c++ {
			if x := g.own(r, c); x != nil && x.r1 > end && x.r1 < bodyEnd {
				end = x.r1
			}
		}
		if end > r && g.separateRows(r, end, cmin, cmax) {
			end = r // a category cell merged over several item rows
		}
		row := Row{Line: g.line[r], Page: g.page[r], Cells: make([]string, ncol), Nums: make([]*Num, ncol), lead: make([]int, ncol)}
		for c := cmin; c <= cmax; c++ {
			var parts []string
			for rr := r; rr <= end; rr++ {
				x := g.own(rr, c)
				if x == nil || strings.TrimSpace(x.text) == "" {
					continue
				}
				if x.num != nil && row.Nums[c-cmin] == nil {
					n := *x.num
					row.Nums[c-cmin] = &n
				}
				parts = append(parts, x.text)
			}
			if x := g.cell(r, c); len(parts) == 0 && x != nil && x.r0 < r && x.c0 == c && x.num == nil && r >= bodyStart {
				parts = append(parts, x.text) // the merged category cell, for each of its rows
			}
			if row.Nums[c-cmin] != nil {
				row.Cells[c-cmin] = row.Nums[c-cmin].String()
				if x := g.own(r, c); x != nil && x.display != "" && len(parts) == 1 {
					row.Cells[c-cmin] = x.display
				}
			} else {
				row.Cells[c-cmin] = clean(strings.Join(parts, "\n"))
				if len(parts) > 0 {
					row.Cells[c-cmin] = vietnameseOnly(strings.Join(parts, "\n"))
				}
			}
			if x := g.own(r, c); x != nil && x.bold {
				row.Bold = true
			}
			if x := g.own(r, c); x != nil {
				row.lead[c-cmin] = leadingSpaces(x.text)
			}
		}
		// A following row with only an English gloss belongs to this one.
		for end+1 < bodyEnd && g.englishOnly(end+1, cmin, cmax) {
			end++
		}
		rows = append(rows, row)
		r = end + 1
	}
	if len(rows) == 0 {
		return nil, bodyEnd
	}
	t.IndexCol, t.LabelCol = pickColumns(rows, t.Columns, ncol)
	if t.LabelCol < 0 && (t.IndexCol < 0 || len(rows) < 2 || ncol < 3) {
		return nil, bodyEnd
	}
	if t.LabelCol < 0 {
		// Rows keyed by a number (a year, a count of answers): a table
		// without a name column, so without recipients.
		t.IndexCol = -1
	}
	t.Amount = make([]bool, ncol)
	for c := 0; c < ncol; c++ {
		if c == t.IndexCol || c == t.LabelCol {
			continue
		}
		nums := 0
		for _, row := range rows {
			if row.Nums[c] != nil {
				nums++
			}
		}
		if nums == 0 || notMoney(t.Columns[c]) {
			continue
		}
		t.Amount[c] = true
	}
	for c := 0; c < ncol; c++ {
		if c != t.LabelCol && c != t.IndexCol && unitColHdr.MatchString(fold(t.Columns[c])) {
			t.UnitCol = c
			break
		}
	}
	t.PartOf = partOf(t.Columns, t.Amount)
	for c := range t.Columns {
		if t.Columns[c] == "" {
			t.Columns[c] = "Cột " + strconv.Itoa(c+1)
		}
	}
	classify(t, rows)
	t.Rows = rows
	t.parts = []part{{g: g, r0: hdrStart, r1: bodyEnd, c0: cmin, c1: cmax}}
	return t, bodyEnd
}

func pickTitle(parts []string) string {
	skip := func(p string) bool {
		f := fold(p)
		if _, ok := findUnit(p); ok && len(f) < 40 {
			return true
		}
		return f == "" || strings.HasPrefix(f, "bo tai chinh") || strings.HasPrefix(f, "ministry") || strings.HasPrefix(f, "phu luc") ||
			strings.HasPrefix(f, "mau so") || strings.HasPrefix(f, "table") || strings.HasPrefix(f, "(kem theo") ||
			strings.HasPrefix(f, "(ban hanh kem") || isEnglish(p) || pageNumber.MatchString(p)
	}
	// A heading: capitals (joined with the capital lines next to it), or
	// a line starting "Bảng", "Biểu", "I.", "1.".
	best := ""
	for i := 0; i < len(parts); i++ {
		if skip(parts[i]) || !isHeading(parts[i]) {
			continue
		}
		h := parts[i]
		for i+1 < len(parts) && !skip(parts[i+1]) && upperRatio(parts[i+1]) >= 0.8 && upperRatio(h) >= 0.8 {
			i++
			h += " " + parts[i]
		}
		if len([]rune(h)) > len([]rune(best)) || upperRatio(best) < 0.8 && upperRatio(h) >= 0.8 {
			best = h
		}
	}
	if best != "" {
		return clean(best)
	}
	for _, p := range parts {
		if !skip(p) && len([]rune(p)) > len([]rune(best)) {
			best = p
		}
	}
	return best
}

var headingRe = regexp.MustCompile(`^(bang|bieu|danh sach|ket qua|tong hop|[ivx]+\.|[a-d]\.|\d+\.)\s`)

func isHeading(p string) bool {
	return upperRatio(p) >= 0.8 || headingRe.MatchString(fold(p))
}

// upperRatio is the share of capital letters among the letters of s.
func upperRatio(s string) float64 {
	var up, all int
	for _, r := range s {
		if unicode.IsLetter(r) {
			all++
			if unicode.IsUpper(r) {
				up++
			}
		}
	}
	if all < 4 {
		return 0
	}
	return float64(up) / float64(all)
}

// groupRowAbove tells a row that opens with a roman numeral or a number
// and has a label: a body row, not a header row.
func (g *grid) groupRowAbove(r int) bool {
	cells := g.owned(r)
	if len(cells) < 2 || g.coveredFromAbove(r) {
		return false
	}
	first := strings.TrimRight(strings.TrimSpace(clean(cells[0].text)), ".")
	return (isRoman(first) || itemIndex.MatchString(first)) && cells[1].num == nil && len([]rune(clean(cells[1].text))) > 2
}

// isYear tells a cell holding a year (a whole number 1945–2100).
func isYear(x *gcell) bool {
	return x.num != nil && x.num.Scale == 0 && x.num.Mant >= 1945 && x.num.Mant <= 2100
}

// dataRow tells a row holding a figure: a number that is not a year, in a
// row that is not the column-number row.
func (g *grid) dataRow(r int) bool {
	for _, x := range g.owned(r) {
		if x.num != nil && !isYear(x) {
			return !g.isColNumRow(r)
		}
	}
	return false
}

// figuresAbove tells a row r right above body row b, a row with a name,
// whose figures stand in columns that hold figures in the body: data, not
// a header.
func (g *grid) figuresAbove(r, b int) bool {
	if g.hidden[r] || g.coveredFromAbove(r) || !g.dataRow(r) || !g.hasLabel(b) {
		return false // under it, rows of names and figures (not a chart's axis)
	}
	for _, x := range g.owned(r) {
		if x.num == nil || isYear(x) {
			continue
		}
		below := false
		for rr := b; rr < min(g.rows, b+5) && !below; rr++ {
			y := g.cell(rr, x.c0)
			below = y != nil && y.num != nil
		}
		if !below {
			return false
		}
	}
	return true
}

// yearRow tells a header row of years: every cell a whole number between
// 1945 and 2100, no label.
func (g *grid) yearRow(r int) bool {
	cells := g.owned(r)
	if len(cells) < 2 {
		return false
	}
	all := true
	for _, x := range cells {
		if !isYear(x) {
			all = false
		}
	}
	return all || g.headedYears(cells)
}

// headedYears tells a header row of years beside header words ("STT |
// Tỉnh, thành phố | 2017 | 2018 | 2019"): two or more figures, each a
// year written in four digits, each a few years after the one before, and
// no index in the first cell.
func (g *grid) headedYears(cells []*gcell) bool {
	years, last := 0, int64(0)
	for i, x := range cells {
		t := strings.TrimSpace(clean(x.text))
		if x.num == nil {
			continue
		}
		if i == 0 || x.num.Scale != 0 || !fourDigits.MatchString(t) || x.num.Mant < 1945 || x.num.Mant > 2100 {
			return false
		}
		if years > 0 && (x.num.Mant <= last || x.num.Mant > last+10) {
			return false
		}
		years++
		last = x.num.Mant
	}
	return years >= 2
}

// separateRows tells physical rows r..end (held together by a vertical
// merge) that are separate items: some column has figures in two of them.
func (g *grid) separateRows(r, end, cmin, cmax int) bool {
	for c := cmin; c <= cmax; c++ {
		n := 0
		for rr := r; rr <= end; rr++ {
			if x := g.own(rr, c); x != nil && x.num != nil {
				n++
			}
		}
		if n >= 2 {
			return true
		}
	}
	return false
}

// hasLabel tells a row with a text cell that is not a number.
func (g *grid) hasLabel(r int) bool {
	for _, x := range g.owned(r) {
		if x.num == nil && len([]rune(clean(x.text))) > 2 {
			return true
		}
	}
	return false
}

// textRowAbove tells whether the nearest non-empty row above r has two or
// more cells and no numbers (a header row).
func (g *grid) textRowAbove(r int) bool {
	for k := r - 1; k >= 0; k-- {
		if g.rowEmpty(k) {
			continue
		}
		return g.numCount(k) == 0 && len(g.owned(k)) >= 2
	}
	return false
}

// figureWithShare is a count with its share in brackets: "1269 (19.9%)".
var figureWithShare = regexp.MustCompile(`^[-+]?\d[\d.,]*\s*\(\s*[-+]?\d[\d.,]*\s*%\s*\)$`)

// figureCount counts the cells of row r that are figures, a count with
// its share in brackets included.
func (g *grid) figureCount(r int) int {
	n := 0
	for _, x := range g.owned(r) {
		if x.num != nil || figureWithShare.MatchString(clean(x.text)) {
			n++
		}
	}
	return n
}

// likeRowBelow tells a row of one figure beside a name followed by a row
// of the same shape: the first of a column of figures.
func (g *grid) likeRowBelow(r int) bool {
	for k := r + 1; k < g.rows; k++ {
		if g.rowEmpty(k) {
			continue
		}
		return g.numCount(k) == 1 && len(g.owned(k)) == len(g.owned(r)) && g.hasLabel(k) && g.hasLabel(r)
	}
	return false
}

// coveredFromAbove tells a row inside a vertical merge that began above it.
func (g *grid) coveredFromAbove(r int) bool {
	for c := 0; c < g.cols; c++ {
		if x := g.cell(r, c); x != nil && x.r0 < r && strings.TrimSpace(x.text) != "" {
			return true
		}
	}
	return false
}

func (g *grid) englishOnly(r, cmin, cmax int) bool {
	cells := g.owned(r)
	if len(cells) == 0 || g.coveredFromAbove(r) {
		return false
	}
	for _, x := range cells {
		if x.c0 < cmin || x.c0 > cmax || x.num != nil || !isEnglish(clean(x.text)) {
			return false
		}
	}
	return true
}

// looksLikeHeader tells a repeated header inside a body (a second table).
func (g *grid) looksLikeHeader(r int) bool {
	cells := g.owned(r)
	if len(cells) < 3 {
		return false
	}
	for _, x := range cells {
		f := fold(x.text)
		if f == "stt" || f == "tt" || strings.HasPrefix(f, "so tt") {
			return true
		}
	}
	return false
}

// headerPaths builds one path per column from the header rows. Inside one
// column, a cell wider than the one below it is a parent (" / "), and so
// is a cell of the same width stacked over another ("Số tiền" over "Dự
// toán năm 2017", "Chỉ số thành phần 1" over "Gia nhập thị trường"),
// unless the lower one carries on the upper's title (wrappedTitle: joined
// with a space) or repeats it.
// A header cell with two or more empty cells to its right whose columns
// have sub-headers below is taken to span them ("centre across selection").
func (g *grid) headerPaths(h0, h1, cmin, cmax int) []string {
	ncol := cmax - cmin + 1
	type span struct {
		text   string
		c0, c1 int
		r0     int
	}
	cover := make([][]*span, h1-h0)
	spans := map[*gcell]*span{}
	for r := h0; r < h1; r++ {
		cover[r-h0] = make([]*span, ncol)
		for c := cmin; c <= cmax; c++ {
			x := g.cell(r, c)
			if x == nil || strings.TrimSpace(x.text) == "" {
				continue
			}
			if x.r0 < h0 {
				continue
			}
			sp := spans[x]
			if sp == nil {
				sp = &span{text: x.text, c0: max(x.c0, cmin), c1: min(x.c1, cmax), r0: x.r0}
				spans[x] = sp
			}
			cover[r-h0][c-cmin] = sp
		}
		// Extend unmerged cells over runs of empties with sub-headers below.
		for c := 0; c < ncol; c++ {
			s := cover[r-h0][c]
			if s == nil || s.c0 != s.c1 || s.r0 != r || r+1 >= h1 {
				continue
			}
			run := 0
			for k := c + 1; k < ncol && cover[r-h0][k] == nil && g.hasBelow(r, h1, k+cmin); k++ {
				run++
			}
			if run >= 2 && g.hasBelow(r, h1, c+cmin) {
				ext := &span{text: s.text, c0: s.c0, c1: s.c0 + run, r0: s.r0}
				for k := c; k <= c+run; k++ {
					cover[r-h0][k] = ext
				}
				c += run
			}
		}
	}
	out := make([]string, ncol)
	for c := 0; c < ncol; c++ {
		var path []string
		var prev *span
		for r := range cover {
			s := cover[r][c]
			if s == nil || s == prev {
				continue
			}
			text := vietnameseOnly(s.text)
			if text == "" || isEnglish(text) || figureText(text) || columnLetter.MatchString(text) && len(path) > 0 && !spelledOut(path[len(path)-1]) {
				prev = s
				continue
			}
			switch {
			case prev != nil && len(path) > 0 && prev.c1-prev.c0 == s.c1-s.c0 && sameTitle(path[len(path)-1], text):
				// The same title typed again in the row below.
			case prev != nil && len(path) > 0 && prev.c1-prev.c0 == s.c1-s.c0 && wrappedTitle(path[len(path)-1], text):
				path[len(path)-1] += " " + text
			default:
				path = append(path, text)
			}
			prev = s
		}
		out[c] = strings.Join(path, " / ")
	}
	return out
}

// columnLetter is a column's letter in the row that numbers the columns
// ("A", "B" under the titles; the figures are figureText).
var columnLetter = regexp.MustCompile(`^[A-Z]$`)

// spelledOut tells a title typed one letter per row ("S" / "T" / "T"):
// its last word is a lone letter, and the letter below goes on with it.
func spelledOut(title string) bool {
	f := strings.Fields(title)
	return len(f) > 0 && columnLetter.MatchString(f[len(f)-1])
}

// sameTitle tells a header cell that repeats the one above it ("Mã PCI"
// over "Mã PCI").
func sameTitle(upper, lower string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(upper), " "), strings.Join(strings.Fields(lower), " "))
}

// wrappedTitle tells a header cell that carries on the title of the cell
// above it, as a title typed over several rows of a sheet: it starts in
// lower case ("Bổ sung" over "cân đối", "… (Giá trị trung vị)" over "c1"),
// or both are in capitals, where a title's lines cannot be told from
// levels by their case ("TỔNG THU" / "NSNN" / "TRÊN ĐỊA BÀN" …) and a
// header in capitals is one title per column far more often than two.
func wrappedTitle(upper, lower string) bool {
	for _, r := range lower {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return true
			}
			break
		}
	}
	return upper == strings.ToUpper(upper) && lower == strings.ToUpper(lower)
}

// figureText tells header text that is only a figure ("1212180",
// "902030 194250"): never part of a column name. A year ("2018") is a
// name.
func figureText(s string) bool {
	digits := false
	for _, f := range strings.Fields(s) {
		n, ok := ParseNumber(f)
		if !ok {
			return false
		}
		if !(n.Scale == 0 && n.Mant >= 1945 && n.Mant <= 2100) {
			digits = true
		}
	}
	return digits
}

func (g *grid) hasBelow(r, h1, c int) bool {
	for rr := r + 1; rr < h1; rr++ {
		if x := g.cell(rr, c); x != nil && x.r0 > r && strings.TrimSpace(x.text) != "" {
			return true
		}
	}
	return false
}

// pickColumns finds the STT column and the label column.
func pickColumns(rows []Row, headers []string, ncol int) (index, label int) {
	index, label = -1, -1
	bestText := 0
	for c := 0; c < ncol; c++ {
		h := fold(headers[c])
		idx, text := 0, 0
		distinct := map[string]bool{}
		for _, r := range rows {
			s := strings.TrimSpace(r.Cells[c])
			if s == "" {
				continue
			}
			if r.Nums[c] != nil || isRoman(s) || len([]rune(s)) <= 2 || subIndex.MatchString(strings.ToLower(s)) {
				idx++
			} else {
				text++
				distinct[s] = true
			}
		}
		if index < 0 && label < 0 && (h == "stt" || h == "tt" || strings.HasPrefix(h, "stt") || strings.HasPrefix(h, "so tt") || strings.HasPrefix(h, "so thu tu") || (idx > 0 && idx >= 2*text && c < ncol-1)) {
			index = c
			continue
		}
		// The label names each row: the text column with the most
		// different values (a category merged over rows repeats), a
		// column titled like a name first, a notes column last.
		score := len(distinct)
		switch {
		case score == 0:
		case unitColHdr.MatchString(h):
			score = 1 // "Đơn vị tính": the unit of each row, not a name
		case labelHdr.MatchString(h):
			score += 100000
		case notesHdr.MatchString(h):
			score = 1
		}
		if score > bestText {
			bestText = score
			label = c
		}
	}
	return index, label
}

// classify sets Kind, Level, Index, Label, OfWhich and Group of each row.
func classify(t *Table, rows []Row) {
	var groups []Row // open groups by level
	ofWhichFrom, ofWhichUntil := -1, 0
	itemIndent := -1 // the label indent of the last item, -1 after a group
	for i := range rows {
		row := &rows[i]
		bold := row.Bold
		if t.IndexCol >= 0 {
			row.Index = strings.TrimSpace(row.Cells[t.IndexCol])
		}
		row.Kind, row.Level, row.OfWhich, row.Summary, row.Subtotal, row.Group = "", 0, false, false, false, ""
		row.Index = ""
		if t.IndexCol >= 0 {
			row.Index = strings.TrimSpace(row.Cells[t.IndexCol])
		}
		if t.LabelCol >= 0 {
			row.Label = strings.TrimSpace(row.Cells[t.LabelCol])
			if t.LabelCol < len(row.lead) {
				row.Indent = row.lead[t.LabelCol]
			}
		}
		if row.Label == "" && len([]rune(row.Index)) > 4 && !subIndex.MatchString(strings.ToLower(row.Index)) && !isRoman(row.Index) {
			// A label written across the STT column (merged cells).
			row.Label, row.Index = row.Index, ""
		}
		idx := strings.TrimRight(row.Index, ".")
		f := fold(row.Label)
		hasNum := false
		for c, n := range row.Nums {
			if n != nil && t.Amount[c] {
				hasNum = true
			}
		}
		switch {
		case idx == "" && summaryRe.MatchString(f):
			row.Kind, row.Level, row.Summary = Total, 0, true
		case isRoman(idx):
			row.Kind, row.Level = Group, 2
		case len(idx) == 1 && idx[0] >= 'A' && idx[0] <= 'Z':
			row.Kind, row.Level = Group, 1
		case (idx == "" || !itemIndex.MatchString(idx)) && (strictTotal.MatchString(f) || (totalRe.MatchString(f) && bold && idx == "")):
			row.Kind, row.Level = Total, 0
		case isRegion(row.Label) || yearGroup.MatchString(f):
			row.Kind, row.Level = Group, 2
		case ofWhichRe.MatchString(f):
			row.Kind, row.Level, row.OfWhich = Item, 4, true
			if !hasNum {
				// Under a group, the rest of the group is a breakdown of
				// it; under an item, the rows up to the next item.
				ofWhichFrom, ofWhichUntil = len(groups), 0
				if i > 0 && rows[i-1].Kind == Item && !rows[i-1].OfWhich {
					ofWhichUntil = rows[i-1].Level
				}
			}
		case itemIndex.MatchString(idx):
			row.Kind, row.Level = Item, 3
		case idx != "" && subIndex.MatchString(strings.ToLower(idx)):
			row.Kind, row.Level = Item, 4
		case idx == "" && row.Indent > 0 && itemIndent >= 0 && row.Indent > itemIndent:
			// Written further in than the item above it: a sub-item.
			row.Kind, row.Level = Item, 4
		case idx == "" && bold && hasNum && row.Label != "" && strings.ToUpper(row.Label) == row.Label:
			row.Kind, row.Level = Group, 2
		case idx == "" && i > 0 && rows[i-1].Kind == Item && row.Indent >= rows[i-1].Indent && (rows[i-1].Level == 4 || itemIndex.MatchString(strings.TrimRight(rows[i-1].Index, "."))):
			// An unnumbered row under a numbered item details it.
			row.Kind, row.Level = Item, 4
		default:
			row.Kind, row.Level = Item, 3
		}
		if row.Kind == Group || row.Kind == Total {
			ofWhichFrom = -1
			itemIndent = -1
		}
		if row.Kind == Item && row.Level == 3 {
			itemIndent = row.Indent
		}
		if ofWhichFrom >= 0 && ofWhichUntil > 0 && row.Kind == Item && row.Level <= ofWhichUntil && !row.OfWhich && idx != "" {
			ofWhichFrom = -1 // the next numbered item after an item's breakdown
		}
		if ofWhichFrom >= 0 && row.Kind == Item {
			row.OfWhich = true
		}
		if row.Kind == Total {
			groups = groups[:0]
			continue
		}
		for len(groups) > 0 && groups[len(groups)-1].Level >= row.Level {
			groups = groups[:len(groups)-1]
		}
		var path []string
		for _, g := range groups {
			if g.Kind == Group {
				path = append(path, g.Label)
			}
		}
		row.Group = strings.Join(path, " / ")
		if row.Kind == Group || (row.Kind == Item && row.Level == 3) {
			groups = append(groups, *row)
		}
	}
	// Detail: a "Trong đó" row, or a sub-item under a numbered item of
	// the same group.
	open := false
	for i := range rows {
		r := &rows[i]
		switch {
		case r.Kind != Item:
			open = false
		case r.OfWhich:
			r.Detail = true
		case r.Level == 3:
			open = true
		case r.Level == 4:
			r.Detail = open
		}
	}
	// A total right under item rows with more of the table after it is a
	// subtotal ("Cộng" closing a group): it sums the rows above it and does
	// not end the enclosing groups.
	for i := range rows {
		if rows[i].Kind == Total && !rows[i].Summary && i > 0 && rows[i-1].Kind == Item && moreRows(rows, i) {
			rows[i].Subtotal, rows[i].Level = true, 5
		}
	}
}

// leadingSpaces counts the spaces (and no-break spaces) a cell's text
// starts with.
func leadingSpaces(s string) int {
	n := 0
	for _, r := range s {
		if r != ' ' && r != '\u00a0' && r != '\t' {
			break
		}
		n++
	}
	return n
}

// partOf finds, for each amount column, the column it is a part of (see
// Table.PartOf).
func partOf(cols []string, amount []bool) []int {
	n := len(cols)
	out := make([]int, n)
	segs := make([][]string, n)
	for c := range cols {
		out[c] = -1
		for _, s := range strings.Split(cols[c], " / ") {
			segs[c] = append(segs[c], strings.TrimSpace(fold(s)))
		}
	}
	isTotal := func(seg string) bool {
		if i := strings.Index(seg, "("); i > 0 {
			seg = strings.TrimSpace(seg[:i])
		}
		return totalColHdr.MatchString(seg)
	}
	same := func(a, b []string, d int) bool { // the first d segments agree
		if len(a) < d || len(b) < d {
			return false
		}
		for i := 0; i < d; i++ {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	for c := 0; c < n; c++ {
		if !amount[c] {
			continue
		}
		s := segs[c]
		// Under a parent with a "Tổng số" child: a part of that child. A
		// column titled only with the parent (its own title lost or
		// English) beside "PARENT / Tổng số" is a part too.
		for d := len(s); d >= 1 && out[c] < 0; d-- {
			if d < len(s) && len(s) == d+1 && isTotal(s[d]) {
				continue // the total itself; maybe a part one level up
			}
			for k := 0; k < n; k++ {
				if k != c && amount[k] && len(segs[k]) == d+1 && same(segs[k], s, d) && isTotal(segs[k][d]) {
					out[c] = k
					break
				}
			}
		}
		if out[c] >= 0 {
			continue
		}
		// A "Trong đó" span: a part of the column left of the span.
		for d := range s {
			if !ofWhichCol.MatchString(s[d]) {
				continue
			}
			c0 := c
			for c0 > 0 && same(segs[c0-1], s, d+1) {
				c0--
			}
			if k := c0 - 1; k >= 0 && amount[k] && same(segs[k], s, d) {
				out[c] = k
			}
			break
		}
		if out[c] >= 0 {
			continue
		}
		// "I. …", "II. …" right of a "Tổng …" column: its parts.
		if romanHead.MatchString(s[0]) {
			c0 := c
			for c0 > 0 && romanHead.MatchString(segs[c0-1][0]) {
				c0--
			}
			if k := c0 - 1; k >= 0 && amount[k] && strings.HasPrefix(segs[k][0], "tong") {
				out[c] = k
			}
		}
	}
	return out
}

// moreRows tells whether rows other than summaries follow row i.
func moreRows(rows []Row, i int) bool {
	for _, r := range rows[i+1:] {
		if !r.Summary {
			return true
		}
	}
	return false
}

// Check compares every group and total with the sum of its rows, exactly,
// and returns one warning per disagreement. n is the table's 1-based
// number in the document, used in the messages.
//
// Published tables round each figure on its own, so a group may differ
// from its rows by up to half a unit of the last digit per row; such a
// difference is rounding, not an error. A difference equal to an amount
// named in the table's notes ("(1) Bao gồm 207 tỷ đồng …") is explained
// and not reported either. When most checks of a table fail, its
// structure was not understood (rows that are not additive) and nothing
// is reported for it.
func (t *Table) Check(n int) []string {
	warns, _ := t.CheckCells(n)
	return warns
}

// Verdict is what Check made of one figure of a group or total row.
type Verdict uint8

const (
	// NotChecked: not a group or total figure of an amount column, or
	// its rows could not be added (overflow).
	NotChecked Verdict = iota
	// Agrees: the rows under it add up to it (exactly, within rounding,
	// or apart by an amount the notes name).
	Agrees
	// Reported: its rows add up to something else, and Check says so.
	Reported
	// Unreported: its rows add up to something else, but most checks of
	// the table failed, so nothing was reported (rows not understood).
	Unreported
	// Alone: no row under it has a figure in this column; the figure is
	// the only one there (a group's own amount).
	Alone
)

// CheckCells is Check that also tells, per row and column, what Check
// made of each group and total figure (verdicts[i] is nil for a row with
// none).
func (t *Table) CheckCells(n int) (warns []string, verdicts [][]Verdict) {
	verdicts = make([][]Verdict, len(t.Rows))
	set := func(i, c int, v Verdict) {
		if verdicts[i] == nil {
			verdicts[i] = make([]Verdict, len(t.Rows[i].Nums))
		}
		verdicts[i][c] = v
	}
	var failed [][2]int
	passed := 0
	rows := t.Rows
	notes := noteAmounts(t.Notes, t.Unit)
	for i, row := range rows {
		if row.Kind != Group && row.Kind != Total || row.Summary {
			continue
		}
		// The rows it sums: after it until a row of its level or above;
		// for a total with nothing after it, the rows before it.
		from, to := i+1, len(rows)
		for j := i + 1; j < len(rows); j++ {
			if rows[j].Level <= row.Level {
				to = j
				break
			}
		}
		if row.Kind == Total && from == to {
			from, to = 0, i
			for j := i - 1; j >= 0; j-- {
				if rows[j].Kind == Total && rows[j].Level == 0 {
					from = j + 1
					break
				}
			}
		}
		if row.Subtotal {
			// "Cộng" under the rows of a group: those rows.
			from, to = 0, i
			for j := i - 1; j >= 0; j-- {
				if rows[j].Kind == Group || rows[j].Kind == Total {
					from = j + 1
					break
				}
			}
		}
		for c, want := range row.Nums {
			if want == nil || !t.Amount[c] {
				continue
			}
			if from >= to {
				set(i, c, Alone)
				continue
			}
			sum, ok, any, count := t.sum(from, to, c)
			if !ok {
				continue
			}
			if !any {
				set(i, c, Alone)
				continue
			}
			diff, _ := Add(*want, Num{-sum.Mant, sum.Scale})
			if Equal(*want, sum) || withinRounding(diff, count+1) || explained(diff, notes, count+1) {
				passed++
				set(i, c, Agrees)
				continue
			}
			failed = append(failed, [2]int{i, c})
			what := "group"
			if row.Kind == Total {
				what = "total"
			}
			warns = append(warns, fmt.Sprintf("table %d: %s '%s' is %s but its rows add up to %s (column '%s'%s)",
				n, what, row.Label, want.String(), sum.String(), t.Columns[c], t.where(row)))
		}
	}
	v := Reported
	if len(warns) > passed {
		warns, v = nil, Unreported
	}
	for _, f := range failed {
		set(f[0], f[1], v)
	}
	return warns, verdicts
}

// Agrees tells whether a published figure want agrees with sum, the sum
// of terms figures of column c, by the rule of Check: exactly, within
// half a unit of the last digit per figure (each is rounded on its own),
// or apart by an amount the table's notes name.
func (t *Table) Agrees(want, sum Num, terms int) bool {
	if Equal(want, sum) {
		return true
	}
	diff, ok := Add(want, Num{-sum.Mant, sum.Scale})
	if !ok {
		return false
	}
	return withinRounding(diff, terms) || explained(diff, noteAmounts(t.Notes, t.Unit), terms)
}

// Leaf tells a group row with no rows of its own under it but detail
// rows ("IV. Dự phòng 9.400"; "III. Chi sự nghiệp 224.300" followed by
// "Trong đó: …"): its figures are amounts of its own, like an item's.
func (t *Table) Leaf(i int) bool {
	r := t.Rows[i]
	if r.Kind != Group {
		return false
	}
	for _, x := range t.Rows[i+1:] {
		if x.Level <= r.Level || x.Kind == Total && !x.Subtotal {
			break
		}
		if x.Kind == Group || x.Kind == Item && !x.Detail {
			return false
		}
	}
	return true
}

// withinRounding: |diff| ≤ terms/2 in units of the last integer digit.
func withinRounding(diff Num, terms int) bool {
	m := diff.Mant
	if m < 0 {
		m = -m
	}
	lim, ok := Num{int64(terms) * 5, 1}.align(diff.Scale)
	return ok && m <= lim
}

func explained(diff Num, notes []Num, terms int) bool {
	for i, a := range notes {
		d, ok := Add(diff, Num{-a.Mant, a.Scale})
		if ok && withinRounding(d, terms) {
			return true
		}
		for _, b := range notes[i+1:] {
			ab, ok1 := Add(a, b)
			d, ok2 := Add(diff, Num{-ab.Mant, ab.Scale})
			if ok1 && ok2 && withinRounding(d, terms) {
				return true
			}
		}
	}
	return false
}

var noteMoney = regexp.MustCompile(`(?i)(\d{1,3}(?:[.,]\d{3})+|\d+(?:,\d+)?)\s*(nghìn tỷ|tỷ|triệu|nghìn)?`)

// noteAmounts lists the money amounts named in notes, in the table's unit.
func noteAmounts(notes []string, unit Unit) []Num {
	if unit.VND == 0 {
		return nil
	}
	var out []Num
	for _, line := range notes {
		for _, m := range noteMoney.FindAllStringSubmatch(line, -1) {
			v, ok := ParseNumber(m[1])
			if !ok || v.Mant == 0 {
				continue
			}
			scale := unit.VND
			switch strings.ToLower(m[2]) {
			case "nghìn tỷ":
				scale = 1_000_000_000_000
			case "tỷ":
				scale = 1_000_000_000
			case "triệu":
				scale = 1_000_000
			case "nghìn":
				scale = 1000
			}
			vnd, ok := v.Times(scale)
			if !ok || vnd%unit.VND != 0 {
				continue
			}
			out = append(out, Num{vnd / unit.VND, 0})
			if len(out) > 40 {
				return out
			}
		}
	}
	return out
}

func (t *Table) where(r Row) string {
	if t.Sheet != "" {
		return fmt.Sprintf(", sheet %q row %d", t.Sheet, r.Line+1)
	}
	if r.Page > 0 {
		return fmt.Sprintf(", page %d", r.Page)
	}
	return ""
}

// sum adds the direct children of rows[from:to] in column c: a subgroup
// counts with its own value (or its rows' sum when it has none), an item
// with its value, and sub-items and "of which" rows not at all.
func (t *Table) sum(from, to, c int) (Num, bool, bool, int) {
	total := Num{}
	any := false
	count := 0
	top := 99
	for j := from; j < to; j++ {
		if t.Rows[j].Level < top && !t.Rows[j].OfWhich {
			top = t.Rows[j].Level
		}
	}
	for j := from; j < to; j++ {
		r := t.Rows[j]
		if r.OfWhich || r.Kind == Total || r.Summary {
			continue
		}
		if r.Kind == Item && r.Level > 3 && top <= 3 {
			continue
		}
		if r.Kind == Group {
			end := to
			for k := j + 1; k < to; k++ {
				if t.Rows[k].Level <= r.Level {
					end = k
					break
				}
			}
			var v Num
			var ok bool
			if r.Nums[c] != nil {
				v, ok = *r.Nums[c], true
				any = true
			} else {
				var a bool
				var k int
				v, ok, a, k = t.sum(j+1, end, c)
				any = any || a
				count += k - 1
			}
			if !ok {
				return Num{}, false, any, count
			}
			var ok2 bool
			if total, ok2 = Add(total, v); !ok2 {
				return Num{}, false, any, count
			}
			count++
			j = end - 1
			continue
		}
		if r.Nums[c] != nil {
			var ok bool
			if total, ok = Add(total, *r.Nums[c]); !ok {
				return Num{}, false, any, count
			}
			any = true
			count++
		}
	}
	return total, true, any, count
}
