// Package api serves vanban over HTTP: the JSON API under /api/ (search,
// documents and their original files, allocations as JSON, CSV or XLSX,
// uploads, ingest status), described by the OpenAPI 3 document at
// /api/openapi.json; the staff web page at /; /healthz and /metrics
// (Prometheus text format). Routes use Go 1.22 method patterns and live in
// one table (routeTable); errors go through one function (fail) that maps
// them to a status and a message a clerk can act on: bad parameters are 400
// with the parameter named, never an empty success.
//
//	srv := api.New(api.Config{Store: ix, Files: ingest.NewOriginals(dir)})
//	http.ListenAndServe("127.0.0.1:8080", srv.Handler())
package api
