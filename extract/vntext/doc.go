// Package vntext holds the pure Vietnamese text functions vanban is built
// on. Nothing here reads files or keeps state; every function is safe for
// concurrent use and linear in its input.
//
// Normalizing and comparing:
//
//   - NFC(s) — Unicode NFC, cheap when s already is.
//   - Normalize(s) — NFC, Ð (U+00D0) → Đ, HTML entities decoded
//     (CCHC&amp;VTLT → CCHC&VTLT), space and dash variants unified. The
//     tone placement is kept as written: this is the form to display and
//     store.
//   - NormalizeTones(s) — one tone placement, the traditional one that
//     official documents use: hoà → hòa, thuỷ → thủy, khoẻ → khỏe.
//   - Key(s) — Normalize + NormalizeTones + lower case: the project's
//     comparison key. Never compare two strings without it.
//   - Fold(s), FoldRune(r) — lower case without diacritics, đ → d, from a
//     precomputed rune table (allocation-free per rune): for search tokens
//     and for text typed without accents.
//
// Legacy encodings: FontEncoding(fontName) says what a font implies
// (.VnTime → TCVN3, .VnTimeH → TCVN3 capitals, VNI-Times → VNI);
// GuessLegacy(s) guesses from rune statistics when the font is unknown;
// DecodeTCVN3 and DecodeVNI (or Decode) convert to Unicode.
//
// Numbers, money and dates: ParseNumber / ParseDecimal (exact decimals,
// Vietnamese '.' grouping and ',' decimals with the mixed-style rules written
// on ParseDecimal), ParseMoney (exact int64 đồng from "55,461 tỷ đồng"),
// MoneyUnit, FindDate / ParseDate ("ngày 22 tháng 12 năm 2017",
// "15 / 12/2025", "16-7-2018", a missing year taken from the document),
// ParsePeriod ("giai đoạn 2021-2025", "6 tháng đầu năm 2024"). Dates are
// model.Date values whose kind says what the text gave: a day (FindDate,
// ParseDate), a month (FindMonth) or a year (the ends of a period).
//
//	vntext.Key("THANH HOÁ") == vntext.Key("Thanh Hóa")     // true
//	vntext.Fold("Thừa Thiên Huế")                          // "thua thien hue"
//	vntext.DecodeTCVN3("Bé Tµi chÝnh", false)              // "Bộ Tài chính"
//	vntext.ParseMoney("181.946,9 triệu đồng")              // 181946900000, true
//	d, _ := vntext.ParseDate("ngày 22 tháng 12 năm 2017", 0) // d.ISO() == "2017-12-22"
package vntext
