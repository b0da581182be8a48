package api

import (
	_ "embed"
	"net/http"

	"vanban/internal/httpx"
)

// openAPI describes every JSON route; TestOpenAPICoversRoutes keeps it in
// step with routeTable.
//
//go:embed openapi.json
var openAPI []byte

func (s *API) OpenAPI(w http.ResponseWriter, r *http.Request) {
	if err := httpx.CheckParams(r.URL.Query()); err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}

// OpenAPIDocument is the OpenAPI 3 document of the JSON routes, as served
// at /api/openapi.json.
func OpenAPIDocument() []byte { return openAPI }
