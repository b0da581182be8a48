package extract

import (
	"regexp"
	"strings"
	"unicode"

	"vanban/extract/vntext"
	"vanban/model"
)

// The kinds of document beyond quyết định and công văn, as a clerk tells
// them apart:
//
//   - A law (Luật, Bộ luật), a pháp lệnh, a resolution of the Quốc hội
//     prints its number after the type word: "Luật số: 100/2015/QH13",
//     "Bộ luật số: …"; an án lệ prints "ÁN LỆ SỐ 27/2019/AL" as its title.
//     That number is the document's own and wins over every number the
//     text cites.
//   - A number that carries a year ("100/2015/QH13") belongs to a legal
//     document, never to a công văn (Nghị định 30/2020: a công văn's
//     number has no year).
//   - The date of a law, a pháp lệnh and an án lệ is the day it was
//     adopted: "… thông qua ngày 27 tháng 11 năm 2015".
//   - An appendix says what it is attached to: "Kèm theo Công văn
//     số12094/BNV-CCHC ngày15 / 12/2025" (spacing as printed).

// typeBeforeLabel is the type named right before a number's "số" label,
// as a type title: "ÁN LỆ " → "Án lệ", "Luật " → "Luật". The type word
// must open the line, or, when the label has a colon, end the text before
// it ("QUỐC HỘI Luật số: …", the two header halves glued).
func typeBeforeLabel(before string, colon bool) string {
	t := strings.TrimSpace(before)
	if t == "" {
		return ""
	}
	up := vntext.NormalizeTones(strings.ToUpper(t))
	for _, name := range typeTitles {
		if up == name || colon && strings.HasSuffix(up, " "+name) {
			return sentenceCase(name)
		}
	}
	return ""
}

// titleNumberRe is what follows a type word on a title line that carries
// the number: "SỐ 27/2019/AL", "số: 92/2025/UBTVQH15".
var titleNumberRe = regexp.MustCompile(`(?i)^số\s*:?\s*\d`)

