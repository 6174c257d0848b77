package install

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"firedrill/game"
	"firedrill/game/internal/fsx"
	"firedrill/game/pack"
	"firedrill/game/seal"
)

// Options says where packs are installed and whom to trust.
type Options struct {
	PacksDir string           // the installed-packs folder (pack.InstalledDir)
	Trust    *seal.TrustStore // nil: no author is trusted
	Replace  bool             // replace an installed pack of the same id
}

// Report is what an install did.
type Report struct {
	ID       string
	Title    string
	Dir      string // the installed folder
	Replaced bool   // an earlier copy of the pack was replaced
	Status   seal.PackStatus
}

// ErrInstalled means a pack of that id is already installed.
var ErrInstalled = errors.New("already installed")

// Install copies the pack folder or .tar.gz archive src into
// opts.PacksDir/<id>. Nothing reaches the packs folder until the copy is
// complete, a sealed pack has verified (a tampered one is refused: its
// signature no longer covers what it holds) and the pack has loaded; the
// staging folder is hidden, so the catalog never sees half a pack. An
// unsealed pack installs, with Status saying so.
func Install(src string, opts Options) (Report, error) {
	var rep Report
	if err := fsx.EnsureDir(opts.PacksDir); err != nil {
		return rep, err
	}
	staging, err := os.MkdirTemp(opts.PacksDir, ".install-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(staging)
	unpacked := filepath.Join(staging, "pack")
	if err := os.Mkdir(unpacked, 0o755); err != nil {
		return rep, err
	}
	if err := copyIn(src, unpacked); err != nil {
		return rep, err
	}
	root, err := packRoot(unpacked)
	if err != nil {
		return rep, fmt.Errorf("%s: %v", src, err)
	}
	if rep.Status, err = verify(root, opts.Trust); err != nil {
		return rep, fmt.Errorf("%s: %w", src, err)
	}
	p, errs := pack.Open(root)
	if len(errs) > 0 {
		return rep, fmt.Errorf("%s: the pack does not load: %v", src, relErrors(errs, root))
	}
	rep.ID, rep.Title = p.ID, p.Title
	if err := checkID(p.ID); err != nil {
		return rep, err
	}
	rep.Dir = filepath.Join(opts.PacksDir, p.ID)
	if other := installedElsewhere(opts.PacksDir, p.ID); other != "" {
		return rep, fmt.Errorf("pack %s is %w in %s (installed by hand?); remove it first", p.ID, ErrInstalled, other)
	}
	if _, err := os.Lstat(rep.Dir); err == nil {
		if !opts.Replace {
			return rep, fmt.Errorf("pack %s is %w (%s); add --replace to update it", p.ID, ErrInstalled, rep.Dir)
		}
		if err := os.Rename(rep.Dir, filepath.Join(staging, "old")); err != nil {
			return rep, err
		}
		rep.Replaced = true
	}
	if err := os.Rename(root, rep.Dir); err != nil {
		return rep, err
	}
	return rep, nil
}

// copyIn fills dest from src: an archive is extracted, a folder copied.
func copyIn(src, dest string) error {
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if st.IsDir() {
		return copyFolder(src, dest)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: not a folder or an archive file", src)
	}
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := Extract(f, dest); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return nil
}

// copyFolder copies a pack folder's plain files (not .git) under the same
// rules Extract keeps: no links or special files, at most MaxBytes.
func copyFolder(src, dest string) error {
	from, err := os.OpenRoot(src)
	if err != nil {
		return err
	}
	defer from.Close()
	to, err := os.OpenRoot(dest)
	if err != nil {
		return err
	}
	defer to.Close()
	budget, n := int64(MaxBytes), 0
	return fs.WalkDir(from.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if n++; n > MaxEntries {
			return fmt.Errorf("%s: more than %d files", src, MaxEntries)
		}
		switch {
		case d.IsDir() && path.Base(p) == ".git":
			return fs.SkipDir
		case d.IsDir():
			return to.MkdirAll(p, 0o755)
		case !d.Type().IsRegular():
			return fmt.Errorf("%s: not a plain file (symlinks and devices are not installed)", filepath.Join(src, p))
		}
		in, err := from.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := to.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		m, err := out.ReadFrom(io.LimitReader(in, budget+1))
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if budget -= m; budget < 0 {
			return fmt.Errorf("%s: larger than %d bytes", src, int64(MaxBytes))
		}
		return nil
	})
}

