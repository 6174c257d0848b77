package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/game/seal"
)

// interviewSetup seals the mini pack for an interview and writes a result
// file with pick, as the candidate's game would.
func interviewSetup(t *testing.T, pick string) (dir, keyOut, resultPath string) {
	t.Helper()
	dir = isolate(t)
	key := filepath.Join(dir, "author")
	mustRun(t, "keygen", key)
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "sealed")
	keyOut = filepath.Join(dir, "interviewer.json")
	copyMini(t, src)
	mustRun(t, "pack", "seal", src, out, "--key", key, "--interview", keyOut)
	resultPath = writeResultFor(t, out, pick)
	return out, keyOut, resultPath
}

func writeResultFor(t *testing.T, packDir, pick string) string {
	t.Helper()
	rep, err := seal.VerifyPack(packDir)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	r := &play.InterviewResult{Version: play.ResultVersion, PackManifestDigest: rep.ManifestDigest, PackID: "mini",
		ScenarioID: "cache-stampede", Pick: pick, Justification: "the cache moved first", Attached: miniProofPins(t, packDir),
		Actions:    []game.Action{{Kind: game.ActTab, Detail: "metrics"}, {Offset: 5 * time.Minute, Kind: game.ActSubmit, Target: pick, Detail: "the cache moved first"}},
		TimerStart: start, TimerEnd: start.Add(5 * time.Minute), Deadline: start.Add(15 * time.Minute), FiredrillVersion: "test"}
	path := filepath.Join(t.TempDir(), "result.json")
	if err := play.WriteResult(path, r); err != nil {
		t.Fatal(err)
	}
	return path
}

// miniProofPins pins the sealed mini scenario's eviction line (proof of
// step 1) and its failing gateway span (step 3), as the game's panes do.
func miniProofPins(t *testing.T, packDir string) []game.Pin {
	t.Helper()
	p, errs := pack.Open(packDir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := p.Scenarios[0]
	var pins []game.Pin
	for i, l := range s.Logs {
		if strings.HasPrefix(l.Msg, "evicted 48213 keys") {
			pins = append(pins, game.LogPin(s, i))
		}
	}
	return append(pins, game.SpanPin(s.Traces[0], s.Traces[0].Spans[0]))
}

func TestGradeRightAndWrong(t *testing.T) {
	_, keyOut, result := interviewSetup(t, "cache-invalidation")
	out := mustRun(t, "grade", result, "--key", keyOut)
	for _, want := range []string{"verdict:  PROVEN", "score:    2500", "1. A cache invalidation bug evicted hot keys",
		"     shown by: log cache WARN: evicted 48213 keys (prefix catalog:v2:) at 14:10:00",
		"  2. Misses tripled database QPS; postgres saturated\n     not shown (no proof item for this step)",
		"  - span GET /checkout (api-gateway, error) at 14:12:01: showed step 3",
		"cache_hit_ratio falls", "The cache moved first.", "time on metrics: 5m0s",
		"the cause was first named in the submit's justification, at 5m0s",
		"Proven: your evidence showed the trigger (step 1) and step 3."} {
		if !strings.Contains(out, want) {
			t.Errorf("grade output lacks %q:\n%s", want, out)
		}
	}

	// The same pick with nothing attached: right but unproven, half the base.
	data, _ := os.ReadFile(result)
	var m map[string]any
	json.Unmarshal(data, &m)
	delete(m, "attached")
	data, _ = json.Marshal(m)
	os.WriteFile(result, data, 0o600)
	out = mustRun(t, "grade", result, "--key", keyOut)
	for _, want := range []string{"verdict:  RIGHT BUT UNPROVEN",
		"score:    750 (base 1500 = 1000 × 1.50 difficulty, speed bonus +0, hints −0, unproven −750: half the base, and the +1000 speed bonus)",
		"     not shown; would have: a log line: service cache, containing \"evicted 48213 keys\" | the metric cache_hit_ratio of cache, from 14:10:00 to 14:30:00",
		"attached: nothing", "You named the cause but attached no evidence"} {
		if !strings.Contains(out, want) {
			t.Errorf("unproven grade lacks %q:\n%s", want, out)
		}
	}

	// The candidate's file edited by hand: graded by what it now says.
	os.WriteFile(result, []byte(strings.Replace(string(data), `"pick":"cache-invalidation"`, `"pick":"inventory-down"`, 1)), 0o600)
	out = mustRun(t, "grade", result, "--key", keyOut)
	if !strings.Contains(out, "verdict:  WRONG") || !strings.Contains(out, "why inventory-down is wrong: inventory's latency stays normal") {
		t.Errorf("edited result graded as:\n%s", out)
	}
}

func TestGradeJSON(t *testing.T) {
	_, keyOut, result := interviewSetup(t, "db-slow-query")
	out := mustRun(t, "grade", result, "--key", keyOut, "--json")
	var g map[string]any
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	if g["correct"] != false || g["answer"] != "cache-invalidation" || g["pick"] != "db-slow-query" || g["verdict"] != "wrong" {
		t.Errorf("--json = %v", g)
	}
	// proof per step: the attached eviction line showed step 1, the span step 3
	proof, _ := g["proof"].(map[string]any)
	steps, _ := proof["steps"].([]any)
	if len(steps) != 3 {
		t.Fatalf("--json proof = %v", proof)
	}
	for i, wantShown := range []bool{true, false, true} {
		st := steps[i].(map[string]any)
		_, shown := st["shown_by"]
		if shown != wantShown || st["step"] != float64(i+1) {
			t.Errorf("--json proof step %d = %v; want shown %v", i+1, st, wantShown)
		}
	}
	if wd, _ := steps[0].(map[string]any)["would_show"].([]any); len(wd) != 2 {
		t.Errorf("step 1 would_show = %v", wd)
	}
	if _, ok := g["coaching"].(map[string]any); !ok {
		t.Error("--json has no coaching object")
	}
}

func TestGradeRefusesOtherPack(t *testing.T) {
	_, keyOut, _ := interviewSetup(t, "cache-invalidation")
	otherPack, _, otherResult := interviewSetup(t, "cache-invalidation")
	_, code, err := run(t, "grade", otherResult, "--key", keyOut)
	if code != 1 || err == nil || !strings.Contains(err.Error(), "was made for another pack") {
		t.Errorf("other pack: exit %d, %v; want 1 and a clear refusal", code, err)
	}
	if _, code, err := run(t, "grade", otherResult, "--key", keyOut, "--pack", otherPack); code != 1 || !strings.Contains(err.Error(), "not the pack this key was sealed with") {
		t.Errorf("--pack of another pack: exit %d, %v", code, err)
	}
	if _, code, _ := run(t, "grade", otherResult); code != 2 {
		t.Errorf("grade without --key: exit %d; want 2", code)
	}
}

func TestGradeWithPack(t *testing.T) {
	pack, keyOut, result := interviewSetup(t, "cache-invalidation")
	out := mustRun(t, "grade", result, "--key", keyOut, "--pack", pack)
	if !strings.Contains(out, "verdict:  PROVEN") || !strings.Contains(out, "shown by: log cache WARN: evicted 48213 keys (prefix catalog:v2:) at +10m") {
		t.Errorf("grade --pack printed:\n%s", out)
	}
}
