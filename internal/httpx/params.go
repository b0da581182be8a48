package httpx

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"vanban/extract"
)

// MaxQueryRunes bounds free-text parameters (q, document, column).
const MaxQueryRunes = 500

// CheckParams refuses a parameter a route does not take, and one given
// twice: a misspelt filter must not silently widen an answer.
func CheckParams(v url.Values, allowed ...string) error {
	for name, vals := range v {
		if !slices.Contains(allowed, name) {
			use := "this route takes no parameters"
			if len(allowed) > 0 {
				use = "use " + strings.Join(allowed, ", ")
			}
			return &BadRequest{Param: name, Msg: "unknown parameter " + strconv.Quote(name) + "; " + use}
		}
		if len(vals) > 1 {
			return &BadRequest{Param: name, Msg: "parameter " + name + " is given more than once"}
		}
	}
	return nil
}

// IntValue reads a whole number from min to max; def when absent.
func IntValue(v url.Values, name string, def, min, max int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return 0, &BadRequest{Param: name, Msg: name + " must be a whole number from " + strconv.Itoa(min) + " to " + strconv.Itoa(max)}
	}
	return n, nil
}

// RecipientKinds reads recipient_kind: "province,unit", "line" or "all"
// (every kind); "" is nil (the index's default). Unknown kinds are kept
// for the caller to refuse by name.
func RecipientKinds(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if strings.EqualFold(s, "all") {
		return extract.RecipientKinds
	}
	kinds := []string{}
	for _, k := range strings.Split(s, ",") {
		if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

// EncodeQuery encodes URL parameters with %20 for spaces: "+" reads as a
// literal plus to people and html/template escapes it.
func EncodeQuery(v url.Values) string { return strings.ReplaceAll(v.Encode(), "+", "%20") }
