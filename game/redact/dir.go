package redact

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"firedrill/game/internal/fsx"
)

// maxDirBytes bounds what Dir reads. It is below a pack's own limit
// (1 GiB, pack.MaxPackBytes) because redaction holds every file and its
// redacted copy in memory at once, so that one pseudonym map spans them.
const maxDirBytes = 256 << 20

// Dir redacts every file of the pack folder dir in place. The redacted
// pack is written whole beside dir and swapped in by two renames, so dir
// never holds a mix of redacted and original files. A sealed pack is
// refused (its signature covers the bytes redaction changes): redact the
// source pack, then seal it.
func Dir(dir string, o Options) (*Summary, error) {
	dir = filepath.Clean(dir)
	for _, name := range []string{"MANIFEST", "MANIFEST.sig"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return nil, fmt.Errorf("%s: a sealed pack (it holds %s): redact the source pack, then seal it again", dir, name)
		}
	}
	var names []string
	var datas [][]byte
	var modes []fs.FileMode
	total := int64(0)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file (a pack holds plain files)", filepath.Join(dir, rel))
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if total += info.Size(); total > maxDirBytes {
			return fmt.Errorf("%s: over %d MiB, the most redact reads (it holds the files and their redacted copies in memory at once)", dir, maxDirBytes>>20)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		names, datas, modes = append(names, rel), append(datas, data), append(modes, info.Mode().Perm())
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no files to redact", dir)
	}
	out, r := Files(datas, o)
	if err := swapIn(dir, names, out, modes); err != nil {
		return nil, err
	}
	return r.Summary(), nil
}

// swapIn writes the files into a new folder beside dir, then puts it in
// dir's place and removes the old one.
func swapIn(dir string, names []string, datas [][]byte, modes []fs.FileMode) (err error) {
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	stage, err := os.MkdirTemp(parent, "."+base+".redact-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(stage)
		}
	}()
	for i, name := range names {
		p := filepath.Join(stage, name)
		if err := fsx.WriteFileAtomic(p, datas[i], false); err != nil {
			return err
		}
		if err := os.Chmod(p, modes[i]); err != nil {
			return err
		}
	}
	if err := filepath.WalkDir(stage, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			err = os.Chmod(p, 0o755)
		}
		return err
	}); err != nil {
		return err
	}
	old := stage + "-old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(stage, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return errors.Join(err, fmt.Errorf("the original pack is left at %s", old))
		}
		return err
	}
	return os.RemoveAll(old)
}
