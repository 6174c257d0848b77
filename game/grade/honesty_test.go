package grade

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
	"firedrill/game/play"
)

// interviewRun drives an interview session of the cache scenario (15 min)
// on a test clock and hands back its result as the candidate's file holds
// it. The pack digest is a stand-in: CheckTime does not look at the pack.
type interviewRun struct {
	t   *testing.T
	clk *gametest.Clock
	dir string
	s   *play.Session
}

func newInterviewRun(t *testing.T) *interviewRun {
	t.Helper()
	clk := gametest.NewClock()
	s, err := play.NewSession(play.SessionConfig{PackID: "mini", PackSource: "x", PackDigest: strings.Repeat("ab", 32),
		Scenario: gametest.CacheScenario(), Mode: game.ModeInterview, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	return &interviewRun{t: t, clk: clk, dir: t.TempDir(), s: s}
}

func (r *interviewRun) act(after time.Duration, kind game.ActionKind, detail string) {
	r.clk.Advance(after)
	r.s.Record(kind, "", detail)
}

// closeFor quits the game (saving), waits d on the wall clock and resumes.
func (r *interviewRun) closeFor(d time.Duration) {
	r.t.Helper()
	if err := r.s.Save(r.dir); err != nil {
		r.t.Fatal(err)
	}
	r.clk.Advance(d)
	s, err := play.LoadSession(r.s.Path(r.dir))
	if err != nil {
		r.t.Fatal(err)
	}
	s.SetClock(r.clk.Now)
	s.Resume()
	r.s = s
}

func (r *interviewRun) submit(after time.Duration, pick string) {
	r.clk.Advance(after)
	r.s.Submit(pick, "", r.clk.T)
}

func (r *interviewRun) timeUp(after time.Duration) {
	r.clk.Advance(after)
	r.s.TimeUp(r.clk.T)
}

// file is the result as written and read back, with edit applied to its
// JSON first (nil: untouched).
func (r *interviewRun) file(edit func(m map[string]any)) *play.InterviewResult {
	r.t.Helper()
	res, err := play.NewInterviewResult(r.s, "test")
	if err != nil {
		r.t.Fatal(err)
	}
	data, err := json.Marshal(res)
	if err != nil {
		r.t.Fatal(err)
	}
	if edit != nil {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			r.t.Fatal(err)
		}
		edit(m)
		data, _ = json.Marshal(m)
	}
	got, err := play.ParseResult(data)
	if err != nil {
		r.t.Fatal(err)
	}
	return got
}

func shiftTime(m map[string]any, field string, d time.Duration) {
	t, err := time.Parse(time.RFC3339Nano, m[field].(string))
	if err != nil {
		panic(err)
	}
	m[field] = t.Add(d).Format(time.RFC3339Nano)
}

func flagCodes(h Honesty) []string {
	var out []string
	for _, f := range h.Flags {
		out = append(out, f.Code)
	}
	return out
}

func hasFlag(h Honesty, code string) (Flag, bool) {
	for _, f := range h.Flags {
		if f.Code == code {
			return f, true
		}
	}
	return Flag{}, false
}

// An honest result shows no flag: in one sitting, across a quit and
// resume, and when time runs out and the pick follows at once.
func TestCheckTimeHonest(t *testing.T) {
	for _, tc := range []struct {
		name     string
		play     func(r *interviewRun)
		wantUsed time.Duration
		wantStop game.ActionKind
		wantRuns int
	}{
		{"one sitting", func(r *interviewRun) {
			r.act(0, game.ActTab, "logs")
			r.act(2*time.Minute, game.ActSearch, "timeout")
			r.submit(3*time.Minute, "cache-invalidation")
		}, 5 * time.Minute, game.ActSubmit, 1},
		{"quit and resume", func(r *interviewRun) {
			r.act(0, game.ActTab, "logs")
			r.act(2*time.Minute, game.ActSearch, "timeout")
			r.closeFor(3 * time.Minute)
			r.act(time.Minute, game.ActTab, "metrics")
			r.submit(time.Minute, "cache-invalidation")
		}, 7 * time.Minute, game.ActSubmit, 2},
		{"time ran out, pick at once", func(r *interviewRun) {
			r.act(0, game.ActTab, "logs")
			r.timeUp(15 * time.Minute)
			r.submit(35*time.Second, "cache-invalidation")
		}, 15 * time.Minute, game.ActTimeUp, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newInterviewRun(t)
			tc.play(r)
			h := CheckTime(r.file(nil), 15*time.Minute)
			if len(h.Flags) != 0 {
				t.Errorf("an honest result is flagged: %+v", h.Flags)
			}
			if h.TimeUsed != tc.wantUsed || h.Stop != string(tc.wantStop) || h.Runs != tc.wantRuns {
				t.Errorf("used %v stop %q runs %d; want %v %q %d", h.TimeUsed, h.Stop, h.Runs, tc.wantUsed, tc.wantStop, tc.wantRuns)
			}
			if want := gametest.NewClock().T.Add(15 * time.Minute); !h.Deadline.Equal(want) {
				t.Errorf("deadline %v, want %v", h.Deadline, want)
			}
		})
	}
}

