package ole2

import (
	"bytes"
	"os"
	"testing"

	"vanban/ingest/format"
)

// TestStorage: a storage of the compound file (a .doc's ObjectPool entry,
// where Word keeps an embedded workbook) opens as a File of its own, its
// streams found by name with or without their leading control character,
// and a stream reads the same however often it is read.
func TestStorage(t *testing.T) {
	data, err := os.ReadFile("../parse/testdata/embedded/qd-4768-phu-luc-nhung-excel97.doc")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Has("WordDocument") || f.Has("ObjectPool") || f.Has("Workbook") {
		t.Errorf("root: WordDocument %v, ObjectPool (a storage, not a stream) %v, Workbook %v",
			f.Has("WordDocument"), f.Has("ObjectPool"), f.Has("Workbook"))
	}
	st := f.Storage("ObjectPool", "_2147483647")
	if st == nil {
		t.Fatal("ObjectPool/_2147483647 not found")
	}
	if !st.Has("Workbook") || !st.Has("\x01CompObj") || !st.Has("compobj") || st.Has("WordDocument") {
		t.Errorf("storage: Workbook %v, \\x01CompObj %v, WordDocument %v", st.Has("Workbook"), st.Has("\x01CompObj"), st.Has("WordDocument"))
	}
	a, err := st.Stream("Workbook")
	if err != nil || len(a) < 512 {
		t.Fatalf("Workbook: %d bytes, %v", len(a), err)
	}
	b, err := st.Stream("Workbook")
	if err != nil || !bytes.Equal(a, b) {
		t.Errorf("read again: %d bytes, %v", len(b), err)
	}
	if f.Storage("ObjectPool", "_1") != nil || f.Storage("WordDocument") != nil || f.Storage() != nil {
		t.Error("a storage that is not there, or a stream, opened as a storage")
	}
	if sub := f.Storage("ObjectPool"); sub == nil || sub.Storage("_2147483647") == nil {
		t.Error("ObjectPool, then its entry, not found step by step")
	}
	compObj, err := st.Stream("\x01CompObj")
	if err != nil {
		t.Fatal(err)
	}
	// LibreOffice names no ProgID: the user type names the object.
	if got := format.CompObjClass(compObj); got != "Microsoft Excel 97-Tabelle" {
		t.Errorf("the object's class %q, want Microsoft Excel 97-Tabelle", got)
	}
}
