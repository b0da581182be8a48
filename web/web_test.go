package web_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/ingest"
	"vanban/ingest/format"
	"vanban/internal/servertest"
	"vanban/model"
	"vanban/server"
	"vanban/web"
)

// syntheticRecord is a record with everything the document page shows —
// tables with groups and totals, allocations, references, warnings — and
// hostile text, so the pages are tested whatever the extractors find today.
func syntheticRecord(heldNumber string) *extract.Record {
	return &extract.Record{
		ID:       extract.ContentID([]byte("synthetic record for the web tests")),
		Source:   extract.Source{Name: "phu-luc-bo-sung-2020.xlsx", Format: "xlsx", Pages: 0},
		Number:   "2000/QĐ-BTC",
		Type:     "Quyết định",
		TypeCode: "QĐ",
		Issuer:   "Bộ Tài chính",
		Place:    "Hà Nội",
		Date:     model.MustParseDate("2020-12-19"),
		Subject:  "Về việc giao dự toán bổ sung có mục tiêu từ ngân sách trung ương năm 2020 <script>alert('x')</script>",
		Signer:   "Nguyễn Văn A",
		Provinces: []extract.Province{
			{Name: "Lào Cai", Code: "10", Current: "Lào Cai", CurrentCode: "15", Count: 3},
			{Name: "Yên Bái", Code: "15", Current: "Lào Cai", CurrentCode: "15", Count: 1},
			{Name: "Đắk Nông", Code: "67", Current: "Lâm Đồng", CurrentCode: "68", Count: 2},
		},
		References: []extract.Reference{
			{Number: heldNumber, Type: "Quyết định", Date: model.MustParseDate("2024-11-01")},
			{Number: "999/BNV-CCHC", Date: model.MustParseDate("2025-07-02")},
		},
		Figures: []extract.Figure{
			{Kind: "money", Text: "2.994.047 triệu đồng", Value: 2994047000000, Unit: "VND", Page: 1},
			{Kind: "percent", Text: "85,05%", Value: 8505, Scale: 100, Unit: "%", Page: 2},
		},
		Tables: []extract.Table{{
			Sheet: "PL01", Title: "Bổ sung có mục tiêu cho các địa phương", Unit: "triệu đồng",
			Columns: []string{"STT", "Tỉnh, thành phố", "DỰ TOÁN / TỔNG SỐ", "DỰ TOÁN / BỔ SUNG CÓ MỤC TIÊU / VỐN ĐẦU TƯ", "DỰ TOÁN / BỔ SUNG CÓ MỤC TIÊU / VỐN SỰ NGHIỆP"},
			Rows: []extract.TableRow{
				{Kind: "total", Cells: []string{"", "TỔNG SỐ", "3.494.047", "3.000.000", "494.047"}},
				{Kind: "group", Cells: []string{"I", "Miền núi phía Bắc", "3.494.047", "3.000.000", "494.047"}},
				{Kind: "item", Cells: []string{"1", "Lào Cai", "2.994.047", "2.500.000", "494.047"}},
				{Kind: "item", Cells: []string{"2", "Yên Bái <b>x</b>", "500.000", "500.000", ""}},
			},
		}},
		Allocations: []extract.Allocation{
			{Recipient: "Lào Cai", Province: "Lào Cai", CurrentProvince: "Lào Cai", Column: "DỰ TOÁN / TỔNG SỐ", Group: "Năm 2020", AmountVND: 2994047000000, Table: 0, Row: 2},
			{Recipient: "YÊN BÁI", RecipientKind: extract.RecipientProvince, Province: "Yên Bái", CurrentProvince: "Lào Cai", Column: "DỰ TOÁN / TỔNG SỐ", Group: "Năm 2020", AmountVND: 500000000000, Table: 0, Row: 3},
		},
		Warnings:   []string{"table 1: group 'Miền núi phía Bắc' is 3.494.047 but its rows add up to 3.494.046"},
		Signatures: []extract.Signature{{Page: 1, SignedBy: "Nguyễn Văn A", Organization: "Bộ Tài chính", Time: "2020-12-19T10:00:00+07:00"}},
		Text:       "Quyết định giao dự toán bổ sung có mục tiêu cho Lào Cai và Yên Bái. <img src=x onerror=alert(1)> khuyến công",
	}
}

type fixture struct {
	ix       *index.Index
	records  []*extract.Record
	held     *extract.Record // a corpus record with a number, cited by the synthetic one
	synth    *extract.Record
	serveDir string
}

var (
	fixtureOnce sync.Once
	fixtureVal  *fixture
	fixtureErr  error
)

