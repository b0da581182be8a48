package ingest

import (
	"errors"
	"fmt"
	"syscall"
	"testing"
)

// The problem is named from the system error whether a library wrapped it
// (%w) or only formatted its text into its own message (zapx's "persist
// err: %v").
func TestStorageProblem(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"wrapped ENOSPC", fmt.Errorf("originals: %w: %w", ErrStorage, syscall.ENOSPC), "its disk is full"},
		{"ENOSPC in the text only", fmt.Errorf("index: write batch: %w", fmt.Errorf("persist err: %v", syscall.ENOSPC)), "its disk is full"},
		{"quota", fmt.Errorf("x: %w", syscall.EDQUOT), "its disk is full"},
		{"read-only in the text only", errors.New("persist err: " + syscall.EROFS.Error()), "its disk is read-only"},
		{"I/O error", fmt.Errorf("x: %w", syscall.EIO), "its disk reports input/output errors"},
		{"other", fmt.Errorf("%w: permission denied", ErrStorage), "its data directory cannot be written"},
	} {
		if got := StorageProblem(tc.err); got != tc.want {
			t.Errorf("%s: StorageProblem(%v) = %q, want %q", tc.name, tc.err, got, tc.want)
		}
	}
}
