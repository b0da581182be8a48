// Package web holds the staff pages: server-rendered html/template pages
// that work without JavaScript. Templates are embedded and parsed once at
// start-up; a page is rendered to a buffer before anything is written, so
// a template error gives a clean error page, never half a page.
//
//	GET  /                  search: words, filters, facets, pages (web.go)
//	GET  /documents/{id}    one record: metadata, tables, references (document.go)
//	GET  /allocations       allocation rows of a province/year, totals per column, chart (alloc.go)
//	GET  /upload, POST /upload, GET /upload/{id}   upload form and progress (upload.go)
//	GET  /ingest            intake status: files by status, disk health, a hub's cluster queue, the
//	                        files not indexed (newest first, 50 a page) with their reasons, and the
//	                        retry form; a replica says it has no queue (ingest.go)
//	POST /upload/retry      read again the failed and needs_ocr files (GET: back to the form): the
//	                        form of the upload page and the ingest page, with the upload token;
//	                        lists the files queued again (retry.go)
//	GET  /static/           the style sheet
//
// Parts several pages share are templates/_*.html (the pager, the retry
// form, a list of ledger files), parsed into every page's set.
//
// All query state lives in the URL, so a link can be shared. UI strings come
// from a message catalogue (i18n.go): Vietnamese, or English with ?lang=en.
// Parameter errors answer 400 with a page in plain words. Package server
// puts the handlers in its one route table beside the JSON API (package
// api); the two share only internal/httpx.
//
//	p := web.New(web.Config{Store: ix})
//	mux.HandleFunc("GET /{$}", p.Home)
package web
