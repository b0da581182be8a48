package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"vanban/export"
	"vanban/extract"
	"vanban/extract/vntext"
	"vanban/index"
	"vanban/store"
)

func runExport(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("export", "[--data DIR] --format csv|xlsx [--out FILE] [filters] [WORDS]",
		"Writes the allocation rows matching the filters (every row of every table, one amount each,\n"+
			"a row held by several files once, with every file named) as CSV (UTF-8 with BOM, opens in\n"+
			"Excel) or XLSX, with a total row per column. Provinces and units by default; budget lines\n"+
			"(thu, chi, khoản mục) with --recipient-kind line or all.", stdout)
	data := fs.String("data", defaultData, "data directory holding the index")
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "file to write (default: standard output)")
	filters := addQueryFlags(fs, "order: "+strings.Join(index.AllocationSorts, ", ")+"; newest document first unless given")
	document := fs.String("document", "", "one document: its id or its number, any spelling (4768/QD-BCT)")
	column := fs.String("column", "", "column path or its first words, any spelling (\"kinh phí / tổng số\")")
	kind := fs.String("recipient-kind", "", "province, unit, line, a comma-separated list, or all (default province,unit)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format != "csv" && *format != "xlsx" {
		return fmt.Errorf("export: --format must be csv or xlsx, not %q", *format)
	}
	if *out == "" && *format == "xlsx" && isTerminal(stdout) {
		return fmt.Errorf("export: an xlsx file is binary; give --out FILE.xlsx or redirect the output")
	}
	f, err := filters(strings.Join(fs.Args(), " "))
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	q := index.AllocationQuery{Query: f, Document: *document, Column: *column, All: true}
	if k := strings.TrimSpace(*kind); k == "all" {
		q.Kinds = extract.RecipientKinds
	} else if k != "" {
		q.Kinds = strings.Split(k, ",")
	}
	// While `vanban serve` holds the index, the server gives the rows.
	r, err := store.OpenReader(*data)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer r.Close()
	res, err := r.Allocations(ctx, q)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	rows := export.FromIndex(res.Rows)
	write := export.WriteCSV
	if *format == "xlsx" {
		write = export.WriteXLSX
	}
	if *out == "" {
		bw := bufio.NewWriter(stdout)
		if err := write(bw, rows); err != nil {
			return err
		}
		return bw.Flush()
	}
	// Write to a temporary name and rename: a failed export leaves no half file.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".export-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	if err := write(bw, rows); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if res.SumVND != nil {
		fmt.Fprintf(os.Stderr, "wrote %d rows, total %s đồng, to %s\n", len(rows), vntext.FormatInt(*res.SumVND), *out)
	} else {
		fmt.Fprintf(os.Stderr, "wrote %d rows under %d columns (a total row for each), to %s\n", len(rows), len(res.Sums), *out)
	}
	return nil
}
