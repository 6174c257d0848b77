package fsx

import (
	"io"
	"os"
)

// WriteNew creates path exclusively (O_EXCL: never over an existing file,
// never through a symlink), fills it with write and syncs it; a failed
// write removes the file. It is for files that must never be overwritten:
// keys, a sealed pack's manifest, a result a player hands on, an archive.
func WriteNew(path string, perm os.FileMode, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// WriteNewFile is WriteNew with the bytes in hand.
func WriteNewFile(path string, data []byte, perm os.FileMode) error {
	return WriteNew(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
