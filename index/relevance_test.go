package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"vanban/extract"
	"vanban/ingest/format"
	"vanban/ingest/parse"
)

// The relevance set: queries a clerk types, over the real documents in
// ../shared/corpus, each with the file that must be among the first three
// hits. The documents go through the real pipeline (parse.Bytes,
// extract.Extract) so the set also measures what extraction gives search.

const corpusDir = "../../shared/corpus"

var (
	corpusOnce sync.Once
	corpusIx   *Index
	corpusName map[string]string // id → file name
	corpusErr  error
)

func corpusIndex(t *testing.T) (*Index, map[string]string) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s (%v): run from a checkout with ../shared beside it", corpusDir, err)
	}
	corpusOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vanban-relevance-")
		if err != nil {
			corpusErr = err
			return
		}
		ix, err := Open(dir)
		if err != nil {
			corpusErr = err
			return
		}
		corpusName = map[string]string{}
		var recs []*extract.Record
		for _, sub := range []string{"pdf", "xls", "xlsx"} {
			files, _ := filepath.Glob(filepath.Join(corpusDir, sub, "*"))
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					corpusErr = err
					return
				}
				name := filepath.Base(f)
				doc, err := parse.Bytes(context.Background(), name, data, format.ParseOptions{NoOCR: true})
				if err != nil {
					continue // an unreadable file is not a search question
				}
				rec := extract.Extract(doc, data)
				rec.Text = doc.Text()
				corpusName[rec.ID] = name
				recs = append(recs, rec)
			}
		}
		if err := ix.Add(context.Background(), recs...); err != nil {
			corpusErr = err
			return
		}
		corpusIx = ix
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusIx, corpusName
}

type relevanceCase struct {
	name string
	q    Query
	want string // file name prefix that must be in the top 3
}

