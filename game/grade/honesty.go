package grade

import (
	"fmt"
	"slices"
	"time"

	"firedrill/game"
	"firedrill/game/play"
)

// Honesty is what grade can check, offline, about the time a result
// claims: the game's clock (each action's offset), the monotonic time the
// game was open and the wall-clock stamps against each other and against
// the deadline the key implies, and the action log's hash chain. An honest
// result raises no Flag. The JSON form (grade --json "honesty") is stable.
type Honesty struct {
	// Deadline is timer_start + the scenario's limit from the key (or the
	// pack): never the file's own deadline.
	Deadline time.Time `json:"deadline"`
	// Stop is the action that stopped the clock: "submit", "time-up", or ""
	// when the log has neither.
	Stop string `json:"stop"`
	// TimeUsed is up to the stop: the larger of the game's clock and the
	// wall clock (the limit when time ran out).
	TimeUsed  time.Duration `json:"time_used_ns"`
	GameClock time.Duration `json:"game_clock_ns"` // the stop action's offset
	WallClock time.Duration `json:"wall_clock_ns"` // timer_end − timer_start
	Open      time.Duration `json:"open_ns"`       // monotonic time the game was open (elapsed_ns)
	Runs      int           `json:"runs"`          // 1 + the resumes
	// LatePick is how long after time ran out the pick was made (0: none).
	LatePick time.Duration `json:"late_pick_ns,omitempty"`
	Flags    []Flag        `json:"flags"`
	// Notes are facts worth knowing that are not flags (a computer asleep
	// while the game was open makes the wall clock run ahead).
	Notes []string `json:"notes,omitempty"`
	// Limits says what these checks cannot prove (HonestyLimits).
	Limits string `json:"limits"`
}

// Flag is one thing a result's times or log do not agree on.
type Flag struct {
	Code string        `json:"code"` // one of the Flag… constants
	Text string        `json:"text"` // one line for the interviewer
	By   time.Duration `json:"by_ns,omitempty"`
}

// Flag codes.
const (
	FlagOvertime       = "overtime"        // submitted after the deadline
	FlagLatePick       = "late-pick"       // picked long after time ran out
	FlagTimesDisagree  = "times-disagree"  // the clocks or the stamps do not agree
	FlagChainBroken    = "chain-broken"    // the action log's hash chain breaks
	FlagClockBack      = "clock-back"      // the wall clock went backwards
	FlagDeadlineEdited = "deadline-edited" // the file's deadline is not start + limit
	FlagNoStop         = "no-stop"         // the log has no submit and no time's up
	// FlagAttachedEdited: the attached pins are not the ones the log's
	// attach actions record (the pins are graded as the file holds them).
	FlagAttachedEdited = "attached-edited"
)

// HonestyLimits is what offline grading cannot prove; grade prints it
// with every result.
const HonestyLimits = "a result rewritten consistently (chain recomputed, clocks moved together), " +
	"a clock set back before the game started, or a session deleted to start over cannot be detected offline"

// LatePickGrace is how long a pick may follow the time's-up screen before
// it is flagged: time to read the choices, not to study the pack.
const LatePickGrace = 2 * time.Minute

// tolerance is how far two clocks may drift apart honestly over d: 2 s
// for the rounding of ticks and saves, plus 0.1 % (NTP slews a wall clock
// by at most 0.05 %).
func tolerance(d time.Duration) time.Duration { return 2*time.Second + d.Abs()/1000 }

// CheckTime checks a result's times and action log against limit, the
// scenario's time limit from the interviewer's key or pack.
func CheckTime(r *play.InterviewResult, limit time.Duration) Honesty {
	h := Honesty{Deadline: r.TimerStart.Add(limit), WallClock: r.TimerEnd.Sub(r.TimerStart), Open: r.Elapsed,
		Runs: 1, Flags: []Flag{}, Limits: HonestyLimits}
	c := timeCheck{h: &h, r: r, limit: limit}
	c.chain()
	c.attached()
	c.deadline()
	c.actions()
	stop := c.stop()
	c.used(stop)
	slices.SortStableFunc(h.Flags, func(a, b Flag) int { return flagRank[a.Code] - flagRank[b.Code] })
	return h
}

