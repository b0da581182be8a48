package index

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"vanban/extract"
)

// A batch of many small allocation rows after a batch of one large
// document must cost what its rows cost: zapx sized the new segment's
// buffer from the previous segment's bytes per document, whichever index
// that segment was for (800 MB for a workbook's rows in `vanban ingest`).
func TestNewSegmentNotSizedFromAnotherIndex(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	// No collection meanwhile: it would drop zapx's pooled state, and the
	// estimate with it.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	big := &extract.Record{ID: "big", Source: extract.Source{Name: "big.xls", Format: "xls"},
		Text: strings.Repeat("Dự toán thu chi ngân sách nhà nước năm 2011 tỉnh Lâm Đồng 1234567 ", 4000)}
	if err := ix.Add(ctx, big); err != nil {
		t.Fatal(err)
	}
	rows := &extract.Record{ID: "rows", Source: extract.Source{Name: "rows.xls", Format: "xls"}, Text: "phân bổ"}
	for i := range 500 {
		rows.Allocations = append(rows.Allocations, extract.Allocation{Recipient: fmt.Sprintf("Đơn vị %d", i),
			Province: "Lâm Đồng", Column: "Kinh phí", AmountVND: int64(i) * 1_000_000, Table: 1, Row: i})
	}
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	if err := ix.Add(ctx, rows); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&m1)
	if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 64<<20 {
		t.Errorf("indexing 500 allocation rows after a %d KB document allocated %d MiB", len(big.Text)>>10, alloc>>20)
	}
}
