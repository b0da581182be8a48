package web_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"vanban/server"
)

// TestAccessibleMarkup checks every page for what a screen reader and a
// keyboard need: a language, one h1 and headings in order, a label for
// every field, a scope on every table header, a skip link to main.
func TestAccessibleMarkup(t *testing.T) {
	f := testFixture(t)
	srv := newWebServer(t, server.Config{})
	up, _ := newIngestServer(t, "tok")
	failing := newWebServer(t, server.Config{Ingest: &fakeIngester{summary: failedLedger(63)}, Token: "tok"})
	pages := []struct {
		srv  string
		path string
	}{
		{srv.URL, "/"},
		{srv.URL, "/?q=d%E1%BB%B1+to%C3%A1n"},
		{srv.URL, "/?year=abc"},
		{srv.URL, "/documents/" + f.synth.ID},
		{srv.URL, "/documents/nope"},
		{srv.URL, "/allocations"},
		{srv.URL, "/allocations?current_province=L%C3%A0o%20Cai"},
		{srv.URL, "/allocations?current_province=L%C3%A0o%20Cai&column=D%E1%BB%B0%20TO%C3%81N%20%2F%20T%E1%BB%94NG%20S%E1%BB%90"},
		{up.URL, "/upload"},
		{up.URL, "/ingest"},
		{failing.URL, "/ingest"},
		{srv.URL, "/ingest"},
		{srv.URL, "/?lang=en"},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			res, err := srv.Client().Get(p.srv + p.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			doc, err := html.Parse(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			for _, problem := range a11yProblems(doc) {
				t.Error(problem)
			}
		})
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func a11yProblems(doc *html.Node) []string {
	var problems []string
	labels := map[string]bool{}
	ids := map[string]bool{}
	var fields []*html.Node
	var headings []int
	var skip, mainID bool
	var walk func(n *html.Node, inLabel bool)
	walk = func(n *html.Node, inLabel bool) {
		if n.Type == html.ElementNode {
			if id, ok := attr(n, "id"); ok {
				if ids[id] {
					problems = append(problems, fmt.Sprintf("id %q used twice", id))
				}
				ids[id] = true
				if id == "main" && n.Data == "main" {
					mainID = true
				}
			}
			switch n.Data {
			case "html":
				if l, _ := attr(n, "lang"); l == "" {
					problems = append(problems, "<html> without lang")
				}
			case "label":
				if f, ok := attr(n, "for"); ok {
					labels[f] = true
				}
				inLabel = true
			case "input", "select", "textarea":
				typ, _ := attr(n, "type")
				if typ != "hidden" && typ != "submit" && !inLabel {
					fields = append(fields, n)
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				headings = append(headings, int(n.Data[1]-'0'))
			case "th":
				if _, ok := attr(n, "scope"); !ok {
					problems = append(problems, "<th> without scope")
				}
			case "a":
				if h, _ := attr(n, "href"); h == "#main" {
					skip = true
				}
			case "img":
				if _, ok := attr(n, "alt"); !ok {
					problems = append(problems, "<img> without alt")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLabel)
		}
	}
	walk(doc, false)
	for _, f := range fields {
		id, _ := attr(f, "id")
		name, _ := attr(f, "name")
		if id == "" || !labels[id] {
			problems = append(problems, fmt.Sprintf("<%s name=%q> has no label", f.Data, name))
		}
	}
	if len(headings) == 0 || headings[0] != 1 {
		problems = append(problems, fmt.Sprintf("the first heading is not h1: %v", headings))
	}
	h1 := 0
	for i, h := range headings {
		if h == 1 {
			h1++
		}
		if i > 0 && h > headings[i-1]+1 {
			problems = append(problems, fmt.Sprintf("heading h%d after h%d skips a level", h, headings[i-1]))
		}
	}
	if h1 != 1 {
		problems = append(problems, fmt.Sprintf("%d h1 headings", h1))
	}
	if !skip || !mainID {
		problems = append(problems, "no skip link to <main id=main>")
	}
	return problems
}

func TestA11yProblemsFindsGaps(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<html><body><h2>x</h2><input name="q"><table><tr><th>a</th></tr></table></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(a11yProblems(doc), "; ")
	for _, want := range []string{"without lang", "no label", "not h1", "without scope", "skip link"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %q lack %q", got, want)
		}
	}
}
