package pdf

import "strings"

// Advance widths (per 1000 em) of the standard Helvetica and Times-Roman
// fonts for codes 32–126, from Adobe's AFM files. Writers may use these
// fonts without a /Widths array; the widths place the glyphs, and so the
// gaps that separate words.
var helveticaWidths = [95]uint16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p … ~
}

var timesWidths = [95]uint16{
	250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
	500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
	921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
	556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
	333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
	500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
}

// standardWidths fills in widths for a simple font that has none, by its
// base name: Helvetica/Arial, Times, Courier; others get an average.
func standardWidths(f *font, lowerBase string) {
	var table *[95]uint16
	avg := 0.5
	switch {
	case strings.Contains(lowerBase, "courier"):
		f.missing = 0.6
		return
	case strings.Contains(lowerBase, "helvetica"), strings.Contains(lowerBase, "arial"):
		table, avg = &helveticaWidths, 0.556
	case strings.Contains(lowerBase, "times"):
		table = &timesWidths
	default:
		f.missing = avg
		return
	}
	f.first = 32
	f.widths = make([]float64, len(table))
	for i, w := range table {
		f.widths[i] = float64(w) / 1000
	}
	f.missing = avg
}
