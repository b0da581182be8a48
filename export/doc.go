// Package export writes allocation rows for clerks: CSV that Excel opens
// with Vietnamese intact (UTF-8 with a byte-order mark) and XLSX with a bold
// header and amounts formatted "#,##0" (written by ingest/xlsx, the one
// package that imports excelize).
//
//	rows := []export.Row{{Number: "757/2003/QĐ-BTC", Allocation: a}}
//	err := export.WriteCSV(os.Stdout, rows)
//
// Amounts are exact int64 đồng in both formats.
package export
