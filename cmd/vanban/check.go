package main

import (
	"context"
	"fmt"
	"io"

	"vanban/index"
	"vanban/store"
)

// runCheck verifies the data directory, and with --repair rebuilds what is
// damaged: the index from the kept originals (as reindex does), the ledger
// from the originals and the names the index holds. Damaged originals are
// set aside in DIR/damaged (their file must be added again).
func runCheck(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("check", "[--data DIR] [--repair]",
		"Verifies the data directory: each index segment's checksum, the index and ledger\n"+
			"structure, and each kept original against its SHA-256. A damaged part is named with\n"+
			"its repair; --repair rebuilds the index from the originals and the ledger from the\n"+
			"originals and the index. Stop 'vanban serve' on DIR first.", stdout)
	data := fs.String("data", defaultData, "data directory")
	repair := fs.Bool("repair", false, "rebuild what is damaged")
	pf := addPoolFlags(fs, index.BatchMemoryLimit, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, err := store.Check(*data)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	for _, p := range r.Problems() {
		fmt.Fprintln(stdout, "DAMAGED:", p)
	}
	if len(r.Problems()) == 0 {
		fmt.Fprintf(stdout, "all well: %d originals, the ledger and the index verified\n", r.Originals)
		return nil
	}
	if !*repair {
		fmt.Fprintln(stdout, "run 'vanban check --repair' to rebuild what is damaged")
		return exitError{"damaged data directory"}
	}
	pf.applyMemory()
	res, err := store.Repair(ctx, *data, r, pf.config(*data), func(step string) { fmt.Fprintln(stdout, step) })
	if err != nil {
		return fmt.Errorf("check --repair: %w", err)
	}
	fmt.Fprintln(stdout, reindexSummary(res))
	after, err := store.Check(*data)
	if err != nil {
		return fmt.Errorf("check after repair: %w", err)
	}
	for _, p := range after.Problems() {
		fmt.Fprintln(stdout, "STILL DAMAGED:", p)
	}
	if len(after.Problems()) > 0 {
		return exitError{"the repair did not mend everything"}
	}
	fmt.Fprintf(stdout, "repaired: %d originals, the ledger and the index verified\n", after.Originals)
	return nil
}
