package fsx

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFileAtomic replaces path with data so that a crash at any moment
// leaves either the old file or the new one, never a mix:
//
//  1. create the parent dirs (0700) and a temp file in the same dir (0600),
//  2. write, fsync, close it,
//  3. if keepBak and path exists, hard-link the old version to path.bak
//     (through a temp name and a rename, so .bak too is always whole),
//  4. rename the temp file over path, and
//  5. fsync the dir so the rename itself survives a power cut.
//
// The temp file is named .<base>.tmp-<random> and removed on any error; a
// crash between steps 1 and 4 leaves one behind, which readers ignore.
func WriteFileAtomic(path string, data []byte, keepBak bool) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*") // CreateTemp opens 0600
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if keepBak {
		if err := LinkBackup(path); err != nil {
			return err
		}
	}
	if err := os.Rename(tmpName, path); err != nil {
		return err
	}
	ok = true
	return syncDir(dir)
}

// LinkBackup makes path.bak another name for path's current contents. A
// hard link costs no copy and leaves path in place throughout; where links
// are not supported the contents are copied.
func LinkBackup(path string) error {
	if _, err := os.Lstat(path); os.IsNotExist(err) {
		return nil
	}
	bak := path + ".bak"
	tmpBak := bak + ".tmp"
	os.Remove(tmpBak) // a leftover of an earlier crash
	if err := os.Link(path, tmpBak); err != nil {
		data, rerr := os.ReadFile(path)
		if rerr != nil {
			return fmt.Errorf("keeping a backup of %s: %w", path, rerr)
		}
		if werr := writeSynced(tmpBak, data); werr != nil {
			return fmt.Errorf("keeping a backup of %s: %w", path, werr)
		}
	}
	return os.Rename(tmpBak, bak)
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes a directory's entries (a rename is a change to the dir).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		if isUnsupportedSync(err) {
			return nil
		}
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !isUnsupportedSync(err) {
		return err
	}
	return nil
}
