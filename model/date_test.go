package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

func TestDateKinds(t *testing.T) {
	cases := []struct {
		name        string
		date        Date
		kind        DateKind
		iso         string
		first, last string
	}{
		{"a full day", Date{2025, 12, 19}, FullDay, "2025-12-19", "2025-12-19", "2025-12-19"},
		{"an illegible day: the month", Date{2025, 11, 0}, MonthOnly, "2025-11", "2025-11-01", "2025-11-30"},
		{"February of a leap year", Date{2024, 2, 0}, MonthOnly, "2024-02", "2024-02-01", "2024-02-29"},
		{"February of a century year", Date{1900, 2, 0}, MonthOnly, "1900-02", "1900-02-01", "1900-02-28"},
		{"a budget year", Date{2026, 0, 0}, YearOnly, "2026", "2026-01-01", "2026-12-31"},
		{"no date", Date{}, NoDate, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.date.Kind(); got != c.kind {
				t.Errorf("Kind() = %v, want %v", got, c.kind)
			}
			if got := c.date.ISO(); got != c.iso {
				t.Errorf("ISO() = %q, want %q", got, c.iso)
			}
			first, last := c.date.Span()
			if first.ISO() != c.first || last.ISO() != c.last {
				t.Errorf("Span() = %s, %s; want %s, %s", first, last, c.first, c.last)
			}
			if c.kind != NoDate {
				back, err := ParseDate(c.iso)
				if err != nil || back != c.date {
					t.Errorf("ParseDate(%q) = %+v, %v; want %+v", c.iso, back, err, c.date)
				}
			}
		})
	}
}

func TestParseDateRefuses(t *testing.T) {
	for _, s := range []string{
		"", "25", "2025-1", "2025-13", "2025-00", "2025-02-29", "2025-04-31", "2025-12-00",
		"0000", "2025/12/19", "19/12/2025", "2025-12-19T10:00", "+025", "２０２５", " 2025", "2025-12-1x",
	} {
		if d, err := ParseDate(s); err == nil || !errors.Is(err, ErrDate) {
			t.Errorf("ParseDate(%q) = %+v, %v; want an ErrDate", s, d, err)
		}
	}
}

func TestDateValid(t *testing.T) {
	for _, c := range []struct {
		d     Date
		valid bool
	}{
		{Date{2024, 2, 29}, true}, {Date{2025, 2, 29}, false}, {Date{2000, 2, 29}, true},
		{Date{2025, 12, 31}, true}, {Date{2025, 6, 31}, false}, {Date{2025, 13, 0}, false},
		{Date{2025, 0, 5}, false}, {Date{10000, 1, 1}, false}, {Date{}, false}, {Date{2025, 1, -1}, false},
	} {
		if got := c.d.Valid(); got != c.valid {
			t.Errorf("%+v.Valid() = %v, want %v", c.d, got, c.valid)
		}
	}
}

// In JSON a date is its ISO text at its own precision, and an absent date
// is left out with omitzero, as the record contract has it.
func TestDateJSON(t *testing.T) {
	type doc struct {
		Date      Date `json:"date,omitzero"`
		DateMonth Date `json:"date_month,omitzero"`
	}
	for _, c := range []struct {
		in   doc
		json string
	}{
		{doc{Date: Date{2025, 12, 19}}, `{"date":"2025-12-19"}`},
		{doc{DateMonth: Date{2025, 11, 0}}, `{"date_month":"2025-11"}`},
		{doc{}, `{}`},
	} {
		b, err := json.Marshal(c.in)
		if err != nil || string(b) != c.json {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", c.in, b, err, c.json)
		}
		var back doc
		if err := json.Unmarshal(b, &back); err != nil || back != c.in {
			t.Errorf("Unmarshal(%s) = %+v, %v", b, back, err)
		}
	}
	if _, err := json.Marshal(doc{Date: Date{2025, 2, 30}}); !errors.Is(err, ErrDate) {
		t.Errorf("an impossible date was written: %v", err)
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"date":"19/12/2025"}`), &d); !errors.Is(err, ErrDate) {
		t.Errorf("a date in another form was read: %+v, %v", d, err)
	}
	if err := json.Unmarshal([]byte(`{"date":""}`), &d); err != nil || !d.Date.IsZero() {
		t.Errorf(`"" is not no date: %+v, %v`, d, err)
	}
}

func ExampleParseDate() {
	d, _ := ParseDate("2025-11")
	first, last := d.Span()
	fmt.Println(d.Kind(), first, last)
	// Output: month 2025-11-01 2025-11-30
}
