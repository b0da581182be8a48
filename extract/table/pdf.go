package table

import "vanban/ingest"

// FromPages finds the tables drawn on PDF pages.
func FromPages(pages []ingest.Page) []*Table {
	return nil
}
