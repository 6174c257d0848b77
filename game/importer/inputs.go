package importer

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
)

// input is one export file that was read: what Detect said, what its
// reader found, and where the pack keeps its copy.
type input struct {
	path    string // as found (a command-line path or under one)
	detect  pack.Detected
	service string // the default service for records that name none
	survey  *pack.Survey
	size    int64
	data    string // its copy, relative to the pack: data/…
	year    int    // BSD syslog: the year of the first line
}

// collect expands paths (files, and folders walked in name order, hidden
// entries skipped) into the files to read, in order, without duplicates.
func collect(paths []string) ([]string, []Skipped) {
	var files []string
	var skipped []Skipped
	seen := map[string]bool{}
	add := func(p string) {
		abs, err := filepath.Abs(p)
		if err == nil && seen[abs] {
			return
		}
		seen[abs] = true
		files = append(files, p)
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			skipped = append(skipped, Skipped{Path: p, Why: cleanErr(err)})
			continue
		}
		if !st.IsDir() {
			add(p)
			continue
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				skipped = append(skipped, Skipped{Path: q, Why: cleanErr(err)})
				return nil
			}
			if q != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				add(q)
			}
			return nil
		})
		if err != nil {
			skipped = append(skipped, Skipped{Path: p, Why: cleanErr(err)})
		}
	}
	return files, skipped
}

// read detects and surveys one file. A file that is not a regular file,
// too big, of no known format, or that its reader refuses, is skipped with
// the reason. ref places times that carry no year (BSD syslog): the
// window's start when given, else the file's modification time.
func read(p string, ref time.Time, budget *int64) (*input, error) {
	st, err := os.Stat(p)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s", cleanErr(err))
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("not a regular file")
	case st.Size() > *budget:
		return nil, fmt.Errorf("%d MiB: the pack would be over its %d MiB limit", st.Size()>>20, pack.MaxPackBytes>>20)
	}
	root, err := os.OpenRoot(filepath.Dir(p))
	if err != nil {
		return nil, fmt.Errorf("%s", cleanErr(err))
	}
	defer root.Close()
	base := filepath.Base(p)
	head, err := readHead(root, base)
	if err != nil {
		return nil, err
	}
	d, err := pack.Detect(head, base)
	if err != nil {
		return nil, err
	}
	in := &input{path: p, detect: d, service: serviceFromName(base), size: st.Size()}
	if ref.IsZero() {
		ref = st.ModTime()
	}
	sv, errs := pack.SurveyFile(root.FS(), base, d, in.service, ref)
	if len(errs) > 0 {
		return nil, readError(d, errs)
	}
	if t, ok := earliest(sv); ok && t.Year() < 1971 {
		return nil, fmt.Errorf("%s whose times are offsets or before 1970 (%s): import wants absolute times", d.Kind, t.Format(time.RFC3339))
	}
	in.survey = sv
	if d.Format == pack.FormatSyslog && strings.Contains(d.Kind, "3164") && sv.Logs.Len() > 0 {
		in.year = firstYear(sv.Logs)
	}
	*budget -= st.Size()
	return in, nil
}

func readHead(root *os.Root, name string) ([]byte, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s", cleanErr(err))
	}
	defer f.Close()
	head := make([]byte, pack.DetectHead)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("%s", cleanErr(err))
	}
	return head[:n], nil
}

// readError says why a detected file could not be read: its first
// problems, file:line, and how many more.
func readError(d pack.Detected, errs []error) error {
	msg := errs[0].Error()
	if len(errs) > 1 {
		msg += fmt.Sprintf(" (and %d more problems)", len(errs)-1)
	}
	return fmt.Errorf("looks like %s, but its reader refused it: %s", d.Kind, msg)
}

// firstYear is the year of the earliest log line (sorted by time).
func firstYear(logs *game.LogStore) int { return logs.At(0).Year() }

// serviceFromName makes a service name from a file name: its stem, spaces
// made dashes ("nginx-access.log" is nginx-access).
func serviceFromName(base string) string {
	stem := base
	for {
		ext := filepath.Ext(stem)
		if ext == "" || ext == stem || len(ext) > 8 {
			break
		}
		stem = strings.TrimSuffix(stem, ext)
	}
	stem = strings.Join(strings.Fields(game.SanitizeLine(stem)), "-")
	if stem == "" || len(stem) > 64 {
		return "app"
	}
	return stem
}

// dataName picks the name of a file's copy under data/: its base name,
// else prefixed with its folder's name, else numbered.
func dataName(p string, taken map[string]bool) string {
	base := filepath.Base(p)
	candidates := []string{base, filepath.Base(filepath.Dir(p)) + "-" + base}
	for i := 2; ; i++ {
		for _, c := range candidates {
			c = safeFileName(c)
			if !taken[strings.ToLower(c)] {
				taken[strings.ToLower(c)] = true
				return "data/" + c
			}
		}
		ext := filepath.Ext(base)
		candidates = []string{fmt.Sprintf("%s-%d%s", strings.TrimSuffix(base, ext), i, ext)}
	}
}

// safeFileName keeps a copied file's name portable: letters, digits, dot,
// dash and underscore; anything else becomes a dash.
func safeFileName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			b[i] = '-'
		}
	}
	out := strings.TrimLeft(string(b), ".")
	if out == "" {
		return "file"
	}
	return out
}

func cleanErr(err error) string {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Err.Error()
	}
	return err.Error()
}

// sortSkipped orders what was skipped by path, for a stable report.
func sortSkipped(s []Skipped) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].Path < s[j].Path })
}
