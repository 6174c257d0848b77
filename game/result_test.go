package game

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// playInterview plays the mini scenario on the sealed pack dir: a few
// actions, a note, then a submit of pick after used minutes.
func playInterview(t *testing.T, dir, pick string, used time.Duration) *InterviewResult {
	t.Helper()
	rep, err := VerifyPackWith(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, errs := Open(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	clock := newTestClock() // session_test.go
	s, err := newSessionClock(SessionConfig{PackID: p.ID, PackSource: dir, PackDigest: rep.ManifestDigest,
		Scenario: p.Scenarios[0], Mode: ModeInterview}, clock.now)
	if err != nil {
		t.Fatal(err)
	}
	s.Record(ActTab, "", "logs")
	clock.advance(used / 2)
	s.Record(ActTab, "", "metrics")
	s.Record(ActNote, "", "cache hit ratio fell: cache invalidation evicting keys?")
	clock.advance(used / 2)
	if _, err := NewInterviewResult(s, clock.now(), "test"); err == nil {
		t.Error("a result was made while the clock runs")
	}
	s.Submit(pick, "hit ratio \x1b[2Jdrops first", clock.now())
	r, err := NewInterviewResult(s, clock.now(), "v-test")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestResultWriteReadRoundTrip(t *testing.T) {
	dir := sealMini(t, SealOptions{Key: testKey(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")})
	r := playInterview(t, dir, "cache-invalidation", 6*time.Minute)
	if r.TimeUsed() != 6*time.Minute || r.TimeLimit() != 15*time.Minute {
		t.Errorf("used %v of %v; want 6m of 15m", r.TimeUsed(), r.TimeLimit())
	}
	path := filepath.Join(t.TempDir(), "result.json")
	if err := WriteResult(path, r); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("result file: %v, %v; want mode 0600", st, err)
	}
	got, err := ReadResult(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, r)
	}
	if len(got.Actions) != 4 || got.Actions[3].Kind != ActSubmit {
		t.Errorf("actions = %+v; want 4 ending in the submit", got.Actions)
	}
}

func TestParseResultRejects(t *testing.T) {
	dir := sealMini(t, SealOptions{Key: testKey(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")})
	good, _ := json.Marshal(playInterview(t, dir, "db-slow-query", time.Minute))
	edit := func(f func(m map[string]any)) string {
		var m map[string]any
		json.Unmarshal(good, &m)
		f(m)
		out, _ := json.Marshal(m)
		return string(out)
	}
	cases := []struct{ name, in, want string }{
		{"unknown field", edit(func(m map[string]any) { m["score"] = 9000 }), "unknown field"},
		{"trailing data", string(good) + "{}", "trailing"},
		{"newer version", edit(func(m map[string]any) { m["version"] = 2 }), "version 2"},
		{"bad digest", edit(func(m map[string]any) { m["pack_manifest_digest"] = "abc" }), "hex sha256"},
		{"bad pick", edit(func(m map[string]any) { m["pick"] = "../x" }), "not a choice id"},
		{"deadline before start", edit(func(m map[string]any) { m["deadline"] = "2000-01-01T00:00:00Z" }), "time limit"},
		{"end before start", edit(func(m map[string]any) { m["timer_end"] = "2000-01-01T00:00:00Z" }), "before timer_start"},
		{"offsets backwards", edit(func(m map[string]any) {
			m["actions"] = []any{map[string]any{"offset": 5, "kind": "tab"}, map[string]any{"offset": 1, "kind": "tab"}}
		}), "monotonic"},
		{"not json", "\x00", "not a result file"},
		{"array", "[]", "not a result file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseResult([]byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v; want %q", err, c.want)
			}
		})
	}
	if _, err := ParseResult(good); err != nil {
		t.Errorf("the unedited result fails: %v", err)
	}
}

// FuzzResultFile: any bytes either fail to parse or parse into a result
// that writes and reads back the same. Never a panic.
func FuzzResultFile(f *testing.F) {
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`{"version":1,"pack_manifest_digest":"` + digestA + `","pack_id":"p","scenario_id":"s","pick":"",` +
		`"justification":"","notebook":{"hypotheses":null},"actions":[{"offset":1,"kind":"tab"}],` +
		`"timer_start":"2026-01-01T00:00:00Z","timer_end":"2026-01-01T00:01:00Z","deadline":"2026-01-01T00:15:00Z","firedrill_version":"x"}`))
	f.Add([]byte(`{"actions":[{"offset":-1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseResult(data)
		if err != nil {
			return
		}
		again, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseResult(again); err != nil {
			t.Fatalf("a parsed result does not parse again: %v\n%s", err, again)
		}
	})
}

func TestGradeInterview(t *testing.T) {
	keyOut := filepath.Join(t.TempDir(), "k.json")
	dir := sealMini(t, SealOptions{Key: testKey(3), InterviewKeyOut: keyOut})
	key, err := ReadAnswerKeyFile(keyOut)
	if err != nil {
		t.Fatal(err)
	}
	src := loadMini(t).Scenarios[0].Answer

	right, err := GradeInterview(playInterview(t, dir, "cache-invalidation", 6*time.Minute), key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !right.Correct || right.Score.Total != 1500+900 || !reflect.DeepEqual(right.Chain, src.Chain) || right.WhyWrong != "" {
		t.Errorf("right pick: correct %v, score %+v, chain %v", right.Correct, right.Score, right.Chain)
	}
	if !right.Coaching.FoundRightHypothesis || right.Coaching.TabTime["logs"] != 3*time.Minute {
		t.Errorf("coaching = %+v; want the note found and 3m on logs", right.Coaching)
	}
	if strings.Contains(right.Justification, "\x1b") {
		t.Error("the justification was not sanitized")
	}

	wrong, err := GradeInterview(playInterview(t, dir, "inventory-down", time.Minute), key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if wrong.Correct || wrong.Score.Total != 0 || wrong.WhyWrong != src.Wrong["inventory-down"] || wrong.Debrief != src.Debrief {
		t.Errorf("wrong pick: %+v", wrong)
	}

	edited := playInterview(t, dir, "inventory-down", time.Minute)
	edited.Pick = "cache-invalidation"
	if g, err := GradeInterview(edited, key, nil); err != nil || !g.Correct {
		t.Errorf("edited pick: %v, %v; want graded as the new pick", g, err)
	}
	edited.Pick = "no-such-choice"
	if _, err := GradeInterview(edited, key, nil); !errors.Is(err, ErrUnknownChoice) {
		t.Errorf("unknown pick: %v; want ErrUnknownChoice", err)
	}
	edited.Pick = ""
	if g, err := GradeInterview(edited, key, nil); err != nil || g.Correct || g.Answer != "cache-invalidation" {
		t.Errorf("no pick: %+v, %v; want wrong, with the answer revealed", g, err)
	}

	otherKey := filepath.Join(t.TempDir(), "other.json")
	other := sealMini(t, SealOptions{Key: testKey(3), InterviewKeyOut: otherKey})
	if _, err := GradeInterview(playInterview(t, other, "cache-invalidation", time.Minute), key, nil); !errors.Is(err, ErrOtherPack) {
		t.Errorf("result from another pack: %v; want ErrOtherPack", err)
	}
	solo, _ := ReadAnswerKeyFile(filepath.Join(sealMini(t, SealOptions{Key: testKey(3)}), AnswersFile))
	if _, err := GradeInterview(playInterview(t, dir, "cache-invalidation", time.Minute), solo, nil); err == nil {
		t.Error("graded with a solo pack's key")
	}
}
