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

	"firedrill/game"
	"firedrill/game/sim/emit"
)

func main() {
	dir := flag.String("dir", "", "the scenarios/ folder to write into (default: . under go generate, ./scenarios from the repository root)")
	check := flag.Bool("check", false, "compare with the files on disk instead of writing")
	inline := flag.Bool("inline", false, "write self-contained scenario files (signals inline, no includes) for loaders without includes")
	flag.Parse()
	if *dir == "" {
		*dir = defaultDir()
	}
	files, err := render(library(), *inline)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
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
	removeStale(*dir, files)
}

// removeStale deletes the files of a pack's scenarios/ and data/ folders
// that no script makes any more (a series moved from CSV to the standard
// families, a scenario renamed): they would ship in the binary unread.
func removeStale(dir string, files map[string][]byte) {
	for _, p := range library() {
		for _, sub := range []string{"scenarios", "data"} {
			entries, _ := os.ReadDir(filepath.Join(dir, p.ID, sub))
			for _, e := range entries {
				if name := p.ID + "/" + sub + "/" + e.Name(); files[name] == nil {
					if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
						fmt.Fprintln(os.Stderr, err)
					}
				}
			}
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
func render(packs []Pack, inline bool) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, p := range packs {
		var scenarios []string
		for _, s := range p.Scripts {
			scenarios = append(scenarios, "scenarios/"+s.ID+".yaml")
			out, err := renderScript(s, inline)
			if err != nil {
				return nil, fmt.Errorf("%s/%s: %w", p.ID, s.ID, err)
			}
			for name, data := range out {
				files[p.ID+"/"+name] = data
			}
		}
		var hdr bytes.Buffer
		if err := emit.Pack(&hdr, &game.Pack{ID: p.ID, Title: p.Title, Version: "1.0.0", Author: "firedrill",
			Description: p.Description}, scenarios); err != nil {
			return nil, err
		}
		files[p.ID+"/pack.yaml"] = hdr.Bytes()
	}
	return files, nil
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
