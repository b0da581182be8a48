package api

import (
	"bytes"
	"net/http"
	"time"

	"vanban/export"
	"vanban/index"
)

func (s *Server) handleAllocations(w http.ResponseWriter, r *http.Request) {
	as, ok := s.store.(AllocationStore)
	if !ok {
		writeError(w, http.StatusNotImplemented, "this server does not keep allocations")
		return
	}
	v := r.URL.Query()
	q, err := parseQuery(v, allocationParams)
	if err != nil {
		s.fail(w, err)
		return
	}
	format := v.Get("format")
	switch format {
	case "", "json", "csv", "xlsx":
	default:
		s.fail(w, &badRequest{param: "format", msg: `format must be "json", "csv" or "xlsx"`, accepted: []string{"json", "csv", "xlsx"}})
		return
	}
	res, err := as.Allocations(r.Context(), q)
	if err != nil {
		s.fail(w, err)
		return
	}
	if res.Rows == nil {
		res.Rows = []index.AllocationRow{}
	}
	name := "phan-bo-" + time.Now().Format("20060102")
	switch format {
	case "csv", "xlsx":
		// The downloads are the same files `vanban export` writes: a header a
		// clerk recognizes, exact amounts, a total row.
		var buf bytes.Buffer
		write := export.WriteCSV
		if format == "xlsx" {
			write = export.WriteXLSX
		}
		if err := write(&buf, export.FromIndex(res.Rows)); err != nil {
			s.fail(w, err)
			return
		}
		ct := contentTypes[format]
		if format == "csv" {
			ct = "text/csv; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
		w.Write(buf.Bytes())
	default:
		writeJSON(w, http.StatusOK, res)
	}
}
