// Package httpx is the small request and response kit that the JSON API
// (package api) and the staff pages (package web) share: what both read
// from the index (Store, AllocationStore, NumberFinder), JSON answers and
// the one error mapping of the JSON side (Fail), query parameter checks
// (CheckParams, IntValue), the write token with its limit on wrong guesses
// (Guard), and what an upload needs whichever door it comes through
// (SniffUpload, WithIdleTimeout, ClientGone, TooLarge).
//
//	if err := httpx.CheckParams(r.URL.Query(), "id"); err != nil {
//		httpx.Fail(w, log, err) // 400 {"error": …, "param": …}
//		return
//	}
//	httpx.WriteJSON(w, http.StatusOK, answer)
//
// It knows nothing of pages or routes; those are web's and server's.
package httpx
