// Package extract reads a model.Document the way a Vietnamese clerk does
// and returns a Record: the document's identity (số, ký hiệu; type; issuer;
// place and date; subject; signer), the provinces it concerns, the documents
// it cites, its money figures and percentages, and its tables and allocation
// rows. Pure text functions live in extract/vntext, table building in
// extract/table.
//
//	doc, _ := parse.Bytes(ctx, name, data, parse.Options{})
//	rec := extract.Extract(doc, data)
//	fmt.Println(rec.Number, rec.Date) // 779/QĐ-UBND 2022-03-23
//
// Dates are typed (model.Date): a document's date is a full day, or its
// month alone when the day cannot be read (an illegible day on a scan);
// Record.When gives it whatever its kind, and the record's JSON keeps the
// two apart as "date" and "date_month".
//
// extract imports model (the document types), never ingest, index or api.
package extract
