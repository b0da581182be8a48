package api_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanban/extract"
	"vanban/ingest"
	"vanban/internal/servertest"
	"vanban/model"
	"vanban/server"
)

// TestChangesAPI: a client mirrors the index by polling /api/changes with
// the cursor of its last answer.
func TestChangesAPI(t *testing.T) {
	dir := t.TempDir()
	l, err := ingest.OpenLedger(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	finish := func(id string, st ingest.Status) {
		t.Helper()
		l.Add(id, 1, ingest.Source{Kind: "upload", Name: id}, nil)
		if _, err := l.Finish(id, ingest.Result{Status: st}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(server.New(server.Config{Store: servertest.Index(t), Changes: l}).Handler())
	defer srv.Close()
	type answer struct {
		Changes []struct {
			ID     string `json:"id"`
			Change string `json:"change"`
			At     string `json:"at"`
		} `json:"changes"`
		Cursor string `json:"cursor"`
		More   bool   `json:"more"`
	}
	get := func(query string) answer {
		t.Helper()
		resp, body := apiGet(t, srv.URL+"/api/changes"+query)
		var a answer
		if resp.StatusCode != 200 || json.Unmarshal(body, &a) != nil || a.Changes == nil {
			t.Fatalf("%s: status %d: %s", query, resp.StatusCode, body)
		}
		return a
	}
	empty := get("")
	if len(empty.Changes) != 0 || empty.Cursor != "0" {
		t.Fatalf("empty log: %+v", empty)
	}
	finish("aa", ingest.StatusIndexed)
	finish("bb", ingest.StatusIndexed)
	a := get("?since=" + empty.Cursor)
	if len(a.Changes) != 2 || a.Changes[0].ID != "aa" || a.Changes[1].Change != "added" || a.More {
		t.Fatalf("after two: %+v", a)
	}
	if _, err := time.Parse(time.RFC3339, a.Changes[0].At); err != nil {
		t.Errorf("at %q: %v", a.Changes[0].At, err)
	}
	finish("aa", ingest.StatusIndexed)
	finish("bb", ingest.StatusFailed)
	b := get("?since=" + a.Cursor + "&limit=1")
	if len(b.Changes) != 1 || b.Changes[0].ID != "aa" || b.Changes[0].Change != "replaced" || !b.More {
		t.Fatalf("first page: %+v", b)
	}
	c := get("?since=" + b.Cursor)
	if len(c.Changes) != 1 || c.Changes[0].ID != "bb" || c.Changes[0].Change != "removed" || c.More {
		t.Fatalf("second page: %+v", c)
	}
	if d := get("?since=" + c.Cursor); len(d.Changes) != 0 || d.Cursor != c.Cursor {
		t.Fatalf("nothing new: %+v", d)
	}
	for _, bad := range []string{"?since=abc", "?since=999", "?limit=0", "?cursor=1"} {
		resp, body := apiGet(t, srv.URL+"/api/changes"+bad)
		if resp.StatusCode != 400 || !strings.Contains(string(body), `"param"`) {
			t.Errorf("%s: status %d: %s", bad, resp.StatusCode, body)
		}
	}
}

// TestSearchAtom: a saved search as an Atom 1.0 feed, newest first.
func TestSearchAtom(t *testing.T) {
	srv := newTestServer(t, nil)
	resp, body := apiGet(t, srv.URL+"/api/search.atom?q="+url.QueryEscape("khuyến công"))
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("status %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var feed struct {
		XMLName xml.Name
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Links   []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(body, &feed); err != nil {
		t.Fatal(err)
	}
	// RFC 4287 §4.1.1: a feed has one id, title, updated, an author (here,
	// or in every entry) and a self link; every entry an id, title, updated.
	if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || feed.XMLName.Local != "feed" {
		t.Errorf("root %v", feed.XMLName)
	}
	if feed.ID == "" || feed.Title == "" || feed.Author.Name == "" {
		t.Errorf("feed id %q title %q author %q", feed.ID, feed.Title, feed.Author.Name)
	}
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
		t.Errorf("feed updated %q: %v", feed.Updated, err)
	}
	self := false
	for _, l := range feed.Links {
		self = self || l.Rel == "self" && strings.Contains(l.Href, "/api/search.atom?q=")
	}
	if !self {
		t.Errorf("no self link: %+v", feed.Links)
	}
	if len(feed.Entries) != 2 {
		t.Fatalf("%d entries, want 2", len(feed.Entries))
	}
	for _, e := range feed.Entries {
		if e.ID == "" || e.Title == "" || len(e.Links) == 0 {
			t.Errorf("entry %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry updated %q: %v", e.Updated, err)
		}
	}
	if !strings.HasSuffix(feed.Entries[0].ID, "/documents/bb02") || feed.Entries[0].Updated < feed.Entries[1].Updated {
		t.Errorf("not newest first: %s %s, %s %s", feed.Entries[0].ID, feed.Entries[0].Updated, feed.Entries[1].ID, feed.Entries[1].Updated)
	}
	if feed.Updated != feed.Entries[0].Updated {
		t.Errorf("feed updated %s, newest entry %s", feed.Updated, feed.Entries[0].Updated)
	}
	// The same parameters as /api/search, refused the same way.
	resp, body = apiGet(t, srv.URL+"/api/search.atom?type=xyz")
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"param":"type"`) {
		t.Errorf("type=xyz: status %d: %s", resp.StatusCode, body)
	}
}

// TestETags: documents, searches and feeds answer 304 to a client that
// holds the same answer; a different answer has a different tag.
func TestETags(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "aa01"), []byte("%PDF-1.4 original"), 0o644)
	srv := newTestServer(t, fakeFiles{dir})
	for _, path := range []string{"/api/documents/aa01", "/api/search?q=khuyen+cong", "/api/search.atom?q=khuyen+cong", "/api/documents/aa01/file"} {
		t.Run(path, func(t *testing.T) {
			resp, _ := apiGet(t, srv.URL+path)
			tag := resp.Header.Get("ETag")
			if resp.StatusCode != 200 || !strings.HasPrefix(tag, `"`) || resp.Header.Get("Cache-Control") == "" {
				t.Fatalf("status %d ETag %q Cache-Control %q", resp.StatusCode, tag, resp.Header.Get("Cache-Control"))
			}
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.Header.Set("If-None-Match", tag)
			again, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			again.Body.Close()
			if again.StatusCode != http.StatusNotModified || again.Header.Get("ETag") != tag {
				t.Errorf("with If-None-Match: status %d ETag %q", again.StatusCode, again.Header.Get("ETag"))
			}
			req.Header.Set("If-None-Match", `"something else"`)
			other, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			other.Body.Close()
			if other.StatusCode != 200 {
				t.Errorf("with another tag: status %d", other.StatusCode)
			}
		})
	}
	a, _ := apiGet(t, srv.URL+"/api/documents/aa01")
	b, _ := apiGet(t, srv.URL+"/api/documents/bb02")
	if a.Header.Get("ETag") == b.Header.Get("ETag") {
		t.Error("two documents share an ETag")
	}
	if f, _ := apiGet(t, srv.URL+"/api/documents/aa01/file"); !strings.Contains(f.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("original file Cache-Control %q: its id is its hash", f.Header.Get("Cache-Control"))
	}
}

