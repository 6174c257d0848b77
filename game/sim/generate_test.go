package sim

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
)

// seedsPerArchetype keeps `go test -race` well under a minute while a plain
// run covers more seeds.
func seedsPerArchetype(t testing.TB) int {
	switch {
	case raceEnabled:
		return 1
	case testing.Short():
		return 4
	}
	return 12
}

// generated memoises outputs across tests: every property reads the same
// runs, so each (archetype, seed, difficulty) is simulated once.
var generated = map[string]*Output{}

func generated1(t testing.TB, arch string, seed uint64, diff int) *Output {
	t.Helper()
	key := fmt.Sprintf("%s/%d/%d", arch, seed, diff)
	if o, ok := generated[key]; ok {
		return o
	}
	o, err := Generate(arch, seed, diff)
	if err != nil {
		t.Fatalf("Generate(%s, %d, %d): %v", arch, seed, diff, err)
	}
	generated[key] = o
	return o
}

func each(t *testing.T, f func(t *testing.T, o *Output)) {
	for ai, arch := range Archetypes() {
		for seed := uint64(1); seed <= uint64(seedsPerArchetype(t)); seed++ {
			diff := 1 + (int(seed)+ai)%5
			o := generated1(t, arch, seed, diff)
			t.Run(fmt.Sprintf("%s/%d/d%d", arch, seed, diff), func(t *testing.T) { f(t, o) })
		}
	}
}

func yamlOf(t testing.TB, o *Output) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := o.WriteYAML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOutputLoads writes each generated scenario and loads it through the
// game's own loader and validator.
func TestOutputLoads(t *testing.T) {
	each(t, func(t *testing.T, o *Output) {
		// Loading tens of thousands of YAML lines is the slow part: the
		// first two seeds of each archetype suffice. Under -race, where
		// YAML decoding is ~10x slower, a 12-minute window of the same
		// scenario is loaded instead.
		if o.Seed > 2 {
			t.Skip("loaded on the first seeds only")
		}
		if raceEnabled {
			var err error
			if o, err = GenerateWith(o.Archetype, o.Seed, o.Difficulty, Options{Duration: 12 * time.Minute}); err != nil {
				t.Fatal(err)
			}
		}
		data := yamlOf(t, o)
		sc, errs := pack.LoadScenario(fstest.MapFS{"gen.yaml": {Data: data}}, "gen.yaml")
		for _, err := range errs {
			t.Error(err)
		}
		if sc == nil {
			return
		}
		if sc.Logs.Len() != o.Lines || len(sc.Traces) != len(o.Scenario.Traces) || len(sc.Metrics) != len(o.Scenario.Metrics) {
			t.Errorf("round trip: %d lines, %d traces, %d series; wrote %d, %d, %d",
				sc.Logs.Len(), len(sc.Traces), len(sc.Metrics), o.Lines, len(o.Scenario.Traces), len(o.Scenario.Metrics))
		}
		if sc.Answer == nil || sc.Answer.Choice != o.Scenario.Answer.Choice || !sc.Answer.Onset.Equal(o.Scenario.Answer.Onset) {
			t.Errorf("answer did not survive the round trip")
		}
	})
}

// TestWithinBudget: every output fits one inline file under the loader's
// node limit.
func TestWithinBudget(t *testing.T) {
	each(t, func(t *testing.T, o *Output) {
		if o.Lines > MaxLines || o.Spans > MaxSpans {
			t.Errorf("%d lines, %d spans; budget %d, %d", o.Lines, o.Spans, MaxLines, MaxSpans)
		}
	})
	o, err := Generate("retry-storm", 1, 5) // once 36k lines and 31k spans
	if err != nil {
		t.Fatal(err)
	}
	if o.Lines > MaxLines || o.Spans > MaxSpans {
		t.Errorf("retry-storm/1/d5: %d lines, %d spans", o.Lines, o.Spans)
	}
}

// TestNoiseShare: the fault's share of ERROR lines follows the difficulty
// table: > 60 %, 40–60, 20–40, 10–20, < 10 %.
func TestNoiseShare(t *testing.T) {
	lo := []float64{0.6, 0.4, 0.2, 0.1, 0}
	hi := []float64{1, 0.6, 0.4, 0.2, 0.1}
	each(t, func(t *testing.T, o *Output) {
		d := o.Difficulty - 1
		if math.IsNaN(o.IncidentShare) { // a run whose fault logs no error message and has no noise to drown it
			return
		}
		if r := o.IncidentShare; r < lo[d]-0.02 || r > hi[d]+0.02 {
			t.Errorf("incident share of ERROR lines %.2f at difficulty %d", r, o.Difficulty)
		}
	})
}