// flagRank orders flags by what the interviewer needs first: time gained,
// then edits, then the clocks.
var flagRank = map[string]int{FlagOvertime: 0, FlagLatePick: 1, FlagDeadlineEdited: 2, FlagChainBroken: 3,
	FlagAttachedEdited: 4, FlagNoStop: 5, FlagTimesDisagree: 6, FlagClockBack: 7}

type timeCheck struct {
	h     *Honesty
	r     *play.InterviewResult
	limit time.Duration
}

func (c timeCheck) flag(code string, by time.Duration, format string, args ...any) {
	c.h.Flags = append(c.h.Flags, Flag{Code: code, Text: fmt.Sprintf(format, args...), By: by})
}

func (c timeCheck) chain() {
	if at := c.r.ChainBrokenAt(); at >= 0 {
		c.flag(FlagChainBroken, 0, "the action log's hash chain breaks at action %d of %d: "+
			"an action was edited, added or removed, or timer_start, deadline or the pack changed", at+1, len(c.r.Actions))
	}
}

// attached checks the file's attached pins against the chained log: the
// pins are not in the chain, their attach actions are (kind, ref, service
// and time, in order).
func (c timeCheck) attached() {
	var acts []game.Action
	for _, a := range c.r.Actions {
		if a.Kind == game.ActAttach {
			acts = append(acts, a)
		}
	}
	same := len(acts) == len(c.r.Attached)
	for i := 0; same && i < len(acts); i++ {
		p, a := c.r.Attached[i], acts[i]
		same = string(p.Kind) == a.Detail && p.Ref == a.Target && p.Service == a.Service && p.At.Equal(a.At)
	}
	if !same {
		c.flag(FlagAttachedEdited, 0, "the file attaches %d pin(s), the action log records attaching %d, "+
			"and they differ: the attached evidence was edited", len(c.r.Attached), len(acts))
	}
}

func (c timeCheck) deadline() {
	if !c.r.Deadline.Equal(c.h.Deadline) {
		c.flag(FlagDeadlineEdited, c.r.Deadline.Sub(c.h.Deadline).Abs(),
			"the file's deadline is %s, but timer_start + the scenario's %s is %s", stamp(c.r.Deadline), c.limit, stamp(c.h.Deadline))
	}
}

// actions checks every action's clocks: the wall clock never goes back,
// the time open never exceeds the game's clock, and the wall clock since
// timer_start is never behind the game's clock (it may run ahead: a
// computer asleep stops the monotonic clock, not the wall clock).
func (c timeCheck) actions() {
	var back, behind, ahead bool
	for i, a := range c.r.Actions {
		if a.Kind == game.ActResume {
			c.h.Runs++
		}
		if a.Kind == game.ActClockBack {
			d, _ := time.ParseDuration(a.Detail)
			c.flag(FlagClockBack, d, "the computer's clock was %s behind the last save when the game was resumed (action %d)", dur(d), i+1)
			back = true
		}
		if a.Wall.IsZero() {
			c.flag(FlagTimesDisagree, 0, "action %d has no wall-clock stamp", i+1)
			return
		}
		if i > 0 && a.Wall.Before(c.r.Actions[i-1].Wall) && !back {
			d := c.r.Actions[i-1].Wall.Sub(a.Wall)
			c.flag(FlagClockBack, d, "the wall clock went back %s between actions %d and %d", dur(d), i, i+1)
			back = true
		}
		if a.Elapsed > a.Offset+tolerance(a.Offset) {
			c.flag(FlagTimesDisagree, a.Elapsed-a.Offset, "action %d: the game was open %s, more than its own clock's %s",
				i+1, dur(a.Elapsed), dur(a.Offset))
			return
		}
		wall := a.Wall.Sub(c.r.TimerStart)
		switch off := a.Offset - wall; {
		case off > tolerance(a.Offset) && !behind:
			c.flag(FlagTimesDisagree, off, "action %d (%s) is at %s on the game's clock but %s after timer_start "+
				"by the wall clock: the clock was set back or the stamps edited", i+1, a.Kind, dur(a.Offset), dur(wall))
			behind = true
		case -off > tolerance(a.Offset) && !ahead:
			c.h.Notes = append(c.h.Notes, fmt.Sprintf("from action %d the wall clock runs %s ahead of the game's "+
				"clock (a computer asleep with the game open, or the clock set forward); time used counts the wall clock", i+1, dur(-off)))
			ahead = true
		}
	}
	if n := len(c.r.Actions); n > 0 && c.r.Elapsed+tolerance(c.r.Elapsed) < c.r.Actions[n-1].Elapsed {
		c.flag(FlagTimesDisagree, c.r.Actions[n-1].Elapsed-c.r.Elapsed, "elapsed_ns (%s) is less than the last action's (%s)",
			dur(c.r.Elapsed), dur(c.r.Actions[n-1].Elapsed))
	}
}

