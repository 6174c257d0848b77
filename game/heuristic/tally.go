package heuristic

import (
	"fmt"
	"strings"

	"firedrill/game"
)

// VoteName is the row of the majority vote in a Tally.
const VoteName = "majority-vote"

// Result is one shortcut's guess on one scenario, scored.
type Result struct {
	Shortcut string // a Shortcut's Name, or VoteName
	Mode     Mode
	Guess    Guess
	Chance   float64 // the chance the guess is the answer
}

// Run runs every shortcut and the vote, in both modes, on s. Only the
// scoring reads s.Answer; the shortcuts see what Analyze lets them see.
func Run(s *game.Scenario) []Result {
	a := Analyze(s)
	var out []Result
	for _, m := range Modes() {
		for i, g := range a.Guesses(m) {
			out = append(out, Result{Shortcuts()[i].Name, m, g, g.Chance(s.Answer.Choice)})
		}
		g := a.Vote(m)
		out = append(out, Result{VoteName, m, g, g.Chance(s.Answer.Choice)})
	}
	return out
}

// Tally adds up, per group of scenarios (a "bucket": the library, a band
// of difficulties), how often each shortcut is right in each mode.
type Tally struct {
	buckets []string
	n       map[string]int
	right   map[tallyKey]float64
}

type tallyKey struct{ shortcut, bucket, mode string }

// NewTally starts a tally over the named buckets, in table order.
func NewTally(buckets ...string) *Tally {
	return &Tally{buckets: buckets, n: map[string]int{}, right: map[tallyKey]float64{}}
}

// Add counts one scenario's results in bucket.
func (t *Tally) Add(bucket string, results []Result) {
	t.n[bucket]++
	for _, r := range results {
		t.right[tallyKey{r.Shortcut, bucket, r.Mode.Name}] += r.Chance
	}
}

// Rate is the expected share of bucket's scenarios that shortcut gets
// right in mode m, and the bucket's size.
func (t *Tally) Rate(shortcut, bucket string, m Mode) (float64, int) {
	n := t.n[bucket]
	if n == 0 {
		return 0, 0
	}
	return t.right[tallyKey{shortcut, bucket, m.Name}] / float64(n), n
}

// Rows lists the table's row names: every shortcut, then the vote.
func Rows() []string {
	var rows []string
	for _, sc := range Shortcuts() {
		rows = append(rows, sc.Name)
	}
	return append(rows, VoteName)
}

// String renders the tally: a row per shortcut, two columns (as is, blips
// filtered) per bucket, each the expected share right.
func (t *Tally) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-22s", "")
	for _, bk := range t.buckets {
		fmt.Fprintf(&b, " %-17s", fmt.Sprintf("%s (%d)", bk, t.n[bk]))
	}
	fmt.Fprintf(&b, "\n%-22s", "shortcut")
	for range t.buckets {
		fmt.Fprintf(&b, " %8s %8s", "as is", "filtered")
	}
	b.WriteString("\n")
	for _, row := range Rows() {
		fmt.Fprintf(&b, "%-22s", row)
		for _, bk := range t.buckets {
			for _, m := range Modes() {
				r, _ := t.Rate(row, bk, m)
				fmt.Fprintf(&b, " %7.0f%%", 100*r)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