// testFixture indexes testdata/corpus through the real pipeline (parse,
// extract, index) plus the synthetic record, once per test binary.
func testFixture(t testing.TB) *fixture {
	t.Helper()
	fixtureOnce.Do(func() { fixtureVal, fixtureErr = buildFixture(servertest.Corpus(t)) })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureVal
}

func buildFixture(corpus []*extract.Record) (*fixture, error) {
	dir, err := os.MkdirTemp("", "vanban-web-test-")
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(dir)
	if err != nil {
		return nil, err
	}
	f := &fixture{ix: ix, serveDir: dir, records: corpus}
	ctx := context.Background()
	for _, rec := range corpus {
		if f.held == nil && rec.Number != "" {
			f.held = rec
		}
	}
	heldNumber := "4768/QĐ-BCT"
	if f.held != nil {
		heldNumber = f.held.Number
	}
	f.synth = syntheticRecord(heldNumber)
	if err := ix.Add(ctx, append(f.records, f.synth)...); err != nil {
		return nil, err
	}
	return f, nil
}

// fakeIngester records uploads and retries and answers a scripted ledger
// entry and retry.
type fakeIngester struct {
	mu    sync.Mutex
	name  string
	data  []byte
	entry ingest.Entry
	err   error
	// retried is what Retry answers (with retryErr); retries records what
	// it was asked.
	retried  []*ingest.Entry
	retryErr error
	retries  [][]ingest.Status
	// summary is what Summarize answers, its failures cut as the ledger
	// cuts them; summarized records the numbers of failures asked for.
	summary    ingest.Summary
	summarized []int
}

