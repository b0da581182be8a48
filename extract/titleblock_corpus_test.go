package extract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/ingest/format"
	"vanban/ingest/parse"
)

// TestIdentifyCorpusHeaderless: the corpus documents without an official
// header (appendices, budget workbooks, index tables) get their own title
// as subject, never a table header row, and an issuer only when an organ
// line names it.
func TestIdentifyCorpusHeaderless(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus absent at %s", corpusDir)
	}
	tests := []struct {
		file                 string
		subject, typ, issuer string
	}{
		{"testdata:phu-luc-kinh-phi-khuyen-cong-2024.xlsx", "PHỤ LỤC: KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG QUỐC GIA NĂM 2024", "Quyết định", ""},
		{"pdf/lamdong_PL-VI_cai-cach-tai-chinh-cong-2025_bang-theo-don-vi.pdf", "KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH TÀI CHÍNH CÔNG NĂM 2025", "Phụ lục", ""},
		{"pdf/lamdong_666-TTr-SNV_phu-luc-tong-hop-gop-y.pdf", "TỔNG HỢP Ý KIẾN GÓP Ý ĐỐI VỚI DỰ THẢO KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC NĂM 2026 TỈNH LÂM ĐỒNG", "Tờ trình", ""},
		{"xls/btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls", "DỰ TOÁN THU, CHI NGÂN SÁCH CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG NĂM 2003", "Quyết định", "Bộ Tài chính"},
		{"xls/btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls", "DỰ TOÁN THU, CHI NGÂN SÁCH CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG NĂM 2008", "Phụ lục", "Bộ Tài chính"},
		{"xls/btc_quyet-toan-NSNN-2006_QD-1339-QD-BTC.xls", "QUYẾT TOÁN THU, CHI NGÂN SÁCH CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG NĂM 2006", "Quyết định", "Bộ Tài chính"},
		{"xls/vcci_PCI-2009_63-tinh.xls", "", "", ""},
		{"xls/qltienluong_bang-gia-tham-dinh-tai-san.xls", "", "", ""},
		{"xlsx/undp_PAPI-2011-2016_theo-tinh.xlsx", "", "", ""},
		{"xlsx/vcci_PCI-2016_63-tinh.xlsx", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			path := filepath.Join(corpusDir, tc.file)
			if name, ok := strings.CutPrefix(tc.file, "testdata:"); ok {
				path = filepath.Join("..", "testdata", "corpus", name) // the repository's generated fixtures
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Skipf("absent: %v", err)
			}
			doc, err := parse.Bytes(context.Background(), filepath.Base(path), data, format.ParseOptions{NoOCR: true})
			if err != nil {
				t.Skipf("reader cannot read it: %v", err)
			}
			got := Identify(doc)
			if got.Subject != tc.subject || got.Type != tc.typ || got.Issuer != tc.issuer {
				t.Errorf("subject %q type %q issuer %q\nwant    %q type %q issuer %q", got.Subject, got.Type, got.Issuer, tc.subject, tc.typ, tc.issuer)
			}
		})
	}
}
