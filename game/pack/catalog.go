package pack

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"firedrill/game"
	"firedrill/game/internal/fsx"
)

// InstalledDir is where installed packs live: the packs folder of the
// data dir, one folder per pack.
func InstalledDir() (string, error) { return fsx.PacksDir() }

// LoadCatalog loads the embedded packs (the folders embeddedDirs of
// embedded) and every pack folder in installedDir (normally InstalledDir()).
// A broken pack is reported and skipped; the others still load. A missing
// installedDir is not an error: nothing is installed yet. An installed pack
// whose id an earlier pack already uses is skipped with an error, so an id
// always means one pack.
func LoadCatalog(embedded fs.FS, embeddedDirs []string, installedDir string) ([]*game.Pack, []error) {
	var packs []*game.Pack
	var errs []error
	ids := map[string]string{}
	add := func(p *game.Pack, perrs []error) {
		errs = append(errs, perrs...)
		if p == nil {
			return
		}
		if prev, dup := ids[p.ID]; dup {
			errs = append(errs, &game.Error{File: p.Source, Field: "id",
				Msg: fmt.Sprintf("pack id %q is already used by %s; this pack is skipped", p.ID, prev)})
			return
		}
		ids[p.ID] = p.Source
		packs = append(packs, p)
	}
	for _, dir := range embeddedDirs {
		p, perrs := Load(embedded, dir)
		if p != nil {
			p.Source = game.SourceEmbedded
		}
		add(p, perrs)
	}
	if installedDir == "" {
		return packs, errs
	}
	entries, err := os.ReadDir(installedDir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, &game.Error{File: installedDir, Msg: cleanOSError(err)})
		}
		return packs, errs
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		dir := filepath.Join(installedDir, name)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() || strings.HasPrefix(name, ".") {
			continue // stray files and hidden folders are not packs
		}
		add(Open(dir))
	}
	return packs, errs
}

// FindScenario resolves what a player typed after "play": "pack/scenario",
// "pack" (its first scenario, in the order the pack lists them), or a path
// to a pack folder or scenario file on disk. A path that exists wins over a
// pack id of the same name.
func FindScenario(packs []*game.Pack, ref string) (*game.Pack, *game.Scenario, error) {
	if ref == "" {
		return nil, nil, errors.New("name a scenario: pack/scenario, a pack id or a path")
	}
	if _, err := os.Stat(ref); err == nil {
		p, errs := Open(ref)
		if len(errs) > 0 {
			return nil, nil, errors.Join(errs...)
		}
		return p, p.Scenarios[0], nil
	}
	packID, scenarioID, nested := strings.Cut(ref, "/")
	var pack *game.Pack
	for _, p := range packs {
		if p.ID == packID {
			pack = p
			break
		}
	}
	switch {
	case pack == nil:
		return nil, nil, fmt.Errorf("no pack or file %q (firedrill list shows the packs)", ref)
	case len(pack.Scenarios) == 0:
		return nil, nil, fmt.Errorf("pack %q has no scenarios", packID)
	case !nested:
		return pack, pack.Scenarios[0], nil
	}
	s := pack.Scenario(scenarioID)
	if s == nil {
		ids := make([]string, 0, len(pack.Scenarios))
		for _, s := range pack.Scenarios {
			ids = append(ids, s.ID)
		}
		return nil, nil, fmt.Errorf("pack %q has no scenario %q (it has: %s)", packID, scenarioID, strings.Join(ids, ", "))
	}
	return pack, s, nil
}