func (u *fakeIngester) AddReader(ctx context.Context, r io.Reader, name string) (*ingest.Entry, error) {
	b, err := io.ReadAll(io.LimitReader(r, u.MaxSize()+1))
	if err != nil {
		return nil, err
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if int64(len(b)) > u.MaxSize() {
		return nil, fmt.Errorf("upload: %w", format.ErrTooLarge)
	}
	u.name, u.data = name, b
	return &ingest.Entry{ID: "up-1", Status: ingest.StatusQueued, Sources: []ingest.Source{{Kind: "upload", Name: name}}}, u.err
}

func (u *fakeIngester) Entry(id string) (*ingest.Entry, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if id != "up-1" {
		return nil, ingest.ErrUnknown
	}
	e := u.entry
	e.ID = id
	return &e, nil
}

func (u *fakeIngester) Summarize(maxFailures int) (*ingest.Summary, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.summarized = append(u.summarized, maxFailures)
	sum := u.summary
	sum.ByStatus = maps.Clone(sum.ByStatus)
	if sum.ByStatus == nil {
		sum.ByStatus = map[ingest.Status]int{}
	}
	sum.Failures = slices.Clone(sum.Failures[:min(len(sum.Failures), maxFailures)])
	return &sum, nil
}

func (u *fakeIngester) MaxSize() int64 { return 1 << 20 }

func (u *fakeIngester) Retry(statuses ...ingest.Status) ([]*ingest.Entry, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.retries = append(u.retries, statuses)
	return u.retried, u.retryErr
}

func newWebServer(t testing.TB, cfg server.Config) *httptest.Server {
	t.Helper()
	f := testFixture(t)
	if cfg.Store == nil {
		cfg.Store = f.ix
	}
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(server.New(cfg).Handler())
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, srv *httptest.Server, path string, header ...string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return send(t, srv.Client(), req)
}

// pageHolds reports each string of want that body lacks and each of
// notWant that it holds.
func pageHolds(t *testing.T, body string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	for _, w := range notWant {
		if strings.Contains(body, w) {
			t.Errorf("page holds %q", w)
		}
	}
}

// send sends req with client and reads the whole answer.
func send(t *testing.T, client *http.Client, req *http.Request) (int, string, http.Header) {
	t.Helper()
	res, b := servertest.Do(t, client, req)
	return res.StatusCode, string(b), res.Header
}

func TestPages(t *testing.T) {
	f := testFixture(t)
	srv := newWebServer(t, server.Config{})
	synth := "/documents/" + f.synth.ID
	tests := []struct {
		name    string
		path    string
		status  int
		want    []string
		notWant []string
	}{
		{name: "home lists the newest documents", path: "/", status: 200,
			want: []string{`<html lang="vi">`, `<label for="q">`, "Tìm văn bản", "văn bản trong kho", "2000/QĐ-BTC",
				`name="current_province"`, "Lâm Đồng (gồm Lâm Đồng, Bình Thuận, Đắk Nông cũ)", "Tuyên Quang (gồm Tuyên Quang, Hà Giang cũ)", `<option>Hòa Bình</option>`}},
		{name: "search by words highlights the match", path: "/?q=khuy%E1%BA%BFn+c%C3%B4ng", status: 200,
			want: []string{"Tìm thấy", "<mark>", `href="/documents/`, "<title>“khuyến công” – Tìm văn bản · Tra cứu văn bản</title>"}},
		{name: "the subject shows its matched words", path: "/?q=d%E1%BB%B1+to%C3%A1n", status: 200,
			want: []string{`<p class="subject">Về việc giao <mark>dự</mark> <mark>toán</mark>`}},
		{name: "overlong query", path: "/?q=" + strings.Repeat("a", web.MaxQueryLen+1), status: 400, want: []string{"Từ khóa quá dài"}},
		{name: "query state is kept in the form", path: "/?q=d%E1%BB%B1+to%C3%A1n&type=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh&year=2020", status: 200,
			want: []string{`value="dự toán"`, `<option selected>Quyết định</option>`, `value="2020"`, "2000/QĐ-BTC"}},
		{name: "filter by current province finds merged ones", path: "/?current_province=L%C3%A2m+%C4%90%E1%BB%93ng", status: 200,
			want: []string{"2000/QĐ-BTC", `<option value="Lâm Đồng" selected>`}},
		{name: "facets are links that keep the query", path: "/?q=d%E1%BB%B1+to%C3%A1n", status: 200,
			want: []string{"Thu hẹp theo", `href="/?q=d%E1%BB%B1%20to%C3%A1n&amp;type=`}},
		{name: "no match says so", path: "/?q=zzzzqqqxxxx", status: 200,
			want: []string{"Không tìm thấy văn bản nào phù hợp.", "Hãy thử từ khóa ngắn hơn"}},
		{name: "script in the query is escaped", path: "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", status: 200,
			want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, notWant: []string{"<script>alert(1)"}},
		{name: "script in indexed text is escaped once in snippets and subjects", path: "/?q=onerror+alert", status: 200,
			want:    []string{"&lt;img src=x <mark>onerror</mark>=<mark>alert</mark>(1)&gt;", "&lt;script&gt;"},
			notWant: []string{"<img src=x", "<script>alert('x')", "&amp;lt;"}},
		{name: "bad page number", path: "/?q=a&page=abc", status: 400,
			want: []string{"Số trang phải là số nguyên", `role="alert"`, `value="a"`}},
		{name: "page out of range", path: "/?page=100000", status: 400, want: []string{"Số trang phải là số nguyên"}},
		{name: "bad year", path: "/?year=20x5", status: 400, want: []string{"Năm phải gồm 4 chữ số"}},
		{name: "bad date", path: "/?date_from=31/02/2020", status: 400, want: []string{"Ngày phải theo dạng ngày/tháng/năm"}},
		{name: "reversed date range", path: "/?date_from=2021-01-01&date_to=2020-01-01", status: 400, want: []string{"“Từ ngày” phải trước"}},
		{name: "day/month/year dates are read", path: "/?date_from=01/01/2020&date_to=31/12/2020", status: 200,
			want:    []string{`value="01/01/2020"`, `value="31/12/2020"`, `placeholder="dd/mm/yyyy"`, "2000/QĐ-BTC"},
			notWant: []string{`type="date"`}},
		{name: "ISO dates in a link are shown day/month/year", path: "/?date_from=2020-01-01", status: 200,
			want: []string{`value="01/01/2020"`}},
		{name: "every type the extractor gives is offered", path: "/", status: 200,
			want: []string{"<option>Phụ lục</option>", "<option>Hiến pháp</option>", "<option>Pháp lệnh</option>"}},
		{name: "english toggle", path: "/?lang=en", status: 200,
			want: []string{`<html lang="en">`, "Search documents", "Tiếng Việt"}},
		{name: "document page", path: synth, status: 200,
			want: []string{"<h1>Quyết định 2000/QĐ-BTC</h1>", "Bộ Tài chính", "19/12/2020",
				"Đơn vị tính: triệu đồng", `<th scope="colgroup" colspan="3">DỰ TOÁN</th>`,
				`<th scope="col" rowspan="3">STT</th>`, `<th scope="colgroup" colspan="2">BỔ SUNG CÓ MỤC TIÊU</th>`,
				`<tr class="row-total">`, `<tr class="row-group">`, `<td class="num">2.994.047</td>`, `<th scope="row">Lào Cai</th>`,
				"Cần kiểm tra lại", "rows add up to 3.494.046",
				`href="/?q=999%2FBNV-CCHC"`, "2.994.047.000.000 đồng", "85,05%",
				`href="/api/documents/` + f.synth.ID + `/file"`, "nay thuộc", `href="/?current_province=L%c3%a2m%20%c4%90%e1%bb%93ng"`,
				"Yên Bái &lt;b&gt;x&lt;/b&gt;", "&lt;script&gt;", "Chữ ký số", "Nguyễn Văn A, Bộ Tài chính",
				`href="/allocations?q=2000%2fQ%c4%90-BTC"`},
			notWant: []string{"<script>alert", "<b>x</b>"}},
		{name: "unknown document", path: "/documents/0000", status: 404,
			want: []string{"Không có văn bản này trong kho", `href="/"`}},
		{name: "unknown page", path: "/khong-co", status: 404, want: []string{"Không có trang này."}},
		{name: "allocations form", path: "/allocations", status: 200,
			want: []string{"Phân bổ kinh phí theo tỉnh/thành", `<label for="a-province">`, "Hãy chọn một tỉnh/thành"}},
		{name: "allocations of a province", path: "/allocations?province=L%C3%A0o+Cai&year=2020", status: 200,
			want: []string{"2.994.047.000.000 đồng", "2.994.047 triệu đồng", "<svg", `class="bar"`,
				`href="/api/allocations?format=csv&amp;province=L%C3%A0o%20Cai&amp;year=2020"`, "format=xlsx", "2000/QĐ-BTC"}},
		{name: "allocations under several columns are totalled per column", path: "/allocations?current_province=L%C3%A0o+Cai", status: 200,
			want: []string{"Tổng theo từng khoản mục", `<td class="num">3.494.047.000.000</td>`,
				`href="/allocations?column=D%E1%BB%B0%20TO%C3%81N%20%2F%20T%E1%BB%94NG%20S%E1%BB%90&amp;current_province=L%C3%A0o%20Cai"`},
			notWant: []string{"<svg"}},
		{name: "allocations of a merged province add up in one column", path: "/allocations?current_province=L%C3%A0o+Cai&column=d%E1%BB%B1+to%C3%A1n+%2F+t%E1%BB%95ng+s%E1%BB%91", status: 200,
			want: []string{"3.494.047.000.000 đồng", "<svg", "Xem tất cả khoản mục",
				// A recipient printed in capitals: its gazetteer name, the printed form kept.
				`<th scope="row">Yên Bái <span class="muted">(in trong văn bản: “YÊN BÁI”)</span></th>`, `<th scope="row">Lào Cai</th>`,
				"Yên Bái · 2000/QĐ-BTC"}},
		{name: "allocations of one document", path: "/allocations?q=2000%2FQ%C4%90-BTC", status: 200,
			want: []string{`<span class="total">3.494.047.000.000 đồng</span>`, "Yên Bái"}, notWant: []string{"KINH PHÍ"}},
		{name: "allocations bad year", path: "/allocations?year=abcd", status: 400, want: []string{"Năm phải gồm 4 chữ số"}},
		{name: "upload disabled", path: "/upload", status: 200, want: []string{"chưa bật chức năng tải văn bản lên"}},
		{name: "style sheet", path: web.CSSURL, status: 200, want: []string{"focus-visible"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := get(t, srv, tc.path)
			if status != tc.status {
				t.Errorf("status %d, want %d", status, tc.status)
			}
			pageHolds(t, body, tc.want, tc.notWant)
			if t.Failed() {
				t.Logf("page:\n%s", body)
			}
		})
	}
}

func TestDocumentPageLinksHeldReference(t *testing.T) {
	f := testFixture(t)
	if f.held == nil {
		t.Skip("no corpus record with a number yet: extract reads none")
	}
	srv := newWebServer(t, server.Config{})
	_, body, _ := get(t, srv, "/documents/"+f.synth.ID)
	if want := `href="/documents/` + f.held.ID + `"`; !strings.Contains(body, want) {
		t.Errorf("reference %s not linked to our copy: page lacks %s", f.held.Number, want)
	}
}

func TestLanguageCookie(t *testing.T) {
	srv := newWebServer(t, server.Config{})
	status, body, h := get(t, srv, "/allocations?lang=en")
	if status != 200 || !strings.Contains(body, "Allocations by province") {
		t.Fatalf("status %d, english page missing", status)
	}
	if c := h.Get("Set-Cookie"); !strings.Contains(c, web.LangCookie+"=en") {
		t.Errorf("Set-Cookie = %q", c)
	}
	_, body, _ = get(t, srv, "/", "Cookie", web.LangCookie+"=en")
	if !strings.Contains(body, `<html lang="en">`) {
		t.Error("the cookie does not keep English")
	}
}

type failingStore struct{ err error }

func (s failingStore) Search(context.Context, index.Query) (*index.Result, error) { return nil, s.err }
func (s failingStore) Get(string) (*extract.Record, error)                        { return nil, s.err }

func TestStoreErrorsArePlainWords(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		want   string
	}{
		{"broken index", errors.New("bolt: database not open"), 500, "Hệ thống gặp lỗi"},
		{"slow index", context.DeadlineExceeded, 503, "mất quá nhiều thời gian"},
		{"query refused", &index.QueryError{Param: "issuer", Msg: "unknown issuer"}, 400, "Ô “Cơ quan ban hành” chưa đúng: unknown issuer."},
		{"type refused", &index.QueryError{Param: "type", Msg: "unknown type"}, 400, "Không có loại văn bản này"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newWebServer(t, server.Config{Store: failingStore{tc.err}})
			for _, path := range []string{"/?q=x", "/documents/abc"} {
				status, body, _ := get(t, srv, path)
				if path == "/documents/abc" && tc.status == 400 {
					continue
				}
				if status != tc.status || !strings.Contains(body, tc.want) {
					t.Errorf("%s: status %d, want %d with %q; page:\n%s", path, status, tc.status, tc.want, body)
				}
				if strings.Contains(body, "bolt") {
					t.Errorf("%s: internal error text reaches the page", path)
				}
			}
		})
	}
}

