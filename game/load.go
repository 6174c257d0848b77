package game

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// LoadPack loads the pack whose pack.yaml is in dir of fsys ("." for the
// root). Embedded and on-disk packs share this one path. All problems come
// back at once; the pack is nil when there is any.
func LoadPack(fsys fs.FS, dir string) (*Pack, []error) {
	file := path.Join(dir, "pack.yaml")
	budget := newBudget()
	data, err := readLimited(fsys, file, budget)
	if err != nil {
		return nil, []error{err}
	}
	var raw rawPack
	root, errs := decodeStrict(file, data, &raw)
	if len(errs) > 0 {
		return nil, errs
	}
	p := &Pack{ID: raw.ID, Title: SanitizeLine(raw.Title), Version: SanitizeLine(raw.Version),
		Author: SanitizeLine(raw.Author), Description: Sanitize(raw.Description)}
	errs = append(errs, validatePackHeader(file, root, &raw)...)
	for i, rel := range raw.Scenarios {
		sfile, err := joinInPack(dir, rel)
		if err != nil {
			errs = append(errs, errorf(file, lineOf(root, "scenarios", i), "scenarios", "%v", err))
			continue
		}
		s, serrs := loadScenario(fsys, sfile, budget)
		errs = append(errs, serrs...)
		if s != nil {
			p.Scenarios = append(p.Scenarios, s)
		}
	}
	errs = append(errs, uniqueScenarioIDs(p.Scenarios)...)
	if len(errs) > 0 {
		return nil, errs
	}
	return p, nil
}

// LoadScenario loads one scenario file of fsys; includes resolve relative to
// it and must stay inside fsys.
func LoadScenario(fsys fs.FS, file string) (*Scenario, []error) {
	return loadScenario(fsys, file, newBudget())
}

func loadScenario(fsys fs.FS, file string, budget *packBudget) (*Scenario, []error) {
	data, err := readLimited(fsys, file, budget)
	if err != nil {
		return nil, []error{err}
	}
	var raw rawScenario
	root, errs := decodeStrict(file, data, &raw)
	if len(errs) > 0 {
		return nil, errs
	}
	l := newLoader(fsys, file, root, budget)
	s := l.scenario(&raw)
	l.closeErrors()
	if len(l.errs) > 0 {
		sortErrors(file, l.errs)
		return nil, l.errs
	}
	return s, nil
}

