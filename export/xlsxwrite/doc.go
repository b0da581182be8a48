// Package xlsxwrite writes a table as an .xlsx workbook for clerks: one
// sheet, a bold, shaded, frozen header row, a number format per column
// ("#,##0" for amounts in đồng, "dd/mm/yyyy" for dates) and column widths
// from the content, rows streamed so memory stays bounded.
//
// It is the only package that writes with github.com/xuri/excelize/v2, as
// ingest/xlsx is the only one that reads with it: one adapter for each
// direction. Writing lives beside export, its only user, so that export
// does not import ingest (the queue, the ledger, the sandbox) to write a
// file, and the reader's adapter stays free of the writer's styling.
//
//	err := xlsxwrite.Table(w, "Phân bổ", []string{"Đơn vị", "Số tiền (đồng)"},
//		[][]any{{"Lào Cai", int64(2994047000000)}}, map[int]string{1: "#,##0"})
package xlsxwrite
