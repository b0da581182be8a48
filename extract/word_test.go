package extract

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanban/extract/vntext"
	"vanban/ingest/doc"
	"vanban/ingest/docx"
	"vanban/ingest/pdf"
	"vanban/model"
)

func readWord(t *testing.T, name string) *model.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, "doc", name))
	if err != nil {
		t.Skipf("corpus absent at %s: %v", corpusDir, err)
	}
	var d *model.Document
	if strings.HasSuffix(name, ".docx") {
		d, err = docx.Read(data)
	} else {
		d, err = doc.Read(data)
	}
	if err != nil {
		t.Fatal(err)
	}
	d.Name = name
	return d
}

// same compares two texts as a clerk reads them: normalized, tone
// placement and case aside.
func same(a, b string) bool {
	return vntext.Fold(vntext.Normalize(a)) == vntext.Fold(vntext.Normalize(b))
}

func contains(text, line string) bool {
	return strings.Contains(vntext.Fold(vntext.Normalize(text)), vntext.Fold(vntext.Normalize(line))) &&
		strings.Contains(vntext.NormalizeTones(vntext.Normalize(text)), vntext.NormalizeTones(vntext.Normalize(line)))
}

// TestWordTCVN3ReadsAsVietnamese: the 1945 sắc lệnh typed in .VnTime and
// .VnTimeH (Word 6.0 and Word 97 files) read as Vietnamese once repaired by
// font name: known lines, the type, the number as printed in the title
// ("SỐ 67", "SỐ 77-C": no type code in 1945), the date, and no subject
// taken from the enacting authority under the title.
func TestWordTCVN3ReadsAsVietnamese(t *testing.T) {
	cases := []struct {
		file   string
		lines  []string
		number string
		date   string
	}{
		{"luatvietnam_1945_45000001.doc", []string{"SẮC LỆNH", "Điều thứ nhất: Nay cử ông Hoàng Minh Giám là Đổng lý Văn phòng Bộ Nội vụ."}, "1", "1945-08-30"},
		{"luatvietnam_1945_45000002.doc", []string{"SẮC LỆNH", "Điều thứ nhất: Thiết quân luật ở Hà Nội.", "Sau khi Hội đồng các Bộ trưởng đã thoả hiệp,"}, "3", "1945-09-01"},
		{"luatvietnam_1945_45000004.doc", []string{"SẮC LỆNH", "Khoản thứ nhất: Nay cấm nhân dân Việt Nam không được đăng lính"}, "6", "1945-09-05"},
		{"luatvietnam_1945_45000072.doc", []string{"SẮC LỆNH", "Điều 1: Nay cử một Uỷ ban Tối cao tiếp tế và cứu tế."}, "67", "1945-11-28"},
		{"luatvietnam_1945_45000078.doc", []string{"RA SẮC LỆNH:", "Điều I: Người ngoại quốc muốn nhập quốc tịch Việt Nam phải có những điều kiện sau này:", "2- Đã ở 10 năm trên đất nước Việt Nam."}, "73", "1945-12-07"},
		{"luatvietnam_1945_45000084.doc", []string{"SẮC LỆNH", "Chiểu theo lời đề nghị của Bộ trưởng Bộ Tư pháp."}, "77-C", "1945-12-28"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			d := readWord(t, c.file)
			text := Text(d)
			for _, l := range c.lines {
				if !contains(text, l) {
					t.Errorf("text lacks %q:\n%s", l, text[:min(len(text), 600)])
				}
			}
			rec := Extract(d, nil)
			if rec.Type != "Sắc lệnh" || rec.Number != c.number || rec.Date.ISO() != c.date || rec.Source.Format != "doc" || rec.Subject != "" {
				t.Errorf("type %q number %q date %q format %q subject %q, want Sắc lệnh %s %s doc, no subject",
					rec.Type, rec.Number, rec.Date, rec.Source.Format, rec.Subject, c.number, c.date)
			}
		})
	}
}

