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

func TestNumberShown(t *testing.T) {
	tests := []struct {
		code, text, want string
	}{
		{"0.00", "9.28322505950928", "9,28"},
		{"0.00%", "0.187096774578094", "18,71%"},
		{"0%", "0.5", "50%"},
		{"#,##0", "181946.9", "181.947"},
		{"#,##0", "2994047", "2.994.047"},
		{"#,##0", "994", "994"},
		{"0", "2994047", "2994047"},
		{"#,##0.0", "2994047", "2.994.047,0"},
		{`#,##0.0" triệu đồng"`, "181946.94", "181.946,9"},
		{"[Red]#,##0.00;[Blue]-#,##0.00", "-1.005", "-1,01"}, // halves away from zero, on the decimal
		{"#,##0", "-2994047", "-2.994.047"},
		{"0.00", "2.675", "2,68"},
		{"0.00", "-0.001", "0,00"},
		{"0", "-2.5", "-3"},
		{BuiltinNumberFormat(43), "1234.5", "1.234,50"},
		{`_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)`, "1234.5", "1.235"},
		// A comma after the last digit divides by a thousand.
		{"#,##0,", "181946900", "181.947"},
		{`#,##0.0,," triệu"`, "55461000000", "55.461,0"},
		{`#,##0.0,,," tỷ"`, "55461000000", "55,5"},
		{"0,", "2500", "3"},
		// Shown as stored, or in a way not written: no Shown.
		{"General", "9.28322505950928", ""},
		{"", "9.28322505950928", ""},
		{"@", "12", ""},
		{"0.00E+00", "12345", ""},
		{"# ?/?", "0.5", ""},
		{"dd/mm/yyyy", "38450", ""},
		{`"Tổng"`, "5", ""},
		{"0.00", "abc", ""},
	}
	for _, tt := range tests {
		if got := ParseNumberFormat(tt.code).Shown(tt.text); got != tt.want {
			t.Errorf("ParseNumberFormat(%q).Shown(%q) = %q, want %q", tt.code, tt.text, got, tt.want)
		}
	}
}