// Finding 1: overtime hidden, times that disagree, and edits of the file
// or the clock are flagged, each with what it is and by how much.
func TestCheckTimeFlags(t *testing.T) {
	played := func(r *interviewRun) {
		r.act(0, game.ActTab, "logs")
		r.act(20*time.Second, game.ActSearch, "timeout")
		r.submit(14*time.Second, "cache-invalidation")
	}
	for _, tc := range []struct {
		name     string
		play     func(r *interviewRun)
		edit     func(m map[string]any)
		want     string
		wantBy   time.Duration // 0: not checked
		wantUsed time.Duration // 0: not checked
	}{
		{"timer_end two hours past the deadline", played, func(m map[string]any) { shiftTime(m, "timer_end", 2*time.Hour) },
			FlagOvertime, 2*time.Hour + 34*time.Second - 15*time.Minute, 2*time.Hour + 34*time.Second},
		{"timer_end two hours late disagrees with the log", played, func(m map[string]any) { shiftTime(m, "timer_end", 2*time.Hour) },
			FlagTimesDisagree, 0, 0},
		{"timer_end 5 s after start, the log runs to 34 s", played, func(m map[string]any) {
			shiftTime(m, "timer_end", 5*time.Second-34*time.Second)
		}, FlagTimesDisagree, 0, 34 * time.Second},
		{"an action edited", played, func(m map[string]any) {
			m["actions"].([]any)[1].(map[string]any)["detail"] = "something else"
		}, FlagChainBroken, 0, 0},
		{"an action removed", played, func(m map[string]any) {
			acts := m["actions"].([]any)
			m["actions"] = append(acts[:1:1], acts[2:]...)
		}, FlagChainBroken, 0, 0},
		{"the deadline edited", played, func(m map[string]any) { shiftTime(m, "deadline", time.Hour) }, FlagDeadlineEdited, 0, 0},
		{"timer_start moved later", played, func(m map[string]any) {
			shiftTime(m, "timer_start", time.Hour)
			shiftTime(m, "deadline", time.Hour)
			shiftTime(m, "timer_end", time.Hour+time.Minute)
		}, FlagChainBroken, 0, 0},
		{"clock set back while closed", func(r *interviewRun) {
			r.act(0, game.ActTab, "logs")
			r.act(5*time.Minute, game.ActSearch, "timeout")
			r.closeFor(-time.Hour)
			r.submit(4*time.Minute, "cache-invalidation")
		}, nil, FlagClockBack, time.Hour, 0},
		{"clock set back while open", func(r *interviewRun) {
			r.act(0, game.ActTab, "logs")
			r.act(5*time.Minute, game.ActSearch, "timeout")
			r.act(-3*time.Minute, game.ActTab, "metrics")
			r.submit(time.Minute, "cache-invalidation")
		}, nil, FlagClockBack, 0, 0},
		{"picked forty minutes after time ran out", func(r *interviewRun) {
			r.act(0, game.ActTab, "logs")
			r.timeUp(15 * time.Minute)
			r.closeFor(40 * time.Minute)
			r.submit(10*time.Second, "cache-invalidation")
		}, nil, FlagLatePick, 40*time.Minute + 10*time.Second, 15 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newInterviewRun(t)
			tc.play(r)
			h := CheckTime(r.file(tc.edit), 15*time.Minute)
			f, ok := hasFlag(h, tc.want)
			if !ok {
				t.Fatalf("no %s flag; flags %v", tc.want, h.Flags)
			}
			if f.Text == "" {
				t.Errorf("flag %s says nothing", f.Code)
			}
			if tc.wantBy != 0 && (f.By-tc.wantBy).Abs() > time.Second {
				t.Errorf("%s by %v, want %v", f.Code, f.By, tc.wantBy)
			}
			if tc.wantUsed != 0 && h.TimeUsed != tc.wantUsed {
				t.Errorf("time used %v, want %v", h.TimeUsed, tc.wantUsed)
			}
		})
	}
}
