package index

import zapx "github.com/blevesearch/zapx/v17"

// A new segment's buffer is not sized from an estimate. zapx sizes it as
// the previous segment's bytes per document times this batch's documents,
// and the previous segment is any index's in the process (its working state
// comes from one shared pool): a batch of one workbook (megabytes of text
// for one document) followed by a batch of its 3000 allocation rows
// reserved 800 MB for a segment of a few. Unsized, the buffer grows by
// doubling from what is written: at most twice the segment. Measured with
// `vanban ingest --no-ocr --workers 1 --stats` of the 2007 and 2011 budget
// workbooks, 8 runs from empty: peaks up to 927 MiB before, see
// TestIngestMemoryBounded (cmd/vanban) for after.
func init() {
	zapx.NewSegmentBufferAvgBytesPerDocFactor = 0
}
