//go:build !linux

package ingest

import "os/exec"

// dieWithParent is a no-op where the kernel offers no parent-death signal;
// an orphaned child still ends at its time limit.
func dieWithParent(cmd *exec.Cmd) {}
