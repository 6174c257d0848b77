// Package install puts packs into the data dir and takes them out: a pack
// folder or a .tar.gz archive is copied into a staging folder under the
// installed-packs folder (never anywhere else), verified with game/seal,
// loaded with game/pack, and only then renamed into place. It also writes
// the deterministic archive `firedrill pack export` shares.
package install

import (
	"firedrill/game/internal/fsx"

	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/seal"
)

// Limits of an archive, counted while reading (a header's claimed size is
// checked too, but never trusted on its own).
const (
	// MaxBytes is the most file content an archive may unpack to: the size
	// of the largest pack seal accepts.
	MaxBytes = seal.MaxPackSize
	// MaxEntries bounds the entries, folders included.
	MaxEntries = 100_000
	// maxStream bounds the decompressed tar stream: the content plus
	// headers (a gzip bomb of empty entries stops here).
	maxStream = MaxBytes + 64<<20
)

// ErrUnsafeArchive is wrapped by every refusal of an archive's content.
var ErrUnsafeArchive = errors.New("unsafe archive")

// ArchiveError names the entry an archive was refused for.
type ArchiveError struct {
	Entry   string
	Problem string
}

func (e *ArchiveError) Error() string {
	return fmt.Sprintf("archive entry %q: %s", game.SanitizeLine(e.Entry), e.Problem)
}

// Unwrap lets callers test errors.Is(err, ErrUnsafeArchive).
func (e *ArchiveError) Unwrap() error { return ErrUnsafeArchive }

// Extract unpacks the gzip-compressed tar stream r into the folder dest,
// which must exist and should be empty. Only plain files and folders are
// accepted, under relative, clean names; anything else (absolute paths,
// "..", symlinks, hard links, devices, FIFOs, a claimed or actual size past
// MaxBytes, more than MaxEntries entries, a name twice) refuses the whole
// archive. Writing goes through an os.Root on dest, so even a bug here
// cannot write outside it. Files are written 0644 and folders 0755,
// whatever the archive says.
func Extract(r io.Reader, dest string) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("not a .tar.gz archive: %v", err)
	}
	defer zr.Close()
	root, err := os.OpenRoot(dest)
	if err != nil {
		return err
	}
	defer root.Close()
	tr := tar.NewReader(io.LimitReader(zr, maxStream))
	budget := int64(MaxBytes)
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			if n == 0 {
				return fmt.Errorf("%w: the archive is empty", ErrUnsafeArchive)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the archive: %v", err)
		}
		if n >= MaxEntries {
			return fmt.Errorf("%w: more than %d entries", ErrUnsafeArchive, MaxEntries)
		}
		if err := extractEntry(root, tr, h, &budget); err != nil {
			return err
		}
	}
}

func extractEntry(root *os.Root, tr *tar.Reader, h *tar.Header, budget *int64) error {
	if h.Typeflag == tar.TypeXGlobalHeader {
		return nil // git archive's pax comment: no file
	}
	name, err := entryName(h.Name)
	if err != nil {
		return &ArchiveError{Entry: h.Name, Problem: err.Error()}
	}
	switch h.Typeflag {
	case tar.TypeDir:
		if name == "." {
			return nil
		}
		if err := root.MkdirAll(name, 0o755); err != nil {
			return &ArchiveError{Entry: h.Name, Problem: cleanErr(err)}
		}
		return nil
	case tar.TypeReg, tar.TypeRegA:
	case tar.TypeSymlink, tar.TypeLink:
		return &ArchiveError{Entry: h.Name, Problem: "is a link (to " + fmt.Sprintf("%q", game.SanitizeLine(h.Linkname)) + "); a pack is plain files"}
	default:
		return &ArchiveError{Entry: h.Name, Problem: fmt.Sprintf("is not a plain file or folder (tar type %q); a pack is plain files", h.Typeflag)}
	}
	if name == "." {
		return &ArchiveError{Entry: h.Name, Problem: "a file cannot be the archive's root"}
	}
	if h.Size < 0 || h.Size > *budget {
		return &ArchiveError{Entry: h.Name, Problem: fmt.Sprintf("claims %d bytes; the archive may unpack to at most %d in all", h.Size, int64(MaxBytes))}
	}
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return &ArchiveError{Entry: h.Name, Problem: cleanErr(err)}
		}
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return &ArchiveError{Entry: h.Name, Problem: "is in the archive twice"}
	}
	if err != nil {
		return &ArchiveError{Entry: h.Name, Problem: cleanErr(err)}
	}
	n, err := io.Copy(f, io.LimitReader(tr, *budget+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &ArchiveError{Entry: h.Name, Problem: cleanErr(err)}
	}
	if *budget -= n; *budget < 0 {
		return fmt.Errorf("%w: unpacks to more than %d bytes", ErrUnsafeArchive, int64(MaxBytes))
	}
	return nil
}

