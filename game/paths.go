package game

import "firedrill/game/internal/fsx"

// Temporary forwards while the packages split; removed once pack, play
// and seal own their paths.

func DataDir() (string, error)   { return fsx.DataDir() }
func ConfigDir() (string, error) { return fsx.ConfigDir() }
func PacksDir() (string, error)  { return fsx.PacksDir() }
func EnsureDir(dir string) error { return fsx.EnsureDir(dir) }
func WriteFileAtomic(path string, data []byte, bak bool) error {
	return fsx.WriteFileAtomic(path, data, bak)
}
