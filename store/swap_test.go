package store

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRecoverSwap: a crash at any point of a swap is finished forward on
// the next start, and every part of the index ends up from the new build.
func TestRecoverSwap(t *testing.T) {
	parts := []string{"allocations.bleve", "index.bleve"}
	cases := []struct {
		name  string
		setup func(data, build string) // the state the crash left
	}{
		{"journal written, nothing moved", func(data, build string) {}},
		{"first part set aside", func(data, build string) {
			os.Rename(filepath.Join(data, parts[0]), filepath.Join(data, parts[0]+".old"))
		}},
		{"first part moved", func(data, build string) {
			os.Rename(filepath.Join(data, parts[0]), filepath.Join(data, parts[0]+".old"))
			os.Rename(filepath.Join(build, parts[0]), filepath.Join(data, parts[0]))
		}},
		{"all moved, journal left", func(data, build string) {
			for _, p := range parts {
				os.Rename(filepath.Join(data, p), filepath.Join(data, p+".old"))
				os.Rename(filepath.Join(build, p), filepath.Join(data, p))
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := t.TempDir()
			build := filepath.Join(data, reindexBuild)
			for _, p := range parts {
				os.MkdirAll(filepath.Join(data, p), 0o755)
				os.WriteFile(filepath.Join(data, p, "gen"), []byte("old"), 0o644)
				os.MkdirAll(filepath.Join(build, p), 0o755)
				os.WriteFile(filepath.Join(build, p, "gen"), []byte("new"), 0o644)
			}
			os.WriteFile(filepath.Join(data, swapJournal), []byte(build+"\n"), 0o644)
			c.setup(data, build)
			if err := recoverSwap(data); err != nil {
				t.Fatal(err)
			}
			for _, p := range parts {
				b, err := os.ReadFile(filepath.Join(data, p, "gen"))
				if string(b) != "new" {
					t.Errorf("%s is %q (%v), want the new build", p, b, err)
				}
				if _, err := os.Stat(filepath.Join(data, p+".old")); err == nil {
					t.Errorf("%s.old left behind", p)
				}
			}
			for _, left := range []string{swapJournal, reindexBuild} {
				if _, err := os.Stat(filepath.Join(data, left)); err == nil {
					t.Errorf("%s left behind", left)
				}
			}
		})
	}
	t.Run("interrupted build without journal is dropped", func(t *testing.T) {
		data := t.TempDir()
		os.MkdirAll(filepath.Join(data, "index.bleve"), 0o755)
		os.MkdirAll(filepath.Join(data, reindexBuild, "index.bleve"), 0o755)
		if err := recoverSwap(data); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(data, reindexBuild)); err == nil {
			t.Error("build left behind")
		}
		if _, err := os.Stat(filepath.Join(data, "index.bleve")); err != nil {
			t.Error("current index removed")
		}
	})
}
