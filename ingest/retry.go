package ingest

// Retry puts the files whose status is one of statuses (failed, needs_ocr)
// back in the queue, their attempts reset, and wakes the workers: a running
// pool reads them again as it reads new files. It returns the entries
// queued as they were before (their status and reason say why each is
// read again).
func (p *Pool) Retry(statuses ...Status) ([]*Entry, error) {
	before, err := p.ledger.Requeue(statuses...)
	if err != nil {
		return nil, err
	}
	if len(before) > 0 {
		p.wake()
	}
	return before, nil
}
