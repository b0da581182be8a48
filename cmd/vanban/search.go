package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"vanban/index"
)

func runSearch(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("search", "[--data DIR] QUERY",
		"Searches the index: a document number in any spelling (\"qd 4768\", \"4768/QD-BCT\") or words with or without diacritics.", stdout)
	data := fs.String("data", defaultData, "data directory holding the index")
	size := fs.Int("n", 10, "number of results")
	if err := fs.Parse(args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	ix, err := index.Open(*data)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Search(ctx, index.Query{Q: q, Size: *size})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "SỐ/KÝ HIỆU\tLOẠI\tNGÀY\tTRÍCH YẾU\tID\n")
	for _, h := range res.Hits {
		subj := h.Subject
		if r := []rune(subj); len(r) > 60 {
			subj = string(r[:59]) + "…"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.12s\n", h.Number, h.Type, h.Date, subj, h.ID)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d results\n", res.Total)
	return nil
}
