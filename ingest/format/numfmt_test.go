package format

import "testing"

// A serial number in a date format reads as the date, the date and time, or
// the time of day that Excel shows, in ISO 8601; the 1904 system of old Mac
// workbooks counts from another day.
func TestSerialDateText(t *testing.T) {
	cases := []struct {
		name     string
		v        float64
		date1904 bool
		kind     FormatDateKind
		want     string
	}{
		{"a date", 45645, false, DateOnly, "2024-12-19"},
		{"a date format drops the time", 45645.6623843, false, DateOnly, "2024-12-19"},
		{"date and time", 45645.6623843, false, DateAndTime, "2024-12-19T15:53:50"},
		{"date and time at midnight is a date", 45645, false, DateAndTime, "2024-12-19"},
		{"a time of day", 0.6623843, false, TimeOfDayFmt, "15:53:50"},
		{"1904 date system", 44183, true, DateOnly, "2024-12-19"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := SerialDateText(c.v, c.date1904, c.kind); got != c.want {
				t.Errorf("SerialDateText(%v, %v, %d) = %q, want %q", c.v, c.date1904, c.kind, got, c.want)
			}
		})
	}
}

func TestBuiltinDateFormat(t *testing.T) {
	for id, want := range map[int]FormatDateKind{
		0: NotDate, 3: NotDate, 14: DateOnly, 17: DateOnly, 0x1f: DateOnly, 22: DateAndTime,
		18: TimeOfDayFmt, 21: TimeOfDayFmt, 45: TimeOfDayFmt, 47: TimeOfDayFmt, 49: NotDate,
	} {
		if got := BuiltinDateFormat(id); got != want {
			t.Errorf("BuiltinDateFormat(%d) = %d, want %d", id, got, want)
		}
	}
}
