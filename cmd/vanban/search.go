package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"

	"vanban/index"
	"vanban/store"
)

func runSearch(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("search", "[--data DIR] [filters] QUERY",
		"Searches the index: a document number in any spelling (\"qd 4768\", \"4768/QD-BCT\") or words with or without diacritics.", stdout)
	data := fs.String("data", defaultData, "data directory holding the index")
	size := fs.Int("n", 10, "number of results (1–100)")
	page := fs.Int("page", 1, "page of results")
	filters := addQueryFlags(fs, "relevance (default), date or -date")
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
	fmt.Fprintln(stdout, resultsLine(res.Total, q, len(res.Hits), args, fs.Args(), from))
	return nil
}

// resultsLine says how many documents matched, which of them are shown and,
// when more pages follow, how many and the command that shows the next.
func resultsLine(total uint64, q index.Query, shown int, args, query []string, from string) string {
	out := plural(total, "result", "results")
	if total > uint64(shown) && shown > 0 {
		first := uint64((q.Page-1)*q.Size) + 1
		out += fmt.Sprintf(", %d–%d shown", first, first+uint64(shown)-1)
	}
	pages := (total + uint64(q.Size) - 1) / uint64(q.Size)
	if pages > 10000 {
		pages = 10000 // the deepest page a search reaches
	}
	if more := int64(pages) - int64(q.Page); more > 0 {
		noun := "pages"
		if more == 1 {
			noun = "page"
		}
		out += fmt.Sprintf("; %d more %s, the next with: vanban search %s", more, noun, nextPageArgs(args, query, q.Page+1))
	}
	return out + from
}

// nextPageArgs is the command line of this search (its arguments: flags,
// then the query words) with --page set to page.
func nextPageArgs(args, query []string, page int) string {
	var flags []string
	{
		rest := args[:len(args)-len(query)]
		for i := 0; i < len(rest); i++ {
			a := rest[i]
			if a == "--" {
				continue
			}
			name := strings.TrimLeft(a, "-")
			if name == "page" || strings.HasPrefix(name, "page=") {
				if name == "page" {
					i++
				}
				continue
			}
			flags = append(flags, shellQuote(a))
		}
	}
	flags = append(flags, "--page", strconv.Itoa(page))
	for _, w := range query {
		flags = append(flags, shellQuote(w))
	}
	return strings.Join(flags, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '/' || r == '.' || r == '=' || r == ',' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// plural writes n with the singular or plural noun ("1 result", "2 results").
func plural(n uint64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatUint(n, 10) + " " + many
}

// search runs q on the index in data or, when `vanban serve` holds it, on
// that server (from then says so).
func search(ctx context.Context, data string, q index.Query) (res *index.Result, from string, err error) {
	r, err := store.OpenReader(data)
	if err != nil {
		return nil, "", err
	}
	defer r.Close()
	res, err = r.Search(ctx, q)
	if err != nil {
		return nil, "", fmt.Errorf("search: %w", err)
	}
	if r.Server != nil {
		from = " (answered by the vanban serve at " + r.Server.Base + ")"
	}
	return res, from, nil
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
func addQueryFlags(fs *flag.FlagSet, sortHelp string) func(text string) (index.Query, error) {
	var q index.Query
	fs.StringVar(&q.Type, "type", "", "document type or code: \"Quyết định\", \"QĐ\", \"qd\"")
	fs.StringVar(&q.Issuer, "issuer", "", "issuing body (all its words must match)")
	fs.StringVar(&q.Province, "province", "", "province as written in the document, any spelling")
	fs.StringVar(&q.CurrentProvince, "current-province", "", "post-2025 province: every province merged into it matches")
	fs.IntVar(&q.Year, "year", 0, "year of the document date")
	fs.StringVar(&q.DateFrom, "from", "", "first document date, YYYY-MM-DD")
	fs.StringVar(&q.DateTo, "to", "", "last document date, YYYY-MM-DD")
	var amountMin, amountMax optionalAmount
	fs.Var(&amountMin, "amount-min", "smallest money amount in `đồng`")
	fs.Var(&amountMax, "amount-max", "largest money amount in `đồng`")
	fs.StringVar(&q.Sort, "sort", "", sortHelp)
	return func(text string) (index.Query, error) {
		out := q
		out.Q = text
		out.AmountMin, out.AmountMax = amountMin.v, amountMax.v
		return out, nil
	}
}

// optionalAmount is a money flag that is either given or not: no sentinel
// value, so --help shows no "(default -1)".
type optionalAmount struct{ v *int64 }

func (a *optionalAmount) String() string {
	if a == nil || a.v == nil {
		return ""
	}
	return strconv.FormatInt(*a.v, 10)
}

func (a *optionalAmount) Set(s string) error {
	n, err := strconv.ParseInt(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), "_", ""), 10, 64)
	if err != nil || n < 0 {
		return fmt.Errorf("a whole number of đồng, such as 1500000000 or 1.500.000.000")
	}
	a.v = &n
	return nil
}
