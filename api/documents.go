package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"vanban/extract"
	"vanban/internal/httpx"
)

// referenceOut is a cited document, with a link to our copy when we hold it.
type referenceOut struct {
	extract.Reference
	ID  string `json:"id,omitempty"`
	URL string `json:"url,omitempty"`
}

// documentResponse is the record (DESIGN.md contract) with links added.
type documentResponse struct {
	*extract.Record
	References []referenceOut `json:"references,omitempty"`
	FileURL    string         `json:"file_url,omitempty"`
}

func (s *API) Document(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	for name := range v {
		if name != "text" {
			s.fail(w, &httpx.BadRequest{Param: name, Msg: "unknown parameter " + name + "; use text=1 to include the text"})
			return
		}
	}
	rec, err := s.store.Get(r.PathValue("id"))
	if err != nil {
		s.fail(w, err)
		return
	}
	switch v.Get("text") {
	case "1", "true":
	case "", "0", "false":
		rec.Text = ""
	default:
		s.fail(w, &httpx.BadRequest{Param: "text", Msg: "text must be 1 or 0", Accepted: []string{"1", "0"}})
		return
	}
	out := documentResponse{Record: rec, References: []referenceOut{}}
	var links map[string]string
	if nf, ok := s.store.(httpx.NumberFinder); ok && len(rec.References) > 0 {
		nums := make([]string, len(rec.References))
		for i, ref := range rec.References {
			nums[i] = ref.Number
		}
		if links, err = nf.FindNumbers(r.Context(), nums); err != nil {
			s.fail(w, err)
			return
		}
	}
	for _, ref := range rec.References {
		ro := referenceOut{Reference: ref}
		if id, ok := links[ref.Number]; ok && id != rec.ID {
			ro.ID, ro.URL = id, "/api/documents/"+url.PathEscape(id)
		}
		out.References = append(out.References, ro)
	}
	if s.cfg.Files != nil {
		out.FileURL = "/api/documents/" + url.PathEscape(rec.ID) + "/file"
	}
	writeJSONCached(w, r, out)
}

// contentTypes maps a record's source format to the original's media type.
var contentTypes = map[string]string{
	"pdf":  "application/pdf",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"xls":  "application/vnd.ms-excel",
}

func (s *API) DocumentFile(w http.ResponseWriter, r *http.Request) {
	if err := httpx.CheckParams(r.URL.Query()); err != nil {
		s.fail(w, err)
		return
	}
	id := r.PathValue("id")
	rec, err := s.store.Get(id)
	if err != nil {
		s.fail(w, err)
		return
	}
	if s.cfg.Files == nil {
		httpx.WriteError(w, http.StatusNotFound, "this server keeps no original files")
		return
	}
	f, err := s.cfg.Files.OpenFile(rec.ID)
	if err != nil {
		s.fail(w, fmt.Errorf("open original %s: %w", rec.ID, err))
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		s.fail(w, fmt.Errorf("stat original %s: %w", rec.ID, err))
		return
	}
	ct := contentTypes[rec.Source.Format]
	if ct == "" {
		ct = "application/octet-stream"
	}
	name := rec.Source.Name
	if name == "" {
		name = rec.ID
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", contentDisposition(name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// The id is the SHA-256 of these bytes: they never change.
	w.Header().Set("ETag", `"`+rec.ID+`"`)
	w.Header().Set("Cache-Control", cacheImmutable)
	http.ServeContent(w, r, "", st.ModTime(), f)
}

// contentDisposition names the download: an ASCII fallback and the UTF-8
// name (RFC 6266, RFC 5987).
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`inline; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
}
