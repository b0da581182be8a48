package web

// Limits and names the HTTP tests (package web_test) check pages against.
const (
	MaxQueryLen       = maxQueryLen
	PageSize          = pageSize
	LangCookie        = langCookie
	MaxRowsShown      = maxRowsShown
	MaxAllocRowsShown = maxAllocRowsShown
)

// CSSURL is the style sheet's address, with its hash.
var CSSURL = cssURL
