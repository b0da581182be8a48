package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"text/tabwriter"

	"vanban/cluster"
	"vanban/ingest"
	"vanban/store"
)

func runStatus(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("status", "[--data DIR | --nats URL] [--json] [--failures N] [--id ID]",
		"Summarizes the ledger of the data directory: files by status, and the files that\n"+
			"were not indexed with the reason why.", stdout)
	data := fs.String("data", defaultData, "data directory")
	asJSON := fs.Bool("json", false, "print JSON (the same as GET /api/ingest)")
	max := fs.Int("failures", 50, "list at most this many failures (newest first)")
	id := fs.String("id", "", "show one file's ledger entry: its id, or a unique prefix of it (as vanban search prints)")
	nf := addNATSFlags(fs, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if *nf.url != "" {
		return clusterStatus(ctx, nf, enc, stdout, *asJSON)
	}
	l, srv, err := store.OpenLedger(*data)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if srv != nil {
		// `vanban serve` holds the ledger: ask it (GET /api/ingest).
		if *id != "" {
			e, err := srv.Entry(ctx, *id)
			if err != nil {
				return fmt.Errorf("status: %w", err)
			}
			return enc.Encode(e)
		}
		var sum struct {
			ingest.Summary
			Cluster *cluster.Queue `json:"cluster"`
		}
		if err := srv.Get(ctx, "/api/ingest?failures="+strconv.Itoa(*max), &sum); err != nil {
			if errors.Is(err, store.ErrNotServed) {
				// serve --follow: a replica reads no files itself.
				return fmt.Errorf("status: the vanban serve at %s keeps no ingest queue: it is a read-only replica (serve --follow); the cluster's queue is `vanban status --nats URL`, the files' outcomes `vanban status` on the hub: %w", srv.Base, err)
			}
			return fmt.Errorf("status: %w", err)
		}
		if *asJSON {
			return printStatus(stdout, enc, &sum.Summary, true)
		}
		if err := printStatus(stdout, enc, &sum.Summary, false); err != nil {
			return err
		}
		if sum.Cluster != nil {
			printQueue(stdout, sum.Cluster)
		}
		fmt.Fprintf(stdout, "(answered by the vanban serve at %s)\n", srv.Base)
		return nil
	}
	defer l.Close()
	if *id != "" {
		e, err := l.Find(*id)
		if err != nil {
			return fmt.Errorf("status: %w", err)
		}
		if e == nil {
			return fmt.Errorf("status: no file %s in the ledger", *id)
		}
		return enc.Encode(e)
	}
	sum, err := l.Summarize(*max)
	if err != nil {
		return err
	}
	return printStatus(stdout, enc, sum, *asJSON)
}

// printStatus prints a ledger summary, as JSON (GET /api/ingest's shape)
// or for a person.
func printStatus(stdout io.Writer, enc *json.Encoder, sum *ingest.Summary, asJSON bool) error {
	if asJSON {
		return enc.Encode(struct {
			*ingest.Summary
			Queue int `json:"queue"`
		}{sum, sum.ByStatus[ingest.StatusQueued] + sum.ByStatus[ingest.StatusParsing]})
	}
	fmt.Fprintf(stdout, "%d files (%s, %d pages/sheets, %d sources)\n", sum.Files, ingest.HumanBytes(sum.Bytes), sum.Pages, sum.Sources)
	var sts []string
	for s := range sum.ByStatus {
		sts = append(sts, string(s))
	}
	sort.Strings(sts)
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	for _, s := range sts {
		fmt.Fprintf(tw, "  %s\t%d\n", s, sum.ByStatus[ingest.Status(s)])
	}
	tw.Flush()
	if sum.ProbableDuplicates > 0 {
		fmt.Fprintf(stdout, "%d documents share a number, issuer and date with another (probable duplicates)\n", sum.ProbableDuplicates)
	}
	if len(sum.Failures) > 0 {
		fmt.Fprintln(stdout, "\nnot indexed:")
		for _, e := range sum.Failures {
			where := e.Name()
			if len(e.Sources) > 0 && e.Sources[0].Path != "" {
				where = e.Sources[0].Path
			}
			fmt.Fprintf(stdout, "  %s\n    %s: %s\n", where, e.Status, e.Reason)
		}
	}
	return nil
}