// stop finds the action that stopped the clock and checks timer_end
// against it; nil when the log has none.
func (c timeCheck) stop() *game.Action {
	for i := range c.r.Actions {
		a := &c.r.Actions[i]
		if a.Kind != game.ActSubmit && a.Kind != game.ActTimeUp {
			continue
		}
		c.h.Stop, c.h.GameClock = string(a.Kind), a.Offset
		if d := c.r.TimerEnd.Sub(a.Wall); d.Abs() > tolerance(0) {
			c.flag(FlagTimesDisagree, d.Abs(), "timer_end is %s, but the %s action was stamped %s", stamp(c.r.TimerEnd), a.Kind, stamp(a.Wall))
		}
		if d := a.Offset - c.h.WallClock; d > tolerance(a.Offset) {
			c.flag(FlagTimesDisagree, d, "timer_end − timer_start is %s, but the game's clock read %s at the %s",
				dur(c.h.WallClock), dur(a.Offset), a.Kind)
		}
		return a
	}
	c.flag(FlagNoStop, 0, "the action log has no submit and no time's up: it was cut or edited")
	if n := len(c.r.Actions); n > 0 {
		c.h.GameClock = c.r.Actions[n-1].Offset
	}
	return nil
}

// used sets the time used and flags a submit after the deadline, or a pick
// long after time ran out.
func (c timeCheck) used(stop *game.Action) {
	c.h.TimeUsed = max(c.h.GameClock, c.h.WallClock)
	if stop == nil || stop.Kind == game.ActSubmit {
		over := max(c.r.TimerEnd.Sub(c.h.Deadline), c.h.GameClock-c.limit)
		if stop != nil {
			over = max(over, stop.Elapsed-c.limit)
		}
		if over > tolerance(c.limit) {
			c.flag(FlagOvertime, over, "submitted %s after the deadline (%s: timer_start + %s)", dur(over), stamp(c.h.Deadline), c.limit)
		}
		return
	}
	c.h.TimeUsed = c.limit // time ran out
	if d := c.limit - stop.Offset; d > tolerance(c.limit) {
		c.flag(FlagTimesDisagree, d, "time ran out at %s on the game's clock, %s before the limit", dur(stop.Offset), dur(d))
	}
	for _, a := range c.r.Actions {
		if a.Kind == game.ActSubmit {
			c.h.LatePick = max(0, a.Offset-c.limit, a.Wall.Sub(c.h.Deadline))
			if c.h.LatePick > LatePickGrace {
				c.flag(FlagLatePick, c.h.LatePick, "time ran out at %s; the pick came %s later (the game was closed or left open at the time's-up screen)",
					stamp(c.h.Deadline), dur(c.h.LatePick))
			}
			return
		}
	}
}

func dur(d time.Duration) string { return d.Round(time.Second).String() }

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }
