package install

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// entry is one member of a hand-made archive.
type entry struct {
	h    tar.Header
	data string
}

func makeArchive(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		h := e.h
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		if h.Typeflag == tar.TypeReg && h.Size == 0 {
			h.Size = int64(len(e.data))
		}
		if h.Mode == 0 {
			h.Mode = 0o644
		}
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		if e.data != "" {
			if _, err := tw.Write([]byte(e.data)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Close would complain about a short entry (the claimed-size case);
	// flush what there is.
	tw.Flush()
	zw.Close()
	return buf.Bytes()
}

func TestExtractRefusesUnsafeArchives(t *testing.T) {
	cases := map[string]struct {
		entries []entry
		want    string
	}{
		"dot-dot":       {[]entry{{h: tar.Header{Name: "pack/../../evil.yaml"}, data: "x"}}, `".."`},
		"dot-dot alone": {[]entry{{h: tar.Header{Name: "../evil"}, data: "x"}}, `".."`},
		"absolute":      {[]entry{{h: tar.Header{Name: "/tmp/evil"}, data: "x"}}, "absolute"},
		"drive letter":  {[]entry{{h: tar.Header{Name: "C:evil"}, data: "x"}}, "absolute"},
		"symlink": {[]entry{{h: tar.Header{Name: "pack/link", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}}},
			"is a link"},
		"hard link": {[]entry{{h: tar.Header{Name: "pack/a"}, data: "x"},
			{h: tar.Header{Name: "pack/b", Typeflag: tar.TypeLink, Linkname: "pack/a"}}}, "is a link"},
		"char device":  {[]entry{{h: tar.Header{Name: "pack/tty", Typeflag: tar.TypeChar, Devmajor: 5}}}, "not a plain file"},
		"block device": {[]entry{{h: tar.Header{Name: "pack/sda", Typeflag: tar.TypeBlock, Devmajor: 8}}}, "not a plain file"},
		"fifo":         {[]entry{{h: tar.Header{Name: "pack/fifo", Typeflag: tar.TypeFifo}}}, "not a plain file"},
		"10 GB claimed": {[]entry{{h: tar.Header{Name: "pack/huge.jsonl", Size: 10 << 30}, data: "only a little"}},
			"claims 10737418240 bytes"},
		"twice": {[]entry{{h: tar.Header{Name: "pack/a"}, data: "x"}, {h: tar.Header{Name: "pack/./a"}, data: "y"}},
			"twice"},
		"backslash": {[]entry{{h: tar.Header{Name: `pack\..\evil`}, data: "x"}}, "backslash"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			dest := filepath.Join(base, "dest")
			if err := os.Mkdir(dest, 0o755); err != nil {
				t.Fatal(err)
			}
			err := Extract(bytes.NewReader(makeArchive(t, c.entries...)), dest)
			if !errors.Is(err, ErrUnsafeArchive) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v; want an unsafe-archive error with %q", err, c.want)
			}
			// nothing was written next to dest, whatever the archive said
			if entries, _ := os.ReadDir(base); len(entries) != 1 {
				t.Errorf("the archive wrote outside dest: %v", entries)
			}
		})
	}
}

// TestExtractWritesPlainFiles: a normal archive unpacks whole, with the
// modes firedrill chooses.
func TestExtractWritesPlainFiles(t *testing.T) {
	dest := t.TempDir()
	big := strings.Repeat("x", 1<<20)
	var entries []entry
	for i := range 3 {
		entries = append(entries, entry{h: tar.Header{Name: "pack/f" + string(rune('a'+i))}, data: big})
	}
	if err := Extract(bytes.NewReader(makeArchive(t, entries...)), dest); err != nil {
		t.Fatalf("3 MiB archive: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(dest, "pack", "fc"))
	if err != nil || len(data) != 1<<20 {
		t.Fatalf("fc: %d bytes, %v", len(data), err)
	}
	if st, _ := os.Stat(filepath.Join(dest, "pack", "fa")); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
}

func TestExtractRefusesNonArchive(t *testing.T) {
	err := Extract(strings.NewReader("pack.yaml is not an archive"), t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "not a .tar.gz") {
		t.Fatalf("got %v", err)
	}
}
