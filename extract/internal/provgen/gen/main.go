// Command gen writes extract/provinces_data.go:
//
//	cd extract && go run ./internal/provgen/gen -corpus ../../shared/corpus/meta/provinces -out provinces_data.go
package main

import (
	"flag"
	"fmt"
	"os"

	"vanban/extract/internal/provgen"
)

func main() {
	corpus := flag.String("corpus", "../../shared/corpus/meta/provinces", "folder with the province CSV files")
	out := flag.String("out", "provinces_data.go", "Go file to write")
	flag.Parse()
	src, err := provgen.Generate(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
