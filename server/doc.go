// Package server puts vanban's HTTP side together: one route table for the
// JSON API (package api) and the staff pages (package web), and the
// middleware every request goes through — metrics per route pattern
// (/metrics, Prometheus text format), JSON instead of net/http's plain-text
// errors (405, 431, a query string that does not parse), body limits, a
// deadline on API reads and recovery from a handler's panic. Routes use
// Go 1.22 method patterns; TestOpenAPICoversRoutes checks the table against
// api/openapi.json.
//
//	srv := server.New(server.Config{Store: ix, Files: ingest.NewOriginals(dir)})
//	hs := &http.Server{Handler: srv.Handler(), MaxHeaderBytes: server.ServerMaxHeaderBytes}
//	hs.Serve(server.PlainErrorsAsJSON(ln)) // net/http's own 400/431/501 as JSON too
package server
