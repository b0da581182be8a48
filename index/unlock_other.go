//go:build !unix

package index

func releaseLocks(dir string) {}
