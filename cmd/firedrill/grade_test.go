package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"firedrill/game"
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
		ScenarioID: "cache-stampede", Pick: pick, Justification: "the cache moved first",
		Actions:    []game.Action{{Kind: game.ActTab, Detail: "metrics"}, {Offset: 5 * time.Minute, Kind: game.ActSubmit, Target: pick}},
		TimerStart: start, TimerEnd: start.Add(5 * time.Minute), Deadline: start.Add(15 * time.Minute), FiredrillVersion: "test"}
	path := filepath.Join(t.TempDir(), "result.json")
	if err := play.WriteResult(path, r); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestGradeRightAndWrong(t *testing.T) {
	_, keyOut, result := interviewSetup(t, "cache-invalidation")
	out := mustRun(t, "grade", result, "--key", keyOut)
	for _, want := range []string{"verdict:  CORRECT", "score:    2500", "1. A cache invalidation bug evicted hot keys",
		"cache_hit_ratio falls", "The cache moved first.", "time on metrics: 5m0s"} {
		if !strings.Contains(out, want) {
			t.Errorf("grade output lacks %q:\n%s", want, out)
		}
	}

	// The candidate's file edited by hand: graded by what it now says.
	data, _ := os.ReadFile(result)
	os.WriteFile(result, []byte(strings.Replace(string(data), `"pick": "cache-invalidation"`, `"pick": "inventory-down"`, 1)), 0o600)
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
	if g["correct"] != false || g["answer"] != "cache-invalidation" || g["pick"] != "db-slow-query" {
		t.Errorf("--json = %v", g)
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
	if !strings.Contains(out, "verdict:  CORRECT") {
		t.Errorf("grade --pack printed:\n%s", out)
	}
}
