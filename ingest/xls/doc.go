// Package xls reads legacy Excel workbooks (.xls: BIFF8, Excel 97–2003, and
// BIFF5, Excel 5.0/95) into a model.Document with a record reader of our
// own on top of the OLE2 container (github.com/richardlehane/mscfb).
//
// Contract:
//
//   - Every worksheet becomes a model.Sheet: hidden state from BOUNDSHEET,
//     rows dense from row 0, merged areas (MERGEDCELLS), hidden rows (ROW).
//   - Cell values: shared strings (SST with CONTINUE, where a string split
//     over a record boundary restarts with a flags byte), LABEL, RSTRING,
//     NUMBER, RK, MULRK, BOOLERR, and the cached result of FORMULA (a
//     number, a string from the following STRING record, a boolean or an
//     error). Numbers are written exactly: the shortest decimal at Excel's
//     15 significant digits ("2994047", "181946.9", never "2.994047e+06").
//     A number in a date format (built-in 14–22, 45–47, or a custom format
//     with d/m/y/h/s) is an ISO date. A number whose format (a FORMAT
//     record, else the built-in one) shows fewer decimals, a percent or
//     thousands also gets Cell.Shown, what the sheet shows in Vietnamese
//     ("9,28", "18,71%", "2.994.047").
//   - Cell.Font and Cell.Bold come from the cell's XF and FONT records, so
//     text drawn in legacy fonts (.VnTime: TCVN3) can be repaired
//     downstream (extract/table does it). BIFF8 strings are Unicode; BIFF5
//     8-bit strings are decoded with the CODEPAGE (1258, 1252, …).
//   - A damaged file gives an error wrapping format.ErrCorrupt (never a
//     panic); a password-protected one format.ErrEncrypted; BIFF2–4 files
//     ErrOldFormat; an OLE2 file without a Workbook stream (an encrypted
//     .xlsx) ErrNotXLS. Limits: 256 MiB stream, 4 million cells.
//
// Example:
//
//	doc, err := xls.Read(data)
//	if err != nil {
//		return err // "file is encrypted: this .xls is password-protected; …"
//	}
//	c := doc.Sheets[0].Rows[18][2] // {Kind: "n", Text: "19348000", Font: ".VnArial Narrow"}
package xls
