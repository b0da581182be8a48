package evalnum

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"vanban/extract"
	"vanban/extract/vntext"
	"vanban/internal/vbpl"
)

// A labelled set from the vbpl.vn catalogue: each title names the kind,
// the number and the subject ("Nghị định số 249/2025/NĐ-CP Quy định …",
// "Luật Thuế thu nhập cá nhân số 109/2025/QH15"), the first line of the
// text is the issuer's first header line, and the place-and-date line the
// date. Identify reads the body; Fields compares field by field, per kind.

// Fields names the compared fields, in report order.
var Fields = []string{"number", "type", "issuer", "date", "subject"}

// Tally counts one field of one kind: how many documents the catalogue
// labels, and how many Identify agrees with.
type Tally struct{ Labelled, Agree int }

// Rate is Agree / Labelled (0 when nothing is labelled).
func (t Tally) Rate() float64 {
	if t.Labelled == 0 {
		return 0
	}
	return float64(t.Agree) / float64(t.Labelled)
}

// Miss is one disagreement.
type Miss struct{ ID, Kind, Field, Want, Got string }

// FieldReport is the agreement per kind and field, and overall.
type FieldReport struct {
	Docs   map[string]int              // kind → labelled documents
	ByKind map[string]map[string]Tally // kind → field → tally
	All    map[string]Tally            // field → tally over every kind
	Misses []Miss
}

// Kinds are the kinds of the report, the largest first.
func (r FieldReport) Kinds() []string {
	var ks []string
	for k := range r.Docs {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if r.Docs[ks[i]] != r.Docs[ks[j]] {
			return r.Docs[ks[i]] > r.Docs[ks[j]]
		}
		return ks[i] < ks[j]
	})
	return ks
}

// Print writes the table of agreement per kind and field.
func (r FieldReport) Print(w io.Writer) {
	fmt.Fprintf(w, "%-20s %5s", "kind", "docs")
	for _, f := range Fields {
		fmt.Fprintf(w, " %16s", f)
	}
	fmt.Fprintln(w)
	row := func(name string, n int, ts map[string]Tally) {
		fmt.Fprintf(w, "%-20s %5d", name, n)
		for _, f := range Fields {
			t := ts[f]
			if t.Labelled == 0 {
				fmt.Fprintf(w, " %16s", "-")
				continue
			}
			fmt.Fprintf(w, " %5.1f%% %4d/%-4d", 100*t.Rate(), t.Agree, t.Labelled)
		}
		fmt.Fprintln(w)
	}
	total := 0
	for _, k := range r.Kinds() {
		row(k, r.Docs[k], r.ByKind[k])
		total += r.Docs[k]
	}
	row("all", total, r.All)
}

var (
	// catalogKindRe is the kind opening a catalogue title.
	catalogKindRe = regexp.MustCompile(`(?i)^\s*(bộ luật|luật|pháp lệnh|nghị quyết liên tịch|nghị quyết|nghị định|thông tư liên tịch|thông tư|quyết định|văn bản hợp nhất|chỉ thị|công điện|kế hoạch|hướng dẫn|thông báo|tờ trình|báo cáo|án lệ)(?:\s|:|$)`)
	// catalogNumberRe is "số 249/2025/NĐ-CP" in a title.
	catalogNumberRe = regexp.MustCompile(`(?i)(?:^|\s)số\s*:?\s*(\d[\d.]*\s*/\s*[\p{L}\d./&-]+)`)
	// organLineRe: a first line that is an issuer's name.
	organLineRe = regexp.MustCompile(`^(BỘ|CHÍNH PHỦ|QUỐC HỘI|NGÂN HÀNG|THỦ TƯỚNG|ỦY BAN|UỶ BAN|THANH TRA|TÒA ÁN|VIỆN KIỂM SÁT|KIỂM TOÁN|VĂN PHÒNG|TỔNG LIÊN ĐOÀN|HỘI ĐỒNG|BAN)(?:\s|$)`)
)

