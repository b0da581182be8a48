package index

import (
	"context"
	"slices"
	"testing"

	"vanban/extract"
	"vanban/model"
)

// TestSearchMonthOnly: a document whose day could not be read (date_month
// "2025-11", no date) is found by its year, by a date range that covers
// its whole month (not by one that covers only part of it), sorts at its
// month's end, and its hit shows date_month and no date.
func TestSearchMonthOnly(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	recs := []*extract.Record{
		{ID: "tb493", Number: "493/TB-UBND", Type: "Thông báo", DateMonth: model.MustParseDate("2025-11"), Subject: "Kết luận của Chủ tịch"},
		{ID: "nov20", Number: "20/TB-UBND", Type: "Thông báo", Date: model.MustParseDate("2025-11-20"), Subject: "Thông báo khác"},
		{ID: "dec01", Number: "21/TB-UBND", Type: "Thông báo", Date: model.MustParseDate("2025-12-01"), Subject: "Thông báo khác"},
		{ID: "y2016", Number: "5/TB-UBND", Type: "Thông báo", Date: model.MustParseDate("2016-05-01"), Subject: "Thông báo cũ"},
	}
	if err := ix.Add(context.Background(), recs...); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		q    Query
		want []string // in this order when sorted
	}{
		{"year", Query{Year: 2025, Sort: "date"}, []string{"nov20", "tb493", "dec01"}},
		{"range covering the month", Query{DateFrom: "2025-11-01", DateTo: "2025-11-30", Sort: "date"}, []string{"nov20", "tb493"}},
		{"range covering more", Query{DateFrom: "2025-10-15", DateTo: "2025-12-31", Sort: "date"}, []string{"nov20", "tb493", "dec01"}},
		{"range from inside the month", Query{DateFrom: "2025-11-15", DateTo: "2025-12-31", Sort: "date"}, []string{"nov20", "dec01"}},
		{"range up to inside the month", Query{DateFrom: "2025-01-01", DateTo: "2025-11-25", Sort: "date"}, []string{"nov20"}},
		{"open range from", Query{DateFrom: "2016-01-01", Sort: "date"}, []string{"y2016", "nov20", "tb493", "dec01"}},
		{"newest first", Query{Sort: "-date"}, []string{"dec01", "tb493", "nov20", "y2016"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res); !slices.Equal(got, c.want) {
				t.Errorf("hits %v, want %v", got, c.want)
			}
		})
	}
	res, err := ix.Search(context.Background(), Query{Q: "493/TB-UBND"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search by number: %v %v", res, err)
	}
	if h := res.Hits[0]; h.ID != "tb493" || h.Date != "" || h.DateMonth != "2025-11" {
		t.Errorf("hit %+v: want tb493 with date_month 2025-11 and no date", h)
	}
	rec, err := ix.Get("tb493")
	if err != nil || rec.DateMonth.ISO() != "2025-11" || !rec.Date.IsZero() {
		t.Errorf("record %+v %v", rec, err)
	}
}
