package format

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Spreadsheet number formats, shared by the .xls and .xlsx readers.

// FormatDateKind is what a number cell in a given number format means: a
// plain number, or a serial date shown as a date, a date and time, or a
// time of day (and so how SerialDateText writes it).
type FormatDateKind uint8

const (
	NotDate      FormatDateKind = iota // a number
	DateOnly                           // 2025-12-19
	DateAndTime                        // 2025-12-19T15:53:50
	TimeOfDayFmt                       // 15:53:50
)

// BuiltinDateFormat is the date kind of a built-in number format id.
func BuiltinDateFormat(id int) FormatDateKind {
	switch {
	case id >= 14 && id <= 17, id == 0x1f:
		return DateOnly
	case id == 22:
		return DateAndTime
	case id >= 18 && id <= 21, id >= 45 && id <= 47:
		return TimeOfDayFmt
	}
	return NotDate
}

// walkFormat walks the first section of a number format code (before an
// unquoted ';'): visit gets each character outside quotes, escapes (\x,
// _x, *x) and brackets, or, for a bracket ("[Red]", "[h]"), its inside
// with ch 0. It stops when visit returns false. It returns false for a
// bracket never closed.
func walkFormat(code string, visit func(ch byte, bracket string) bool) bool {
	inQuote := false
	for i := 0; i < len(code); i++ {
		ch := code[i]
		switch {
		case ch == '"':
			inQuote = !inQuote
		case inQuote:
		case ch == '\\' || ch == '_' || ch == '*':
			i++
		case ch == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			if !visit(0, code[i+1:i+j]) {
				return true
			}
			i += j
		case ch == ';':
			return true
		default:
			if !visit(ch, "") {
				return true
			}
		}
	}
	return true
}

// ClassifyNumberFormat looks at a custom number format for date and time
// letters outside quotes, brackets and escapes, and returns its date kind.
// Only the first section (before ';') decides.
func ClassifyNumberFormat(f string) FormatDateKind {
	if strings.EqualFold(f, "general") || f == "" {
		return NotDate
	}
	var date, tim, number bool
	lower := strings.ToLower(f)
	closed := walkFormat(f, func(ch byte, bracket string) bool {
		if ch == 0 {
			switch strings.ToLower(bracket) {
			case "h", "hh", "mm", "ss":
				tim = true
			}
			return true
		}
		switch ch | 0x20 {
		case 'd', 'y':
			date = true
		case 'h', 's':
			tim = true
		case 'm':
			// m alone is month or minute; beside d or y it is a date
			date = date || strings.ContainsAny(lower, "dy")
			tim = tim || strings.ContainsAny(lower, "hs")
		case '0', '#', '?':
			if !date && !tim {
				number = true
				return false
			}
		}
		return true
	})
	switch {
	case !closed || number:
		return NotDate
	case date && tim:
		return DateAndTime
	case date:
		return DateOnly
	case tim:
		return TimeOfDayFmt
	}
	return NotDate
}

