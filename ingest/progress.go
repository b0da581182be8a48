package ingest

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Progress counts what a run did. Its Event method is a Pool's OnEvent;
// with a terminal it redraws a one-line bar (files, pages, errors, rate,
// ETA), otherwise it logs each finished file with slog.
type Progress struct {
	mu       sync.Mutex
	out      io.Writer // terminal, or nil for log lines
	log      *slog.Logger
	start    time.Time
	total    int // files expected (0 = unknown)
	lastDraw time.Time

	Seen      int // paths and uploads looked at
	Queued    int // new contents queued
	Known     int // same bytes as before, or an unchanged path
	Refused   int
	Indexed   int
	Failed    int
	NeedsOCR  int
	Abandoned int
	Pages     int
	// Keys of every entry this run touched.
	Keys map[string]bool
}

// NewProgress draws on term when it is not nil (a terminal), else logs.
func NewProgress(term io.Writer, log *slog.Logger) *Progress {
	if log == nil {
		log = slog.Default()
	}
	return &Progress{out: term, log: log, start: time.Now(), Keys: map[string]bool{}}
}

// SetTotal sets how many files are expected, for the ETA.
func (p *Progress) SetTotal(n int) {
	p.mu.Lock()
	p.total = n
	p.mu.Unlock()
}

// Event records one pool event.
func (p *Progress) Event(ev Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := ev.Entry
	p.Keys[e.Key] = true
	switch ev.Kind {
	case EventQueued:
		p.Seen++
		p.Queued++
	case EventKnown:
		p.Seen++
		if e.Status != StatusQueued && e.Status != StatusParsing {
			p.Known++ // otherwise it finishes later in this run
		}
	case EventRefused:
		p.Seen++
		p.Refused++
		p.logLine(e)
	case EventAbandoned:
		p.Abandoned++
	case EventFinished:
		switch e.Status {
		case StatusIndexed:
			p.Indexed++
			p.Pages += e.Pages
		case StatusNeedsOCR:
			p.NeedsOCR++
		default:
			p.Failed++
		}
		p.logLine(e)
	}
	p.drawLocked(false)
}

func (p *Progress) logLine(e *Entry) {
	if p.out != nil {
		if e.Status != StatusIndexed {
			// Keep failures visible above the bar.
			fmt.Fprintf(p.out, "\r\033[K%s: %s: %s\n", e.Name(), e.Status, e.Reason)
		}
		return
	}
	if e.Status == StatusIndexed {
		p.log.Info("indexed", "name", e.Name(), "id", e.ID, "format", e.Format, "pages", e.Pages,
			"parse_ms", e.ParseMs, "done", p.doneLocked(), "total", p.total)
	} else {
		p.log.Warn("not indexed", "name", e.Name(), "id", e.ID, "status", e.Status, "reason", e.Reason,
			"done", p.doneLocked(), "total", p.total)
	}
}

func (p *Progress) doneLocked() int {
	return p.Indexed + p.Failed + p.NeedsOCR + p.Refused + p.Known
}

// Draw redraws the bar now (a no-op without a terminal).
func (p *Progress) Draw() {
	p.mu.Lock()
	p.drawLocked(true)
	p.mu.Unlock()
}

func (p *Progress) drawLocked(force bool) {
	if p.out == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(p.lastDraw) < 100*time.Millisecond {
		return
	}
	p.lastDraw = now
	done := p.doneLocked()
	el := now.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.Indexed+p.Failed+p.NeedsOCR) / el
	}
	bar, eta := "", ""
	if p.total > 0 {
		const width = 24
		fill := min(width, done*width/p.total)
		bar = "[" + strings.Repeat("#", fill) + strings.Repeat(".", width-fill) + "] "
		if rate > 0 && done < p.total {
			eta = " ETA " + (time.Duration(float64(p.total-done)/rate) * time.Second).Round(time.Second).String()
		}
	}
	total := "?"
	if p.total > 0 {
		total = fmt.Sprint(p.total)
	}
	fmt.Fprintf(p.out, "\r\033[K%s%d/%s files  %d pages  %d errors  %d need OCR  %.1f files/s%s",
		bar, done, total, p.Pages, p.Failed+p.Refused, p.NeedsOCR, rate, eta)
}

// Finish ends the bar's line.
func (p *Progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.out != nil {
		p.drawLocked(true)
		fmt.Fprintln(p.out)
	}
}

// Elapsed is the time since the run started.
func (p *Progress) Elapsed() time.Duration { return time.Since(p.start) }
