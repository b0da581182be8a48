package extract

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vanban/ingest/pdf"
	"vanban/ingest/xls"
	"vanban/model"
)

const corpusDir = "../../shared/corpus"

// pdftotextDoc builds a Document from `pdftotext -layout`: one Line per
// output line, pages split at form feeds. It stands in for ingest/pdf while
// that reader is being rewritten.
func pdftotextDoc(t testing.TB, path string) *model.Document {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	out, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	doc := &model.Document{Name: filepath.Base(path), Format: model.FormatPDF}
	for i, page := range strings.Split(string(out), "\f") {
		if strings.TrimSpace(page) == "" && i > 0 {
			continue
		}
		p := model.Page{Number: i + 1}
		for _, l := range strings.Split(page, "\n") {
			if strings.TrimSpace(l) == "" {
				continue
			}
			p.Lines = append(p.Lines, model.Line{Text: l})
		}
		doc.Pages = append(doc.Pages, p)
	}
	return doc
}

func TestIdentifyCorpusPDF(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus absent at %s", corpusDir)
	}
	tests := []struct {
		file string
		want Identity
	}{
		{"pdf/binhthuan_779-QD-UBND_dieu-le-quy-khuyen-hoc.pdf", Identity{Number: "779/QĐ-UBND", Type: "Quyết định", TypeCode: "QĐ", Issuer: "Ủy ban nhân dân tỉnh Bình Thuận", Place: "Bình Thuận", Date: iso("2022-03-23")}},
		{"pdf/binhthuan_3367-TTr-SNV_2024-11-28_hoi-quan-chung.pdf", Identity{Number: "3367/TTr-SNV", Type: "Tờ trình", TypeCode: "TTr", Issuer: "Sở Nội vụ tỉnh Bình Thuận", Place: "Bình Thuận", Date: iso("2024-11-28")}},
		{"pdf/lamdong_184-BC-SNV_2025-11-06_chi-so-PAR-PAPI-PCI.pdf", Identity{Number: "184/BC-SNV", Type: "Báo cáo", TypeCode: "BC", Issuer: "Sở Nội vụ tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2025-11-06")}},
		{"pdf/lamdong_181-BC-SNV_2025-11-05_mo-hinh-CCHC-QD787.pdf", Identity{Number: "181/BC-SNV", Type: "Báo cáo", TypeCode: "BC", Issuer: "Sở Nội vụ tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2025-11-05"), Signer: "Trần Hữu Tuấn"}},
		{"pdf/lamdong_228-BC-SNV_2025-11-28_chi-so-2025.pdf", Identity{Number: "228/BC-SNV", Type: "Báo cáo", TypeCode: "BC", Issuer: "Sở Nội vụ tỉnh Lâm Đồng", Place: "Lâm Đồng", Date: iso("2025-11-28")}},
		{"pdf/hhccvvn_670-HD-HHCCVVN_2025-10-20_huong-dan-dai-hoi.pdf", Identity{Number: "670/HD-HHCCVVN", Type: "Hướng dẫn", TypeCode: "HD", Issuer: "Hiệp hội Công chứng viên Việt Nam", Place: "Hà Nội", Date: iso("2025-10-20")}},
		{"pdf/cp_100-2001-ND-CP_dia-gioi-Gia-Lai.pdf", Identity{Number: "100/2001/NĐ-CP", Type: "Nghị định", TypeCode: "NĐ", Issuer: "Chính phủ", Place: "Hà Nội", Date: iso("2001-12-26")}},
		{"pdf/cp_01-2020-ND-CP_giam-sat-dau-tu.pdf", Identity{Number: "01/2020/NĐ-CP", Type: "Nghị định", TypeCode: "NĐ", Issuer: "Chính phủ", Place: "Hà Nội", Date: iso("2020-01-01")}},
		{"pdf/congbao_23-VBHN-VPQH_2020_luat-ban-hanh-VBQPPL.pdf", Identity{Number: "23/VBHN-VPQH", Type: "Văn bản hợp nhất", TypeCode: "VBHN", Issuer: "Văn phòng Quốc hội"}},
	}
	for _, tc := range tests {
		for _, reader := range []string{"pdftotext", "ingest/pdf"} {
			t.Run(reader+"/"+filepath.Base(tc.file), func(t *testing.T) {
				var doc *model.Document
				if reader == "pdftotext" {
					doc = pdftotextDoc(t, filepath.Join(corpusDir, tc.file))
				} else {
					data, err := os.ReadFile(filepath.Join(corpusDir, tc.file))
					if err != nil {
						t.Fatal(err)
					}
					doc, err = pdf.Read(context.Background(), data, pdf.Options{NoOCR: true})
					if err != nil {
						t.Skipf("ingest/pdf cannot read it: %v", err)
					}
					doc.Name = filepath.Base(tc.file)
				}
				got := Identify(doc)
				check := func(field, got, want string) {
					if want != "" && got != want {
						t.Errorf("%s = %q, want %q", field, got, want)
					}
				}
				check("Number", got.Number, tc.want.Number)
				check("Type", got.Type, tc.want.Type)
				check("TypeCode", got.TypeCode, tc.want.TypeCode)
				check("Issuer", got.Issuer, tc.want.Issuer)
				check("Place", got.Place, tc.want.Place)
				check("Date", got.Date.ISO(), tc.want.Date.ISO())
				check("Signer", got.Signer, tc.want.Signer)
				t.Logf("%+v", got)
			})
		}
	}
}

func TestIdentifyCorpusXLS(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpusDir, "xls/btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls"))
	if err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	doc, err := xls.Read(data)
	if err != nil {
		t.Skipf("ingest/xls cannot read it yet: %v", err)
	}
	got := Identify(doc)
	if got.Issuer != "Bộ Tài chính" || got.Number != "757/2003/QĐ-BTC" || got.Type != "Quyết định" || got.Date.ISO() != "2003-04-08" {
		t.Errorf("got %+v", got)
	}
}
