package fsx

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteNewNeverOverwritesAndCleansUp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := WriteNewFile(path, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteNewFile(path, []byte("two"), 0o600); !errors.Is(err, os.ErrExist) {
		t.Fatalf("second write: %v; want ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Fatalf("file holds %q; want the first write", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v; want 0600", st.Mode().Perm())
	}
	failed := filepath.Join(dir, "g")
	boom := errors.New("boom")
	if err := WriteNew(failed, 0o644, func(w io.Writer) error { w.Write([]byte("half")); return boom }); !errors.Is(err, boom) {
		t.Fatalf("failed write: %v; want boom", err)
	}
	if _, err := os.Stat(failed); !os.IsNotExist(err) {
		t.Errorf("a failed write left its file: %v", err)
	}
}
