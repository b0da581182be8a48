// Package index is the only package that imports Bleve. It holds the
// mapping and analyzers, writes records in batches and executes a clerk's
// query: package query reads the text (a document number in any spelling,
// words with or without diacritics, "phrases", province names) into a
// Plan, and index turns the plan and the filters into Bleve queries, adding
// what only the index knows (which words are common or absent).
//
//	ix, err := index.Open("vanban-data")
//	defer ix.Close()
//	ix.Add(ctx, rec)
//	res, err := ix.Search(ctx, index.Query{Q: "qd 4768", CurrentProvince: "Lâm Đồng"})
//	res, err := ix.Allocations(ctx, index.AllocationQuery{Query: index.Query{Province: "Hà Giang", Year: 2024}})
//
// Layout: DIR/index.bleve holds one Bleve document per record (the record
// JSON is a stored field, so Get needs no second store); DIR/allocations.bleve
// holds one Bleve document per allocation row so that allocation filters are
// exact and their sum is exact (int64 đồng read back from the stored row).
// A row is built field by field (rows.go): its exact filters (type,
// issuer, year, provinces, number, recipient kind, the folded leading words
// of its column path) are the terms "field:value" of one field, keys, which
// filters reach through keyTerm. The same row held by several files (one
// document number) is merged at query time, and sums are given per column.
//
// Damage. Open reads each live segment's footer and verifies the CRC-32 of
// every segment no earlier open has verified (vanban-verified in each
// part's folder lists them by name, size and time), so a changed byte is an
// error wrapping ErrDamaged that names the file and 'vanban check --repair';
// a panic inside Bleve while opening is recovered into the same error, and
// the files the half-opened part held are released. Check reads every byte.
//
// Analysis. Text fields (subject, file name and table titles, body) are
// indexed three ways: vi_exact (NFC, lower case, the tone mark moved to the
// end of the syllable so "hoà" and "hòa" agree, while "khuyến" and "khuyên"
// differ), vi_fold (diacritics removed, đ → d, on the shared precomputed
// table of extract/vntext; query.AppendFold and query.AppendExact, so a
// query is read as its documents were) and vi_bigram (folded syllable pairs, so
// "khuyến công" ranks like a phrase). The tokenizer splits on anything that
// is not a letter, digit or combining mark. Ranking is BM25.
//
// Numbers (số, ký hiệu) are indexed as number_key ("4768/qd-bct": NFC, no
// spaces, lower case, Đ → d) and as number_terms (n:4768 c:qd c:bct
// s:qd-bct, y:2020 for a year part) so that "qd 4768", "QĐ 2319",
// "quyết định 2319", "nghị định 82/2020" and "số 779" find their document
// first; the number's words are also looked for, lower, in the file name and
// the text.
//
// Amounts (the records' amounts, each amount a document states once; a
// row's amount) are exact int64 đồng, indexed at six precisions 8 bits
// apart (amounts.go): an amount_min/amount_max filter is the few terms
// covering the range, those the index holds, ORed unscored.
//
// Provinces are indexed as written (province_key, folded) and as their
// post-2025 unit (current_key), spelled by the one gazetteer
// (extract.LookupProvince, through query.ProvinceKey: 63 + 34 provinces,
// aliases such as "TP HCM"). Province names in a query boost documents
// about that province.
package index
