package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	bindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"

	"vanban/extract"
	"vanban/model"
	vq "vanban/query"
)

// ErrNotFound is returned by Get for an unknown id.
var ErrNotFound = errors.New("document not found")

// Index is the embedded Bleve index of extracted records. Each record is one
// Bleve document (kind "doc", id = record id) holding the whole record JSON
// as a stored field, in DIR/index.bleve. Each allocation row is one Bleve
// document (kind "allocation", id = record id + "/a/" + n) in a second index,
// DIR/allocations.bleve, so that allocations can be filtered and summed
// exactly without skewing the documents' ranking statistics (BM25 averages
// field lengths over every document of an index).
type Index struct {
	bi bleve.Index // records
	ai bleve.Index // allocation rows
	// facets caches the documents of each facet value (see facets.go).
	facets *facetCache
	// lengthsMu makes the writes of the records' field lengths one at a
	// time (bm25.go).
	lengthsMu sync.Mutex
}

// openTimeout is how long Open waits for another process to release the index.
const openTimeout = 3 * time.Second

// maxBody caps the text indexed per record (bytes).
const maxBody = 2 << 20

// bdoc is what is stored in Bleve for one record (rows: rowFields).
type bdoc struct {
	Kind        string   `json:"kind,omitempty"`
	Number      string   `json:"number,omitempty"`
	NumberKey   string   `json:"number_key,omitempty"`
	NumberTerms []string `json:"number_terms,omitempty"`
	Type        string   `json:"type,omitempty"`
	TypeKey     []string `json:"type_key,omitempty"`
	Issuer      string   `json:"issuer,omitempty"`
	IssuerKey   string   `json:"issuer_key,omitempty"`
	Date        string   `json:"date,omitempty"`
	DateStart   string   `json:"date_start,omitempty"`
	DateMonth   string   `json:"date_month,omitempty"`
	YearS       string   `json:"year_s,omitempty"`
	Province    []string `json:"province,omitempty"`
	ProvinceKey []string `json:"province_key,omitempty"`
	Current     []string `json:"current_province,omitempty"`
	CurrentKey  []string `json:"current_key,omitempty"`
	Amounts     []int64  `json:"-"` // indexed by amountField (amounts.go)
	Subject     string   `json:"subject,omitempty"`
	Title       string   `json:"title,omitempty"`
	Body        string   `json:"body,omitempty"`
	Record      string   `json:"record,omitempty"`
	AllocN      string   `json:"alloc_n,omitempty"`
	Facet       []string `json:"facet,omitempty"`
}

// Open opens the index in dir, creating it when absent.
func Open(dir string) (*Index, error) { return open(dir, mergePlan) }

// OpenForLoad opens the index as Open does for a one-shot load (vanban
// ingest), which compacts at its end when it wrote enough to need it:
// Bleve then merges segments only once they are many (loadMergePlan).
func OpenForLoad(dir string) (*Index, error) { return open(dir, loadMergePlan) }

func open(dir string, plan mergeplan.MergePlanOptions) (*Index, error) {
	bi, err := openBleve(dir, "index.bleve", plan)
	if err != nil {
		return nil, err
	}
	ai, err := openBleve(dir, "allocations.bleve", plan)
	if err != nil {
		bi.Close()
		return nil, err
	}
	return &Index{bi: bi, ai: ai, facets: &facetCache{}}, nil
}

// openBleve opens (or creates) one Bleve index. A damaged index (a segment
// whose bytes are not those written) can make Bleve panic while opening it:
// the panic is recovered here and becomes an error wrapping ErrDamaged
// that names the part and the repair.
func openBleve(dir, name string, plan mergeplan.MergePlanOptions) (bi bleve.Index, err error) {
	path := filepath.Join(dir, name)
	defer func() {
		if v := recover(); v != nil {
			releaseFiles(path)
			bi, err = nil, damaged(path, fmt.Errorf("opening it failed: %v", v))
		}
	}()
	if err := checkFooters(path); err != nil {
		return nil, err
	}
	bi, err = openBleveUnsafe(dir, name, plan)
	var ve *damagedError
	if err != nil && !errors.Is(err, ErrInUse) && !errors.Is(err, ErrStaleIndex) && !errors.As(err, &ve) &&
		!errors.Is(err, os.ErrPermission) {
		if _, serr := os.Stat(path); serr == nil {
			// It is there and does not open: say what to run.
			err = fmt.Errorf("%w (%s)", err, repairHint)
		}
	}
	return bi, err
}

