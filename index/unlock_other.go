//go:build !unix

package index

import "os"

func releaseLocks(dir string) {}

func unlockFile(f *os.File) {}