// titleRest is the document's name printed on its title line after the
// type word ("LUẬT AN NINH MẠNG" → "AN NINH MẠNG"), or "".
func titleRest(line string) string {
	t := vntext.NormalizeTones(strings.TrimSpace(strings.Trim(line, " :")))
	for _, name := range typeTitles {
		if rest, ok := strings.CutPrefix(t, name+" "); ok && namedTitles[name] {
			if titleNumberRe.MatchString(rest) || len(rest) < 3 {
				return ""
			}
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// subjectEndRe starts a line that is no longer the subject: the body of a
// thông báo or biên bản ("Ngày 10/11/2025, …", "Vào hồi …"), an án lệ's
// adoption and source lines.
var subjectEndRe = regexp.MustCompile(`^\s*(Ngày\s*\d|(Sáng|Chiều|Tối)\s+ngày|Vào\s+(hồi|lúc|ngày)|Hôm\s+nay|Được\s.{0,120}thông\s*qua|Nguồn\s+án\s+lệ|Vị\s+trí\s+nội\s+dung|Khái\s+quát\s+nội\s+dung|Trên\s+cơ\s+sở|Tiếp\s+theo)`)

// stampRe is a line of a received stamp ("CÔNG VĂN ĐẾN", "ĐẾN Số: 1234
// Ngày: 15/1/2010", "Chuyển: …", "Lưu hồ sơ số: …"): never the document's
// own number, date, title or subject.
var stampRe = regexp.MustCompile(`(?i)^\s*(c\p{L}ng\s*v\p{L}n\s*đ\p{L}n|đ\p{L}n\s*[:.]?\s*(số|s\p{L}\s*:)|đ\p{L}n\s*$|chuyển\s*:|lưu\s*hồ\s*sơ\s*số|số\s*:?\s*\S{0,8}\s+ngày\s*:|ngày\s*:\s*\S{0,12}\s+số\s*:)`)

// isStampLine reports a received-stamp line.
func isStampLine(s string) bool { return stampRe.MatchString(s) }

// adoptedRe is the sentence that dates a law, a pháp lệnh, a resolution
// of the Quốc hội or an án lệ: "Luật này đã được Quốc hội … thông qua
// ngày 27 tháng 11 năm 2015", "Được Hội đồng Thẩm phán Tòa án nhân dân
// tối cao thông qua ngày 22 tháng 8 năm 2019". Group 1 is the subject of
// the sentence ("Luật này", "Được"), group 2 the organ.
var adoptedRe = regexp.MustCompile(`(?i)((?:bộ[\s¶]+luật|luật|pháp[\s¶]+lệnh|nghị[\s¶]+quyết|hiến[\s¶]+pháp)[\s¶]+này[\s¶]+(?:đã[\s¶]+)?được|(?:^|[.¶]\s*)được)[\s¶]+([^.;]{3,200}?)[\s¶]*thông[\s¶]*qua[\s¶]+(?:vào[\s¶]+)?(ngày[\s¶]*\d{1,2}[\s¶]*(?:tháng|/)[\s¶]*\d{1,2}[\s¶]*(?:năm|/)[\s¶]*\d{4})`)

// adoptionKinds are the types dated by their adoption.
var adoptionKinds = map[string]bool{"Luật": true, "Bộ luật": true, "Pháp lệnh": true, "Án lệ": true, "Hiến pháp": true, "Nghị quyết": true}

// adoption finds the adoption date and organ of a law or án lệ in text
// (lines joined by "\n"). For an án lệ the "Được …" sentence under its
// title counts; for the others the "… này được … thông qua" sentence, the
// last one (a law ends with it).
func adoption(text, typ string) (date model.Date, organ string, ok bool) {
	// Lines joined with a mark, so that a sentence read across lines still
	// knows where a line began ("Được …" opens one).
	flat := strings.Join(strings.Fields(strings.ReplaceAll(text, "\n", " ¶ ")), " ")
	for _, m := range adoptedRe.FindAllStringSubmatch(flat, -1) {
		own := strings.Contains(strings.ToLower(m[1]), "này")
		if typ == "Án lệ" == own {
			continue
		}
		d, _, _, good := vntext.FindDate(strings.ReplaceAll(m[3], "¶", " "), 0)
		if !good {
			continue
		}
		date, organ, ok = d, strings.Join(strings.Fields(strings.ReplaceAll(m[2], "¶", " ")), " "), true
		if typ == "Án lệ" {
			break
		}
	}
	return date, organ, ok
}

// hasYearPart: "100/2015/QH13" carries its year; "95/UBND-KT" does not.
func hasYearPart(num string) bool {
	parts := strings.Split(num, "/")
	return len(parts) >= 3 && len(parts[1]) == 4 && strings.IndexFunc(parts[1], func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// attachedLineRe is an appendix's note of what it is attached to, in any
// spacing: "(Kèm theo Công văn số12094/BNV-CCHC ngày15 / 12/2025 …)",
// "Ban hành kèm theo Quyết định số 757/2003/QĐ-BTC", "Kèmtheo Kế hoạch
// số …". Group 1 is the parent's type as written.
var attachedLineRe = regexp.MustCompile(`(?i)^\s*\(?\s*(?:ban\s*hành\s*)?kèm\s*theo\s*((?:\p{L}+\s*){0,4}?)\s*số\s*:?\s*`)

// attachment reads the parent of an appendix from a "Kèm theo …" line:
// its number, type (from the words before "số", else the number's code)
// and date. ok is false when the line names no number.
func attachment(line string) (AttachedTo, bool) {
	m := attachedLineRe.FindStringSubmatchIndex(line)
	if m == nil {
		return AttachedTo{}, false
	}
	num, n := parseNumberAt(line[m[1]:])
	if num == "" {
		return AttachedTo{}, false
	}
	at := AttachedTo{Number: num}
	if w := strings.TrimSpace(line[m[2]:m[3]]); w != "" {
		if name := typeBeforeLabel(w, false); name != "" {
			at.Type = name
		} else if k := vntext.Key(w); k == "công văn" || k == "văn bản" {
			at.Type = "Công văn"
		}
	}
	if at.Type == "" {
		if _, name := typeOfNumber(num); name != "" {
			at.Type = name
		} else if !hasYearPart(num) {
			at.Type = "Công văn"
		}
	}
	rest := line[m[1]+n:]
	if d, start, _, ok := vntext.FindDate(rest, 0); ok && start < 12 && d.Day > 0 {
		at.Date = d
	}
	return at, true
}
