package index

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// A document is named by its id, the SHA-256 of its file in hex; as in
// git, any unique prefix of at least MinIDPrefix characters names it too
// (vanban search prints 12).

// MinIDPrefix is the shortest id prefix looked up.
const MinIDPrefix = 6

// AmbiguousError is an id prefix that more than one document starts with.
type AmbiguousError struct {
	Prefix string
	IDs    []string // some of them
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("the id prefix %q names more than one document (%s…); give more of the id", e.Prefix, strings.Join(e.IDs, ", "))
}

// ErrAmbiguous is matched by errors.Is for every *AmbiguousError.
var ErrAmbiguous = errors.New("ambiguous id prefix")

func (e *AmbiguousError) Is(target error) bool { return target == ErrAmbiguous }

// resolveID answers the full id of the record document that id names: id
// itself when a document has it, else the one document whose id starts
// with it. ErrNotFound when none does, *AmbiguousError when several do.
func (ix *Index) resolveID(id string) (string, error) {
	if d, err := ix.bi.Document(id); err != nil {
		return "", fmt.Errorf("index: read %s: %w", id, err)
	} else if d != nil {
		return id, nil
	}
	if len(id) < MinIDPrefix || !isLowerHex(id) {
		return "", ErrNotFound
	}
	q := bleve.NewPrefixQuery(id)
	q.SetField("_id")
	req := bleve.NewSearchRequestOptions(q, 3, 0, false)
	res, err := ix.bi.SearchInContext(context.Background(), req)
	if err != nil {
		return "", fmt.Errorf("index: id prefix %s: %w", id, err)
	}
	switch len(res.Hits) {
	case 0:
		return "", ErrNotFound
	case 1:
		return res.Hits[0].ID, nil
	}
	amb := &AmbiguousError{Prefix: id}
	for _, h := range res.Hits {
		amb.IDs = append(amb.IDs, h.ID[:min(len(h.ID), len(id)+4)])
	}
	return "", amb
}

func isLowerHex(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
