// Command evalnumbers measures document-number extraction on the vbpl.vn
// corpus: go run ./extract/cmd/evalnumbers [path/to/vbpl_1000_central_docs.fulltext.jsonl.gz]
package main

import (
	"fmt"
	"os"

	"vanban/extract/internal/evalnum"
)

func main() {
	path := "../shared/corpus/meta/vbpl_1000_central_docs.fulltext.jsonl.gz"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	rep, err := evalnum.Run(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("docs %d, Vietnamese %d, with a number in the title %d, compared %d, agree %d (%.2f%%), no number in body %d (of which the number is printed in the text: %d)\n",
		rep.Docs, rep.Vietnamese, rep.WithTitleNumber, rep.Compared, rep.Agree, 100*rep.Rate(), len(rep.Missing)+len(rep.MissedPrinted), len(rep.MissedPrinted))
	fmt.Printf("explained (title number printed nowhere in the text) %d; agreement without them %.2f%%\n",
		len(rep.Explained), 100*rep.RateExplained())
	fmt.Printf("place-and-date lines %d: date agrees %d (%.2f%%), place agrees %d\n", rep.DatesCompared, rep.DatesAgree, 100*float64(rep.DatesAgree)/float64(max(1, rep.DatesCompared)), rep.PlacesAgree)
	fields, err := evalnum.RunFields(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("identity fields against the catalogue (title: kind, number, subject; first line: issuer; place-and-date line: date):")
	fields.Print(os.Stdout)
	for _, m := range fields.Misses {
		fmt.Printf("FIELD    %s %s %s want=%q got=%q\n", m.ID, m.Kind, m.Field, m.Want, m.Got)
	}
	for _, c := range rep.DateMisses {
		fmt.Printf("DATE     %s corpus=%q want=%s got=%q\n", c.ID, c.Title, c.Want, c.Got)
	}
	for _, c := range rep.Explained {
		fmt.Printf("EXPLAINED %s title=%q body=%q  (%s)\n", c.ID, c.Want, c.Got, c.Title)
	}
	for _, c := range rep.Disagree {
		fmt.Printf("DISAGREE %s title=%q body=%q  (%s)\n", c.ID, c.Want, c.Got, c.Title)
	}
	for _, c := range rep.MissedPrinted {
		fmt.Printf("MISSED   %s title=%q (printed in the text)  (%s)\n", c.ID, c.Want, c.Title)
	}
	for _, c := range rep.Missing {
		fmt.Printf("MISSING  %s title=%q  (%s)\n", c.ID, c.Want, c.Title)
	}
}
