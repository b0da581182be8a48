// Package table finds tables in spreadsheets and on PDF pages and reads
// them the way a budget clerk does.
//
// Input: a model.Sheet (cells, merged areas, fonts, hidden rows) or
// model.Page values (positioned words and ruling lines). Output: Tables with
// column paths, a unit, and classified rows.
//
//   - Grid: a sheet's cells with merged areas as one cell; on a PDF page
//     the ruling lines (a cell is merged where a rule is missing; a frame
//     open at its sides takes in the outer columns; shading inside a cell
//     is not a rule; a ruled row holding one figure a line is split into
//     rows; where column lines stop short the columns go on), or, without
//     column lines, bands of lines whose columns are the white gaps that
//     run down them (stream.go): header cells centred over sub-columns span
//     them, wrapped header lines and wrapped names are joined, a source or
//     note line ends the table, figures over charts are not tables. Words
//     of a cell are joined line after line ("Sở Văn hoá, Thể thao và Du" +
//     "lịch"); dot leaders ("Chi thường xuyên ........ 2.345.600") are not
//     part of a label. Text in legacy fonts (TCVN3 .VnTime, VNI) is repaired
//     through extract/vntext; hidden rows are left out. Table.Cells gives
//     the grid as printed; TestICDAR2013 scores it on the ICDAR 2013
//     competition set.
//   - Header: the rows above the body, up to the unit line or the title.
//     Each column gets a path: a cell spanning several columns is a parent
//     (" / "), and so is a cell stacked over one of its own width ("Số tiền"
//     / "Dự toán năm 2017") unless the lower one goes on with its title
//     (lower case, or both in capitals) or repeats it; a cell
//     "centred across" empty neighbours with sub-headers below spans them:
//     "BỔ SUNG TỪ NSTW / BỔ SUNG CÓ MỤC TIÊU / TỔNG SỐ". English glosses of
//     bilingual tables are dropped. The column-number row ("A B 1 2 3",
//     "4=5+6") is recognized and skipped. A row of figures is data,
//     never a header (unless it is that row or a row of years), and no
//     column name is made of figures.
//   - Unit: "Đơn vị tính: triệu đồng", "ĐVT: Tr.đ", "(tỷ đồng)", "Triệu đồng
//   - In millions of dong", or "Triệu đồng" alone on a line, in the title
//     area or a header; a column's own ("Số tiền (triệu đồng)", "Kinh phí"
//     over "Triệu đồng") in ColUnits; Unit.VND is đồng per unit. A row
//     naming a ratio ("Tỷ lệ bội chi so GDP") holds no money. Columns of percentages, ratios, scores (PCI, PAPI,
//     "Điểm", "Xếp hạng"), counts ("Số lượng", "Số dự án") and quantities
//     ("(người)", "(ha)") are not amounts; a "ĐVT" column gives each row
//     its own unit (RowUnit). PartOf links a column to the column it is a
//     part of: the siblings of a "Tổng số", a "Trong đó" span, "I.", "II."
//     beside "Tổng số …".
//   - Rows: total ("TỔNG SỐ", "Tổng cộng", "Cả nước"), group (I, II…; A,
//     B…; regions such as "MIỀN NÚI PHÍA BẮC"; "Năm 2020"), item; "Trong
//     đó" breakdowns and sub-items (a, b, -, 1.1, an indented label) are
//     not summed and are marked Detail; a "Trong đó:" line under an item
//     details it up to the next numbered item. A logical
//     row spans the physical rows of its vertical merges, and an English
//     line under it.
//   - Numbers: exact decimals (Num), "2.994.047", "181.946,9", "1,234,567",
//     "(1.234)", footnote markers "(1)" and "*" ignored. Num.Round converts
//     to đồng exactly ("7.631.364,02" triệu is 7.631.364.020.000 đồng) and
//     says when it had to round.
//   - Check compares every group and total with its rows. Each published
//     figure is rounded on its own, so a difference within half a unit per
//     row is rounding and not reported; neither is a difference equal to an
//     amount named in the table's notes ("(1) Bao gồm 207 tỷ đồng …"). What
//     is left is reported exactly: "table 1: group 'Năm 2020' is 17.870.673
//     but its rows add up to 17.860.672 (column '…', sheet "S" row 8)".
//     CheckCells also gives a Verdict per group and total figure.
//   - PDF tables continued on the next page (header repeated, or numbering
//     carrying on) are stitched into one; a row split by the page break is
//     joined back.
//
// Example:
//
//	for _, t := range table.FromSheet(&doc.Sheets[0]) {
//		warnings = append(warnings, t.Check(1)...)
//		for _, r := range t.Rows {
//			if r.Kind == table.Item {
//				v, _ := r.Nums[2].Times(t.Unit.VND) // exact đồng
//				fmt.Println(r.Label, r.Group, t.Columns[2], v)
//			}
//		}
//	}
package table
