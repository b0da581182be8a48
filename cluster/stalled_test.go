package cluster

import (
	"strings"
	"testing"
)

func TestQueueStalled(t *testing.T) {
	queue := func(text, ocr uint64, workers ...WorkerState) *Queue {
		return &Queue{Subjects: []SubjectQueue{{Subject: SubjectText, Waiting: text}, {Subject: SubjectOCR, Waiting: ocr}}, Workers: workers}
	}
	textOnly, withOCR := WorkerState{Host: "a", Slots: 2}, WorkerState{Host: "b", Slots: 1, OCR: true}
	for _, tc := range []struct {
		name string
		q    *Queue
		want string // a part of the reason; "" for none
	}{
		{"nothing waits, no worker", queue(0, 0), ""},
		{"text waits, no worker", queue(3, 0), "3 files wait and no worker"},
		{"scans wait, no worker", queue(0, 2), "2 files wait and no worker"},
		{"text waits, a --no-ocr worker", queue(5, 0, textOnly), ""},
		{"scans wait, only --no-ocr workers", queue(1, 4, textOnly, textOnly), "4 files wait for OCR"},
		{"scans wait, one worker with OCR", queue(0, 4, textOnly, withOCR), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.q.Stalled()
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Fatalf("Stalled() = %q, want %q", got, tc.want)
			}
		})
	}
}