func postUpload(t *testing.T, srv *httptest.Server, token, name string, data []byte) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if token != "" {
		mw.WriteField("token", token)
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := client.Post(srv.URL+"/upload", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func TestUpload(t *testing.T) {
	up := &fakeIngester{}
	srv := newWebServer(t, server.Config{Ingest: up, Token: "s3cret"})

	status, body, _ := get(t, srv, "/upload")
	if status != 200 || !strings.Contains(body, `<label for="u-token">`) || !strings.Contains(body, `<label for="u-file">`) ||
		!strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatalf("upload form: status %d\n%s", status, body)
	}

	t.Run("wrong token", func(t *testing.T) {
		res := postUpload(t, srv, "nope", "a.pdf", []byte("%PDF-1.4"))
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 401 || !strings.Contains(string(b), "Mã truy cập không đúng") {
			t.Errorf("status %d\n%s", res.StatusCode, b)
		}
	})
	t.Run("too large", func(t *testing.T) {
		res := postUpload(t, srv, "s3cret", "big.pdf", append([]byte("%PDF-"), bytes.Repeat([]byte("x"), 1<<20+10)...))
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 413 || !strings.Contains(string(b), "Tệp quá lớn (tối đa") {
			t.Errorf("status %d\n%s", res.StatusCode, b)
		}
	})
	t.Run("not a document: refused by its content, nothing stored", func(t *testing.T) {
		before := up.name
		res := postUpload(t, srv, "s3cret", "notes.pdf", []byte("just some text"))
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(string(b), "tệp chưa được lưu") {
			t.Errorf("status %d\n%s", res.StatusCode, b)
		}
		if up.name != before {
			t.Errorf("the uploader was given %q", up.name)
		}
	})
	t.Run("no file", func(t *testing.T) {
		res := postUpload(t, srv, "s3cret", "", nil)
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 400 || !strings.Contains(string(b), "Hãy chọn một tệp") {
			t.Errorf("status %d\n%s", res.StatusCode, b)
		}
	})
	t.Run("accepted file goes to its status page", func(t *testing.T) {
		res := postUpload(t, srv, "s3cret", `C:\Users\a\Văn bản.pdf`, []byte("%PDF-1.4 hello"))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/upload/up-1" {
			t.Fatalf("status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
		}
		if up.name != `C:\Users\a\Văn bản.pdf` || string(up.data) != "%PDF-1.4 hello" {
			t.Errorf("uploader got %q %q", up.name, up.data)
		}
	})

	src := func(n int) []ingest.Source { return make([]ingest.Source, n) }
	steps := []struct {
		name    string
		entry   ingest.Entry
		want    []string
		notWant []string
	}{
		{"in progress refreshes itself", ingest.Entry{Status: ingest.StatusParsing, Sources: src(1)},
			[]string{`<meta http-equiv="refresh" content="2">`, `class="now" aria-current="step">Đọc tệp`, `class="done">Đã nhận tệp`}, nil},
		{"done links the document", ingest.Entry{Status: ingest.StatusIndexed, Sources: src(1)},
			[]string{"Đã xong", `href="/documents/up-1"`}, []string{"http-equiv", "đã có trong kho từ trước"}},
		{"a duplicate says so", ingest.Entry{Status: ingest.StatusIndexed, Sources: src(2)},
			[]string{"Đã xong", "đã có trong kho từ trước"}, nil},
		{"encrypted file in plain words", ingest.Entry{Status: ingest.StatusFailed, Cause: "encrypted", Reason: "a.pdf: file is encrypted", Sources: src(1)},
			[]string{"Tệp được đặt mật khẩu", "<details><summary>Chi tiết kỹ thuật", "<code>a.pdf: file is encrypted</code>", "(không được)"}, []string{"http-equiv"}},
		{"scan without OCR", ingest.Entry{Status: ingest.StatusNeedsOCR, Sources: src(1)},
			[]string{"bản quét không có lớp chữ"}, []string{"http-equiv"}},
		{"unknown error is still said", ingest.Entry{Status: ingest.StatusFailed, Reason: "disk <full>", Sources: src(1)},
			[]string{"Có lỗi khi xử lý tệp (disk &lt;full&gt;)"}, []string{"<full>"}},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) {
			up.mu.Lock()
			up.entry = tc.entry
			up.mu.Unlock()
			status, body, _ := get(t, srv, "/upload/up-1")
			if status != 200 {
				t.Errorf("status %d", status)
			}
			pageHolds(t, body, tc.want, tc.notWant)
			if t.Failed() {
				t.Log(body)
			}
		})
	}
	t.Run("unknown upload", func(t *testing.T) {
		status, body, _ := get(t, srv, "/upload/zzz")
		if status != 404 || !strings.Contains(body, "Không có lượt tải lên này") {
			t.Errorf("status %d\n%s", status, body)
		}
	})
}

