package picker

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/scenarios"
)

// LoadPacks loads the embedded packs and every installed pack (a folder of
// pack.InstalledDir). It does file I/O, so call it before the program starts,
// never from Update. Packs load in parallel (start-up time is most of it);
// the order stays embedded first, then installed by folder name. Broken
// packs are skipped and their errors returned.
func LoadPacks() ([]*game.Pack, []error) {
	type source struct {
		fsys fs.FS // nil: open from disk
		dir  string
	}
	var sources []source
	for _, dir := range scenarios.Packs() {
		sources = append(sources, source{scenarios.FS, dir})
	}
	if root, err := pack.InstalledDir(); err == nil {
		entries, _ := os.ReadDir(root) // none installed yet is fine
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			if e.IsDir() {
				sources = append(sources, source{nil, filepath.Join(root, e.Name())})
			}
		}
	}
	packs := make([]*game.Pack, len(sources))
	errs := make([][]error, len(sources))
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Go(func() {
			if src.fsys == nil {
				packs[i], errs[i] = pack.Open(src.dir)
				return
			}
			packs[i], errs[i] = pack.Load(src.fsys, src.dir)
			if packs[i] != nil {
				packs[i].Source = "embedded"
			}
		})
	}
	wg.Wait()
	var loaded []*game.Pack
	var all []error
	for i := range sources {
		all = append(all, errs[i]...)
		if packs[i] != nil {
			loaded = append(loaded, packs[i])
		}
	}
	return loaded, all
}
