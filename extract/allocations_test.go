package extract

import (
	"os"
	"path/filepath"
	"testing"

	"vanban/ingest/xls"
)

// TestAllocationsBTC checks allocation rows of the Bộ Tài chính workbooks:
// exact đồng, province as written and after 2025, column path, group, and
// where the row came from. (Owned by the tables work, issue #5.)
func TestAllocationsBTC(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "xls")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder %s is absent (see ../shared/corpus/README.md); skipping", dir)
	}
	tests := []struct {
		file      string
		provinces int // distinct provinces allocated
		want      Allocation
	}{
		{"btc_du-toan-NSNN-2011_8-bieu_song-ngu.xls", 63, Allocation{
			Recipient: "Lào Cai", Province: "Lào Cai", CurrentProvince: "Lào Cai",
			Column: "Bổ sung từ NSTW cho NSĐP / Tổng số", Group: "Miền Núi Phía Bắc",
			AmountVND: 2_980_775_000_000, Sheet: "M09(R)"}},
		{"btc_du-toan-NSNN-2008_phu-luc-09_64-tinh_song-ngu.xls", 64, Allocation{
			Recipient: "Hà Tây", Province: "Hà Tây", CurrentProvince: "Hà Nội",
			Column: "Bổ sung từ NSTW cho NSĐP / Bổ sung có mục tiêu / Tổng số", Group: "Đb Sông Hồng",
			AmountVND: 218_307_000_000, Sheet: "Sheet1"}},
		{"btc_du-toan-NSNN-2003_QD-757-2003-QD-BTC_TCVN3.xls", 61, Allocation{
			Recipient: "HÀ NỘI", Province: "Hà Nội", CurrentProvince: "Hà Nội",
			Column:    "TỔNG THU NSNN TRÊN ĐỊA BÀN CÁC TỈNH, TP TRỰC THUỘC TRUNG ƯƠNG",
			AmountVND: 19_348_000_000_000, Sheet: "Sheet1"}},
		{"btc_du-toan-NSNN-2007_QD-3855-QD-BTC.xls", 64, Allocation{
			Recipient: "KHÁNH HÒA", Province: "Khánh Hòa", CurrentProvince: "Khánh Hòa",
			Column: "BỔ SUNG TỪ NGÂN SÁCH TRUNG ƯƠNG CHO NGÂN SÁCH ĐỊA PHƯƠNG / BỔ SUNG CÓ MỤC TIÊU / THỰC HIỆN CÁC CHẾ ĐỘ CHÍNH SÁCH VÀ MỘT SỐ NHIỆM VỤ THEO QUY ĐỊNH",
			Group:  "BẮC TRUNG BỘ VÀ DUYÊN HẢI MIỀN TRUNG", AmountVND: 961_000_000, Sheet: "mau so 09"}},
		{"btc_quyet-toan-NSNN-2006_QD-1339-QD-BTC.xls", 64, Allocation{
			Recipient: "CÀ MAU", Province: "Cà Mau", CurrentProvince: "Cà Mau",
			Column: "BỔ SUNG TỪ NSTW CHO NSĐP / BỔ SUNG CÓ MỤC TIÊU", Group: "ĐB SÔNG C.LONG",
			AmountVND: 388_607_000_000, Sheet: "Sheet1"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := xls.Read(data)
			if err != nil {
				t.Fatal(err)
			}
			_, allocs, _ := Tables(doc)
			provs := map[string]bool{}
			found := false
			for _, a := range allocs {
				if a.Province != "" {
					provs[a.Province] = true
				}
				if a.Recipient == tt.want.Recipient && a.Column == tt.want.Column && a.Sheet == tt.want.Sheet {
					found = true
					got := a
					got.Table, got.Row, got.Page = 0, 0, 0
					if tt.want.AmountVND == 0 {
						got.AmountVND = 0
					}
					if got != tt.want {
						t.Errorf("allocation = %+v\nwant %+v", got, tt.want)
					}
				}
			}
			if !found {
				t.Errorf("no allocation for %q in %q", tt.want.Recipient, tt.want.Column)
			}
			if len(provs) != tt.provinces {
				t.Errorf("provinces allocated = %d, want %d", len(provs), tt.provinces)
			}
		})
	}
}
