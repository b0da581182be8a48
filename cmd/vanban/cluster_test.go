package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"vanban/cluster"
	"vanban/index"
	"vanban/ingest"
	"vanban/internal/natstest"
)

// proc is a vanban process started by a test.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *syncBuffer
}

func startProc(t *testing.T, bin, name string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, cmd: exec.Command(bin, args...), out: &syncBuffer{}}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() { p.stop(syscall.SIGTERM) })
	return p
}

// stop signals the process (SIGKILL: no chance to clean up) and waits.
func (p *proc) stop(sig syscall.Signal) {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Signal(sig)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

var servingURL = regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)/`)

// base waits for serve's "serving http://…" line and returns the URL.
func (p *proc) base(t *testing.T) string {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := servingURL.FindStringSubmatch(p.out.String()); m != nil {
			return m[1]
		}
		if p.cmd.ProcessState != nil {
			break
		}
	}
	t.Fatalf("%s did not start serving:\n%s", p.name, p.out.String())
	return ""
}

// clusterCorpus copies a lean subset of the shared corpus (every format,
// a few text PDFs, and one scan when tesseract is installed) beside the
// fixtures into one folder: the folder, the ids of its distinct files, and
// the ids of scans.
func clusterCorpus(t *testing.T) (string, map[string]string, map[string]bool) {
	t.Helper()
	const shared = "../../../shared/corpus"
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("the shared corpus is not at %s: the cluster test needs its documents", shared)
	}
	pick := func(glob string, n int) []string {
		m, _ := filepath.Glob(filepath.Join(shared, glob))
		sort.Strings(m)
		return m[:min(n, len(m))]
	}
	var files []string
	fx, _ := filepath.Glob(filepath.Join(fixtures, "*"))
	files = append(files, fx...)
	files = append(files, pick("xlsx/*", 4)...)
	files = append(files, pick("xls/*", 4)...)
	files = append(files, pick("doc/*.doc", 3)...)
	files = append(files, pick("doc/*.docx", 3)...)
	for _, f := range []string{"binhthuan_779-QD-UBND_dieu-le-quy-khuyen-hoc.pdf", "cp_01-2020-ND-CP_giam-sat-dau-tu.pdf",
		"lamdong_PL-VI_cai-cach-tai-chinh-cong-2025_bang-theo-don-vi.pdf"} {
		files = append(files, filepath.Join(shared, "pdf", f))
	}
	scans := map[string]bool{}
	_, errT := exec.LookPath("tesseract")
	_, errP := exec.LookPath("pdftoppm")
	scan := filepath.Join(shared, "pdf", clusterScan)
	if errT == nil && errP == nil {
		files = append(files, scan)
	} else {
		t.Log("tesseract or pdftoppm is not installed: no scan in the cluster test, a worker is killed mid-parse instead of mid-OCR")
	}
	dir := t.TempDir()
	ids := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		copies := 1
		if f == scan {
			// Three distinct scans (a comment appended), so that OCR lasts
			// long enough to kill a worker in the middle of it.
			copies = 3
		}
		for i := range copies {
			name := filepath.Base(f)
			if i > 0 {
				b = append(b, fmt.Sprintf("\n%% copy %d\n%%%%EOF\n", i)...)
				name = fmt.Sprintf("copy%d-%s", i, name)
			}
			sum := sha256.Sum256(b)
			id := hex.EncodeToString(sum[:])
			ids[id] = name
			if f == scan {
				scans[id] = true
			}
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir, ids, scans
}

// clusterScan is the scan of clusterCorpus (its first copy keeps this name).
const clusterScan = "lamdong_CV1413-PC04_ho-tro-kinh-phi_SCAN.pdf"

func fetchJSON(u string, v any) error {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+clusterToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// clusterToken is the hub's upload token in TestClusterNothingLostNothingTwice.
const clusterToken = "cluster-test-token"

// TestClusterNothingLostNothingTwice runs a hub and two workers as separate
// processes on a real nats-server, submits a subset of the shared corpus
// with `vanban ingest --nats`, and meanwhile restarts nats-server, SIGKILLs
// the hub with outcomes unwritten, and SIGKILLs a worker mid-job (mid-OCR
// with tesseract). Every file must end indexed (or failed with a reason)
// exactly once: one "added" change per indexed file and no "replaced" one,
// as many records in the index. A replica started at the end catches up
// and answers searches as the hub does.
func TestClusterNothingLostNothingTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("builds vanban and runs five processes (-short)")
	}
	srv := natstest.Start(t)
	dir, ids, scans := clusterCorpus(t)
	bin := buildVanban(t)
	hubData := t.TempDir()
	hubArgs := []string{"serve", "--nats", srv.URL, "--ack-wait", "4s", "--data", hubData, "--addr", "127.0.0.1:0", "--token", clusterToken}
	hub := startProc(t, bin, "hub", hubArgs...)
	hub.base(t)
	worker := func(name string) *proc {
		return startProc(t, bin, name, "worker", "--nats", srv.URL, "--workers", "1", "--temp", filepath.Join(t.TempDir(), name))
	}
	workers := []*proc{worker("worker-a"), worker("worker-b")}

	ctx := context.Background()
	c, err := cluster.Connect(ctx, cluster.Config{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var sub syncBuffer
	if err := run(ctx, []string{"ingest", "--nats", srv.URL, dir}, &sub, &sub); err != nil {
		t.Fatalf("ingest --nats: %v\n%s", err, sub.String())
	}
	if want := fmt.Sprintf("%d queued", len(ids)); !strings.Contains(sub.String(), want) {
		t.Fatalf("ingest --nats printed %q, want %s", sub.String(), want)
	}
	status := func() *cluster.Queue {
		var err error
		for range 200 {
			var q *cluster.Queue
			if q, err = c.Status(ctx); err == nil {
				return q
			}
			time.Sleep(100 * time.Millisecond) // the server restarting
		}
		t.Fatalf("no queue status from NATS: %v", err)
		return nil
	}
	waitQ := func(what string, d time.Duration, ok func(*cluster.Queue) bool) *cluster.Queue {
		t.Helper()
		for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if q := status(); ok(q) {
				return q
			}
		}
		t.Fatalf("%s: not within %s; queue %+v\nhub:\n%s", what, d, status(), hub.out.String())
		return nil
	}

	// nats-server restarted mid-ingest: everyone reconnects and goes on.
	waitQ("first outcomes", 3*time.Minute, func(q *cluster.Queue) bool { return q.Outcomes >= 2 })
	srv.Restart()
	t.Log("nats-server restarted")

	// The hub SIGKILLed with outcomes it has not acknowledged.
	waitQ("a batch being written by the hub", 3*time.Minute, func(q *cluster.Queue) bool {
		return q.Outcomes >= 4 && q.HubInFlight > 0
	})
	hub.stop(syscall.SIGKILL)
	t.Log("hub killed mid-batch")
	hub = startProc(t, bin, "hub again", hubArgs...)
	base := hub.base(t)

	// An upload to the hub goes to the workers too. With OCR at hand it is
	// one more scan: the scans given at the start may all have been read
	// by now (it happened on a loaded machine), and a worker is killed
	// below in the middle of an OCR job.
	upName, upFile := "uploaded.pdf", filepath.Join(fixtures, "cv-95-UBND-KT-lam-dong.pdf")
	if len(scans) > 0 {
		upName, upFile = "uploaded-scan.pdf", filepath.Join(dir, clusterScan)
	}
	up, err := os.ReadFile(upFile)
	if err != nil {
		t.Fatal(err)
	}
	up = append(up, "\n% uploaded to the hub\n%%EOF\n"...)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/documents?name="+upName, bytes.NewReader(up))
	req.Header.Set("Authorization", "Bearer "+clusterToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload to the hub: %s, want 202", resp.Status)
	}
	upSum := sha256.Sum256(up)
	upID := hex.EncodeToString(upSum[:])
	ids[upID] = upName
	if len(scans) > 0 {
		scans[upID] = true
	}

	// A worker SIGKILLed mid-job (mid-OCR when there is a scan).
	q := waitQ("a job in flight", 5*time.Minute, func(q *cluster.Queue) bool {
		for _, w := range q.Workers {
			for _, j := range w.Jobs {
				if len(scans) == 0 || j.Subject == cluster.SubjectOCR {
					return true
				}
			}
		}
		return false
	})
	var victim cluster.JobState
	for _, w := range q.Workers {
		if len(w.Jobs) == 0 {
			continue
		}
		for i, p := range workers {
			if p.cmd.Process.Pid == w.PID {
				p.stop(syscall.SIGKILL)
				victim = w.Jobs[0]
				t.Logf("worker %d killed while reading %s (%s)", w.PID, victim.Name, victim.Subject)
				workers[i] = worker("worker-c")
			}
		}
		break
	}
	if victim.ID == "" {
		t.Log("the job in flight finished before its worker could be killed")
	}

	// Everything read and written once.
	var st struct {
		Files    int                   `json:"files"`
		ByStatus map[ingest.Status]int `json:"by_status"`
		Queue    int                   `json:"queue"`
		Failures []*ingest.Entry       `json:"failures"`
		Cluster  *cluster.Queue        `json:"cluster"`
	}
	deadline := time.Now().Add(8 * time.Minute)
	for {
		err := fetchJSON(base+"/api/ingest", &st)
		if err == nil && st.Files == len(ids) && st.Queue == 0 && st.Cluster != nil && st.Cluster.HubWaiting == 0 &&
			st.Cluster.Subjects[0].Waiting+st.Cluster.Subjects[1].Waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not every file was read: %+v, %v\nhub:\n%s", st, err, hub.out.String())
		}
		time.Sleep(300 * time.Millisecond)
	}
	if st.Cluster == nil || len(st.Cluster.Subjects) != 2 {
		t.Errorf("GET /api/ingest has no cluster queue: %+v", st.Cluster)
	}
	for _, e := range st.Failures {
		t.Logf("not indexed: %s: %s: %s", e.Name(), e.Status, e.Reason)
		if e.Reason == "" {
			t.Errorf("%s is %s without a reason", e.Name(), e.Status)
		}
	}
	for id := range scans {
		var e ingest.Entry
		if err := fetchJSON(base+"/api/ingest?id="+id, &e); err != nil || e.Status != ingest.StatusIndexed || !e.OCR {
			t.Errorf("the scan %s: %v, status %s, OCR %v; want indexed by OCR", ids[id], err, e.Status, e.OCR)
		}
	}
	var ch struct {
		Changes []ingest.Change `json:"changes"`
	}
	if err := fetchJSON(base+"/api/changes?limit=1000", &ch); err != nil {
		t.Fatal(err)
	}
	added := map[string]int{}
	for _, x := range ch.Changes {
		if x.Change != ingest.ChangeAdded {
			t.Errorf("change %s of %s: a file was written twice", x.Change, ids[x.ID])
		}
		added[x.ID]++
	}
	for id, n := range added {
		if n != 1 || ids[id] == "" {
			t.Errorf("%s (%s) added %d times", ids[id], id, n)
		}
	}
	if len(added) != st.ByStatus[ingest.StatusIndexed] || len(added) < len(ids)-2 {
		t.Errorf("%d documents added, %d indexed in the ledger, of %d files", len(added), st.ByStatus[ingest.StatusIndexed], len(ids))
	}

	// A replica that starts now catches up by itself and answers as the hub.
	repData := t.TempDir()
	rep := startProc(t, bin, "replica", "serve", "--nats", srv.URL, "--follow", "--data", repData, "--addr", "127.0.0.1:0")
	repBase := rep.base(t)
	queries := []string{"khuyến công", "4768/QĐ-BCT", "kinh phí hỗ trợ", "Lâm Đồng", "quỹ khuyến học", "giám sát đầu tư", "ngân sách"}
	search := func(base, q string) (string, error) {
		var r index.Result
		if err := fetchJSON(base+"/api/search?size=20&q="+url.QueryEscape(q), &r); err != nil {
			return "", err
		}
		// Hits of equal score are a set: their order is the index's
		// internal one, which differs between two indexes (and the hub's
		// index may still count replaced documents in its statistics
		// until a merge, so "equal" allows a thousandth).
		var s []string
		for i := 0; i < len(r.Hits); {
			j := i
			var tie []string
			for ; j < len(r.Hits) && math.Abs(r.Hits[j].Score-r.Hits[i].Score) <= 1e-3*math.Abs(r.Hits[i].Score); j++ {
				tie = append(tie, ids[r.Hits[j].ID])
			}
			sort.Strings(tie)
			s = append(s, strings.Join(tie, " = "))
			i = j
		}
		return fmt.Sprintf("%d: %s", r.Total, strings.Join(s, ", ")), nil
	}
	same := func() (diff string) {
		for _, q := range queries {
			a, err := search(base, q)
			if err != nil {
				t.Fatal(err)
			}
			b, err := search(repBase, q)
			if err != nil {
				return err.Error()
			}
			if a != b || strings.HasPrefix(a, "0:") {
				diff += fmt.Sprintf("%q:\nhub     %s\nreplica %s\n", q, a, b)
			}
		}
		return diff
	}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(500 * time.Millisecond) {
		diff := same()
		if diff == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica does not answer as the hub:\n%s\nreplica:\n%s", diff, rep.out.String())
		}
	}
	// Documents and allocations read the same; originals come from the
	// object store, byte for byte, on the replica and on the hub alike.
	// Rows of equal amount come in the index's own order: compared as a
	// multiset, with the total and the sums.
	allocs := func(b string) (total int, sums string, rows []string) {
		var a struct {
			Total int               `json:"total"`
			Sums  json.RawMessage   `json:"sums"`
			Rows  []json.RawMessage `json:"rows"`
		}
		if err := fetchJSON(b+"/api/allocations?size=10000&sort=amount", &a); err != nil {
			t.Fatal(err)
		}
		for _, r := range a.Rows {
			rows = append(rows, string(r))
		}
		sort.Strings(rows)
		return a.Total, string(a.Sums), rows
	}
	ht, hs, hr := allocs(base)
	rt, rs, rr := allocs(repBase)
	if ht != rt || hs != rs || strings.Join(hr, "\n") != strings.Join(rr, "\n") || ht == 0 {
		t.Errorf("allocations differ: the hub %d rows, the replica %d", ht, rt)
	}
	for id := range added {
		// A cited number that several files share links to one of them,
		// whichever the index finds first: references are compared by
		// what they cite.
		doc := func(b string) string {
			var d map[string]any
			if err := fetchJSON(b+"/api/documents/"+id, &d); err != nil {
				t.Fatal(err)
			}
			if refs, ok := d["references"].([]any); ok {
				for _, r := range refs {
					if m, ok := r.(map[string]any); ok {
						delete(m, "id")
						delete(m, "url")
					}
				}
			}
			out, _ := json.Marshal(d)
			return string(out)
		}
		if a, b := doc(base), doc(repBase); a != b {
			t.Errorf("document %s differs on the replica:\nhub     %.300s\nreplica %.300s", ids[id], a, b)
		}
		// The hub holds what it accepted itself and reads the rest from
		// the object store too.
		for _, b := range []string{repBase, base} {
			resp, err := http.Get(b + "/api/documents/" + id + "/file")
			if err != nil {
				t.Fatal(err)
			}
			h := sha256.New()
			_, err = io.Copy(h, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK || hex.EncodeToString(h.Sum(nil)) != id {
				t.Errorf("the original of %s from %s: %s, %v", ids[id], b, resp.Status, err)
			}
		}
	}
	hub.stop(syscall.SIGTERM)
	// A reindex from the hub's originals would drop what was read
	// elsewhere: refused, saying how to rebuild a hub.
	var re bytes.Buffer
	if err := run(ctx, []string{"reindex", "--data", hubData}, &re, &re); !errors.Is(err, cluster.ErrHubReindex) {
		t.Errorf("reindex of the hub's data directory: %v, want cluster.ErrHubReindex\n%s", err, re.String())
	}
	ix, err := index.Open(hubData)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(ctx); err != nil || int(n) != len(added) {
		t.Errorf("the hub's index holds %d records (%v), want %d", n, err, len(added))
	}
}