func openBleveUnsafe(dir, name string, plan mergeplan.MergePlanOptions) (bleve.Index, error) {
	path := filepath.Join(dir, name)
	// Bleve waits for the bbolt file lock forever by default: a second
	// process (vanban search while vanban serve runs) fails instead.
	bi, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": openTimeout.String(),
		"scorchMergePlanOptions": mergePlanConfig(plan)})
	if err != nil && strings.Contains(err.Error(), "timeout") {
		return nil, fmt.Errorf("index: %s is %w (serve, ingest?): %w", path, ErrInUse, err)
	}
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("index: create data dir: %w", err)
		}
		bi, err = bleve.NewUsing(path, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore,
			map[string]any{"scorchMergePlanOptions": mergePlanConfig(plan)})
		if err == nil {
			if err = bi.SetInternal(mappingVersionKey, []byte(mappingVersion)); err != nil {
				bi.Close()
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	v, err := bi.GetInternal(mappingVersionKey)
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("index: open %s: read mapping version: %w", path, err)
	}
	if string(v) != mappingVersion {
		bi.Close()
		got := string(v)
		if got == "" {
			got = "none"
		}
		return nil, fmt.Errorf("index: %s was built with mapping version %s, this vanban needs %s: run `vanban reindex`: %w",
			path, got, mappingVersion, ErrStaleIndex)
	}
	return bi, nil
}

// mergePlan is how scorch merges the segments of a growing index (each
// Add makes one). Bleve's default counts every segment under 2000
// documents as 2000 and merges small ones as soon as they add up to one
// such: a bulk load in batches of 500 rewrote each document 2.3 times by
// 5000 documents and 1.8 times by 100k. With a floor of 500 and tiers of
// up to 15 segments, each 15 times larger than the one below, a document
// is rewritten 1.0 times by 100k (TestMergePlan) and the load went from
// 676 to 792 documents/s. The price is more segments before a compaction
// (up to ~30 instead of ~15 at 100k); vanban ingest compacts after a bulk
// load.
var mergePlan = tieredPlan(500, 15)

// loadMergePlan is how segments are merged during a one-shot load. Merging
// while loading rewrites documents that the compaction at the end of a
// large load rewrites again, and on a small load it was a quarter of the
// CPU of vanban ingest (BenchmarkIngestVsExtract: the 51 corpus files left
// 11 + 9 segments, merged twice over). Here a segment is not counted as
// larger than it is (no floor), and a tier holds up to 64 segments before
// 64 of them are merged into one of the next, 64 times larger tier: a load
// of fewer than ~64 batches is not merged at all, a large one rewrites
// each document about once before its compaction, and the number of
// segments stays bounded (about 64 per tier) however large the load.
var loadMergePlan = tieredPlan(1, 64)

// tieredPlan is Bleve's default merge plan with segments counted as at
// least floor documents and tiers of up to n segments, each n times larger
// than the one below, merged n at a time.
func tieredPlan(floor int64, n int) mergeplan.MergePlanOptions {
	o := mergeplan.DefaultMergePlanOptions
	o.FloorSegmentSize = floor
	o.MaxSegmentsPerTier = n
	o.SegmentsPerMergeTask = n
	o.TierGrowth = float64(n)
	return o
}

