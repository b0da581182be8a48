// Package ocr reads the text of a scanned PDF page: the page is rendered by
// poppler's pdftoppm (300 dpi, grey) and read by tesseract with its
// Vietnamese model, whose TSV output gives each word with its box and
// confidence. Both are external programs, optional at run time: Available
// says whether they are installed, and its error (wrapping ErrUnavailable)
// names the Debian packages to install. A page takes several seconds.
//
// ingest/pdf calls it for pages without a usable text layer:
//
//	if err := ocr.Available(ctx); err == nil {
//		res, err := ocr.Page(ctx, "/tmp/scan.pdf", 1)
//		if err == nil {
//			fmt.Println(res.Confidence, res.Lines[0].Text)
//		}
//	}
//
// Coordinates are PDF points from the top left of the rendered (rotated)
// page, like the rest of model.Page.
package ocr