// TestWordDOCAndDOCXSameIdentity: the same guide saved as .doc and .docx.
func TestWordDOCAndDOCXSameIdentity(t *testing.T) {
	a := Extract(readWord(t, "vptw_36-HD_VPTW_380096.doc"), nil)
	b := Extract(readWord(t, "vptw_36-HD_VPTW_380096.docx"), nil)
	// The header's "BAN CHẤP HÀNH TRUNG ƯƠNG / VĂN PHÒNG" is the Văn phòng
	// Trung ương Đảng, as its first paragraph names it.
	want := Identity{Number: "36-HD/VPTW", Type: "Hướng dẫn", Date: iso("2018-04-03"), Place: "Hà Nội", Issuer: "Văn phòng Trung ương Đảng"}
	for _, r := range []*Record{a, b} {
		if r.Number != want.Number || r.Type != want.Type || r.Date != want.Date || r.Place != want.Place || r.Issuer != want.Issuer || r.Subject == "" {
			t.Errorf("%s: %q %q %q %q issuer %q subject %q", r.Source.Name, r.Number, r.Type, r.Date, r.Place, r.Issuer, r.Subject)
		}
	}
	if a.Issuer != b.Issuer || a.Subject != b.Subject || a.Signer != b.Signer {
		t.Errorf("doc %q / %q / %q, docx %q / %q / %q", a.Issuer, a.Subject, a.Signer, b.Issuer, b.Subject, b.Signer)
	}
}

// TestWordAndPDFSameDocument: the .doc and the .pdf of one document give
// the same number, type, issuer, date, subject and allocation rows. The
// PDFs are scans read by OCR (tesseract): skipped without it; the 33-page
// one only with VANBAN_OCR_LONG=1 (minutes of OCR, and on a loaded machine
// the OCR time budget leaves pages unread).
func TestWordAndPDFSameDocument(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("the PDFs are scans: tesseract is needed (apt-get install tesseract-ocr tesseract-ocr-vie)")
	}
	cases := []struct {
		base string
		long bool
		// pdfOCR lists the fields the PDF's OCR cannot read, with what the
		// scan shows; the .doc must still give the expected value.
		want   Identity
		pdfOCR map[string]string
	}{
		{base: "luatvietnam_2010_10209608", want: Identity{Number: "03/2010/NĐ-CP", Type: "Nghị định", Issuer: "Chính phủ", Date: iso("2010-01-13")}},
		{base: "luatvietnam_2010_10209597", long: true, want: Identity{Number: "02/2010/TT-UBDT", Type: "Thông tư", Issuer: "Ủy ban Dân tộc", Date: iso("2010-01-13")},
			pdfOCR: map[string]string{"number": "the scan's 'Số: 02/2010/TT-UBDT' is read 'Sế⁄22⁄2010/TT-UBDT'", "date": "the day is read 'ngày/2': only the month 2010-01"}},
	}
	for _, c := range cases {
		t.Run(c.base, func(t *testing.T) {
			if testing.Short() {
				t.Skip("scans to OCR: not with -short")
			}
			if c.long && os.Getenv("VANBAN_OCR_LONG") == "" {
				t.Skip("33 scanned pages to OCR: set VANBAN_OCR_LONG=1")
			}
			w := Extract(readWord(t, c.base+".doc"), nil)
			data, err := os.ReadFile(filepath.Join(corpusDir, "doc", c.base+".pdf"))
			if err != nil {
				t.Fatal(err)
			}
			// A generous OCR budget: on a loaded machine the default leaves
			// pages unread, which is not what this test is about.
			pd, err := pdf.Read(context.Background(), data, pdf.Options{OCRBudget: 15 * time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			p := Extract(pd, data)
			fields := []struct{ name, doc, pdf, want string }{
				{"number", w.Number, p.Number, c.want.Number},
				{"type", w.Type, p.Type, c.want.Type},
				{"issuer", w.Issuer, p.Issuer, c.want.Issuer},
				{"date", w.Date.ISO(), p.Date.ISO(), c.want.Date.ISO()},
			}
			for _, f := range fields {
				if f.doc != f.want {
					t.Errorf("%s: the .doc gives %q, want %q", f.name, f.doc, f.want)
				}
				if why, ok := c.pdfOCR[f.name]; ok {
					t.Logf("%s: the PDF gives %q (%s)", f.name, f.pdf, why)
					continue
				}
				if f.pdf != f.doc {
					t.Errorf("%s: .doc %q, .pdf %q", f.name, f.doc, f.pdf)
				}
			}
			if !same(w.Subject, p.Subject) {
				t.Errorf("subject:\n.doc %q\n.pdf %q", w.Subject, p.Subject)
			}
			if len(w.Allocations) != len(p.Allocations) {
				t.Errorf("allocation rows: .doc %d, .pdf %d", len(w.Allocations), len(p.Allocations))
			}
			for i := range min(len(w.Allocations), len(p.Allocations)) {
				a, b := w.Allocations[i], p.Allocations[i]
				if a.Recipient != b.Recipient || a.AmountVND != b.AmountVND {
					t.Errorf("allocation %d: .doc %s %d, .pdf %s %d", i, a.Recipient, a.AmountVND, b.Recipient, b.AmountVND)
				}
			}
		})
	}
}
