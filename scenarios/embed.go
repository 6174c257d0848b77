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
	"slices"
	"sort"
)

// FS holds the embedded packs, one folder each.
//
//go:embed all:starter all:core all:nightmare
var FS embed.FS

// playOrder is the order players meet the library in: warm-ups first.
// Packs not named here follow, alphabetically.
var playOrder = []string{"starter", "core", "nightmare"}

// Packs lists the embedded pack folders (those holding a pack.yaml) in
// play order.
func Packs() []string {
	entries, _ := fs.ReadDir(FS, ".")
	var dirs []string
	for _, e := range entries {
		if _, err := fs.Stat(FS, e.Name()+"/pack.yaml"); e.IsDir() && err == nil {
			dirs = append(dirs, e.Name())
		}
	}
	rank := func(dir string) int {
		if i := slices.Index(playOrder, dir); i >= 0 {
			return i
		}
		return len(playOrder)
	}
	sort.SliceStable(dirs, func(i, j int) bool {
		if ri, rj := rank(dirs[i]), rank(dirs[j]); ri != rj {
			return ri < rj
		}
		return dirs[i] < dirs[j]
	})
	return dirs
}
