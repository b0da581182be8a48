package index

import (
	"context"
	"errors"
	"testing"

	"vanban/extract"
)

func TestGetByIDPrefix(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ids := []string{
		"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
		"abcdef0999999999abcdef0123456789abcdef0123456789abcdef0123456789",
		"1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef",
	}
	for _, id := range ids {
		if err := ix.Add(context.Background(), &extract.Record{ID: id, Number: "1/QĐ-UBND", Subject: "thử"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name, id, want string
		err            error
	}{
		{"full id", ids[0], ids[0], nil},
		{"12 characters, as vanban search prints", ids[2][:12], ids[2], nil},
		{"unique prefix", ids[1][:8], ids[1], nil},
		{"shared prefix", "abcdef0", "", ErrAmbiguous},
		{"too short to look up", ids[2][:5], "", ErrNotFound},
		{"no such prefix", "ffffffff", "", ErrNotFound},
		{"not hex", "abcdefgh", "", ErrNotFound},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := ix.Get(c.id)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("Get(%q) = %v, %v; want %v", c.id, r, err, c.err)
				}
				return
			}
			if err != nil || r.ID != c.want {
				t.Fatalf("Get(%q) = %v, %v; want %s", c.id, r, err, c.want)
			}
		})
	}
}
