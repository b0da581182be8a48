package format

import (
	"math"
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

// ClassifyNumberFormat looks at a custom number format for date and time
// letters outside quotes, brackets and escapes, and returns its date kind.
// Only the first section (before ';') decides.
func ClassifyNumberFormat(f string) FormatDateKind {
	if strings.EqualFold(f, "general") || f == "" {
		return NotDate
	}
	var date, tim bool
	inQuote := false
	lower := strings.ToLower(f)
	for i := 0; i < len(f); i++ {
		ch := f[i]
		switch {
		case ch == '"':
			inQuote = !inQuote
		case inQuote:
		case ch == '\\' || ch == '_' || ch == '*':
			i++
		case ch == '[':
			j := strings.IndexByte(f[i:], ']')
			if j < 0 {
				return NotDate
			}
			inner := strings.ToLower(f[i+1 : i+j])
			if inner == "h" || inner == "hh" || inner == "mm" || inner == "ss" {
				tim = true
			}
			i += j
		case ch == ';':
			i = len(f)
		default:
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
					return NotDate
				}
			}
		}
	}
	switch {
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
