package model

import (
	"errors"
	"fmt"
	"strconv"
)

// DateKind says how much of a calendar date a document gives.
type DateKind uint8

const (
	// NoDate: nothing was read.
	NoDate DateKind = iota
	// YearOnly: "năm 2025", a budget year; Month and Day are 0.
	YearOnly
	// MonthOnly: "tháng 11 năm 2025", or a date whose day is illegible on
	// a scan; Day is 0.
	MonthOnly
	// FullDay: "ngày 20 tháng 11 năm 2025".
	FullDay
)

func (k DateKind) String() string {
	switch k {
	case NoDate:
		return "none"
	case YearOnly:
		return "year"
	case MonthOnly:
		return "month"
	case FullDay:
		return "day"
	}
	return "DateKind(" + strconv.Itoa(int(k)) + ")"
}

// Date is a calendar date as a document gives it: to the day, to the month
// or to the year (see Kind). Month is 0 for a year only, Day is 0 for a
// month only; the zero Date is no date.
//
// In JSON and text it is ISO 8601 at its own precision: "2025-11-20",
// "2025-11", "2025", and "" for no date (use the omitzero tag option).
type Date struct {
	Year, Month, Day int
}

// ErrDate is wrapped by the errors of ParseDate and UnmarshalText.
var ErrDate = errors.New("not a date written YYYY-MM-DD, YYYY-MM or YYYY")

// Kind says whether d is a day, a month, a year or no date.
func (d Date) Kind() DateKind {
	switch {
	case d.Year == 0:
		return NoDate
	case d.Month == 0:
		return YearOnly
	case d.Day == 0:
		return MonthOnly
	}
	return FullDay
}

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar date at its kind: a year from
// 1 to 9999, a month from 1 to 12, a day that the month has (29 February in
// leap years only). The zero Date is not valid.
func (d Date) Valid() bool {
	switch {
	case d.Year < 1 || d.Year > 9999:
		return false
	case d.Month == 0:
		return d.Day == 0
	case d.Month < 1 || d.Month > 12:
		return false
	case d.Day == 0:
		return true
	}
	return d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month)
}

// DaysIn is the number of days of a month (1–12) of a year.
func DaysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ISO formats d as ISO 8601 at its precision: "2025-12-19", "2025-12" or
// "2025"; "" for no date.
func (d Date) ISO() string {
	switch d.Kind() {
	case NoDate:
		return ""
	case YearOnly:
		return fmt.Sprintf("%04d", d.Year)
	case MonthOnly:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// String is ISO.
func (d Date) String() string { return d.ISO() }

// Span gives the first and the last day that d covers: d itself for a
// day, the month's first and last days for a month, 1 January and 31
// December for a year. Both are zero for no date.
func (d Date) Span() (first, last Date) {
	switch d.Kind() {
	case NoDate:
		return Date{}, Date{}
	case YearOnly:
		return Date{d.Year, 1, 1}, Date{d.Year, 12, 31}
	case MonthOnly:
		return Date{d.Year, d.Month, 1}, Date{d.Year, d.Month, DaysIn(d.Year, d.Month)}
	}
	return d, d
}

// ParseDate reads an ISO 8601 date at any of the three precisions:
// "2025-12-19", "2025-12" or "2025". Anything else, or a date the
// calendar does not have ("2025-02-29"), is an error wrapping ErrDate.
func ParseDate(s string) (Date, error) {
	var d Date
	ok := false
	switch len(s) {
	case 4:
		d.Year, ok = digits(s)
	case 7:
		var okY, okM bool
		d.Year, okY = digits(s[:4])
		d.Month, okM = digits(s[5:])
		ok = okY && okM && s[4] == '-'
	case 10:
		var okY, okM, okD bool
		d.Year, okY = digits(s[:4])
		d.Month, okM = digits(s[5:7])
		d.Day, okD = digits(s[8:])
		ok = okY && okM && okD && s[4] == '-' && s[7] == '-'
	}
	if !ok || !d.Valid() || d.Month == 0 && len(s) > 4 || d.Day == 0 && len(s) > 7 {
		return Date{}, fmt.Errorf("%w: %q", ErrDate, s)
	}
	return d, nil
}

// MustParseDate is ParseDate for dates known to be right (tests, tables);
// it panics on an error.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// digits reads a run of ASCII digits (no sign, no space).
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}

// MarshalText writes d as ISO; an invalid date is an error, never text that
// could not be read back.
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsZero() && !d.Valid() {
		return nil, fmt.Errorf("%w: %d-%d-%d", ErrDate, d.Year, d.Month, d.Day)
	}
	return []byte(d.ISO()), nil
}

// UnmarshalText reads what MarshalText wrote; "" is no date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
