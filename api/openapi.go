package api

import (
	_ "embed"
	"net/http"
)

// openAPI describes every JSON route; TestOpenAPICoversRoutes keeps it in
// step with routeTable.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query()); err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}
