// Package export writes allocation rows for clerks: CSV that Excel opens
// with Vietnamese intact (UTF-8 with a byte-order mark) and XLSX with a bold
// header and amounts formatted "#,##0" (written by export/xlsxwrite, the one
// package that writes with excelize; export imports no part of ingest).
//
//	rows := []export.Row{{Number: "757/2003/QĐ-BTC", Allocation: a}}
//	err := export.WriteCSV(os.Stdout, rows)
//
// Amounts are exact int64 đồng in both formats; dates are dates in XLSX.
// Each row says its level (0 an item, 1 a sub-item detailing the item
// above), the column its column is a part of ("Trong đó" columns, parts of
// a "Tổng số"), the kind of recipient (province, unit, budget line) and
// every file holding it. The total lines are one per column: a column's
// total leaves out detail rows beside their item, and no line adds
// different columns together.
package export
