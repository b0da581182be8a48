// Package api serves vanban over HTTP: the JSON API under /api/ (search,
// documents, allocations, uploads), the staff web page at /, /healthz and
// /metrics. Routes use Go 1.22 method patterns and live in one table
// (routes); errors go through one function (fail) that maps them to a status
// and a message a clerk can act on.
//
//	srv := api.New(ix, slog.Default())
//	http.ListenAndServe("127.0.0.1:8080", srv.Handler())
package api
