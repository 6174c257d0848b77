package scenarios_test

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"

	"firedrill/game"
	"firedrill/game/heuristic"
	"firedrill/game/pack"
	"firedrill/scenarios"
)

// libraryFS is the embedded library, or a folder of packs named by
// FIREDRILL_LIBRARY_DIR (to check generator output before embedding it).
func libraryFS() (fs.FS, []string) {
	if dir := os.Getenv("FIREDRILL_LIBRARY_DIR"); dir != "" {
		fsys := os.DirFS(dir)
		var packs []string
		entries, _ := fs.ReadDir(fsys, ".")
		for _, e := range entries {
			if _, err := fs.Stat(fsys, e.Name()+"/pack.yaml"); err == nil {
				packs = append(packs, e.Name())
			}
		}
		return fsys, packs
	}
	return scenarios.FS, scenarios.Packs()
}

func loadPacks(t *testing.T) []*game.Pack {
	t.Helper()
	fsys, dirs := libraryFS()
	var packs []*game.Pack
	for _, dir := range dirs {
		p, errs := pack.Load(fsys, dir)
		for _, err := range errs {
			t.Errorf("pack %s: %v", dir, err)
		}
		if p != nil && len(p.Scenarios) > 0 {
			packs = append(packs, p)
		}
	}
	if len(packs) == 0 {
		t.Fatal("the library holds no loadable pack")
	}
	return packs
}

func loadLibrary(t *testing.T) []*game.Scenario {
	t.Helper()
	var all []*game.Scenario
	for _, p := range loadPacks(t) {
		all = append(all, p.Scenarios...)
	}
	return all
}

func TestLibrarySize(t *testing.T) {
	ss := loadLibrary(t)
	if len(ss) < 12 {
		t.Errorf("the library holds %d scenarios; want >= 12", len(ss))
	}
	size := 0
	perScenario := map[string]int{} // pack/id → the bytes of its scenario file and data files
	err := fs.WalkDir(scenarios.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			size += int(info.Size())
			if id := scenarioOfFile(path); id != "" {
				perScenario[id] += int(info.Size())
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// 24 scenarios of ~600 KiB at most: every service's standard families
	// per pod (scenarios/gen/std.go) and a few thousand log lines each.
	if size > 14<<20 {
		t.Errorf("the embedded library is %d bytes; keep it under 14 MiB (it ships in the binary)", size)
	}
	for id, n := range perScenario {
		if n > 600<<10 {
			t.Errorf("%s is %d KiB with its data; keep a scenario under 600 KiB (fewer log lines, a coarser scrape)", id, n>>10)
		}
	}
}

// scenarioOfFile is the pack/id a library file belongs to:
// core/scenarios/x.yaml and core/data/x-metrics.csv both to core/x.
func scenarioOfFile(path string) string {
	parts := strings.Split(path, "/")
	if len(parts) != 3 {
		return ""
	}
	name := parts[2]
	switch parts[1] {
	case "scenarios":
		return parts[0] + "/" + strings.TrimSuffix(name, ".yaml")
	case "data":
		name = strings.TrimSuffix(strings.TrimSuffix(name, ".jsonl"), ".json")
		name = strings.TrimSuffix(name, ".csv")
		for _, suffix := range []string{"-metrics", "-traces"} {
			name = strings.TrimSuffix(name, suffix)
		}
		if i := strings.Index(name, "-std-"); i > 0 { // the standard families, one file per unit
			name = name[:i]
		}
		return parts[0] + "/" + name
	}
	return ""
}

func TestEveryPackDefeatsShortcuts(t *testing.T) {
	for _, p := range loadPacks(t) {
		t.Run(p.ID, func(t *testing.T) {
			for _, prob := range packProblems(p.Scenarios) {
				t.Error(prob)
			}
		})
	}
}

func TestEveryScenarioFollowsTheRules(t *testing.T) {
	for _, s := range loadLibrary(t) {
		t.Run(s.ID, func(t *testing.T) {
			for _, p := range scenarioProblems(s) {
				t.Error(p)
			}
		})
	}
}

func TestLibraryDefeatsShortcuts(t *testing.T) {
	ss := loadLibrary(t)
	for _, p := range libraryProblems(ss) {
		t.Error(p)
	}
	if t.Failed() || testing.Verbose() {
		t.Log("\n" + heuristicTable(ss))
	}
}

// heuristicTable shows each strategy's pick per scenario (* = correct).
func heuristicTable(ss []*game.Scenario) string {
	var b strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&b, "%-28s answer=%-26s", s.ID, s.Answer.Choice)
		for _, st := range heuristic.Strategies() {
			mark := ""
			id := st.Pick(s)
			if id == s.Answer.Choice {
				mark = "*"
			}
			fmt.Fprintf(&b, " %s=%s%s", st.Name, id, mark)
		}
		fmt.Fprintf(&b, " vote=%s\n", heuristic.Vote(s))
	}
	return b.String()
}
