// Package importer turns exported telemetry into a draft scenario pack:
// `firedrill pack import`. Each file's format is told by its content
// (pack.Detect) and read by the include reader of that format
// (pack.SurveyFile); the pack it writes includes a copy of every file and
// one scenario whose services, calls, window and proposed change events
// come from the data, and whose story (briefing, choices, answer) is left
// TODO for the author. With Redact set the pack is redacted before it is
// moved into place (game/redact).
package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"firedrill/game/pack"
	"firedrill/game/redact"
)

// Options say what to import and where.
type Options struct {
	Paths        []string  // export files, or folders holding them
	Out          string    // the pack folder to write: must not exist, or be empty
	Since, Until time.Time // cut the window (zero: from the data)
	Redact       *redact.Options
}

// Result is what an import did, for the command to print.
type Result struct {
	Out      string
	Scenario string // the draft scenario, relative to Out
	Files    []File
	Skipped  []Skipped
	Start    time.Time
	Duration time.Duration
	Services int
	Calls    int
	Changes  int                   // proposed change events
	Includes []pack.IncludeSummary // what each include gave, loaded from the written pack
	Todo     []error               // the fields still TODO (pack validate reports them)
	Problems []error               // anything else wrong with the written pack
	Redacted *redact.Summary       // nil without Redact
}

// File is one export that was read.
type File struct {
	Path    string
	Kind    string // what it is, for people
	Format  string
	Section string
	Data    string // its copy in the pack
	Summary pack.IncludeSummary
}

// Skipped is a file that could not be read, and why.
type Skipped struct{ Path, Why string }

// Import reads the exports and writes the draft pack. The pack appears at
// Out whole or not at all: it is written beside it and renamed into place.
// The error is for what stops the import (no file readable, Out taken);
// what a file lacked is in Skipped.
func Import(o Options) (*Result, error) {
	if err := checkOut(o.Out); err != nil {
		return nil, err
	}
	if !o.Since.IsZero() && !o.Until.IsZero() && !o.Until.After(o.Since) {
		return nil, fmt.Errorf("--until %s is not after --since %s", stamp(o.Until), stamp(o.Since))
	}
	res := &Result{Out: o.Out}
	files, skipped := collect(o.Paths)
	res.Skipped = skipped
	w := window{since: o.Since, until: o.Until}
	budget := int64(pack.MaxPackBytes)
	var ins []*input
	taken := map[string]bool{}
	traceFiles := map[string]string{}
	for _, p := range files {
		ref := o.Since
		if ref.IsZero() {
			ref = o.Until
		}
		in, err := read(p, ref, &budget)
		if err != nil {
			res.Skipped = append(res.Skipped, Skipped{Path: p, Why: err.Error()})
			continue
		}
		if !holdsAny(in, w) {
			res.Skipped = append(res.Skipped, Skipped{Path: p, Why: "nothing in it lies between --since and --until"})
			continue
		}
		if other := traceClash(in, traceFiles); other != "" {
			res.Skipped = append(res.Skipped, Skipped{Path: p, Why: other})
			continue
		}
		in.data = dataName(p, taken)
		ins = append(ins, in)
		res.Files = append(res.Files, File{Path: p, Kind: in.detect.Kind, Format: in.detect.Format,
			Section: in.detect.Section, Data: in.data, Summary: in.survey.Summary})
	}
	sortSkipped(res.Skipped)
	if len(ins) == 0 {
		return res, fmt.Errorf("no file could be read (%d skipped)", len(res.Skipped))
	}
	d := makeDraft(ins, w)
	id := packID(filepath.Base(filepath.Clean(o.Out)))
	res.Scenario = "scenarios/" + id + ".yaml"
	res.Start, res.Duration, res.Changes = d.start, d.duration, len(d.changes)
	res.Services = len(d.services)
	for _, s := range d.services {
		res.Calls += len(s.calls)
	}
	clipped := !o.Since.IsZero() || !o.Until.IsZero()
	files2 := map[string][]byte{
		"pack.yaml":  packYAML(id, res.Scenario, d, len(ins)),
		res.Scenario: scenarioYAML(id, ins, d, clipped),
	}
	if err := writePack(o, ins, files2, res); err != nil {
		return res, err
	}
	_, res.Includes, res.Problems = pack.OpenReport(o.Out)
	res.Todo, res.Problems = splitTODO(res.Problems)
	return res, nil
}

// traceClash says why in cannot join the pack when one of its traces was
// read from an earlier file (a scenario holds a trace once: the same
// trace exported twice, in two formats); otherwise it files in's traces.
func traceClash(in *input, seen map[string]string) string {
	for _, t := range in.survey.Traces {
		if other, ok := seen[t.ID]; ok {
			return fmt.Sprintf("trace %s is also in %s (the same trace exported twice?)", t.ID, other)
		}
	}
	for _, t := range in.survey.Traces {
		seen[t.ID] = in.path
	}
	return ""
}

// holdsAny says whether a surveyed file has a signal in w.
func holdsAny(in *input, w window) bool {
	any := false
	w.times(in, func(time.Time) { any = true })
	return any
}

// checkOut refuses an Out that exists and is not an empty folder.
func checkOut(out string) error {
	if out == "" {
		return errors.New("no --out folder given")
	}
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s: %s", out, cleanErr(err))
	case len(entries) > 0:
		return fmt.Errorf("%s: exists and is not empty; pick a new folder", out)
	}
	return nil
}

// writePack writes the pack into a folder beside Out, redacts it when
// asked, and renames it into place.
func writePack(o Options, ins []*input, files map[string][]byte, res *Result) (err error) {
	parent := filepath.Dir(filepath.Clean(o.Out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(filepath.Clean(o.Out))+".import-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(stage)
		}
	}()
	for _, in := range ins {
		data, err := os.ReadFile(in.path)
		if err != nil {
			return fmt.Errorf("%s: %s", in.path, cleanErr(err))
		}
		files[in.data] = data
	}
	for name, data := range files {
		p := filepath.Join(stage, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	if o.Redact != nil {
		sum, err := redact.Dir(stage, *o.Redact)
		if err != nil {
			return err
		}
		res.Redacted = sum
	}
	os.Remove(o.Out) // an empty folder given as Out (checkOut allowed it)
	if err := os.Rename(stage, o.Out); err != nil {
		return fmt.Errorf("moving the pack into %s: %s", o.Out, cleanErr(err))
	}
	return nil
}

// splitTODO separates the still-TODO fields from other problems.
func splitTODO(errs []error) (todo, other []error) {
	for _, e := range errs {
		if strings.Contains(e.Error(), "still TODO") {
			todo = append(todo, e)
		} else {
			other = append(other, e)
		}
	}
	return todo, other
}

// packID makes a pack and scenario id from a folder name: [a-z0-9-]{1,64}.
func packID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	id := strings.Trim(b.String(), "-")
	if len(id) > 64 {
		id = strings.Trim(id[:64], "-")
	}
	if id == "" {
		return "incident"
	}
	return id
}
