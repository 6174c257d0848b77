// Package pack reads packs: a pack folder, a single scenario file or an
// embedded pack becomes a validated game.Pack, with every problem reported
// at once as a positioned game.Error. It holds the raw YAML types, the
// limits that protect the player's machine, time parsing, the include
// readers for what real tools export (OTLP, Jaeger, Zipkin, Prometheus,
// Loki, Kubernetes events, access logs, syslog, journald, JSON logs with
// field mapping, logfmt, CSV), Detect, which tells those formats apart
// by content, and the catalog of embedded and installed packs. All pack text is untrusted:
// whatever it displays goes through game.Sanitize here.
package pack

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"firedrill/game"
)

// Load loads the pack whose pack.yaml is in dir of fsys ("." for the
// root). Embedded and on-disk packs share this one path. All problems come
// back at once; the pack is nil when there is any.
func Load(fsys fs.FS, dir string) (*game.Pack, []error) {
	return load(fsys, dir, newBudget())
}

func load(fsys fs.FS, dir string, budget *packBudget) (*game.Pack, []error) {
	fsys = regularFS{fsys}
	file := path.Join(dir, "pack.yaml")
	data, err := readLimited(fsys, file, budget)
	if err != nil {
		return nil, []error{err}
	}
	var raw rawPack
	root, errs := decodeStrict(file, data, &raw)
	if root == nil {
		return nil, errs
	}
	p := &game.Pack{ID: raw.ID, Title: game.SanitizeLine(raw.Title), Version: game.SanitizeLine(raw.Version),
		Author: game.SanitizeLine(raw.Author), Description: game.Sanitize(raw.Description)}
	errs = append(errs, validatePackHeader(file, root, &raw)...)
	var idLines []int
	for i, rel := range raw.Scenarios {
		sfile, err := joinInPack(dir, rel)
		if err != nil {
			errs = append(errs, errorf(file, lineOf(root, "scenarios", i), "scenarios", "%v", err))
			continue
		}
		s, idLine, serrs := loadScenario(fsys, sfile, budget)
		errs = append(errs, serrs...)
		if s != nil {
			p.Scenarios = append(p.Scenarios, s)
			idLines = append(idLines, idLine)
		}
	}
	errs = append(errs, uniqueScenarioIDs(p.Scenarios, idLines)...)
	if len(errs) > 0 {
		return nil, errs
	}
	return p, nil
}

// LoadScenario loads one scenario file of fsys; includes resolve relative to
// it and must stay inside fsys.
func LoadScenario(fsys fs.FS, file string) (*game.Scenario, []error) {
	s, _, errs := loadScenario(regularFS{fsys}, file, newBudget())
	return s, errs
}

// OpenReport is Open, and also says what each include file gave (log
// lines, spans in traces, series and samples, events), in load order.
func OpenReport(p string) (*game.Pack, []IncludeSummary, []error) {
	var sums []IncludeSummary
	budget := newBudget()
	budget.summaries = &sums
	pk, errs := open(p, budget)
	if dir := reportDir(p); dir != "." {
		for i := range sums {
			sums[i].File = filepath.Join(dir, filepath.FromSlash(sums[i].File))
			sums[i].Scenario = filepath.Join(dir, filepath.FromSlash(sums[i].Scenario))
		}
	}
	return pk, sums, errs
}

// reportDir is the folder Open roots p at, which its paths are relative to.
func reportDir(p string) string {
	if info, err := os.Stat(p); err == nil && !info.IsDir() {
		dir, _ := packRootOf(p)
		return dir
	}
	return p
}

// errNotRegular refuses a FIFO, device or folder where the loader wants a
// file.
var errNotRegular = errors.New("not a regular file (a pack holds plain files)")

// regularFS opens regular files only. A pack is untrusted and may come as
// an archive holding a FIFO: opening one blocks until a writer appears, so
// a FIFO named as pack.yaml, a scenario or an include would hang the
// picker, list and pack validate. Stat first, never open what is not a
// plain file (os.Root's Stat follows links only inside the root).
type regularFS struct{ fs.FS }

func (r regularFS) Open(name string) (fs.File, error) {
	st, err := fs.Stat(r.FS, name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
	}
	return r.FS.Open(name)
}

// LoadScenarioData loads a scenario held in memory (the simulator's
// output) as the file named file, with LoadScenario's limits and checks.
// Nothing lies beside it: an include is an error.
func LoadScenarioData(file string, data []byte) (*game.Scenario, []error) {
	budget := newBudget()
	if err := admit(file, int64(len(data)), budget); err != nil {
		return nil, []error{err}
	}
	s, _, errs := parseScenario(noFiles{}, file, data, budget)
	return s, errs
}

// noFiles is a file system with no files.
type noFiles struct{}

func (noFiles) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// loadScenario loads one scenario file and says on which line its id is
// (for the pack's duplicate-id check).
func loadScenario(fsys fs.FS, file string, budget *packBudget) (*game.Scenario, int, []error) {
	data, err := readLimited(fsys, file, budget)
	if err != nil {
		return nil, 0, []error{err}
	}
	return parseScenario(fsys, file, data, budget)
}

// parseScenario reads a scenario file's bytes; its includes come from fsys.
func parseScenario(fsys fs.FS, file string, data []byte, budget *packBudget) (*game.Scenario, int, []error) {
	var raw rawScenario
	root, errs := decodeStrict(file, data, &raw)
	if root == nil {
		return nil, 0, errs
	}
	l := newLoader(fsys, file, root, budget)
	l.errs = append(l.errs, errs...)
	s := l.scenario(&raw)
	l.closeErrors()
	if len(l.errs) > 0 {
		sortErrors(file, l.errs)
		return nil, 0, l.errs
	}
	return s, lineOf(root, "id"), nil
}

