// Package scenarios embeds the curated library: every folder here with a
// pack.yaml is a pack that ships inside the binary. The packs are written by
// the generator in gen/ from its scripts; edit a script, then run
// `go generate ./scenarios` (a test fails when the files and the scripts
// disagree).
package scenarios

//go:generate go run ./gen

import (
	"embed"
	"io/fs"
	"sort"
)

// FS holds the embedded packs, one folder each.
//
//go:embed all:starter all:core all:nightmare
var FS embed.FS

// Packs lists the embedded pack folders (those holding a pack.yaml), sorted.
func Packs() []string {
	entries, _ := fs.ReadDir(FS, ".")
	var dirs []string
	for _, e := range entries {
		if _, err := fs.Stat(FS, e.Name()+"/pack.yaml"); e.IsDir() && err == nil {
			dirs = append(dirs, e.Name())
		}
	}
	sort.Strings(dirs)
	return dirs
}
