package extract

import "vanban/model"

// Record is everything vanban extracts from one file. Its JSON field names are
// the product's contract (see DESIGN.md): add fields freely, never rename or
// drop one.
type Record struct {
	ID       string `json:"id"`
	Source   Source `json:"source"`
	Number   string `json:"number,omitempty"`    // số, ký hiệu: "4768/QĐ-BCT"
	Type     string `json:"type,omitempty"`      // "Quyết định", "Công văn", …
	TypeCode string `json:"type_code,omitempty"` // "QĐ", "" for a công văn
	Issuer   string `json:"issuer,omitempty"`
	Place    string `json:"place,omitempty"`
	// Date is the document's date when it gives the day (a FullDay,
	// "2025-12-19" in JSON); DateMonth its month when the day cannot be
	// read (an illegible day on a scan: a MonthOnly, "2025-11"). At most
	// one of the two is set: the JSON contract keeps them apart, When
	// and SetDate treat them as the one date they are.
	Date      model.Date `json:"date,omitzero"`
	DateMonth model.Date `json:"date_month,omitzero"`
	// AttachedTo is the document an appendix is attached to ("Kèm theo
	// Công văn số 12094/BNV-CCHC ngày 15/12/2025"): the record's number,
	// type and date are the parent's.
	AttachedTo  *AttachedTo  `json:"attached_to,omitempty"`
	Subject     string       `json:"subject,omitempty"`
	Signer      string       `json:"signer,omitempty"`
	Provinces   []Province   `json:"provinces,omitempty"`
	References  []Reference  `json:"references,omitempty"`
	Figures     []Figure     `json:"figures,omitempty"`
	Tables      []Table      `json:"tables,omitempty"`
	Allocations []Allocation `json:"allocations,omitempty"`
	Signatures  []Signature  `json:"signatures,omitempty"`
	Warnings    []string     `json:"warnings,omitempty"`
	Error       string       `json:"error,omitempty"`
	Text        string       `json:"text,omitempty"`
}

// AttachedTo names the parent document of an appendix.
type AttachedTo struct {
	Number string     `json:"number"`
	Type   string     `json:"type,omitempty"`
	Date   model.Date `json:"date,omitzero"` // a FullDay
}

// When is the document's date at the precision the document gives: a
// FullDay, a MonthOnly, or no date.
func (r *Record) When() model.Date {
	if !r.Date.IsZero() {
		return r.Date
	}
	return r.DateMonth
}

// SetDate sets the document's date: a day goes to Date, a month to
// DateMonth (the other is cleared); a year alone or no date clears both,
// as the record has no place for a document dated only by its year.
func (r *Record) SetDate(d model.Date) {
	r.Date, r.DateMonth = model.Date{}, model.Date{}
	switch d.Kind() {
	case model.FullDay:
		r.Date = d
	case model.MonthOnly:
		r.DateMonth = d
	}
}

// Source describes the file a record came from.
type Source struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	Pages  int    `json:"pages"`
	OCR    bool   `json:"ocr"`
	// Confidence is the mean OCR confidence (0–100) over OCRed pages.
	Confidence float64 `json:"ocr_confidence,omitempty"`
	Size       int64   `json:"size,omitempty"`
}

// Province is a province mentioned in a document: as written (canonical
// pre- or post-2025 name) and the post-2025 unit it belongs to now.
type Province struct {
	Name        string `json:"name"`
	Code        string `json:"code"`
	Current     string `json:"current"`
	CurrentCode string `json:"current_code"`
	Count       int    `json:"count"`
}

// Reference is another document cited in the text.
type Reference struct {
	Number string     `json:"number"`
	Type   string     `json:"type,omitempty"`
	Date   model.Date `json:"date,omitzero"` // a FullDay
}

// Figure is a number found in the text: money, a money range, a percentage
// or a count. Value is exact integer đồng for money; for percentages and
// counts it is the number scaled by Scale (Value/Scale is the real value).
type Figure struct {
	Kind      string `json:"kind"` // money | money_range | percent | count
	Text      string `json:"text"`
	Value     int64  `json:"value"`
	ValueMax  int64  `json:"value_max"`
	Scale     int64  `json:"scale,omitempty"`
	Unit      string `json:"unit"` // VND, %, or the counted noun
	Qualifier string `json:"qualifier,omitempty"`
	Page      int    `json:"page"`
}

// Table is a table found on a page or a sheet.
type Table struct {
	Page    int        `json:"page"`
	Sheet   string     `json:"sheet"`
	Title   string     `json:"title"`
	Unit    string     `json:"unit"`
	Columns []string   `json:"columns"`
	Rows    []TableRow `json:"rows"`
	// Cells says what became of each figure of the money columns (nil
	// when the table has none).
	Cells *CellAccount `json:"cells,omitempty"`
}

// TableRow is one body row; Kind is item, group or total.
type TableRow struct {
	Kind  string   `json:"kind"`
	Cells []string `json:"cells"`
	// Source row index in the sheet (0-based) or line on the page.
	Line int `json:"line,omitempty"`
}

// Allocation is one amount for one recipient under one column of a table.
type Allocation struct {
	Recipient string `json:"recipient"`
	// RecipientKind is what Recipient names: RecipientProvince,
	// RecipientUnit or RecipientLine (a budget line such as "Thu nội
	// địa", not a recipient); see RecipientKind.
	RecipientKind   string `json:"recipient_kind,omitempty"`
	Province        string `json:"province,omitempty"`
	CurrentProvince string `json:"current_province,omitempty"`
	Column          string `json:"column"`
	Group           string `json:"group,omitempty"`
	AmountVND       int64  `json:"amount_vnd"`
	// Unit is the unit the table printed the amount in, as written in
	// lower case ("triệu đồng"); AmountVND is always in đồng.
	Unit  string `json:"unit,omitempty"`
	Table int    `json:"table"`
	Row   int    `json:"row"`
	Page  int    `json:"page,omitempty"`
	Sheet string `json:"sheet,omitempty"`
	// Level is 0 for an item (or a group row with no items of its own,
	// "IV. Dự phòng") and 1 for a sub-item that details the item above it
	// ("- Trong đó: …", "a) …", "1.1", an unnumbered row under a numbered
	// item, the rows under a "Trong đó:" line): summing the level-0 rows
	// of one column of one table gives the table's total without counting
	// anything twice.
	Level int `json:"level"`
	// ColumnPartOf is the column path this column is a part of, "" for an
	// independent column: a column beside a "Tổng số" under the same
	// heading ("BỔ SUNG / BỔ SUNG CÓ MỤC TIÊU" is a part of "BỔ SUNG /
	// TỔNG SỐ"), a "Trong đó" column ("DỰ TOÁN / TRONG ĐÓ / VỐN ĐẦU TƯ"
	// is a part of the column left of "TRONG ĐÓ"), "I. …", "II. …" beside
	// "Tổng số …". Summing across columns, take those with "" only.
	ColumnPartOf string `json:"column_part_of,omitempty"`
}

// Signature is an e-signature stamp, kept as metadata.
type Signature struct {
	Page         int    `json:"page"`
	SignedBy     string `json:"signed_by,omitempty"`
	Organization string `json:"organization,omitempty"`
	Time         string `json:"time,omitempty"`
}
