package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestSearchCommand ingests the fixtures and runs `vanban search` with the
// filters a clerk would type.
func TestSearchCommand(t *testing.T) {
	ctx := context.Background()
	data, _ := ingestFixtures(t)
	cases := []struct {
		name  string
		args  []string
		first string // number expected on the first result line ("" = no results)
	}{
		{"number in clerk spelling", []string{"qd", "4768"}, "4768/QĐ-BCT"},
		{"number without Đ", []string{"4768/QD-BCT"}, "4768/QĐ-BCT"},
		{"words without diacritics, date filter", []string{"--from", "2023-01-01", "khuyen", "cong"}, ""},
		{"filter that matches nothing", []string{"--year", "1999", "khuyen", "cong"}, "-"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			args := append([]string{"search", "--data", data}, c.args...)
			if err := run(ctx, args, &out, &out); err != nil {
				t.Fatalf("search: %v\n%s", err, out.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if !strings.HasPrefix(lines[0], "SỐ/KÝ HIỆU") {
				t.Fatalf("no header:\n%s", out.String())
			}
			switch c.first {
			case "-":
				if !strings.HasSuffix(out.String(), "0 results\n") {
					t.Errorf("want no results:\n%s", out.String())
				}
			case "":
				if len(lines) < 3 {
					t.Errorf("want results:\n%s", out.String())
				}
			default:
				if len(lines) < 3 || !strings.HasPrefix(lines[1], c.first) {
					t.Errorf("first result is not %s:\n%s", c.first, out.String())
				}
			}
		})
	}
	t.Run("bad filter is an error", func(t *testing.T) {
		var out bytes.Buffer
		err := run(ctx, []string{"search", "--data", data, "--from", "2025-13-01", "x"}, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "date_from") {
			t.Errorf("err = %v", err)
		}
	})
}
