// Command vanban reads Vietnamese official documents (PDF, XLSX, XLS),
// extracts their number, type, issuer, date, provinces, figures and
// allocation tables, indexes them and serves search over HTTP.
//
// main only wires: each subcommand is run<Name>(ctx, args, stdout) error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"vanban/ingest/parse"
	"vanban/ingest/sandbox"
)

func main() {
	// A child started by an sandbox.Sandbox parses one file and exits here.
	sandbox.RunWorkerIfRequested(parse.Bytes)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return // --help was asked for and printed
	}
	if err != nil {
		var ee exitError
		if !errors.As(err, &ee) {
			fmt.Fprintln(os.Stderr, "vanban:", err)
		}
		os.Exit(1)
	}
}

// exitError asks for a non-zero exit status without another message (the
// command already reported the problem, e.g. as an error record).
type exitError struct{ msg string }

func (e exitError) Error() string { return e.msg }

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout io.Writer) error
}

func commands() []command {
	return []command{
		{"extract", "print what vanban reads from files, as JSON", runExtract},
		{"ingest", "add files and folders to the index", runIngest},
		{"serve", "serve the search API and the staff web page", runServe},
		{"search", "search the index from a terminal", runSearch},
		{"status", "summarize the ledger: files by status, failures with reasons", runStatus},
		{"reindex", "rebuild the index from the kept originals and swap it in", runReindex},
		{"check", "verify the data directory; --repair rebuilds what is damaged", runCheck},
		{"export", "write allocation rows as CSV or XLSX", runExport},
		{"worker", "parse and OCR files for a hub on NATS JetStream (several machines)", runWorker},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	setupLogger(stderr)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "vanban — tra cứu văn bản hành chính (Vietnamese official documents)")
	fmt.Fprintln(w, "\nUsage: vanban <command> [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'vanban <command> --help' for a command's flags.")
}

func setupLogger(w io.Writer) {
	level := slog.LevelInfo
	if os.Getenv("VANBAN_DEBUG") != "" {
		level = slog.LevelDebug
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})))
}

// newFlagSet makes a flag set whose --help text a clerk can read.
func newFlagSet(name, usageLine, about string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: vanban %s %s\n\n%s\n\nFlags:\n", name, usageLine, about)
		fs.PrintDefaults()
	}
	return fs
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
