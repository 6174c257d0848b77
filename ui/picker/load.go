package picker

import (
	"os"
	"path/filepath"
	"sort"

	"firedrill/game"
	"firedrill/scenarios"
)

// LoadPacks loads the embedded packs and every installed pack (a folder of
// game.PacksDir). It does file I/O, so call it before the program starts,
// never from Update. Broken packs are skipped and their errors returned.
func LoadPacks() ([]*game.Pack, []error) {
	var packs []*game.Pack
	var errs []error
	for _, dir := range scenarios.Packs() {
		p, perrs := game.LoadPack(scenarios.FS, dir)
		errs = append(errs, perrs...)
		if p != nil {
			p.Source = "embedded"
			packs = append(packs, p)
		}
	}
	root, err := game.PacksDir()
	if err != nil {
		return packs, errs
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return packs, errs // no packs installed yet
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		p, perrs := game.Open(filepath.Join(root, e.Name()))
		errs = append(errs, perrs...)
		if p != nil {
			packs = append(packs, p)
		}
	}
	return packs, errs
}