// mergePlanConfig is o as scorch's configuration takes it: JSON-like,
// without the functions JSON cannot carry (all nil here).
func mergePlanConfig(o mergeplan.MergePlanOptions) map[string]any {
	return map[string]any{
		"MaxSegmentsPerTier":   o.MaxSegmentsPerTier,
		"MaxSegmentSize":       o.MaxSegmentSize,
		"MaxSegmentFileSize":   o.MaxSegmentFileSize,
		"TierGrowth":           o.TierGrowth,
		"SegmentsPerMergeTask": o.SegmentsPerMergeTask,
		"FloorSegmentSize":     o.FloorSegmentSize,
		"FloorSegmentFileSize": o.FloorSegmentFileSize,
		"ReclaimDeletesWeight": o.ReclaimDeletesWeight,
	}
}

// mappingVersion names the index mapping (fields, analyzers, doc values).
// Bump it whenever newMapping or toDocs change what is indexed: Open then
// refuses an index built by an older version instead of searching it wrong.
//
//	4: facets in one merged field "facet"; no doc values on the old facet fields.
//	5: no doc values on "facet" either (facets are counted from its postings).
//	6: "date_month" (stored) and "date_start" for documents dated to the month only.
//	7: allocation rows indexed under recipient_kind and column_path, and
//	   stored with their files.
//	8: segments written by released zapx v17 (postings in chunks of up to
//	   1024, chunk mode 1026). Indexes up to 7 were written by vanban's former
//	   patched copy (chunk mode 1027), which released zapx opens and then
//	   cannot read: they are refused here, before any search touches them.
//	9: allocation rows without the fields no query reads (kind, year, the
//	   issuer as a stored keyword), seq one keyword term; no "year" number
//	   field on records either (filters use year_s).
//	10: an allocation row's exact filters are the terms "field:value" of
//	   one field, keys (rows.go); the province names as written are not
//	   indexed (no query reads them).
//	11: each record stores the length of its syllable-pair field and the
//	   index their sum, the real average length BM25 ranks it by (bm25.go).
//	12: the stored lengths are JSON, as the index's sum is.
//	13: amounts are exact integers indexed at 6 precisions, not Bleve
//	   numbers at 16 (amounts.go); no syllable pair or phrase spans two
//	   cells of a table (wordTokenizer).
const mappingVersion = "13"

var mappingVersionKey = []byte("vanban_mapping_version")

// ErrInUse is returned by Open when another process holds the index
// (Bleve's file lock).
var ErrInUse = errors.New("in use by another vanban process")

// ErrStaleIndex is returned by Open for an index built with another
// mapping version: rebuild it with `vanban reindex`.
var ErrStaleIndex = errors.New("index built by another version of vanban")

// Close closes the index.
func (ix *Index) Close() error {
	return errors.Join(ix.ai.Close(), ix.bi.Close())
}

// Compact merges the index's segments into one. Bleve merges segments in
// tiers as documents arrive and leaves a bulk load in a dozen or more
// segments; every query then walks each of them. Run it after a bulk load
// (vanban ingest, reindex): it takes about as long as the load's own
// merging and searches get faster. Searches and additions may go on
// meanwhile.
func (ix *Index) Compact(ctx context.Context) error {
	for _, bi := range []bleve.Index{ix.bi, ix.ai} {
		adv, err := bi.Advanced()
		if err != nil {
			return fmt.Errorf("index: compact: %w", err)
		}
		s, ok := adv.(*scorch.Scorch)
		if !ok {
			return fmt.Errorf("index: compact: %T is not a scorch index", adv)
		}
		// ForceMerge merges the segments on disk: wait for the persister
		// to write the in-memory ones first, and merge again when more
		// were written meanwhile.
		for round := 0; ; round++ {
			if err := waitPersisted(ctx, s); err != nil {
				return err
			}
			if files := rootStat(s, "num_root_filesegments"); files <= 1 || round == 3 {
				break
			}
			if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
				return fmt.Errorf("index: compact: %w", err)
			}
		}
	}
	return nil
}

