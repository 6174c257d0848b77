// Command gen writes the curated scenario library's files from the scripts
// in this folder: pack.yaml, one scenario YAML per incident, and its bulk
// signals (JSONL logs, CSV metrics, OTLP/JSON traces) under data/.
//
// It is deterministic: every scenario draws from a PCG seeded by its id, so
// the same scripts always give the same bytes. `go run ./gen -check` (from
// scenarios/) fails when the committed files differ from what the scripts
// make, so generated data is never hand-edited out of sync.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	dir := flag.String("dir", "", "the scenarios/ folder to write into (default: . under go generate, ./scenarios from the repository root)")
	check := flag.Bool("check", false, "compare with the files on disk instead of writing")
	inline := flag.Bool("inline", false, "write self-contained scenario files (signals inline, no includes) for loaders without includes")
	flag.Parse()
	if *dir == "" {
		*dir = defaultDir()
	}
	files := render(library(), *inline)
	if *check {
		diffs := compare(*dir, files)
		for _, d := range diffs {
			fmt.Fprintln(os.Stderr, d)
		}
		if len(diffs) > 0 {
			os.Exit(1)
		}
		return
	}
	for _, name := range sortedKeys(files) {
		p := filepath.Join(*dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// defaultDir is the scenarios/ folder: the working directory under go
// generate, ./scenarios when run from the repository root.
func defaultDir() string {
	if _, err := os.Stat("embed.go"); err == nil {
		return "."
	}
	return "scenarios"
}

// Pack is a pack of scripts.
type Pack struct {
	ID, Title, Description string
	Scripts                []*Script
}

// render makes every file of every pack, keyed by slash path under scenarios/.
func render(packs []Pack, inline bool) map[string][]byte {
	files := map[string][]byte{}
	for _, p := range packs {
		hdr := yPack{Format: "firedrill/v1", ID: p.ID, Title: p.Title, Version: "1.0.0",
			Author: "firedrill", Description: p.Description}
		for _, s := range p.Scripts {
			hdr.Scenarios = append(hdr.Scenarios, "scenarios/"+s.ID+".yaml")
			for name, data := range renderScript(s, inline) {
				files[p.ID+"/"+name] = data
			}
		}
		files[p.ID+"/pack.yaml"] = marshal(hdr)
	}
	return files
}

// renderScript draws one scenario's files. The order of draws is fixed
// (traces, then logs, then metrics) so that the output is reproducible.
func renderScript(s *Script, inline bool) map[string][]byte {
	seed := s.Seed
	if seed == "" {
		seed = s.ID
	}
	g := newG(seed)
	for _, sv := range s.Services {
		n := sv.Pods
		if n == 0 {
			n = 3
		}
		if sv.Sts {
			g.statefulSet(sv.Name, n)
		} else {
			g.deployment(sv.Name, n)
		}
	}
	doc, traced := drawTraces(s, g, s.Traces(g))
	lines := drawLogs(s, g, traced)
	values := drawMetrics(s, g)
	if inline {
		return map[string][]byte{"scenarios/" + s.ID + ".yaml": inlineYAML(s, lines, values, doc)}
	}
	return map[string][]byte{
		"scenarios/" + s.ID + ".yaml":   scenarioYAML(s),
		"data/" + s.ID + ".jsonl":       logsJSONL(lines),
		"data/" + s.ID + "-metrics.csv": metricsCSV(s, values),
		"data/" + s.ID + "-traces.json": tracesJSON(doc),
	}
}

// compare lists the files that differ from what the scripts make, and the
// generated-looking files on disk that no script makes any more.
func compare(dir string, files map[string][]byte) []string {
	var diffs []string
	for _, name := range sortedKeys(files) {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case err != nil:
			diffs = append(diffs, name+": missing (run go generate ./scenarios)")
		case !bytes.Equal(got, files[name]):
			diffs = append(diffs, name+": differs from its script (run go generate ./scenarios)")
		}
	}
	for _, p := range library() {
		for _, sub := range []string{"scenarios", "data"} {
			entries, _ := os.ReadDir(filepath.Join(dir, p.ID, sub))
			for _, e := range entries {
				if name := p.ID + "/" + sub + "/" + e.Name(); files[name] == nil {
					diffs = append(diffs, name+": not made by any script (stale?)")
				}
			}
		}
	}
	return diffs
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