// TestCauseMovesFirst: the fault's own signal leaves its band no later than
// any symptom does after onset (decoys may move symptoms earlier: that is
// their job), on the model's series without jitter and scrape gaps; the
// observed cause series moves too, and the first alert trails the onset.
func TestCauseMovesFirst(t *testing.T) {
	each(t, func(t *testing.T, o *Output) {
		sc := o.Scenario
		cause := o.Truth(o.Cause)
		if cause == nil {
			t.Fatalf("no cause series %v", o.Cause)
		}
		onset := cause.Index(sc.Answer.Onset)
		ci := FirstLeaveFrom(cause, onset)
		if ci < 0 {
			t.Fatalf("cause series %v never leaves its band", o.Cause)
		}
		if FirstLeaveFrom(findSeries(sc.Metrics, o.Cause), onset) < 0 {
			t.Errorf("the observed %v never leaves its band", o.Cause)
		}
		for _, ref := range o.Symptoms {
			// A symptom is a rise; a step fault may show in the symptom's
			// scrape window a step before the cause's partial window does.
			if si := firstRise(o.Truth(ref), onset); si >= 0 && si < ci-1 {
				t.Errorf("symptom %v left its band at %s, before the cause %v at %s",
					ref, cause.TimeAt(si).Sub(sc.Start), o.Cause, cause.TimeAt(ci).Sub(sc.Start))
			}
		}
		if len(o.Alerts) == 0 {
			t.Fatalf("no alert fired")
		}
		if first := o.Alerts[0].FiredAt; !first.After(sc.Answer.Onset) {
			t.Errorf("first alert at %s is not after onset %s", first.Sub(sc.Start), sc.Answer.Onset.Sub(sc.Start))
		}
	})
}

// firstRise is the first sample from `from` above the band (rule 6's band).
func firstRise(sr *game.Series, from int) int {
	i := FirstLeaveFrom(sr, from)
	for ; i >= 0; i = FirstLeaveFrom(sr, i+1) {
		v, _ := sr.At(i)
		if v >= seriesMean(sr) {
			return i
		}
	}
	return -1
}

func seriesMean(sr *game.Series) float64 {
	q, sum, n := sr.Len()/4, 0.0, 0
	for i := 0; i < q; i++ {
		if v, ok := sr.At(i); ok {
			sum += v
			n++
		}
	}
	return sum / float64(max(n, 1))
}

// TestSeriesInvariants: p50 ≤ p95 ≤ p99 in every sample of a service,
// ratios in [0, 1], nothing negative.
func TestSeriesInvariants(t *testing.T) {
	each(t, func(t *testing.T, o *Output) {
		by := map[SignalRef]*game.Series{}
		for _, s := range o.Scenario.Metrics {
			by[SignalRef{s.Service, s.Name}] = s
			for i := 0; i < s.Len(); i++ {
				v, ok := s.At(i)
				if !ok {
					continue
				}
				if v < 0 && !strings.HasPrefix(s.Name, "node_clock_offset") || s.Unit == "ratio" && v > 1 { // a clock may run behind
					t.Fatalf("%s/%s[%d] = %v out of range", s.Service, s.Name, i, v)
				}
			}
		}
		checked := 0
		for _, svc := range o.Scenario.Services {
			g := o.g
			s := g.m.Index(svc.Name)
			if s < 0 { // the nodes
				continue
			}
			f50, _ := g.family(s, MetricP50)
			f95, _ := g.family(s, MetricP95)
			f99, _ := g.family(s, MetricP99)
			p50, p95, p99 := by[SignalRef{svc.Name, f50}], by[SignalRef{svc.Name, f95}], by[SignalRef{svc.Name, f99}]
			if p50 == nil {
				t.Fatalf("%s has no %s", svc.Name, f50)
			}
			checked++
			for i := 0; i < p50.Len(); i++ {
				a, ok1 := p50.At(i)
				b, ok2 := p95.At(i)
				c, ok3 := p99.At(i)
				if ok1 != ok2 || ok2 != ok3 {
					t.Fatalf("%s[%d]: quantiles disagree on the scrape gap", svc.Name, i)
				}
				if ok1 && (b < a || c < b) {
					t.Fatalf("%s[%d]: p50 %v p95 %v p99 %v out of order", svc.Name, i, a, b, c)
				}
			}
		}
	})
}

