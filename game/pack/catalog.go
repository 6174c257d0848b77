package pack

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"firedrill/game"
	"firedrill/game/internal/fsx"
	"firedrill/scenarios"
)

// InstalledDir is where installed packs live: the packs folder of the
// data dir, one folder per pack.
func InstalledDir() (string, error) { return fsx.PacksDir() }

// Catalog is every pack firedrill can play: the packs built into the
// binary and every pack folder installed in a directory. The picker lists
// it, `firedrill list` prints it and `firedrill play` finds in it (Find),
// so an id means the same pack everywhere.
//
// It loads on first use, every pack at once on its own goroutine (start-up
// is mostly loading: BenchmarkLoadPacks), and keeps the order stable: the
// embedded packs in the order given, then the installed ones by folder
// name. A broken pack is reported and skipped; the others still load. An
// installed pack whose id an earlier pack already uses is skipped with an
// error, so an id always means one pack. Loading reads files: call it
// before the program starts, never from Update.
type Catalog struct {
	embedded     fs.FS
	embeddedDirs []string
	installedDir string // "" for none

	once  sync.Once
	packs []*game.Pack
	errs  []error
}

// NewCatalog is the catalog of the folders embeddedDirs of embedded and
// of every pack folder in installedDir ("" for none). A missing
// installedDir is not an error: nothing is installed yet.
func NewCatalog(embedded fs.FS, embeddedDirs []string, installedDir string) *Catalog {
	return &Catalog{embedded: embedded, embeddedDirs: embeddedDirs, installedDir: installedDir}
}

// Library is firedrill's own catalog: the embedded library (scenarios/)
// and the packs installed in InstalledDir. Without a home directory there
// is nothing installed to find, and the embedded packs still play.
func Library() *Catalog {
	dir, err := InstalledDir()
	if err != nil {
		dir = ""
	}
	return NewCatalog(scenarios.FS, scenarios.Packs(), dir)
}

// Embedded is the catalog of the embedded library alone (scenarios/):
// what every firedrill binary ships, answers included.
func Embedded() *Catalog { return NewCatalog(scenarios.FS, scenarios.Packs(), "") }

// Packs returns the packs that loaded, in catalog order, and the problems
// of those that did not.
func (c *Catalog) Packs() ([]*game.Pack, []error) {
	c.once.Do(c.load)
	return c.packs, c.errs
}

// source is one pack folder to load: in the embedded FS, or on disk.
type source struct {
	embedded bool
	dir      string
}

func (c *Catalog) load() {
	var sources []source
	for _, dir := range c.embeddedDirs {
		sources = append(sources, source{embedded: true, dir: dir})
	}
	installed, err := c.installedFolders()
	if err != nil {
		c.errs = append(c.errs, err)
	}
	sources = append(sources, installed...)

	packs := make([]*game.Pack, len(sources))
	errs := make([][]error, len(sources))
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Go(func() {
			if !src.embedded {
				packs[i], errs[i] = Open(src.dir)
				return
			}
			packs[i], errs[i] = Load(c.embedded, src.dir)
			if packs[i] != nil {
				packs[i].Source = game.SourceEmbedded
			}
		})
	}
	wg.Wait()

	ids := map[string]string{}
	for i, p := range packs {
		c.errs = append(c.errs, errs[i]...)
		if p == nil {
			continue
		}
		if prev, dup := ids[p.ID]; dup {
			c.errs = append(c.errs, &game.Error{File: p.Source, Field: "id",
				Msg: fmt.Sprintf("pack id %q is already used by %s; this pack is skipped", p.ID, prev)})
			continue
		}
		ids[p.ID] = p.Source
		c.packs = append(c.packs, p)
	}
}

// installedFolders lists the pack folders of installedDir by name. Stray
// files and hidden folders are not packs.
func (c *Catalog) installedFolders() ([]source, error) {
	if c.installedDir == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(c.installedDir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, &game.Error{File: c.installedDir, Msg: cleanOSError(err)}
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	var out []source
	for _, name := range names {
		dir := filepath.Join(c.installedDir, name)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		out = append(out, source{dir: dir})
	}
	return out, nil
}

// Find resolves what a player names after `firedrill play`: a pack folder
// or scenario file on disk (a path that exists wins over a pack id of the
// same name, and loads without the rest of the catalog), else a pack id of
// the catalog, optionally with /scenario-id. A pack with several scenarios
// and no scenario id comes back with a nil scenario: the caller lets the
// player pick from that pack. A broken installed pack in a folder named
// like the id comes back as its own errors, which say more than "no such
// pack".
func (c *Catalog) Find(ref string) (*game.Pack, *game.Scenario, []error) {
	if ref == "" {
		return nil, nil, []error{errors.New("name a scenario: pack/scenario, a pack id or a path")}
	}
	if _, err := os.Stat(ref); err == nil {
		p, errs := Open(ref)
		if len(errs) > 0 {
			return nil, nil, errs
		}
		return p, only(p), nil
	}
	packID, scenarioID, _ := strings.Cut(ref, "/")
	packs, errs := c.Packs()
	var p *game.Pack
	for _, candidate := range packs {
		if candidate.ID == packID {
			p = candidate
			break
		}
	}
	switch {
	case p == nil:
		if mine := c.folderErrors(packID, errs); len(mine) > 0 {
			return nil, nil, mine
		}
		return nil, nil, []error{errors.New(ref + ": no such file, and no embedded or installed pack with that id (firedrill list shows them)")}
	case scenarioID == "":
		return p, only(p), nil
	}
	if s := p.Scenario(scenarioID); s != nil {
		return p, s, nil
	}
	ids := make([]string, 0, len(p.Scenarios))
	for _, s := range p.Scenarios {
		ids = append(ids, s.ID)
	}
	return nil, nil, []error{fmt.Errorf("pack %q has no scenario %q (it has: %s)", packID, scenarioID, strings.Join(ids, ", "))}
}

// folderErrors are the errors of the installed folder named id.
func (c *Catalog) folderErrors(id string, errs []error) []error {
	if c.installedDir == "" {
		return nil
	}
	var mine []error
	folder := filepath.Join(c.installedDir, id) + string(os.PathSeparator)
	for _, err := range errs {
		var pe *game.Error
		if errors.As(err, &pe) && strings.HasPrefix(pe.File, folder) {
			mine = append(mine, err)
		}
	}
	return mine
}

// only is a pack's scenario when it has exactly one.
func only(p *game.Pack) *game.Scenario {
	if len(p.Scenarios) == 1 {
		return p.Scenarios[0]
	}
	return nil
}
