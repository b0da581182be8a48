package format

import (
	"errors"
	"testing"
)

// TestFileErrorSaysWhere: the message names what is known of the place,
// with no empty part (a reader that knows only the sheet gave
// `, sheet "Sheet1": …`, which the ledger then printed after the file name).
func TestFileErrorSaysWhere(t *testing.T) {
	damaged := errors.New("file is damaged")
	for _, tc := range []struct {
		err  FileError
		want string
	}{
		{FileError{Name: "a.xlsx", Sheet: "Sheet1", Err: damaged}, `a.xlsx, sheet "Sheet1": file is damaged`},
		{FileError{Sheet: "Sheet1", Err: damaged}, `sheet "Sheet1": file is damaged`},
		{FileError{Name: "a.pdf", Page: 3, Err: damaged}, `a.pdf, page 3: file is damaged`},
		{FileError{Page: 3, Err: damaged}, `page 3: file is damaged`},
		{FileError{Err: damaged}, `file is damaged`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.err, got, tc.want)
		}
		if !errors.Is(&tc.err, damaged) {
			t.Errorf("%+v does not unwrap to its cause", tc.err)
		}
	}
}