// waitPersisted waits until no segment of s is only in memory.
func waitPersisted(ctx context.Context, s *scorch.Scorch) error {
	for rootStat(s, "num_root_memorysegments") > 0 {
		select {
		case <-ctx.Done():
			return fmt.Errorf("index: compact: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

func rootStat(s *scorch.Scorch, name string) uint64 {
	v, _ := s.StatsMap()[name].(uint64)
	return v
}

// maxRowBatch bounds the allocation rows written in one Bleve batch. A
// budget workbook holds thousands of rows, and a Bleve batch analyses and
// builds the segment of all its documents in memory at once: three such
// workbooks in one batch held ~85 MB more (live heap 135 MB, issue 17);
// rows are written in batches of at most this many. 250 rather than 1000:
// the live heap of vanban ingest of the corpus peaked at ~55 MB instead of
// 60–85 (issue 17).
const maxRowBatch = 250

// Add indexes (or replaces) records and their allocation rows, and returns
// once both are durable. The rows are written first, in batches of up to
// maxRowBatch, then the records in one batch, all of them or none: a record
// is only found once its rows are there. A failure may leave part of the
// rows written without their record; adding the records again replaces
// them (the ingest ledger records a file only after Add returned).
//
// A write that Bleve fails may leave the open index unusable (scorch takes
// a batch's segment in, then, when writing it to disk fails — a full disk —
// closes that segment while it stays in the index: every later batch or
// search touching it panics). Such an error wraps ErrNeedsReopen, and so
// does a panic inside Bleve while writing (recovered here): the caller
// closes this Index and opens the directory again, which reads the last
// state written to disk.
func (ix *Index) Add(ctx context.Context, recs ...*extract.Record) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("index: writing failed inside Bleve: %v: %w", v, ErrNeedsReopen)
		}
	}()
	for _, r := range recs {
		if r.ID == "" {
			return fmt.Errorf("index: record %q has no id", r.Source.Name)
		}
	}
	docs, err := ix.prepare(ctx, recs)
	if err != nil {
		return err
	}
	// The field lengths of the index change with this batch: one batch at
	// a time reads and writes them.
	ix.lengthsMu.Lock()
	defer ix.lengthsMu.Unlock()
	totals, err := ix.fieldTotals()
	if err != nil {
		return err
	}
	b := ix.bi.NewBatch()
	stale := make([]int, len(recs)) // rows an earlier version of each record had
	last := make(map[string]int, len(recs))
	for i, r := range recs {
		last[r.ID] = i
	}
	for i, r := range recs {
		var before fieldLengths
		if stale[i], before, err = ix.previous(r.ID); err != nil {
			return err
		}
		if last[r.ID] == i { // a record given twice counts once, as the last
			totals.add(before, -1)
			totals.add(docs[i].lengths, 1)
		}
		if err := b.IndexAdvanced(docs[i].doc); err != nil {
			return fmt.Errorf("index: record %s: %w", r.ID, err)
		}
	}
	if err := totals.setIn(b); err != nil {
		return err
	}
	if err := ix.addRows(ctx, recs, docs, stale); err != nil {
		return err
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("index: write batch: %w (%w)", err, ErrNeedsReopen)
	}
	return nil
}

// ErrNeedsReopen marks a failed write after which this Index must be
// closed and opened again before it is used (see Add).
var ErrNeedsReopen = errors.New("the index must be reopened")

// addRows writes the allocation rows of recs (and deletes those an earlier
// version had beyond the new count) in batches of up to maxRowBatch rows,
// each row built when its batch is (rowDocument). Writing two batches at
// once was no faster (BenchmarkIngestVsExtract, issue 17): the other core
// is busy parsing and extracting.
func (ix *Index) addRows(ctx context.Context, recs []*extract.Record, docs []prepared, stale []int) error {
	ab := ix.ai.NewBatch()
	flush := func() error {
		if ab.Size() == 0 {
			return nil
		}
		if err := ix.ai.Batch(ab); err != nil {
			return fmt.Errorf("index: write allocation batch: %w (%w)", err, ErrNeedsReopen)
		}
		ab.Reset()
		return nil
	}
	fold := ix.ai.Mapping().AnalyzerNamed(analyzerFold)
	for i, r := range recs {
		if err := ctx.Err(); err != nil {
			return err
		}
		for j := len(r.Allocations); j < stale[i]; j++ {
			ab.Delete(allocID(r.ID, j))
		}
		for j, row := range docs[i].rows {
			id := allocID(r.ID, j)
			if err := ab.IndexAdvanced(rowDocument(id, row, fold)); err != nil {
				return fmt.Errorf("index: allocation %s: %w", id, err)
			}
			if ab.Size() >= maxRowBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		docs[i].rows = nil // in a batch now (or written)
	}
	return flush()
}

// Delete removes records and their allocation rows, all or none; an id
// the index does not hold is no error.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	ix.lengthsMu.Lock()
	defer ix.lengthsMu.Unlock()
	totals, err := ix.fieldTotals()
	if err != nil {
		return err
	}
	b, ab := ix.bi.NewBatch(), ix.ai.NewBatch()
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		n, before, err := ix.previous(id)
		if err != nil {
			return err
		}
		totals.add(before, -1)
		for j := 0; j < n; j++ {
			ab.Delete(allocID(id, j))
		}
		b.Delete(id)
	}
	if err := totals.setIn(b); err != nil {
		return err
	}
	// The rows first: a failure between the two leaves a record without
	// rows, which adding it again repairs, never rows without a record.
	if ab.Size() > 0 {
		if err := ix.ai.Batch(ab); err != nil {
			return fmt.Errorf("index: delete allocation rows: %w", err)
		}
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("index: delete: %w", err)
	}
	return nil
}