// entryName cleans an archive name to a relative, slash-separated path
// inside the archive's root, or says why it cannot be one.
func entryName(name string) (string, error) {
	switch {
	case name == "":
		return "", errors.New("has no name")
	case strings.ContainsRune(name, '\\'):
		return "", errors.New("holds a backslash")
	case strings.HasPrefix(name, "/"):
		return "", errors.New("is an absolute path")
	case len(name) >= 2 && name[1] == ':':
		return "", errors.New("is an absolute path (a drive letter)")
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "", errors.New("holds a control character")
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return "", errors.New("climbs out of the archive with \"..\"")
		}
	}
	clean := path.Clean(strings.TrimSuffix(name, "/"))
	if clean != "." && !fs.ValidPath(clean) {
		return "", errors.New("is not a clean relative path")
	}
	return clean, nil
}

// cleanErr is an OS error without the temp folder's path in it.
func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// exportTime is every entry's modification time in an exported archive,
// so the same pack always makes the same bytes.
var exportTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// ExportFile writes Export's archive to a new file at path: never over an
// existing one, and no half archive left behind when writing fails.
func ExportFile(dir, prefix, path string) error {
	return fsx.WriteNew(path, 0o644, func(w io.Writer) error { return Export(dir, prefix, w) })
}

// Export writes the pack folder dir as a deterministic .tar.gz to w: every
// entry under prefix/ (the pack's id), sorted by name, folders 0755 and
// files 0644, uid and gid 0 with no owner names, one fixed mtime, and a
// gzip header with no name or time. Symlinks and other special files are
// refused, as Extract would refuse them.
func Export(dir, prefix string, w io.Writer) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	var entries []string
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a plain file (symlinks and devices cannot be shared)", game.SanitizeLine(p))
		}
		if d.IsDir() && path.Base(p) == ".git" {
			return fs.SkipDir // a pack kept in git: the history is not the pack
		}
		entries = append(entries, p)
		return nil
	})
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	budget := int64(MaxBytes)
	for _, p := range entries { // WalkDir visits in lexical order
		if err := exportEntry(root, tw, prefix, p, &budget); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

func exportEntry(root *os.Root, tw *tar.Writer, prefix, p string, budget *int64) error {
	name := path.Join(prefix, p)
	st, err := root.Lstat(p)
	if err != nil {
		return err
	}
	h := &tar.Header{Name: name, ModTime: exportTime}
	if st.IsDir() {
		h.Typeflag, h.Name, h.Mode = tar.TypeDir, name+"/", 0o755
		return tw.WriteHeader(h)
	}
	if *budget -= st.Size(); *budget < 0 {
		return fmt.Errorf("the pack is larger than %d bytes", int64(MaxBytes))
	}
	h.Typeflag, h.Mode, h.Size = tar.TypeReg, 0o644, st.Size()
	f, err := root.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := tw.WriteHeader(h); err != nil {
		return err
	}
	if _, err := io.Copy(tw, io.LimitReader(f, st.Size())); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	return nil
}
