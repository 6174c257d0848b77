package fsx

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"firedrill/game/internal/gametest"
)

func TestWriteFileAtomic(t *testing.T) {
	for _, tc := range []struct {
		name    string
		old     string // "" : no file before
		keepBak bool
		wantBak string // "" : no .bak after
	}{
		{name: "new file", keepBak: true},
		{name: "replace keeping a backup", old: "v1", keepBak: true, wantBak: "v1"},
		{name: "replace without a backup", old: "v1", keepBak: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "nested", "sessions")
			path := filepath.Join(dir, "s.json")
			var oldInfo os.FileInfo
			if tc.old != "" {
				if err := WriteFileAtomic(path, []byte(tc.old), false); err != nil {
					t.Fatal(err)
				}
				oldInfo, _ = os.Stat(path)
			}
			if err := WriteFileAtomic(path, []byte("v2"), tc.keepBak); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(path); string(got) != "v2" {
				t.Errorf("contents %q, want v2", got)
			}
			bak, err := os.ReadFile(path + ".bak")
			switch {
			case tc.wantBak == "" && err == nil:
				t.Errorf(".bak exists (%q); want none", bak)
			case tc.wantBak != "" && string(bak) != tc.wantBak:
				t.Errorf(".bak = %q, %v; want %q", bak, err, tc.wantBak)
			}
			if tc.wantBak != "" {
				if bakInfo, _ := os.Stat(path + ".bak"); !os.SameFile(oldInfo, bakInfo) {
					t.Errorf(".bak is a copy; want a hard link to the old version")
				}
			}
			if runtime.GOOS != "windows" {
				fi, _ := os.Stat(path)
				di, _ := os.Stat(dir)
				if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
					t.Errorf("modes file %v dir %v; want 0600 and 0700", fi.Mode().Perm(), di.Mode().Perm())
				}
			}
			if l := gametest.Leftovers(t, dir); len(l) > 0 {
				t.Errorf("temp files left: %v", l)
			}
		})
	}
}

func TestWriteFileAtomicBackupFollowsEachVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.json")
	for _, v := range []string{"v1", "v2", "v3"} {
		if err := WriteFileAtomic(path, []byte(v), true); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(path)
	bak, _ := os.ReadFile(path + ".bak")
	if string(got) != "v3" || string(bak) != "v2" {
		t.Errorf("file %q .bak %q; want v3 and v2", got, bak)
	}
}

func TestWriteFileAtomicFailureLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.json")
	// A non-empty directory where the file should go: the rename fails.
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("data"), false); err == nil {
		t.Fatal("want an error renaming over a directory")
	}
	if l := gametest.Leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left after a failed write: %v", l)
	}
}
