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
	return writeEditedResult(t, packDir, pick, nil)
}

// writeEditedResult plays an interview on packDir as the candidate's game
// would (a tab, then pick after 5 minutes, on a test clock) and writes its
// result.json, with edit applied to the file's JSON first (nil: untouched).
func writeEditedResult(t *testing.T, packDir, pick string, edit func(m map[string]any)) string {
	t.Helper()
	rep, err := seal.VerifyPack(packDir)
	if err != nil {
		t.Fatal(err)
	}
	p, errs := pack.Open(packDir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	now := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	s, err := play.NewSession(play.SessionConfig{PackID: p.ID, PackSource: packDir, PackDigest: rep.ManifestDigest,
		Scenario: p.Scenarios[0], Mode: game.ModeInterview, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	s.Record(game.ActTab, "", "metrics")
	// pin the proof of steps 1 and 3 and attach both, as the submit screen does
	pins := miniProofPins(t, packDir)
	id := s.AddHypothesis("what moved first?", p.Scenarios[0].Start)
	for _, pin := range pins {
		s.PinEvidence(id, pin)
	}
	s.AttachEvidence(pins)
	now = now.Add(5 * time.Minute)
	s.Submit(pick, "the cache moved first", now)
	r, err := play.NewInterviewResult(s, "test")
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		data, _ = json.MarshalIndent(m, "", "  ")
	}
	path := filepath.Join(t.TempDir(), "result.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
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
	for i, l := range s.Logs.All() {
		if strings.HasPrefix(l.Msg, "evicted 48213 keys") {
			pins = append(pins, game.LogPin(s, i))
		}
	}
	return append(pins, game.SpanPin(s.Traces[0], s.Traces[0].Spans[0]))
}

func TestGradeRightAndWrong(t *testing.T) {
	_, keyOut, result := interviewSetup(t, "cache-invalidation")
	out := mustRun(t, "grade", result, "--key", keyOut)
	for _, want := range []string{"verdict:  PROVEN", "score:    2500", "honesty:  no flags", "1. A cache invalidation bug evicted hot keys",
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
		"     not shown; would have: a log line: service cache, containing \"evicted 48213 keys\" | the metric cache_hit_ratio of cache, pinned with the cursor between 14:10:00 and 14:30:00",
		"attached: nothing", "You named the cause but attached no evidence",
		// the attach actions are in the chained log: the edit shows
		"  ! attached-edited: the file attaches 0 pin(s), the action log records attaching 2, and they differ"} {
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
	if !strings.Contains(out, "verdict:  PROVEN") || !strings.Contains(out, "shown by: log cache WARN: evicted 48213 keys (prefix catalog:v2:) at +10:00") {
		t.Errorf("grade --pack printed:\n%s", out)
	}
}

// Finding 1: a result whose timer_end was moved two hours past its
// deadline graded as "15m0s used of 15m0s". grade now flags it, in text
// and --json, and --strict exits non-zero; the untouched result grades
// clean and --strict passes.
func TestGradeFlagsAnEditedTimerEnd(t *testing.T) {
	sealed, keyOut, honest := interviewSetup(t, "cache-invalidation")
	out := mustRun(t, "grade", honest, "--key", keyOut, "--strict")
	if !strings.Contains(out, "honesty:  no flags") || !strings.Contains(out, "time:     5m0s used of 15m0s") {
		t.Errorf("an honest result:\n%s", out)
	}
	late := writeEditedResult(t, sealed, "cache-invalidation", func(m map[string]any) {
		m["timer_end"] = "2026-03-04T11:05:00Z" // two hours after the real submit
	})
	out = mustRun(t, "grade", late, "--key", keyOut)
	for _, want := range []string{"time:     2h5m0s used of 15m0s", "! overtime: submitted 1h50m0s after the deadline",
		"! times-disagree"} {
		if !strings.Contains(out, want) {
			t.Errorf("an edited timer_end: output lacks %q:\n%s", want, out)
		}
	}
	if _, code, err := run(t, "grade", late, "--key", keyOut, "--strict"); code != 3 || err == nil {
		t.Errorf("--strict on a flagged result: exit %d (%v); want 3", code, err)
	}
	var g struct {
		Honesty struct {
			Flags []struct {
				Code string `json:"code"`
				By   int64  `json:"by_ns"`
			} `json:"flags"`
		} `json:"honesty"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "grade", late, "--key", keyOut, "--json")), &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Honesty.Flags) == 0 || g.Honesty.Flags[0].Code != "overtime" || time.Duration(g.Honesty.Flags[0].By) != 110*time.Minute {
		t.Errorf("--json flags = %+v; want overtime by 1h50m first", g.Honesty.Flags)
	}
}

// Finding 7: an empty pick printed "time ran out" when 35 s were used.
// It says time ran out only when the log says so.
func TestGradeEmptyPickSaysWhy(t *testing.T) {
	sealed, keyOut, _ := interviewSetup(t, "cache-invalidation")
	out := mustRun(t, "grade", writeResultFor(t, sealed, ""), "--key", keyOut)
	if !strings.Contains(out, "pick:     (none: no pick was made)") || strings.Contains(out, "time ran out") {
		t.Errorf("an empty pick submitted after 5 minutes:\n%s", out)
	}
}

// Finding 7: grade --key given the signing key printed a raw JSON error.
// Each wrong file gets one clear line saying what it is and what to pass.
func TestGradeKeyIsNotTheAnswerKey(t *testing.T) {
	sealed, _, result := interviewSetup(t, "cache-invalidation")
	author := filepath.Join(filepath.Dir(sealed), "author") // interviewSetup's keygen
	for _, tc := range []struct{ key, want string }{
		{author, "is a private signing key (firedrill keygen), not an answer key"},
		{author + ".pub", "is a public key (firedrill keygen), not an answer key"},
		{result, "is not an answer key"},
	} {
		_, code, err := run(t, "grade", result, "--key", tc.key)
		if code != 1 || err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "invalid character") ||
			strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "pack seal --interview") {
			t.Errorf("--key %s: exit %d, %v; want one line saying %q", filepath.Base(tc.key), code, err, tc.want)
		}
	}
}