func BenchmarkSearchPage(b *testing.B) {
	srv := newWebServer(b, server.Config{})
	client := srv.Client()
	for b.Loop() {
		res, err := client.Get(srv.URL + "/?q=d%E1%BB%B1+to%C3%A1n")
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
}

// TestUploadFormRealPool sends files through the upload form into a real
// ingest pool (the ledger and workers of package ingest) and follows their
// status pages.
func TestUploadFormRealPool(t *testing.T) {
	srv, _ := newIngestServer(t, "tok")
	tests := []struct {
		name    string
		file    string
		data    string
		want    string // on the final status page
		tooBig  bool
		notWant string
	}{
		{name: "readable file is indexed", file: "a.xlsx", data: "%PDF-hello", want: "Đã xong. Văn bản đã có trong kho."},
		{name: "damaged file in plain words", file: "b.xlsx", data: "%PDF-BAD bytes", want: "Tệp bị hỏng, không mở được.", notWant: "http-equiv"},
		{name: "too large for this server", file: "c.xlsx", data: "%PDF-" + strings.Repeat("x", 100), tooBig: true, want: "Tệp quá lớn (tối đa 64 B)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := postUpload(t, srv, "tok", tc.file, []byte(tc.data))
			if tc.tooBig {
				b, _ := io.ReadAll(res.Body)
				if res.StatusCode != 413 || !strings.Contains(string(b), tc.want) {
					t.Errorf("status %d\n%s", res.StatusCode, b)
				}
				return
			}
			loc := res.Header.Get("Location")
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/upload/") {
				t.Fatalf("status %d, Location %q", res.StatusCode, loc)
			}
			var body string
			for i := 0; i < 100; i++ {
				_, body, _ = get(t, srv, loc)
				if !strings.Contains(body, "http-equiv") {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if !strings.Contains(body, tc.want) {
				t.Errorf("status page lacks %q:\n%s", tc.want, body)
			}
		})
	}
}

// pagedStore answers a fixed number of hits, a page at a time.
type pagedStore struct {
	total int
	last  index.Query
}

func (s *pagedStore) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	s.last = q
	res := &index.Result{Total: uint64(s.total)}
	for i := (q.Page - 1) * q.Size; i < min(s.total, q.Page*q.Size); i++ {
		res.Hits = append(res.Hits, index.Hit{ID: fmt.Sprint("d", i), Number: fmt.Sprintf("%d/QĐ-UBND", i+1), Subject: "Về việc thử"})
	}
	return res, nil
}

