package api

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"vanban/index"
)

// allocationColumns are the columns of the CSV and XLSX downloads.
var allocationColumns = []string{"document_id", "number", "type", "issuer", "date", "recipient", "province",
	"current_province", "column", "group", "amount_vnd", "table", "row", "page", "sheet"}

func allocationRecord(r index.AllocationRow) []string {
	return []string{r.DocumentID, r.Number, r.Type, r.Issuer, r.Date, r.Recipient, r.Province,
		r.CurrentProvince, r.Column, r.Group, strconv.FormatInt(r.AmountVND, 10), strconv.Itoa(r.Table),
		strconv.Itoa(r.Row), strconv.Itoa(r.Page), r.Sheet}
}

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
		s.fail(w, &badRequest{msg: `format must be "json", "csv" or "xlsx"`})
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
	case "csv":
		var buf bytes.Buffer
		buf.WriteString("\uFEFF") // UTF-8 BOM: Excel opens Vietnamese text right
		cw := csv.NewWriter(&buf)
		cw.Write(allocationColumns)
		for _, row := range res.Rows {
			cw.Write(allocationRecord(row))
		}
		total := make([]string, len(allocationColumns))
		total[5], total[10] = "TỔNG CỘNG", strconv.FormatInt(res.SumVND, 10)
		cw.Write(total)
		cw.Flush()
		if err := cw.Error(); err != nil {
			s.fail(w, err)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		w.Write(buf.Bytes())
	case "xlsx":
		rows := [][]cell{}
		header := make([]cell, len(allocationColumns))
		for i, c := range allocationColumns {
			header[i] = cell{s: c}
		}
		rows = append(rows, header)
		for _, row := range res.Rows {
			rec := allocationRecord(row)
			cs := make([]cell, len(rec))
			for i, v := range rec {
				cs[i] = cell{s: v}
			}
			cs[10] = cell{n: row.AmountVND, isNum: true}
			rows = append(rows, cs)
		}
		total := make([]cell, 11)
		total[5] = cell{s: "TỔNG CỘNG"}
		total[10] = cell{n: res.SumVND, isNum: true}
		rows = append(rows, total)
		data, err := writeXLSX("Phân bổ", rows)
		if err != nil {
			s.fail(w, err)
			return
		}
		w.Header().Set("Content-Type", contentTypes["xlsx"])
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		w.Write(data)
	default:
		writeJSON(w, http.StatusOK, res)
	}
}