// TestNoFaultNoAlert: the same seed with the fault disabled is a quiet day.
func TestNoFaultNoAlert(t *testing.T) {
	for ai, arch := range Archetypes() {
		for seed := uint64(1); seed <= uint64(seedsPerArchetype(t)); seed++ {
			o, err := GenerateWith(arch, seed, 1+(int(seed)+ai)%5, Options{NoFault: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range o.Alerts {
				t.Errorf("%s/%d: %s fired at %s without the fault", arch, seed, a.Name, a.FiredAt.Sub(o.Scenario.Start))
			}
		}
	}
}

// TestRetriesRaiseCalleeLoad: the retry storm is the model's doing. With
// the timeout change, inventory's request rate rises well above the same
// seed's run without it, while the gateway's stays put.
func TestRetriesRaiseCalleeLoad(t *testing.T) {
	for seed := uint64(1); seed <= uint64(seedsPerArchetype(t)); seed++ {
		with := generated1(t, "retry-storm", seed, 3)
		without, err := GenerateWith("retry-storm", seed, 3, Options{NoFault: true})
		if err != nil {
			t.Fatal(err)
		}
		inv, gw := with.Run.Model.Index("inventory"), 0
		from := with.Fault.At + 120
		mean := func(r *Run, s int) float64 {
			sum := 0.0
			for t := from; t < len(r.States); t++ {
				sum += r.States[t][s].RPS
			}
			return sum / float64(len(r.States)-from)
		}
		ratio := mean(with.Run, inv) / mean(without.Run, inv)
		if ratio < 1.5 {
			t.Errorf("seed %d: inventory rps only x%.2f with the retry config", seed, ratio)
		}
		if g := mean(with.Run, gw) / mean(without.Run, gw); g < 0.95 || g > 1.05 {
			t.Errorf("seed %d: gateway rps moved x%.2f; the storm should not come from the edge", seed, g)
		}
	}
}

// TestDeterministic: same inputs, same bytes; another seed, other bytes.
func TestDeterministic(t *testing.T) {
	for _, arch := range []string{"cache-stampede", "memory-leak", "feature-flag"} {
		a, _ := Generate(arch, 42, 4)
		b, _ := Generate(arch, 42, 4)
		c, _ := Generate(arch, 43, 4)
		ya, yb, yc := yamlOf(t, a), yamlOf(t, b), yamlOf(t, c)
		if !bytes.Equal(ya, yb) {
			t.Errorf("%s: two runs with the same seed differ", arch)
		}
		if bytes.Equal(ya, yc) {
			t.Errorf("%s: seeds 42 and 43 gave identical output", arch)
		}
	}
}

// TestChoicesFollowTheRules: difficulty's choice counts, the answer among
// them, unique ids, lengths within 0.6–1.6x the median (so the right one
// does not stand out by length), and every wrong choice explained.
func TestChoicesFollowTheRules(t *testing.T) {
	lo := []int{5, 5, 6, 7, 8}
	hi := []int{5, 6, 7, 9, 10}
	each(t, func(t *testing.T, o *Output) {
		sc := o.Scenario
		n := len(sc.Choices)
		if n < lo[o.Difficulty-1] || n > hi[o.Difficulty-1] {
			t.Errorf("%d choices at difficulty %d", n, o.Difficulty)
		}
		var lens []int
		ids := map[string]bool{}
		for _, c := range sc.Choices {
			if ids[c.ID] {
				t.Errorf("duplicate choice id %q", c.ID)
			}
			ids[c.ID] = true
			lens = append(lens, len(c.Text))
			if c.ID != sc.Answer.Choice && sc.Answer.Wrong[c.ID] == "" {
				t.Errorf("no wrong note for %q", c.ID)
			}
		}
		if !ids[sc.Answer.Choice] {
			t.Fatalf("answer %q is not a choice", sc.Answer.Choice)
		}
		sort.Ints(lens)
		med := float64(lens[len(lens)/2])
		for _, c := range sc.Choices {
			if r := float64(len(c.Text)) / med; r < 0.6 || r > 1.6 {
				t.Errorf("choice %q is %.2fx the median length", c.ID, r)
			}
		}
		// Rule 2: every service the answer names, a wrong choice names too.
		for _, svc := range sc.Services {
			answer, other := false, false
			for _, c := range sc.Choices {
				if strings.Contains(c.ID+" "+c.Text, svc.Name) {
					if c.ID == sc.Answer.Choice {
						answer = true
					} else {
						other = true
					}
				}
			}
			if answer && !other {
				t.Errorf("only the answer names %s", svc.Name)
			}
		}
		if len(sc.Answer.Chain) < 3 || len(sc.Answer.Evidence) < 2 {
			t.Errorf("chain %d links, evidence %d items", len(sc.Answer.Chain), len(sc.Answer.Evidence))
		}
		if strings.Contains(strings.Join(sc.Answer.Evidence, " "), "{cause") {
			t.Errorf("unfilled placeholder in evidence")
		}
	})
}

// TestDailyIsStable: a date picks the same drill all day, another date
// usually another, and weekends are harder.
func TestDailyIsStable(t *testing.T) {
	d := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	a1, s1, k1 := Daily(d)
	a2, s2, k2 := Daily(d.Add(23 * time.Hour))
	if a1 != a2 || s1 != s2 || k1 != k2 {
		t.Errorf("same UTC day, different drills: %s/%d/%d vs %s/%d/%d", a1, s1, k1, a2, s2, k2)
	}
	if _, s3, _ := Daily(d.AddDate(0, 0, 1)); s3 == s1 {
		t.Errorf("next day has the same seed")
	}
	if _, _, k := Daily(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)); k != 5 {
		t.Errorf("Sunday difficulty %d, want 5", k)
	}
	if lookup(a1) == nil {
		t.Errorf("daily archetype %q unknown", a1)
	}
}