// TestIDPrefixes: the 12 characters vanban search prints name a document
// on every route, as a git hash prefix does; a prefix two ids share is 409.
func TestIDPrefixes(t *testing.T) {
	ix := servertest.Index(t)
	a := "c0ffee0123456789c0ffee0123456789c0ffee0123456789c0ffee0123456789"
	b := "c0ffee0999999999c0ffee0123456789c0ffee0123456789c0ffee0123456789"
	for _, id := range []string{a, b} {
		if err := ix.Add(context.Background(), &extract.Record{ID: id, Number: "7/QĐ-UBND", Type: "Quyết định", Date: model.MustParseDate("2025-01-02"), Subject: "thử"}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, a), []byte("%PDF-1.4 a"), 0o644)
	l, err := ingest.OpenLedger(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, id := range []string{a, b} {
		l.Add(id, 1, ingest.Source{Kind: "upload", Name: id[:4] + ".pdf"}, nil)
	}
	pool := ingest.NewPool(l, ingest.NewOriginals(t.TempDir()), servertest.NopSink{}, ingest.Config{})
	srv := httptest.NewServer(server.New(server.Config{Store: ix, Files: fakeFiles{dir}, Ingest: pool}).Handler())
	defer srv.Close()
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/api/documents/" + a[:12], 200, `"id":"` + a + `"`},
		{"/api/documents/" + a[:12] + "/file", 200, "%PDF-1.4 a"},
		{"/documents/" + a[:12], 200, "7/QĐ-UBND"},
		{"/api/ingest?id=" + b[:12], 200, `"key":"` + b + `"`},
		{"/api/documents/c0ffee0", 409, "more than one document"},
		{"/api/documents/c0ffee0/file", 409, "more than one document"},
		{"/documents/c0ffee0", 409, "nhiều văn bản"},
		{"/api/ingest?id=c0ffee0", 409, "more than one file"},
		{"/api/documents/c0ffee1", 404, "no document"},
	} {
		resp, body := apiGet(t, srv.URL+c.path)
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.want) {
			t.Errorf("%s: status %d, want %d with %q: %s", c.path, resp.StatusCode, c.status, c.want, truncate(body, 300))
		}
	}
}
