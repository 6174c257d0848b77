package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/sim/telemetry"
)

// Alert is one alert rule that fired.
type Alert struct {
	Name    string
	Series  SignalRef
	Above   float64
	For     time.Duration
	FiredAt time.Time
	event   game.Event
}

// alertRule is a threshold on one symptom series held for a while.
type alertRule struct {
	name   string
	ref    SignalRef
	above  float64
	forDur time.Duration
	format func(v float64) string
}

// fireAlerts evaluates the rules over the observed series: an alert fires
// when every sample for `for` is above the threshold (gaps do not reset
// it, as Prometheus keeps the last value for a while), so alerts trail the
// onset by at least their `for`.
func (g *gen) fireAlerts(series []*game.Series) []Alert {
	var out []Alert
	for _, r := range g.alertRules(series) {
		sr := findSeries(series, r.ref)
		if sr == nil {
			continue
		}
		need := int(r.forDur / sr.Step)
		run := 0
		for i := 0; i < sr.Len(); i++ {
			v, ok := sr.At(i)
			if !ok {
				continue
			}
			if v <= r.above {
				run = 0
				continue
			}
			if run++; run > need {
				at := sr.TimeAt(i)
				text := fmt.Sprintf("[FIRING] %s: %s %s > %s for %s (now %s)", r.name, r.ref.Service, r.ref.Name,
					r.format(r.above), fmtDur(r.forDur), r.format(v))
				out = append(out, Alert{Name: r.name, Series: r.ref, Above: r.above, For: r.forDur, FiredAt: at,
					event: game.Event{At: at, ID: alertID(r), Kind: game.EventAlert, Service: r.ref.Service, Text: text}})
				break
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Alert) int { return a.FiredAt.Compare(b.FiredAt) })
	return out
}

func findSeries(series []*game.Series, ref SignalRef) *game.Series {
	for _, s := range series {
		if s.Service == ref.Service && s.Name == ref.Name {
			return s
		}
	}
	return nil
}

// alertRules puts thresholds on the symptom series well above what the
// healthy first quarter shows, so a healthy run stays quiet.
func (g *gen) alertRules(series []*game.Series) []alertRule {
	var rules []alertRule
	forDur := time.Duration(3+g.rng.IntN(3)) * time.Minute
	for _, ref := range g.symptoms {
		sr := findSeries(series, ref)
		if sr == nil {
			continue
		}
		mean, _, hi := baseline(sr)
		r := alertRule{ref: ref, forDur: forDur}
		switch {
		case strings.HasSuffix(ref.Name, "_errors_ratio"):
			r.name, r.above = "HighErrorRate", math.Max(0.02, 3*hi)
			r.format = func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
		case strings.HasPrefix(ref.Name, telemetry.LagName):
			r.name, r.above = "ConsumerLagHigh", math.Max(5000, 20*hi)
			r.format = func(v float64) string { return fmt.Sprintf("%.0f", v) }
		case strings.HasPrefix(ref.Name, telemetry.RestartsName):
			r.name, r.above = "PodRestarting", math.Floor(mean) // a pod restarted: per pod, as kube-state-metrics counts
			r.forDur = time.Minute
			r.format = func(v float64) string { return fmt.Sprintf("%.0f", v) }
		default:
			r.name, r.above = "HighLatency", roundNice(math.Max(2.5*mean, 1.6*hi))
			r.format = func(v float64) string { return fmt.Sprintf("%.0fms", v) }
		}
		rules = append(rules, r)
	}
	return rules
}

// baseline is the first quarter's mean, standard deviation and maximum.
func baseline(sr *game.Series) (mean, sd, hi float64) {
	q := sr.Len() / 4
	var xs []float64
	for i := 0; i < q; i++ {
		if v, ok := sr.At(i); ok {
			xs = append(xs, v)
			hi = math.Max(hi, v)
		}
	}
	if len(xs) == 0 {
		return 0, 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs))), hi
}

// FirstLeaveFrom is the first sample index at or after from, and after the
// first quarter, at which the series leaves its band (first-quarter mean ±
// max(4 sd, 5 % of mean)): where a shift lasts, not a blip. -1 if it never
// does.
func FirstLeaveFrom(sr *game.Series, from int) int {
	mean, sd, _ := baseline(sr)
	band := math.Max(4*sd, 0.05*math.Abs(mean))
	for i := max(from, sr.Len()/4); i < sr.Len(); i++ {
		if v, ok := sr.At(i); ok && math.Abs(v-mean) > band {
			return i
		}
	}
	return -1
}

func roundNice(x float64) float64 {
	switch {
	case x >= 1000:
		return math.Ceil(x/100) * 100
	case x >= 100:
		return math.Ceil(x/10) * 10
	}
	return math.Ceil(x)
}

// fmtDur prints a duration as the scenario's "+14m10s" style, without "+".
func fmtDur(d time.Duration) string {
	d = d.Round(time.Second)
	m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case m == 0:
		return fmt.Sprintf("%ds", s)
	case s == 0:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dm%02ds", m, s)
}

// alertID names a firing in the timeline: the rule, the service and the
// series (a service may fire one rule on two series).
func alertID(r alertRule) string {
	id := []byte(strings.ToLower(r.name + "-" + r.ref.Service + "-" + r.ref.Name))
	for i, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			id[i] = '-'
		}
	}
	return strings.Trim(strings.ReplaceAll(string(id), "--", "-"), "-")
}
