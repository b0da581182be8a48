// Package query reads what a clerk types into the search box into a Plan,
// without any search engine: the document number it names (số, ký hiệu)
// with the keys and terms the index stores for numbers (NumberKey,
// NumberTerms), the words to match, the "quoted phrases", and the
// provinces it names in the gazetteer's spelling (extract.LookupProvince).
// It also holds the folding both sides share: Fold and AppendFold (no
// diacritics, đ → d) and AppendExact (tone mark moved to the end of the
// syllable), which the index's analyzers apply to documents, so a query is
// read the way its documents were indexed. Package index executes a plan;
// this package imports no Bleve (go list -deps ./query).
//
//	p := query.Understand("qd 4768 lam dong")
//	// p.Number.Terms = [n:4768], p.Number.Codes = [c:qd]
//	// p.Provinces = [{Lâm Đồng Lâm Đồng}], p.Text = "lam dong"
package query