var relevanceCases = []relevanceCase{
	// Numbers in many spellings.
	{"number as printed", Query{Q: "779/QĐ-UBND"}, "binhthuan_779-QD-UBND"},
	{"number without Đ", Query{Q: "779/QD-UBND"}, "binhthuan_779-QD-UBND"},
	{"code then number", Query{Q: "qd 779"}, "binhthuan_779-QD-UBND"},
	{"type name then number", Query{Q: "quyết định 779"}, "binhthuan_779-QD-UBND"},
	{"QĐ number and province", Query{Q: "QĐ 779 Bình Thuận"}, "binhthuan_779-QD-UBND"},
	{"tờ trình number", Query{Q: "3367/TTr-SNV"}, "binhthuan_3367-TTr-SNV"},
	{"tờ trình spelled out", Query{Q: "tờ trình 3367"}, "binhthuan_3367-TTr-SNV"},
	{"tờ trình code lower case", Query{Q: "ttr 3367"}, "binhthuan_3367-TTr-SNV"},
	{"decree full number", Query{Q: "01/2020/NĐ-CP"}, "cp_01-2020-ND-CP"},
	{"decree number and year", Query{Q: "nghị định 01/2020"}, "cp_01-2020-ND-CP"},
	{"decree without diacritics", Query{Q: "nghi dinh 100/2001"}, "cp_100-2001-ND-CP"},
	{"decree lower case", Query{Q: "100/2001/nđ-cp"}, "cp_100-2001-ND-CP"},
	{"guidance number", Query{Q: "670/HD-HHCCVVN"}, "hhccvvn_670-HD-HHCCVVN"},
	{"guidance spelled out", Query{Q: "hướng dẫn 670"}, "hhccvvn_670-HD-HHCCVVN"},
	{"report number", Query{Q: "184/BC-SNV"}, "lamdong_184-BC-SNV"},
	{"report spelled out", Query{Q: "báo cáo 184"}, "lamdong_184-BC-SNV"},
	{"report 181", Query{Q: "181/BC-SNV"}, "lamdong_181-BC-SNV"},
	{"report 228 spaced", Query{Q: "228 / bc-snv"}, "lamdong_228-BC-SNV"},
	{"tờ trình 666", Query{Q: "666/TTr-SNV"}, "lamdong_666-TTr-SNV"},
	{"number with &", Query{Q: "2775/SNV-CCHC&VTLT"}, "lamdong_PL01-2775-SNV"},
	{"số and number", Query{Q: "số 2775"}, "lamdong_PL01-2775-SNV"},
	{"consolidated text", Query{Q: "23/VBHN-VPQH"}, "congbao_23-VBHN-VPQH"},
	{"old BTC decision in TCVN3 sheet", Query{Q: "757/2003/QĐ-BTC"}, "btc_du-toan-NSNN-2003"},
	{"BTC decision 3855", Query{Q: "quyết định 3855"}, "btc_du-toan-NSNN-2007"},
	{"BTC decision 1339", Query{Q: "1339/QD-BTC"}, "btc_quyet-toan-NSNN-2006"},
	// Topics with and without diacritics.
	{"topic with diacritics", Query{Q: "quỹ khuyến học Bình Thuận"}, "binhthuan_779-QD-UBND"},
	{"topic without diacritics", Query{Q: "quy khuyen hoc binh thuan"}, "binhthuan_779-QD-UBND"},
	{"charter of the fund", Query{Q: "điều lệ quỹ khuyến học"}, "binhthuan_779-QD-UBND"},
	{"mass associations", Query{Q: "hội quần chúng"}, "binhthuan_3367-TTr-SNV"},
	{"mass associations folded", Query{Q: "hoi quan chung cap tinh"}, "binhthuan_3367-TTr-SNV"},
	{"investment monitoring", Query{Q: "giám sát và đánh giá đầu tư"}, "cp_01-2020-ND-CP"},
	{"investment monitoring folded", Query{Q: "giam sat danh gia dau tu"}, "cp_01-2020-ND-CP"},
	{"boundaries Gia Lai", Query{Q: "địa giới hành chính Gia Lai"}, "cp_100-2001-ND-CP"},
	{"boundaries folded", Query{Q: "dia gioi hanh chinh ia grai"}, "cp_100-2001-ND-CP"},
	{"notaries congress", Query{Q: "đại hội công chứng viên"}, "hhccvvn_670-HD-HHCCVVN"},
	{"notaries congress folded", Query{Q: "dai hoi cong chung vien"}, "hhccvvn_670-HD-HHCCVVN"},
	{"audit of local budgets", Query{Q: "kiểm toán dự toán ngân sách địa phương"}, "ktnn_CS06-2023"},
	{"audit folded", Query{Q: "kiem toan phuong an phan bo du toan"}, "ktnn_CS06-2023"},
	{"indices report", Query{Q: "chỉ số PAR Index SIPAS PAPI PCI"}, "lamdong_184-BC-SNV"},
	{"pilot models", Query{Q: "mô hình sáng kiến cải cách hành chính"}, "lamdong_181-BC-SNV"},
	{"law on legal documents", Query{Q: "luật ban hành văn bản quy phạm pháp luật"}, "congbao_23-VBHN-VPQH"},
	{"law on legal documents folded", Query{Q: "luat ban hanh van ban quy pham phap luat"}, "congbao_23-VBHN-VPQH"},
	{"public finance reform", Query{Q: "cải cách tài chính công"}, "lamdong_PL-VI"},
	{"scoring guide", Query{Q: "hướng dẫn chấm điểm chỉ số cải cách hành chính"}, "lamdong_PL01-2775-SNV"},
	{"artificial intelligence", Query{Q: "trí tuệ nhân tạo"}, "lamdong_"},
	{"phrase", Query{Q: `"tuyên truyền cải cách hành chính"`}, "lamdong_phu-luc-gop-y-KH-tuyen-truyen"},
	{"budget plan 2008", Query{Q: "dự toán thu chi ngân sách 2008"}, "btc_du-toan-NSNN-2008"},
	{"budget settlement", Query{Q: "quyết toán thu chi ngân sách"}, "btc_quyet-toan-NSNN-2006"},
	{"asset appraisal", Query{Q: "giá thẩm định máy photocopy"}, "qltienluong_bang-gia"},
	{"state budget balance folded", Query{Q: "can doi ngan sach nha nuoc 2011"}, "btc_du-toan-NSNN-2011"},
	{"cloud computing", Query{Q: "dien toan dam may"}, "lamdong_tong-hop-gop-y_KH-CCHC-2026-2030"},
	{"English words in a bilingual sheet", Query{Q: "Participation at Local Levels"}, "undp_PAPI"},
	// A sheet's figures as it shows them ("0.00"), not as stored
	// (9.2832250595092773).
	{"a score as the sheet shows it", Query{Q: "Quảng Ninh 9,28"}, "vcci_PCI-2016"},
	// An amount in groups, as the sheet shows it ("#,##0") and a clerk
	// copies it, not as stored (1389380).
	{"an amount as the sheet shows it", Query{Q: "Hà Giang 1.389.380"}, "btc_du-toan-NSNN-2007"},
	// Provinces, old and new.
	{"old province in the words", Query{Q: "chỉ số cải cách hành chính Đắk Nông"}, "lamdong_184-BC-SNV"},
	{"province filter as written", Query{Q: "địa giới", Province: "gia lai"}, "cp_100-2001-ND-CP"},
	{"current province takes in Bình Thuận", Query{Q: "khuyến học", CurrentProvince: "Lâm Đồng"}, "binhthuan_779-QD-UBND"},
	{"current province takes in Đắk Nông", Query{Q: "chỉ số PAPI", CurrentProvince: "lam dong"}, "lamdong_184-BC-SNV"},
	{"TP HCM spelled short", Query{Q: "PCI 2016 TP HCM"}, "vcci_PCI-2016"},
	{"TP HCM as Sài Gòn", Query{Q: "PCI 2016 Sài Gòn"}, "vcci_PCI-2016"},
	{"Đắk Nông spelled Đăk Nông", Query{Q: "chỉ số cải cách hành chính Đăk Nông"}, "lamdong_184-BC-SNV"},
	{"full number in lower case and a province", Query{Q: "nghị định 100/2001/nđ-cp gia lai"}, "cp_100-2001-ND-CP"},
}

func TestRelevance(t *testing.T) {
	ix, names := corpusIndex(t)
	if len(relevanceCases) < 40 {
		t.Fatalf("the relevance set has %d queries, want at least 40", len(relevanceCases))
	}
	passed := 0
	for _, c := range relevanceCases {
		t.Run(c.name, func(t *testing.T) {
			q := c.q
			q.Size = 3
			res, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, names[h.ID])
				if strings.HasPrefix(names[h.ID], c.want) {
					passed++
					return
				}
			}
			t.Errorf("%q (%+v): top 3 = %q, want %s…", c.q.Q, c.q, got, c.want)
		})
	}
	t.Logf("relevance: %d of %d queries have the expected document in the top 3", passed, len(relevanceCases))
}
