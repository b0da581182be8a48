package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"vanban/api"
	"vanban/index"
	"vanban/ingest"
)

func runServe(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("serve", "[--data DIR] [--addr HOST:PORT] [--ingest PATH]...",
		"Serves the staff web page at / and the JSON API under /api/.", stdout)
	data := fs.String("data", defaultData, "data directory holding the index")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	var toIngest stringList
	fs.Var(&toIngest, "ingest", "ingest this file or folder before serving (repeatable)")
	noOCR := fs.Bool("no-ocr", false, "do not OCR pages that have no text layer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ix, err := index.Open(*data)
	if err != nil {
		return err
	}
	defer ix.Close()
	if len(toIngest) > 0 {
		sum, err := ingestPaths(ctx, ix, toIngest, ingest.ParseOptions{NoOCR: *noOCR})
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, sum)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	srv := &http.Server{
		Handler:           api.New(api.Config{Store: ix, Log: slog.Default()}).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	fmt.Fprintf(stdout, "vanban is serving http://%s/ (data in %s)\n", ln.Addr(), *data)
	errc := make(chan error, 1)
	// This goroutine ends when the server stops (Shutdown below or a failure).
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
