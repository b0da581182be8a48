package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// TestServeSaysUploadsAreOff: a server started without a token takes no
// uploads (issue 18, point 9); the person who started it is told so at
// start-up and how to turn them on, and a server with a token does not say it.
func TestServeSaysUploadsAreOff(t *testing.T) {
	t.Setenv("VANBAN_TOKEN", "")
	for _, tc := range []struct {
		name  string
		token []string
		want  bool
	}{
		{"no token", nil, true},
		{"with a token", []string{"--token", "tok"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, stop := context.WithCancel(context.Background())
			var out syncBuffer
			done := make(chan error, 1)
			args := append([]string{"serve", "--no-ocr", "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, tc.token...)
			go func() { done <- run(ctx, args, &out, io.Discard) }()
			waitServing(t, &out)
			stop()
			if err := <-done; err != nil {
				t.Fatalf("serve: %v\n%s", err, out.String())
			}
			said := strings.Contains(out.String(), "uploads are off") && strings.Contains(out.String(), "VANBAN_TOKEN")
			if said != tc.want {
				t.Fatalf("start-up says uploads are off: %v, want %v\n%s", said, tc.want, out.String())
			}
		})
	}
}
