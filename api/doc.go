// Package api holds vanban's JSON handlers: search (and its Atom feed),
// documents and their original files, allocations as JSON, CSV or XLSX,
// uploads, ingest status and retry, the change log and /healthz,
// described by the OpenAPI 3 document served at /api/openapi.json
// (OpenAPIDocument).
// Package server puts the handlers in its one route table beside the
// pages of package web; the two share only internal/httpx. Errors go
// through one function (httpx.Fail) that maps them to a status and a
// message a clerk can act on: bad parameters are 400 with the parameter
// named, never an empty success.
//
//	a := api.New(api.Config{Store: ix, Files: ingest.NewOriginals(dir)})
//	mux.HandleFunc("GET /api/search", a.Search)
package api
