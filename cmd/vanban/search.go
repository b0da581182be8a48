package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"

	"vanban/index"
)

func runSearch(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("search", "[--data DIR] [filters] QUERY",
		"Searches the index: a document number in any spelling (\"qd 4768\", \"4768/QD-BCT\") or words with or without diacritics.", stdout)
	data := fs.String("data", defaultData, "data directory holding the index")
	size := fs.Int("n", 10, "number of results (1–100)")
	page := fs.Int("page", 1, "page of results")
	filters := addQueryFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	q, err := filters(strings.Join(fs.Args(), " "))
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	q.Size, q.Page = *size, *page
	q.NoFacets = true
	q.NoHighlights = true
	if err := q.Validate(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	res, from, err := search(ctx, *data, q)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "SỐ/KÝ HIỆU\tLOẠI\tNGÀY\tCƠ QUAN\tTRÍCH YẾU\tID\n")
	for _, h := range res.Hits {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.12s\n", h.Number, h.Type, h.Date, clip(h.Issuer, 30), clip(h.Subject, 60), h.ID)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d results%s\n", res.Total, from)
	return nil
}

// search runs q on the index in data or, when `vanban serve` holds it, on
// that server (from then says so).
func search(ctx context.Context, data string, q index.Query) (res *index.Result, from string, err error) {
	ix, err := index.Open(data)
	if errors.Is(err, index.ErrInUse) {
		var r index.Result // GET /api/search's answer has its fields
		base, serr := askServer(ctx, data, "/api/search?"+searchParams(q).Encode(), &r)
		if errors.Is(serr, errNoServer) {
			return nil, "", err
		}
		if serr != nil {
			return nil, "", fmt.Errorf("search: %w", serr)
		}
		return &r, " (answered by the vanban serve at " + base + ")", nil
	}
	if err != nil {
		return nil, "", err
	}
	defer ix.Close()
	res, err = ix.Search(ctx, q)
	return res, "", err
}

// searchParams is q as GET /api/search takes it.
func searchParams(q index.Query) url.Values {
	v := url.Values{}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	set("q", q.Q)
	set("type", q.Type)
	set("issuer", q.Issuer)
	set("province", q.Province)
	set("current_province", q.CurrentProvince)
	if q.Year > 0 {
		set("year", strconv.Itoa(q.Year))
	}
	set("date_from", q.DateFrom)
	set("date_to", q.DateTo)
	if q.AmountMin != nil {
		set("amount_min", strconv.FormatInt(*q.AmountMin, 10))
	}
	if q.AmountMax != nil {
		set("amount_max", strconv.FormatInt(*q.AmountMax, 10))
	}
	set("sort", q.Sort)
	set("page", strconv.Itoa(q.Page))
	set("size", strconv.Itoa(q.Size))
	return v
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// addQueryFlags adds the API's search filters as flags to fs; the returned
// function builds the query once fs is parsed.
func addQueryFlags(fs *flag.FlagSet) func(text string) (index.Query, error) {
	var q index.Query
	fs.StringVar(&q.Type, "type", "", "document type or code: \"Quyết định\", \"QĐ\", \"qd\"")
	fs.StringVar(&q.Issuer, "issuer", "", "issuing body (all its words must match)")
	fs.StringVar(&q.Province, "province", "", "province as written in the document, any spelling")
	fs.StringVar(&q.CurrentProvince, "current-province", "", "post-2025 province: every province merged into it matches")
	fs.IntVar(&q.Year, "year", 0, "year of the document date")
	fs.StringVar(&q.DateFrom, "from", "", "first document date, YYYY-MM-DD")
	fs.StringVar(&q.DateTo, "to", "", "last document date, YYYY-MM-DD")
	amountMin := fs.Int64("amount-min", -1, "smallest money amount in đồng")
	amountMax := fs.Int64("amount-max", -1, "largest money amount in đồng")
	fs.StringVar(&q.Sort, "sort", "", "relevance (default), date or -date")
	return func(text string) (index.Query, error) {
		out := q
		out.Q = text
		if *amountMin >= 0 {
			out.AmountMin = amountMin
		}
		if *amountMax >= 0 {
			out.AmountMax = amountMax
		}
		return out, nil
	}
}