func (s *pagedStore) Get(id string) (*extract.Record, error) { return nil, index.ErrNotFound }

func TestPagination(t *testing.T) {
	st := &pagedStore{total: 95}
	srv := newWebServer(t, server.Config{Store: st})
	tests := []struct {
		name    string
		path    string
		want    []string
		notWant []string
	}{
		{"first page", "/?q=th%E1%BB%AD", []string{"Trang 1 / 5", `<ol class="hits" start="1">`, `href="/?page=2&amp;q=th%E1%BB%AD" rel="next"`,
			`href="/?page=5&amp;q=th%E1%BB%AD" aria-label="Trang 5"`, "20/QĐ-UBND"}, []string{`rel="prev"`, "21/QĐ-UBND"}},
		{"middle page keeps filters", "/?q=th%E1%BB%AD&type=Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh&page=3", []string{"Trang 3 / 5", `<ol class="hits" start="41">`,
			`href="/?page=2&amp;q=th%E1%BB%AD&amp;type=Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh" rel="prev"`, `aria-current="page" aria-label="Trang 3"`, "41/QĐ-UBND"}, nil},
		{"last page", "/?q=th%E1%BB%AD&page=5", []string{"Trang 5 / 5", "95/QĐ-UBND", `rel="prev"`}, []string{`rel="next"`}},
		{"newest first", "/?q=th%E1%BB%AD&sort=-date", []string{`<option value="-date" selected>`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := get(t, srv, tc.path)
			if status != 200 {
				t.Errorf("status %d", status)
			}
			pageHolds(t, body, tc.want, tc.notWant)
		})
	}
	get(t, srv, "/?q=x&type=C%C3%B4ng%20v%C4%83n&province=Hu%E1%BA%BF&current_province=Hu%E1%BA%BF&issuer=UBND&year=2025&date_from=01/01/2025&date_to=2025-12-31&sort=date&page=2")
	want := index.Query{Q: "x", Type: "Công văn", Issuer: "UBND", Province: "Huế", CurrentProvince: "Huế", Year: 2025,
		DateFrom: "2025-01-01", DateTo: "2025-12-31", Sort: "date", Page: 2, Size: web.PageSize}
	if fmt.Sprint(st.last) != fmt.Sprint(want) {
		t.Errorf("index query\n got %+v\nwant %+v", st.last, want)
	}
	if status, body, _ := get(t, srv, "/?sort=bogus"); status != 400 || !strings.Contains(body, "Cách sắp xếp không hợp lệ") {
		t.Errorf("bad sort: status %d", status)
	}
}

func TestDocumentPageCutsLongTables(t *testing.T) {
	rec := syntheticRecord("1/QĐ-X")
	rec.ID = "long"
	rows := make([]extract.TableRow, web.MaxRowsShown+7)
	for i := range rows {
		rows[i] = extract.TableRow{Kind: "item", Cells: []string{fmt.Sprint(i + 1), fmt.Sprintf("row-%d-end", i+1)}}
	}
	rec.Tables = append(rec.Tables, extract.Table{Title: "Dài", Columns: []string{"STT", "Tên"}, Rows: rows})
	srv := newWebServer(t, server.Config{Store: oneRecordStore{rec}})

	_, body, _ := get(t, srv, "/documents/long")
	last := fmt.Sprintf("row-%d-end", web.MaxRowsShown)
	if !strings.Contains(body, last) || strings.Contains(body, fmt.Sprintf("row-%d-end", web.MaxRowsShown+1)) {
		t.Errorf("the cut page should end at %s", last)
	}
	if !strings.Contains(body, fmt.Sprintf("Trang chỉ hiện %d dòng đầu trong %d dòng", web.MaxRowsShown, web.MaxRowsShown+7)) ||
		!strings.Contains(body, `href="/documents/long?table=2#table-2"`) {
		t.Error("no note and link to the whole table")
	}
	_, body, _ = get(t, srv, "/documents/long?table=2")
	if !strings.Contains(body, fmt.Sprintf("row-%d-end", web.MaxRowsShown+7)) || strings.Contains(body, "?table=2#table-2") {
		t.Error("?table=2 does not show the whole table")
	}
}

// oneRecordStore holds one record.
type oneRecordStore struct{ rec *extract.Record }

func (s oneRecordStore) Search(context.Context, index.Query) (*index.Result, error) {
	return &index.Result{}, nil
}

func (s oneRecordStore) Get(id string) (*extract.Record, error) {
	if id != s.rec.ID {
		return nil, index.ErrNotFound
	}
	return s.rec, nil
}

// manyAllocations answers n rows of one column, 1 000 000 đồng each.
type manyAllocations struct {
	oneRecordStore
	n int
}

func (s manyAllocations) Allocations(ctx context.Context, q index.AllocationQuery) (*index.AllocationResult, error) {
	res := &index.AllocationResult{}
	for i := 0; i < s.n; i++ {
		res.Rows = append(res.Rows, index.AllocationRow{DocumentID: "d", Number: "1/QĐ-X",
			Allocation: extract.Allocation{Recipient: fmt.Sprint("R", i), Province: "Huế", Column: "TỔNG SỐ", AmountVND: 1_000_000}})
	}
	res.Total = len(res.Rows)
	res.Sums, res.SumVND, res.SumNote = index.ColumnSums(res.Rows)
	return res, nil
}

func TestAllocationsPageCutsLongLists(t *testing.T) {
	srv := newWebServer(t, server.Config{Store: manyAllocations{n: web.MaxAllocRowsShown + 5}})
	status, body, _ := get(t, srv, "/allocations?province=Hu%E1%BA%BF")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{
		"1.005.000.000 đồng", // the total covers every row
		"Trang chỉ liệt kê 1.000 dòng đầu trong 1.005 dòng", // the list is cut
		"Biểu đồ chỉ vẽ 30 dòng lớn nhất.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(body, `<th scope="row">R`); n != web.MaxAllocRowsShown {
		t.Errorf("%d rows listed, want %d", n, web.MaxAllocRowsShown)
	}
}

// newIngestServer serves pages and API over real ingest workers
// (servertest.Pool) with token.
func newIngestServer(t *testing.T, token string) (*httptest.Server, *ingest.Pool) {
	t.Helper()
	pool, ix := servertest.Pool(t, servertest.NopSink{})
	srv := httptest.NewServer(server.New(server.Config{Store: ix, Ingest: pool, Token: token}).Handler())
	t.Cleanup(srv.Close)
	return srv, pool
}

// uploadFile uploads data as name through the upload page and returns the
// id its answer redirects to.
func uploadFile(t *testing.T, srv *httptest.Server, token, name, data string) string {
	t.Helper()
	res := postUpload(t, srv, token, name, []byte(data))
	id, ok := strings.CutPrefix(res.Header.Get("Location"), "/upload/")
	if res.StatusCode != http.StatusSeeOther || !ok {
		t.Fatalf("upload %s: status %d, Location %q", name, res.StatusCode, res.Header.Get("Location"))
	}
	return id
}

// settled waits up to within until the workers have read the file id (it
// is neither queued nor being read) and returns its entry.
func settled(t *testing.T, pool *ingest.Pool, id string, within time.Duration) *ingest.Entry {
	t.Helper()
	for deadline := time.Now().Add(within); ; time.Sleep(10 * time.Millisecond) {
		e, err := pool.Entry(id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Status != ingest.StatusQueued && e.Status != ingest.StatusParsing {
			return e
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is still %s after %s", id, e.Status, within)
		}
	}
}

// TestAllocationsPageOnFixtures: the page lists Lâm Đồng's rows of
// decision 4768 once, with both files, totals them per column and never
// across columns, and offers the budget lines as a filter.
func TestAllocationsPageOnFixtures(t *testing.T) {
	srv := newWebServer(t, server.Config{})
	tests := []struct {
		name, path    string
		want, notWant []string
	}{
		{"several columns: a total per column only", "/allocations?province=L%C3%A2m+%C4%90%E1%BB%93ng",
			[]string{"Tổng theo từng khoản mục", `<td class="num">3.770.000.000</td>`, `<td class="num">2.460.000.000</td>`,
				"3 dòng phân bổ", "Có trong các tệp", "qd-4768-QD-BCT-khuyen-cong-2024.pdf", "phu-luc-kinh-phi-khuyen-cong-2024.xlsx",
				`<option value="line">Dòng ngân sách (thu, chi, khoản mục)</option>`},
			[]string{`<span class="total">`, `class="row-total"`, "7.540.000.000", "15.080.000.000"}},
		{"one column: its total, counted once", "/allocations?province=L%C3%A2m+%C4%90%E1%BB%93ng&column=kinh+ph%C3%AD+%2F+t%E1%BB%95ng+s%E1%BB%91",
			[]string{`<span class="total">3.770.000.000 đồng</span>`, "1 dòng phân bổ",
				`href="/api/allocations?column=kinh%20ph%C3%AD%20%2F%20t%E1%BB%95ng%20s%E1%BB%91&amp;format=csv&amp;province=L%C3%A2m%20%C4%90%E1%BB%93ng"`},
			[]string{"7.540.000.000"}},
		{"budget lines kept", "/allocations?province=L%C3%A2m+%C4%90%E1%BB%93ng&recipient_kind=line",
			[]string{`<option value="line" selected>`, "Không có dòng phân bổ nào phù hợp."}, nil},
		{"bad kind", "/allocations?province=L%C3%A2m+%C4%90%E1%BB%93ng&recipient_kind=x",
			[]string{"Loại đơn vị nhận không hợp lệ."}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, body, _ := get(t, srv, tc.path)
			pageHolds(t, body, tc.want, tc.notWant)
		})
	}
}