// Open loads a pack folder or a single scenario file from disk. A single file
// becomes a pack of one, rooted at the file's folder so its includes work.
// Reads go through an os.Root: nothing outside the pack can be opened.
func Open(p string) (*game.Pack, []error) {
	return open(p, newBudget())
}

func open(p string, budget *packBudget) (*game.Pack, []error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, []error{&game.Error{File: p, Msg: cleanOSError(err)}}
	}
	dir, base := p, ""
	if !info.IsDir() {
		dir, base = packRootOf(p)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, []error{&game.Error{File: p, Msg: cleanOSError(err)}}
	}
	defer root.Close()
	fsys := root.FS()
	if base == "" {
		pk, errs := load(fsys, ".", budget)
		return withPrefix(pk, errs, dir)
	}
	s, _, errs := loadScenario(regularFS{fsys}, base, budget)
	if len(errs) > 0 {
		_, errs = withPrefix(nil, errs, dir)
		return nil, errs
	}
	return &game.Pack{ID: s.ID, Title: s.Title, Scenarios: []*game.Scenario{s}, Source: p}, nil
}

// packRootOf finds the folder a single scenario file's includes live in:
// the nearest enclosing pack (a pack.yaml up to three levels up), so that
// "play mypack/scenarios/x.yaml" can read mypack/data; else the file's own
// folder. base is the file's path below that root, with forward slashes.
func packRootOf(file string) (root, base string) {
	dir := filepath.Dir(file)
	for up, d := 0, dir; up <= 3; up++ {
		if st, err := os.Stat(filepath.Join(d, "pack.yaml")); err == nil && st.Mode().IsRegular() {
			if rel, err := filepath.Rel(d, file); err == nil {
				return d, filepath.ToSlash(rel)
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return dir, filepath.Base(file)
}

// sortErrors puts the errors of the scenario file in line order, its
// file-wide ones (line 0) after them; include files' errors follow, in the
// order they were found.
func sortErrors(file string, errs []error) {
	rank := func(err error) (int, int) {
		var pe *game.Error
		if !errors.As(err, &pe) || pe.File != file {
			return 1, 0
		}
		if pe.Line == 0 {
			return 0, math.MaxInt
		}
		return 0, pe.Line
	}
	sort.SliceStable(errs, func(i, j int) bool {
		gi, li := rank(errs[i])
		gj, lj := rank(errs[j])
		return gi < gj || gi == gj && li < lj
	})
}

// withPrefix makes error paths relative to the caller's working directory
// rather than the pack root, so "firedrill pack validate x/" prints x/....
func withPrefix(p *game.Pack, errs []error, dir string) (*game.Pack, []error) {
	for _, err := range errs {
		var pe *game.Error
		if errors.As(err, &pe) && dir != "." {
			pe.File = filepath.Join(dir, filepath.FromSlash(pe.File))
		}
	}
	if p != nil {
		p.Source = dir
	}
	return p, errs
}

func cleanOSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// joinInPack resolves rel against dir and refuses anything that would leave
// the pack: absolute paths and ".." escapes.
func joinInPack(dir, rel string) (string, error) {
	if rel == "" {
		return "", errors.New("empty path")
	}
	if strings.Contains(rel, `\`) {
		return "", errors.New("path " + strconv.Quote(rel) + " uses backslashes; write / on every system")
	}
	if path.IsAbs(rel) || filepath.IsAbs(rel) {
		return "", errors.New("absolute path " + strconv.Quote(rel) + " (paths are relative to the pack)")
	}
	p := path.Join(dir, rel)
	if !fs.ValidPath(p) {
		return "", errors.New("path " + strconv.Quote(rel) + " leaves the pack")
	}
	return p, nil
}

// parseWhen resolves "+12m03.120s" against start, or an RFC 3339 time.
func parseWhen(s string, start time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("missing: want +<Go duration> from start (+12m03.5s) or an RFC 3339 time")
	}
	if strings.HasPrefix(s, "+") {
		d, err := time.ParseDuration(s[1:])
		if err != nil {
			return time.Time{}, errors.New("bad offset " + strconv.Quote(short(s)) + ": want +<Go duration>, e.g. +12m03.5s")
		}
		return start.Add(d), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errors.New("bad time " + strconv.Quote(short(s)) + ": want RFC 3339 or +offset")
	}
	return t.UTC(), nil
}

// sortLogs orders lines by time, keeping file order for equal times. Logs
// usually arrive in order, so a linear check skips the sort entirely.
func sortLogs(logs []game.LogLine) {
	for i := 1; i < len(logs); i++ {
		if logs[i].At.Before(logs[i-1].At) {
			slices.SortStableFunc(logs, func(a, b game.LogLine) int { return a.At.Compare(b.At) })
			return
		}
	}
}

// attrsFromMap turns a decoded map into sorted, sanitized Attrs.
func attrsFromMap(m map[string]string) game.Attrs {
	if len(m) == 0 {
		return nil
	}
	a := make(game.Attrs, 0, len(m))
	for k, v := range m {
		a = append(a, game.Attr{Key: game.SanitizeLine(k), Value: game.SanitizeLine(v)})
	}
	sort.Slice(a, func(i, j int) bool { return a[i].Key < a[j].Key })
	return a
}
