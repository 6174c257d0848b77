package play_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/internal/gametest"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/game/seal"
)

// playInterview plays the mini scenario on the sealed pack dir: a few
// actions, a note, then a submit of pick after used minutes.
func playInterview(t *testing.T, dir, pick string, used time.Duration) *play.InterviewResult {
	return playInterviewWith(t, dir, pick, used, nil)
}

// playInterviewWith is playInterview that pins and attaches the signals
// attach picks from the scenario.
func playInterviewWith(t *testing.T, dir, pick string, used time.Duration, attach func(*game.Scenario) []game.Pin) *play.InterviewResult {
	t.Helper()
	rep, err := seal.VerifyPackWith(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := mustOpen(t, dir)
	clock := gametest.NewClock()
	s, err := play.NewSession(play.SessionConfig{PackID: p.ID, PackSource: dir, PackDigest: rep.ManifestDigest,
		Scenario: p.Scenarios[0], Mode: game.ModeInterview, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	s.Record(game.ActTab, "", "logs")
	clock.Advance(used / 2)
	s.Record(game.ActTab, "", "metrics")
	s.Record(game.ActNote, "", "cache hit ratio fell: cache invalidation evicting keys?")
	clock.Advance(used / 2)
	if _, err := play.NewInterviewResult(s, "test"); err == nil {
		t.Error("a result was made while the clock runs")
	}
	if attach != nil {
		pins := attach(p.Scenarios[0])
		for _, pin := range pins {
			s.PinEvidence(1, pin)
		}
		s.AttachEvidence(pins)
	}
	s.Submit(pick, "hit ratio \x1b[2Jdrops first", clock.Now())
	r, err := play.NewInterviewResult(s, "v-test")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sealMini seals a temp copy of the mini pack and returns the sealed folder.
func sealMini(t *testing.T, opts seal.Options) string {
	t.Helper()
	return gametest.SealedMini(t, func(src, out string) error {
		_, err := seal.Pack(src, out, opts)
		return err
	})
}

func mustOpen(t *testing.T, dir string) *game.Pack {
	t.Helper()
	p, errs := pack.Open(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return p
}

func TestResultWriteReadRoundTrip(t *testing.T) {
	dir := sealMini(t, seal.Options{Key: gametest.Key(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")})
	r := playInterview(t, dir, "cache-invalidation", 6*time.Minute)
	if r.TimeUsed() != 6*time.Minute || r.TimeLimit() != 15*time.Minute {
		t.Errorf("used %v of %v; want 6m of 15m", r.TimeUsed(), r.TimeLimit())
	}
	path := filepath.Join(t.TempDir(), "result.json")
	if err := play.WriteResult(path, r); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("result file: %v, %v; want mode 0600", st, err)
	}
	got, err := play.ReadResult(path)
	if err != nil {
		t.Fatal(err)
	}
	// the escape the candidate typed comes back shown, not obeyed
	want := *r
	want.Justification = "hit ratio ^[[2Jdrops first"
	want.Actions = append([]game.Action(nil), r.Actions...)
	want.Actions[3].Detail = want.Justification
	want.Chain = play.ChainCheck{Checked: true, BrokenAt: -1} // checked before the escape was made visible
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, &want)
	}
	if len(got.Actions) != 4 || got.Actions[3].Kind != game.ActSubmit {
		t.Errorf("actions = %+v; want 4 ending in the submit", got.Actions)
	}
}

// readBack writes r to a file and reads it back, as grade reads a
// candidate's result.
func readBack(t *testing.T, r *play.InterviewResult) *play.InterviewResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), "result.json")
	if err := play.WriteResult(path, r); err != nil {
		t.Fatal(err)
	}
	got, err := play.ReadResult(path)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// A hand-edited result file cannot carry escapes to the terminal: every
// free-text field comes out of the reader display-safe.
func TestReadResultSanitizes(t *testing.T) {
	dir := sealMini(t, seal.Options{Key: gametest.Key(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")})
	r := playInterview(t, dir, "cache-invalidation", time.Minute)
	evil := "a\x1b]52;c;aGk=\x07b\u202ec\nd"
	r.FiredrillVersion = evil
	r.Actions[0].Target, r.Actions[0].Detail, r.Actions[0].Service = evil, evil, evil
	r.Notebook = game.Notebook{Hints: []string{evil}, Hypotheses: []game.Hypothesis{{ID: 1, Text: evil,
		Evidence: []game.Pin{{Kind: game.PinLog, Ref: evil, Service: evil, Label: evil}}}}}
	got := readBack(t, r)
	h := got.Notebook.Hypotheses[0]
	oneLine := []string{got.Justification, got.FiredrillVersion, got.Actions[0].Target, got.Actions[0].Detail,
		got.Actions[0].Service, h.Evidence[0].Ref, h.Evidence[0].Service, h.Evidence[0].Label}
	for _, text := range oneLine {
		if bad := gametest.DisplaySafe(text, false); bad != "" {
			t.Error(bad)
		}
	}
	for _, text := range []string{h.Text, got.Notebook.Hints[0]} {
		if bad := gametest.DisplaySafe(text, true); bad != "" || !strings.Contains(text, "\n") {
			t.Errorf("%q: %s (multi-line text keeps its lines)", text, bad)
		}
	}
}

func TestParseResultRejects(t *testing.T) {
	dir := sealMini(t, seal.Options{Key: gametest.Key(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")})
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
		{"newer version", edit(func(m map[string]any) { m["version"] = 3 }), "version 3"},
		{"older version", edit(func(m map[string]any) { m["version"] = 1 }), "version 1"},
		{"bad digest", edit(func(m map[string]any) { m["pack_manifest_digest"] = "abc" }), "hex sha256"},
		{"bad pick", edit(func(m map[string]any) { m["pick"] = "../x" }), "not a choice id"},
		{"deadline before start", edit(func(m map[string]any) { m["deadline"] = "2000-01-01T00:00:00Z" }), "time limit"},
		{"offsets backwards", edit(func(m map[string]any) {
			m["actions"] = []any{map[string]any{"offset": 5, "kind": "tab"}, map[string]any{"offset": 1, "kind": "tab"}}
		}), "monotonic"},
		{"not json", "\x00", "not a result file"},
		{"array", "[]", "not a result file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := play.ParseResult([]byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v; want %q", err, c.want)
			}
		})
	}
	if _, err := play.ParseResult(good); err != nil {
		t.Errorf("the unedited result fails: %v", err)
	}
}

// FuzzResultFile: any bytes either fail to parse or parse into a result
// that writes and reads back the same. Never a panic.
func FuzzResultFile(f *testing.F) {
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`{"version":2,"pack_manifest_digest":"` + strings.Repeat("a", 64) + `","pack_id":"p","scenario_id":"s","pick":"",` +
		`"justification":"","notebook":{"hypotheses":null},"actions":[{"offset":1,"kind":"tab"}],` +
		`"timer_start":"2026-01-01T00:00:00Z","timer_end":"2026-01-01T00:01:00Z","deadline":"2026-01-01T00:15:00Z","firedrill_version":"x"}`))
	f.Add([]byte(`{"actions":[{"offset":-1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := play.ParseResult(data)
		if err != nil {
			return
		}
		again, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := play.ParseResult(again); err != nil {
			t.Fatalf("a parsed result does not parse again: %v\n%s", err, again)
		}
	})
}

func TestGradeInterview(t *testing.T) {
	keyOut := filepath.Join(t.TempDir(), "k.json")
	dir := sealMini(t, seal.Options{Key: gametest.Key(3), InterviewKeyOut: keyOut})
	key, err := seal.ReadAnswerKeyFile(keyOut)
	if err != nil {
		t.Fatal(err)
	}
	src := mustOpen(t, gametest.MiniPack()).Scenarios[0].Answer

	right, err := grade.Interview(readBack(t, playInterviewWith(t, dir, "cache-invalidation", 6*time.Minute, miniProofPins)), key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !right.Correct || right.Verdict != grade.VerdictProven || right.Score.Total != 1500+900 ||
		!reflect.DeepEqual(right.Chain, src.Chain) || right.WhyWrong != "" {
		t.Errorf("right pick: correct %v, verdict %s, score %+v, chain %v", right.Correct, right.Verdict, right.Score, right.Chain)
	}
	if st := right.Proof.Steps; len(st) != 3 || st[0].ShownBy == nil || st[1].ShownBy != nil || st[2].ShownBy == nil {
		t.Errorf("proof per step: %+v", st)
	}
	unproven, err := grade.Interview(readBack(t, playInterview(t, dir, "cache-invalidation", 6*time.Minute)), key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !unproven.Correct || unproven.Verdict != grade.VerdictUnproven || unproven.Score.Total != 750 || unproven.Score.SpeedForfeited != 900 {
		t.Errorf("right pick, nothing attached: verdict %s, score %+v; want unproven, 750", unproven.Verdict, unproven.Score)
	}
	if !right.Coaching.FoundRightHypothesis || right.Coaching.TabTime["logs"] != 3*time.Minute {
		t.Errorf("coaching = %+v; want the note found and 3m on logs", right.Coaching)
	}
	if strings.Contains(right.Justification, "\x1b") {
		t.Error("the justification was not sanitized")
	}

	wrong, err := grade.Interview(playInterview(t, dir, "inventory-down", time.Minute), key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if wrong.Correct || wrong.Score.Total != 0 || wrong.WhyWrong != src.Wrong["inventory-down"] || wrong.Debrief != src.Debrief {
		t.Errorf("wrong pick: %+v", wrong)
	}

	edited := playInterview(t, dir, "inventory-down", time.Minute)
	edited.Pick = "cache-invalidation"
	if g, err := grade.Interview(edited, key, nil); err != nil || !g.Correct {
		t.Errorf("edited pick: %v, %v; want graded as the new pick", g, err)
	}
	edited.Pick = "no-such-choice"
	if _, err := grade.Interview(edited, key, nil); !errors.Is(err, grade.ErrUnknownChoice) {
		t.Errorf("unknown pick: %v; want ErrUnknownChoice", err)
	}
	edited.Pick = ""
	if g, err := grade.Interview(edited, key, nil); err != nil || g.Correct || g.Answer != "cache-invalidation" {
		t.Errorf("no pick: %+v, %v; want wrong, with the answer revealed", g, err)
	}

	otherKey := filepath.Join(t.TempDir(), "other.json")
	other := sealMini(t, seal.Options{Key: gametest.Key(3), InterviewKeyOut: otherKey})
	if _, err := grade.Interview(playInterview(t, other, "cache-invalidation", time.Minute), key, nil); !errors.Is(err, play.ErrOtherPack) {
		t.Errorf("result from another pack: %v; want ErrOtherPack", err)
	}
	solo, _ := seal.ReadAnswerKeyFile(filepath.Join(sealMini(t, seal.Options{Key: gametest.Key(3)}), seal.AnswersFile))
	if _, err := grade.Interview(playInterview(t, dir, "cache-invalidation", time.Minute), solo, nil); err == nil {
		t.Error("graded with a solo pack's key")
	}
}

// miniProofPins pins the mini scenario's cache eviction line (step 1) and
// the failing gateway span (step 3), as the panes would.
func miniProofPins(s *game.Scenario) []game.Pin {
	var pins []game.Pin
	for i, l := range s.Logs.All() {
		if strings.Contains(l.Msg, "evicted 48213 keys") {
			pins = append(pins, game.LogPin(s, i))
		}
	}
	t := s.Traces[0]
	return append(pins, game.SpanPin(t, t.Spans[0]))
}

// The attached pins travel in result.json, survive the reader and are
// capped at game.MaxAttached; a result file from before proof grading
// (no "attached") still reads.
func TestResultAttached(t *testing.T) {
	dir := sealMini(t, seal.Options{Key: gametest.Key(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")})
	r := playInterviewWith(t, dir, "cache-invalidation", time.Minute, miniProofPins)
	got := readBack(t, r)
	if len(got.Attached) != 2 || got.Attached[0].Text != "evicted 48213 keys (prefix catalog:v2:)" || got.Attached[1].Status != game.StatusError {
		t.Fatalf("attached = %+v", got.Attached)
	}
	n := 0
	for _, a := range got.Actions {
		if a.Kind == game.ActAttach {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d attach actions in the log; want 2", n)
	}
	data, _ := json.Marshal(r)
	var m map[string]any
	json.Unmarshal(data, &m)
	delete(m, "attached")
	old, _ := json.Marshal(m)
	if back, err := play.ParseResult(old); err != nil || back.Attached != nil {
		t.Errorf("a result without attached: %v, %+v", err, back)
	}
	pin := map[string]any{"kind": "log", "ref": "1", "at": "2025-08-20T14:10:00Z", "service": "cache", "label": "x"}
	m["attached"] = []any{pin, pin, pin, pin, pin, pin}
	six, _ := json.Marshal(m)
	if _, err := play.ParseResult(six); err == nil || !strings.Contains(err.Error(), "at most 5") {
		t.Errorf("six attached pins: %v", err)
	}
}