// prepared is a record turned into the Bleve document of its fields and
// the documents of its allocation rows.
type prepared struct {
	doc  *document.Document
	rows []*rowFields
	// lengths are the tokens of the fields in realLengths (bm25.go).
	lengths fieldLengths
}

// prepare turns records into Bleve documents on every core, their body
// analyzed here rather than in Bleve's workers: Add needs the length of
// the pair field first (bm25.go).
func (ix *Index) prepare(ctx context.Context, recs []*extract.Record) ([]prepared, error) {
	out := make([]prepared, len(recs))
	workers := min(runtime.GOMAXPROCS(0), len(recs))
	g, ctx := errgroup.WithContext(ctx)
	for w := 0; w < workers; w++ {
		g.Go(func() error {
			for i := w; i < len(recs); i += workers {
				if err := ctx.Err(); err != nil {
					return err
				}
				r := recs[i]
				d, rows, err := toDocs(r)
				if err != nil {
					return err
				}
				doc := document.NewDocument(r.ID)
				if err := ix.bi.Mapping().MapDocument(doc, d); err != nil {
					return fmt.Errorf("index: record %s: %w", r.ID, err)
				}
				ownFields(doc)
				if len(d.Amounts) > 0 {
					doc.AddField(amountField(fAmounts, d.Amounts))
				}
				lengths, err := analyzeLengths(doc)
				if err != nil {
					return fmt.Errorf("index: record %s: %w", r.ID, err)
				}
				out[i] = prepared{doc: doc, rows: rows, lengths: lengths}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

func allocID(id string, i int) string { return id + "/a/" + strconv.Itoa(i) }

// seqKey is a row's position in its table as a term that sorts as the
// number does (its digits after a letter saying how many: "b7" < "c10"):
// one keyword term with doc values, where a number field indexes 16 terms
// per value (Bleve's precision steps) for a field only ever sorted on.
func seqKey(i int) string {
	n := strconv.Itoa(i)
	return string(rune('a'+len(n))) + n
}

// previous reads what the index holds of record id: its number of
// allocation rows and the lengths of its text fields (0 and nil if absent).
func (ix *Index) previous(id string) (int, fieldLengths, error) {
	d, err := ix.bi.Document(id)
	if err != nil {
		return 0, nil, fmt.Errorf("index: read %s: %w", id, err)
	}
	if d == nil {
		return 0, nil, nil
	}
	n := 0
	var lengths fieldLengths
	d.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case fAllocN:
			n, _ = strconv.Atoi(string(f.Value()))
		case fLengths:
			lengths, err = parseFieldLengths(f.Value())
		}
	})
	return n, lengths, err
}

// provinceFields are the names and keys a record is found under: as written and the
// post-2025 unit.
func provinceFields(r *extract.Record) (names, keys, current, currentKeys []string) {
	add := func(list *[]string, v string) {
		if v == "" {
			return
		}
		for _, x := range *list {
			if x == v {
				return
			}
		}
		*list = append(*list, v)
	}
	for _, p := range r.Provinces {
		name, cur := p.Name, p.Current
		if lp, ok := vq.LookupProvince(name); ok {
			if cur == "" {
				cur = lp.Current
			}
		}
		add(&names, name)
		add(&keys, vq.ProvinceKey(name))
		add(&current, cur)
		add(&currentKeys, vq.ProvinceKey(cur))
	}
	return
}

func toDocs(r *extract.Record) (*bdoc, []*rowFields, error) {
	// The text is stored once, in the body field; the record JSON keeps it
	// only when it is longer than what is indexed.
	body := r.Text
	stored := *r
	if len(body) > maxBody {
		body = body[:maxBody]
	} else {
		stored.Text = ""
	}
	js, err := json.Marshal(&stored)
	if err != nil {
		return nil, nil, fmt.Errorf("index: encode record %s: %w", r.ID, err)
	}
	d := &bdoc{
		Kind: kindDoc, Number: r.Number, NumberKey: vq.NumberKey(r.Number), NumberTerms: vq.NumberTerms(r.Number),
		Type: r.Type, Issuer: r.Issuer, IssuerKey: vq.FoldKey(r.Issuer),
		Subject: r.Subject, Body: body, Record: string(js), AllocN: strconv.Itoa(len(r.Allocations)),
	}
	for _, t := range []string{r.Type, r.TypeCode} {
		if k := vq.FoldKey(t); k != "" {
			d.TypeKey = append(d.TypeKey, k)
		}
	}
	switch when := r.When(); {
	case !when.Valid():
	case when.Kind() == model.FullDay:
		d.Date = when.ISO()
	case when.Kind() == model.MonthOnly:
		// Known to the month only: it sorts at the month's end and a date
		// range matches it when the range covers the whole month
		// (date_start is its first day).
		first, last := when.Span()
		d.Date, d.DateStart, d.DateMonth = last.ISO(), first.ISO(), when.ISO()
	}
	if d.Date != "" {
		d.YearS = d.Date[:4]
	}
	d.Province, d.ProvinceKey, d.Current, d.CurrentKey = provinceFields(r)
	d.Facet = facetValues(d)
	title := []string{strings.NewReplacer("_", " ", "-", " ", ".", " ").Replace(strings.TrimSuffix(r.Source.Name, filepath.Ext(r.Source.Name)))}
	for _, t := range r.Tables {
		if t.Title != "" && len(title) < 4 {
			title = append(title, t.Title)
		}
	}
	d.Title = strings.Join(title, "\n")
	for _, f := range r.Figures {
		if f.Unit == "VND" && f.Value != 0 {
			d.Amounts = append(d.Amounts, f.Value)
		}
	}
	var rows []*rowFields
	for i, a := range r.Allocations {
		if a.AmountVND != 0 {
			d.Amounts = append(d.Amounts, a.AmountVND)
		}
		if a.RecipientKind == "" {
			a.RecipientKind = extract.RecipientKind(a.Recipient)
		}
		row := AllocationRow{DocumentID: r.ID, Number: r.Number, Type: r.Type, Issuer: r.Issuer, Date: r.Date.ISO(),
			Files: []File{{ID: r.ID, Name: r.Source.Name}}, Allocation: a}
		rjs, err := json.Marshal(row)
		if err != nil {
			return nil, nil, fmt.Errorf("index: encode allocation %d of %s: %w", i, r.ID, err)
		}
		prov, cur := a.Province, a.CurrentProvince
		if prov == "" {
			if lp, ok := vq.LookupProvince(a.Recipient); ok {
				prov = lp.Name
			}
		}
		if lp, ok := vq.LookupProvince(prov); ok && cur == "" {
			cur = lp.Current
		}
		ad := &rowFields{
			docID: r.ID, seq: seqKey(i), date: d.Date, amount: a.AmountVND, row: rjs,
			issuer: r.Issuer,
			text:   strings.Join([]string{a.Recipient, a.Column, a.Group, r.Subject, r.Number}, "\n"),
		}
		ad.key(fNumberKey, d.NumberKey)
		ad.key(fNumberTerms, d.NumberTerms...)
		ad.key(fTypeKey, d.TypeKey...)
		ad.key(fIssuerKey, d.IssuerKey)
		ad.key(fYearS, d.YearS)
		ad.key(fRecipientKind, a.RecipientKind)
		ad.key(fColumnPath, columnPrefixes(a.Column)...)
		if prov != "" {
			ad.key(fProvinceKey, vq.ProvinceKey(prov))
		}
		if cur != "" {
			ad.key(fCurrentKey, vq.ProvinceKey(cur))
		}
		rows = append(rows, ad)
	}
	// The amount filter asks whether a record holds an amount in a range:
	// each value once (a budget workbook repeats its totals; every value
	// is amountLevels terms).
	slices.Sort(d.Amounts)
	d.Amounts = slices.Compact(d.Amounts)
	return d, rows, nil
}

// Get returns the stored record. id is a full id or, as in git, a unique
// prefix of MinIDPrefix hex characters or more (*AmbiguousError when
// several documents start with it).
func (ix *Index) Get(id string) (*extract.Record, error) {
	if id == "" || strings.Contains(id, "/") {
		return nil, ErrNotFound
	}
	id, err := ix.resolveID(id)
	if err != nil {
		return nil, err
	}
	d, err := ix.bi.Document(id)
	if err != nil {
		return nil, fmt.Errorf("index: read %s: %w", id, err)
	}
	if d == nil {
		return nil, ErrNotFound
	}
	var js, body []byte
	d.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case fRecord:
			js = f.Value()
		case fBodyF:
			body = f.Value()
		}
	})
	if js == nil {
		return nil, ErrNotFound
	}
	var r extract.Record
	if err := json.Unmarshal(js, &r); err != nil {
		return nil, fmt.Errorf("index: stored record %s: %w", id, err)
	}
	if r.Text == "" {
		r.Text = string(body)
	}
	return &r, nil
}

// Count is the number of records (not allocation rows) in the index.
func (ix *Index) Count(ctx context.Context) (uint64, error) {
	q := bleve.NewTermQuery(kindDoc)
	q.SetField(fKind)
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("index: count: %w", err)
	}
	return res.Total, nil
}

// FindNumbers maps each given document number (any spelling) to the id of a
// record we hold with that number; numbers we do not hold are left out.
func (ix *Index) FindNumbers(ctx context.Context, numbers []string) (map[string]string, error) {
	byKey := map[string][]string{}
	dq := bleve.NewDisjunctionQuery()
	for _, n := range numbers {
		k := vq.NumberKey(n)
		if k == "" {
			continue
		}
		if _, ok := byKey[k]; !ok {
			t := bleve.NewTermQuery(k)
			t.SetField(fNumberKey)
			dq.AddQuery(t)
		}
		byKey[k] = append(byKey[k], n)
	}
	out := map[string]string{}
	if len(byKey) == 0 {
		return out, nil
	}
	kind := bleve.NewTermQuery(kindDoc)
	kind.SetField(fKind)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(kind, dq), 10*len(byKey), 0, false)
	req.Fields = []string{fNumberKey}
	req.SortBy([]string{"-date", "_id"})
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: find numbers: %w", err)
	}
	for _, h := range res.Hits {
		k, _ := h.Fields[fNumberKey].(string)
		for _, n := range byKey[k] {
			if _, ok := out[n]; !ok {
				out[n] = h.ID
			}
		}
	}
	return out, nil
}

// Segments is how many segments the records index is made of (on disk and
// in memory); each query walks every one.
func (ix *Index) Segments() int {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return 0
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return 0
	}
	return int(rootStat(s, "num_root_filesegments") + rootStat(s, "num_root_memorysegments"))
}