// Open loads a pack folder or a single scenario file from disk. A single file
// becomes a pack of one, rooted at the file's folder so its includes work.
// Reads go through an os.Root: nothing outside the pack can be opened.
func Open(p string) (*Pack, []error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, []error{&Error{File: p, Msg: cleanOSError(err)}}
	}
	dir, base := p, ""
	if !info.IsDir() {
		dir, base = packRootOf(p)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, []error{&Error{File: p, Msg: cleanOSError(err)}}
	}
	defer root.Close()
	fsys := root.FS()
	if base == "" {
		pk, errs := LoadPack(fsys, ".")
		return withPrefix(pk, errs, dir)
	}
	s, errs := LoadScenario(fsys, base)
	if len(errs) > 0 {
		_, errs = withPrefix(nil, errs, dir)
		return nil, errs
	}
	return &Pack{ID: s.ID, Title: s.Title, Scenarios: []*Scenario{s}, Source: p}, nil
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
		var pe *Error
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
func withPrefix(p *Pack, errs []error, dir string) (*Pack, []error) {
	for _, err := range errs {
		var pe *Error
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

func readLimited(fsys fs.FS, file string, budget *packBudget) ([]byte, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, &Error{File: file, Msg: cleanOSError(err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileSize {
		return nil, errorf(file, 0, "", "file is %d bytes; the limit is %d (32 MiB)", st.Size(), MaxFileSize)
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &Error{File: file, Msg: cleanOSError(err)}
	}
	if n > MaxFileSize {
		return nil, errorf(file, 0, "", "file is over the 32 MiB limit")
	}
	if !budget.charge(n) {
		return nil, errorf(file, 0, "", "the pack is over its %d MiB limit (MaxPackBytes)", MaxPackBytes>>20)
	}
	return buf.Bytes(), nil
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// decodeStrict parses data as one YAML document: first into a node tree
// (checked for limits), then strictly into out.
func decodeStrict(file string, data []byte, out any) (*yaml.Node, []error) {
	if err := preScan(file, data); err != nil {
		return nil, []error{err}
	}
	var doc yaml.Node
	nodes := yaml.NewDecoder(bytes.NewReader(data))
	if err := nodes.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, []error{errorf(file, 0, "", "empty file")}
		}
		return nil, yamlErrors(file, err)
	}
	var second yaml.Node
	if err := nodes.Decode(&second); err != io.EOF {
		line := second.Line
		if err != nil {
			line = 0
		}
		return nil, []error{errorf(file, line, "", "more than one YAML document (a file holds one; remove the \"---\")")}
	}
	if err := checkTree(file, &doc); err != nil {
		return nil, []error{err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(out); err != nil {
		errs := yamlErrors(file, err)
		for _, e := range errs {
			if pe, ok := e.(*Error); ok && pe.Field == "" && pe.Line > 0 {
				pe.Field = fieldAtLine(&doc, pe.Line)
			}
		}
		return nil, errs
	}
	root := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		root = doc.Content[0]
	}
	return root, nil
}

// yamlErrors turns yaml.v3's messages ("line 4: field x not found in type
// game.rawLog") into positioned errors in our format.
func yamlErrors(file string, err error) []error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out []error
	for _, m := range msgs {
		line := 0
		if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		field := ""
		if strings.HasPrefix(m, "field ") && strings.Contains(m, " not found in type ") {
			name := strings.TrimPrefix(m, "field ")
			name = name[:strings.Index(name, " not found")]
			field, m = name, "unknown field "+strconv.Quote(name)
		} else if i := strings.Index(m, "cannot unmarshal "); i >= 0 {
			m = strings.ReplaceAll(m, "game.raw", "")
		}
		out = append(out, errorf(file, line, field, "%s", strings.TrimPrefix(m, "yaml: ")))
	}
	return out
}

// lineOf walks the node tree along keys (strings for mapping keys, ints for
// sequence indexes) and returns the line of the deepest node reached; for a
// mapping key, the key's own line (a block list starts on the next one).
// Error positions cost nothing until an error needs one.
func lineOf(n *yaml.Node, keys ...any) int {
	line := n.Line
	for _, k := range keys {
		key, next := childNode(n, k)
		if next == nil {
			return line
		}
		n, line = next, key.Line
	}
	return line
}

// childNode returns the node under k and the node that names it (the key
// of a mapping entry, or the item itself in a sequence).
func childNode(n *yaml.Node, k any) (key, value *yaml.Node) {
	switch k := k.(type) {
	case string:
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					return n.Content[i], n.Content[i+1]
				}
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && k >= 0 && k < len(n.Content) {
			return n.Content[k], n.Content[k]
		}
	}
	return nil, nil
}

// fieldAtLine names the mapping key whose entry is on line: yaml.v3's type
// errors give a line but not the field.
func fieldAtLine(n *yaml.Node, line int) string {
	field := ""
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if depth > MaxDepth {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k, v := n.Content[i], n.Content[i+1]; k.Line == line || v.Line == line {
					field = k.Value
				}
			}
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return SanitizeLine(field)
}

// parseWhen resolves "+12m03.120s" against start, or an RFC 3339 time.
func parseWhen(s string, start time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "+") {
		d, err := time.ParseDuration(s[1:])
		if err != nil {
			return time.Time{}, errors.New("bad offset " + strconv.Quote(s) + ": want +<Go duration>, e.g. +12m03.5s")
		}
		return start.Add(d), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errors.New("bad time " + strconv.Quote(s) + ": want RFC 3339 or +offset")
	}
	return t.UTC(), nil
}

// sortLogs orders lines by time, keeping file order for equal times. Logs
// usually arrive in order, so a linear check skips the sort entirely.
func sortLogs(logs []LogLine) {
	for i := 1; i < len(logs); i++ {
		if logs[i].At.Before(logs[i-1].At) {
			slices.SortStableFunc(logs, func(a, b LogLine) int { return a.At.Compare(b.At) })
			return
		}
	}
}

// attrsFromMap turns a decoded map into sorted, sanitized Attrs.
func attrsFromMap(m map[string]string) Attrs {
	if len(m) == 0 {
		return nil
	}
	a := make(Attrs, 0, len(m))
	for k, v := range m {
		a = append(a, Attr{Key: SanitizeLine(k), Value: SanitizeLine(v)})
	}
	sort.Slice(a, func(i, j int) bool { return a[i].Key < a[j].Key })
	return a
}