// SerialDateText writes a spreadsheet serial date in ISO 8601: a date, a
// date and time, or a time of day, per kind. date1904 selects the 1904
// date system of old Mac workbooks.
func SerialDateText(v float64, date1904 bool, kind FormatDateKind) string {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	secs := int64(math.Round(v * 86400))
	t := base.Add(time.Duration(secs) * time.Second)
	switch {
	case kind == TimeOfDayFmt && v < 1:
		return t.Format("15:04:05")
	case kind == DateOnly || secs%86400 == 0:
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02T15:04:05")
}

// NumberText writes a cell's number the way Excel shows it at full
// precision: at most 15 significant digits (Excel's own limit, so a stored
// 65658017.599999994 reads "65658017.6"), '.' as decimal point, no
// grouping, no exponent; then the shortest decimal that round-trips.
func NumberText(v float64) string {
	if v == 0 {
		return "0"
	}
	if r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64); err == nil {
		v = r
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// builtinNumberFormats are the codes of Excel's built-in number formats
// that show a number other than as stored (ECMA-376 §18.8.30); the
// locale currency formats 5–8 and 41–44 are written here without their
// currency sign, which Shown leaves out anyway.
var builtinNumberFormats = map[int]string{
	1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
	5: "#,##0_);(#,##0)", 6: "#,##0_);[Red](#,##0)", 7: "#,##0.00_);(#,##0.00)", 8: "#,##0.00_);[Red](#,##0.00)",
	9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
	41: "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)", 42: "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
	43: "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)", 44: "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
	48: "##0.0E+0", 49: "@",
}

// BuiltinNumberFormat is the code of a built-in number format id, "" for
// General and the ids it does not know.
func BuiltinNumberFormat(id int) string { return builtinNumberFormats[id] }

// NumberFormat is what a number format shows of a number: so many
// decimals, a percent or not, thousands grouped or divided out. The zero
// value shows numbers as stored.
type NumberFormat struct {
	shows    bool
	decimals int
	percent  bool
	grouping bool // thousands separated ("#,##0")
	scale    int  // thousands divided out ("#,##0," shows millions as thousands)
}

// ParseNumberFormat reads a number format code: the decimals it shows,
// whether it is a percent, groups thousands, or divides by thousands (a
// comma after the last digit: "#,##0,"). A format that shows the number
// as stored, or in a way Shown does not write (General, text, exponent,
// fraction, a date), gives the zero NumberFormat. Only the first section
// of the code (positive numbers) is read: the others show the same digits
// in practice.
func ParseNumberFormat(code string) NumberFormat {
	if code == "" || strings.EqualFold(code, "general") || ClassifyNumberFormat(code) != NotDate {
		return NumberFormat{}
	}
	var nf NumberFormat
	digits, inFraction, shown := false, false, true
	commas := 0 // commas after a digit placeholder, not yet followed by one
	closed := walkFormat(code, func(ch byte, _ string) bool {
		switch ch {
		case '.':
			if inFraction {
				shown = false
			}
			inFraction = true
			nf.scale += commas
			commas = 0
		case '0', '#', '?':
			if commas > 0 && !inFraction {
				nf.grouping = true
			}
			commas = 0
			digits = true
			if inFraction {
				nf.decimals++
			}
		case ',':
			if digits {
				commas++
			}
		case '%':
			nf.percent = true
		case 'E', 'e', '/', '@':
			shown = false // exponent, fraction, text
		default:
			nf.scale += commas
			commas = 0
		}
		return shown
	})
	nf.scale += commas
	if !closed || !shown || !digits || nf.decimals > 30 || nf.scale > 5 {
		return NumberFormat{}
	}
	nf.shows = true
	return nf
}

// Shown is how a cell whose number is written text (as Cell.Text writes
// numbers: plain decimal, '.' as decimal point) reads in this format, as
// Excel shows it in Vietnamese: divided by the thousands the format
// divides out, times 100 with a '%' for a percent, rounded to the decimals
// it shows (halves away from zero, as Excel rounds), with ',' as decimal
// comma and, when the format groups thousands, '.' between them; no
// currency. A PCI score stored as 9.2832250595092773 in format "0.00"
// reads "9,28"; a share 0.18709677 in "0.00%" reads "18,71%"; 181946.9 in
// "#,##0.0" reads "181.946,9", as a PDF prints it. It returns "" when the
// format shows the number as stored, and for a text that is not a plain
// decimal.
func (nf NumberFormat) Shown(text string) string {
	if !nf.shows || text == "" || strings.ContainsAny(text, "eE/") {
		return ""
	}
	var v big.Rat
	if _, ok := v.SetString(text); !ok {
		return ""
	}
	if nf.percent {
		v.Mul(&v, big.NewRat(100, 1))
	}
	for range nf.scale {
		v.Quo(&v, big.NewRat(1000, 1))
	}
	plain := v.FloatString(nf.decimals)
	if strings.Trim(plain, "-0.") == "" {
		plain = strings.TrimPrefix(plain, "-") // -0.001 in "0.00" reads 0,00
	}
	sign := ""
	if strings.HasPrefix(plain, "-") {
		sign, plain = "-", plain[1:]
	}
	intPart, frac, hasFrac := strings.Cut(plain, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range intPart {
		if nf.grouping && i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	if nf.percent {
		b.WriteByte('%')
	}
	return b.String()
}