// label reads the catalogue's fields of d; ok is false for a title that
// names no kind.
func label(d vbpl.Doc) (kind string, want map[string]string, ok bool) {
	title := vntext.Normalize(d.Title)
	m := catalogKindRe.FindStringSubmatchIndex(title)
	if m == nil {
		return "", nil, false
	}
	kind = capitalizeFirst(strings.ToLower(title[m[2]:m[3]]))
	want = map[string]string{"type": kind}
	rest := strings.TrimSpace(title[m[3]:])
	// The title's number: vbpl.vn's own reading of it when it is one, and
	// where the title prints it (the last "số …" of "Luật … số 43/2019/QH14.
	// số 123/2025/QH15" is the law's own).
	num := ""
	var at []int
	all := catalogNumberRe.FindAllStringSubmatchIndex(rest, -1)
	if len(all) > 0 {
		// "Thông tư số 74 /2025/TT-NHNN Sửa đổi … Thông tư số 14/2018/…":
		// the first; "Luật … của Luật Giáo dục số 43/2019/QH14. số
		// 123/2025/QH15": the last.
		at = all[0]
		if at[0] > 0 {
			at = all[len(all)-1]
		}
		num = extract.CanonicalNumber(rest[at[2]:at[3]])
	} else if digitsRe.MatchString(d.Number) {
		num = extract.CanonicalNumber(d.Number)
	}
	// Compared where the text prints it: a number the page shows nowhere is
	// the catalogue's, not the document's.
	if num != "" && strings.Contains(foldNumbers(d.Text), foldNumber(num)) {
		want["number"] = num
	}
	if at != nil {
		before, after := strings.TrimSpace(rest[:at[0]]), strings.TrimSpace(rest[at[1]:])
		switch {
		case before == "" && after != "":
			want["subject"] = after // "Nghị định số 249/2025/NĐ-CP Quy định …"
		case before != "" && after == "":
			want["subject"] = strings.TrimRight(before, ". ") // "Luật Thuế thu nhập cá nhân số 109/2025/QH15"
		}
	}
	if fl := vntext.Normalize(strings.ReplaceAll(d.FirstLine, "\u00a0", " ")); organLineRe.MatchString(fl) {
		want["issuer"] = fl
	}
	if d.PlaceDate != "" {
		pd := strings.SplitN(d.PlaceDate, ",", 2)
		if dt, ok := vntext.ParseDate(pd[len(pd)-1], 0); ok {
			want["date"] = dt.ISO()
		}
	}
	return kind, want, true
}

func capitalizeFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// letters is the folded letters and digits of s: the comparison key of
// issuers and subjects (case, diacritics, punctuation and spacing aside).
func letters(s string) string {
	var b strings.Builder
	for _, r := range vntext.Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// agrees compares one field.
func agrees(field, want, got string) bool {
	switch field {
	case "number":
		return SameNumber(want, got)
	case "type":
		return vntext.Key(want) == vntext.Key(got)
	case "issuer":
		// The first line is the issuer's first header line, possibly cut
		// where the header wraps ("BỘ NÔNG NGHIỆP VÀ").
		return got != "" && strings.HasPrefix(letters(got), letters(want))
	case "subject":
		return letters(want) == letters(strings.TrimPrefix(strings.TrimPrefix(got, "Về việc "), "V/v ")) || letters(want) == letters(got)
	}
	return want == got
}

// cutAtLine: the catalogue's subject is one printed line of the text and
// the start of ours: vbpl.vn's parser cut the title where the line wraps
// (the fault issue 16 reports of our own reader), so ours is the whole.
func cutAtLine(want, got, text string) bool {
	lw := letters(want)
	if lw == "" || !strings.HasPrefix(letters(got), lw) {
		return false
	}
	for _, l := range strings.Split(text, "\n") {
		if letters(l) == lw {
			return true
		}
	}
	return false
}

// RunFields compares Identify with the catalogue over the Vietnamese texts
// of the gzipped corpus at path.
func RunFields(path string) (FieldReport, error) {
	rep := FieldReport{Docs: map[string]int{}, ByKind: map[string]map[string]Tally{}, All: map[string]Tally{}}
	err := vbpl.Each(path, func(d vbpl.Doc) error {
		if d.Lang != "vi" {
			return nil
		}
		kind, want, ok := label(d)
		if !ok {
			return nil
		}
		id := extract.IdentifyText(d.Text)
		got := map[string]string{"number": id.Number, "type": id.Type, "issuer": id.Issuer, "date": id.Date.ISO(), "subject": id.Subject}
		rep.Docs[kind]++
		if rep.ByKind[kind] == nil {
			rep.ByKind[kind] = map[string]Tally{}
		}
		for _, f := range Fields {
			w, ok := want[f]
			if !ok {
				continue
			}
			t, all := rep.ByKind[kind][f], rep.All[f]
			t.Labelled++
			all.Labelled++
			if agrees(f, w, got[f]) || f == "subject" && cutAtLine(w, got[f], d.Text) {
				t.Agree++
				all.Agree++
			} else {
				rep.Misses = append(rep.Misses, Miss{ID: d.ID, Kind: kind, Field: f, Want: w, Got: got[f]})
			}
			rep.ByKind[kind][f], rep.All[f] = t, all
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("evalnum: %w", err)
	}
	return rep, nil
}