// packRoot is the folder holding pack.yaml: the archive's root, or its
// one top-level folder (the way `pack export` and most tools pack it).
func packRoot(dir string) (string, error) {
	if regular(filepath.Join(dir, "pack.yaml")) {
		return dir, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	if len(entries) == 1 && entries[0].IsDir() {
		inner := filepath.Join(dir, entries[0].Name())
		if regular(filepath.Join(inner, "pack.yaml")) {
			return inner, nil
		}
	}
	return "", errors.New("no pack.yaml at the top or in a single top-level folder: not a pack")
}

func regular(p string) bool {
	st, err := os.Lstat(p)
	return err == nil && st.Mode().IsRegular()
}

// verify checks a sealed pack's signature; an unsealed one passes with an
// empty status, a tampered one is an error.
func verify(root string, trust *seal.TrustStore) (seal.PackStatus, error) {
	rep, err := seal.VerifyPackWith(root, trust)
	switch {
	case errors.Is(err, seal.ErrNotSealed):
		return seal.PackStatus{}, nil
	case err != nil:
		return seal.PackStatus{Sealed: true, Err: err}, fmt.Errorf("refused: the pack does not match its signature (%w)", err)
	}
	return seal.PackStatus{Sealed: true, Verified: true, Trusted: rep.Trusted, Report: rep}, nil
}

// checkID refuses the id of a built-in pack: the catalog would skip the
// installed copy.
func checkID(id string) error {
	embedded, _ := pack.Embedded().Packs()
	for _, p := range embedded {
		if p.ID == id {
			return fmt.Errorf("pack %s is built into firedrill; an installed pack cannot use its id", id)
		}
	}
	return nil
}

// installedElsewhere finds an installed pack with id in a folder not named
// id ("" if none).
func installedElsewhere(packsDir, id string) string {
	if dir := findInstalled(packsDir, id); dir != "" && filepath.Base(dir) != id {
		return dir
	}
	return ""
}

// findInstalled is the folder of the installed pack with id ("" if none).
func findInstalled(packsDir, id string) string {
	packs, _ := pack.NewCatalog(nil, nil, packsDir).Packs()
	for _, p := range packs {
		if p.ID == id {
			return p.Source
		}
	}
	return ""
}

// Remove deletes the installed pack with id: the folder is first renamed
// out of the catalog's sight, so an interrupted removal never leaves half
// a pack that loads.
func Remove(packsDir, id string) (string, error) {
	dir := findInstalled(packsDir, id)
	if dir == "" {
		// a broken pack that no longer loads is still removable by its folder
		if cand := filepath.Join(packsDir, id); id != "" && !strings.ContainsAny(id, `/\.`) && isDir(cand) {
			dir = cand
		}
	}
	if dir == "" {
		if checkID(id) != nil {
			return "", fmt.Errorf("pack %s is built into firedrill and cannot be removed", game.SanitizeLine(id))
		}
		return "", fmt.Errorf("no installed pack %s (firedrill list shows them)", game.SanitizeLine(id))
	}
	trash, err := os.MkdirTemp(packsDir, ".remove-")
	if err != nil {
		return "", err
	}
	if err := os.Rename(dir, filepath.Join(trash, "pack")); err != nil {
		os.Remove(trash)
		return "", err
	}
	return dir, os.RemoveAll(trash)
}

func isDir(p string) bool {
	st, err := os.Lstat(p)
	return err == nil && st.IsDir()
}

// relErrors joins a loader's errors with the staging folder cut from
// their paths.
func relErrors(errs []error, root string) string {
	var parts []string
	for i, e := range errs {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(errs)-3))
			break
		}
		parts = append(parts, strings.ReplaceAll(e.Error(), root+string(filepath.Separator), ""))
	}
	return strings.Join(parts, "; ")
}
