// Package xlsx reads .xlsx workbooks into a model.Document. It is the only
// package that reads with github.com/xuri/excelize/v2 (export/xlsxwrite is
// the only one that writes with it).
//
// Reading (Read):
//
//   - Values are streamed row by row with excelize's Rows() and raw cell
//     values: numbers stay exact as stored ("2994047", "181946.9"; binary
//     noise beyond 15 digits is rounded the way Excel shows it).
//
//   - On sheets up to 20 000 rows every cell's style is looked up (cached
//     by style id) for its font name, boldness and number format (dates
//     become ISO 8601; a number whose format shows fewer decimals, a
//     percent or thousands also gets Cell.Shown, what the sheet shows in
//     Vietnamese: "9,28", "18,71%", "2.994.047", which the reading text
//     and search use), formulas without a cached value are computed with
//     CalcCellValue, and merged areas are listed in Sheet.Merges (values
//     are not copied across the span: extract/table spans them). Larger
//     sheets are read values-only in bounded memory, with a warning.
//
//   - Hidden sheets and hidden rows are noted; UnzipSizeLimit (100 MiB)
//     and UnzipXMLSizeLimit (50 MiB) are set; the file is always closed.
//
//   - An encrypted workbook opens with Options.Password; without one (or
//     with a wrong one) the error wraps format.ErrEncrypted.
//
// Example:
//
//	doc, err := xlsx.Read(ctx, data, xlsx.Options{Password: pw})
package xlsx
