// Package index is the only package that imports Bleve. It holds the
// mapping and analyzers, writes records in batches and turns a clerk's query
// (a document number in any spelling, words with or without diacritics,
// filters) into a Bleve query.
//
//	ix, err := index.Open("vanban-data")
//	defer ix.Close()
//	ix.Add(ctx, rec)
//	res, err := ix.Search(ctx, index.Query{Q: "779/QĐ-UBND"})
package index
