package sim

import (
	"fmt"
	"math"
	"slices"
	"time"

	"firedrill/game"
	"firedrill/game/sim/signal"
)

// Metric names the observers emit.
const (
	MetricRPS       = "rps"
	MetricP50       = "latency_p50"
	MetricP95       = "latency_p95"
	MetricP99       = "latency_p99"
	MetricErr       = "error_rate"
	MetricSat       = "saturation"
	MetricHit       = "cache_hit_ratio"
	MetricPool      = "db_pool_in_use"
	MetricHikari    = "hikaricp_connections_active"
	MetricHeap      = "heap_live_mib"
	MetricGC        = "gc_pause_p99"
	MetricRestarts  = "restarts"
	MetricThrottled = "cpu_throttled_ratio"
	MetricCPU       = "cpu_usage_cores"
	MetricLag       = "consumer_lag"
	MetricConsume   = "consume_rate"
	MetricProduce   = "produce_rate"
)

// metricDef extracts one value from a state; agg says how a scrape window
// of 1 s states becomes one sample.
type metricDef struct {
	name, unit string
	get        func(*State) float64
	agg        aggKind
}

type aggKind uint8

const (
	aggMean     aggKind = iota // rates and gauges averaged over the window
	aggWeighted                // latency quantiles and error ratios, weighted by rps
	aggLast                    // gauges read at scrape time
	aggMax                     // pauses: the worst in the window
)

// metricsFor lists the series one service exports.
func (g *gen) metricsFor(s int) []metricDef {
	svc := &g.m.Services[s]
	var defs []metricDef
	if svc.Queue == nil {
		unit := "rps"
		if svc.Kind == KindDB {
			unit = "qps"
		}
		defs = append(defs,
			metricDef{MetricRPS, unit, func(x *State) float64 { return x.RPS }, aggMean},
			metricDef{MetricP50, "ms", func(x *State) float64 { return x.P50 }, aggWeighted},
			metricDef{MetricP95, "ms", func(x *State) float64 { return x.P95 }, aggWeighted},
			metricDef{MetricP99, "ms", func(x *State) float64 { return x.P99 }, aggWeighted},
			metricDef{MetricErr, "ratio", func(x *State) float64 { return x.Err }, aggWeighted})
	} else {
		defs = append(defs,
			metricDef{MetricConsume, "msg/s", func(x *State) float64 { return x.RPS }, aggMean},
			metricDef{MetricProduce, "msg/s", func(x *State) float64 { return x.Produce }, aggMean},
			metricDef{MetricLag, "messages", func(x *State) float64 { return x.Lag }, aggLast})
	}
	defs = append(defs, metricDef{MetricSat, "ratio", func(x *State) float64 { return x.Sat }, aggMean})
	if svc.Kind == KindAPI || svc.Kind == KindConsumer {
		defs = append(defs,
			metricDef{MetricCPU, "cores", func(x *State) float64 { return x.CPUUsed }, aggMean},
			metricDef{MetricThrottled, "ratio", func(x *State) float64 { return x.Throttled }, aggMean})
	}
	for _, d := range svc.Deps {
		if d.Cache != nil {
			defs = append(defs, metricDef{MetricHit, "ratio", func(x *State) float64 { return x.Hit }, aggMean})
			break
		}
	}
	if svc.Pool != nil {
		name := MetricPool
		if svc.Pool.Hikari {
			name = MetricHikari
		}
		defs = append(defs, metricDef{name, "connections", func(x *State) float64 { return x.PoolInUse }, aggLast})
	}
	if svc.Heap != nil {
		defs = append(defs,
			metricDef{MetricHeap, "MiB", func(x *State) float64 { return x.HeapMiB }, aggLast},
			metricDef{MetricGC, "ms", func(x *State) float64 { return x.GCPauseMs }, aggMax},
			metricDef{MetricRestarts, "count", func(x *State) float64 { return float64(x.Restarts) }, aggLast})
	}
	return defs
}

// observeMetrics scrapes every step: aggregates the 1 s states, adds ±2–5 %
// jitter, drops scrapes (more often on a saturated host: nulls, not zeros),
// and keeps quantiles ordered.
func (g *gen) observeMetrics(run *Run) []*game.Series {
	rng := g.stream(2)
	clock := g.scrape()
	var out []*game.Series
	for s := range g.m.Services {
		defs := g.metricsFor(s)
		vals := make([][]*float64, len(defs))
		jitter := 0.02 + 0.03*rng.Float64()
		for k := 0; k < clock.N; k++ {
			lo, hi := g.window(clock, k)
			sat := 0.0
			for t := lo; t < hi; t++ {
				sat = math.Max(sat, run.States[t][s].Sat)
			}
			if rng.Float64() < 0.006+0.3*math.Pow(sat, 6) {
				for i := range defs {
					vals[i] = append(vals[i], nil)
				}
				continue
			}
			sample := make([]float64, len(defs))
			for i, d := range defs {
				sample[i] = aggregate(run.States[lo:hi], s, d)
				if d.agg != aggLast || d.name != MetricRestarts {
					sample[i] *= rng.Jitter(jitter)
				}
			}
			fixOrder(defs, sample)
			for i := range defs {
				v := round3(sample[i])
				vals[i] = append(vals[i], &v)
			}
		}
		for i, d := range defs {
			out = append(out, clock.Series(d.name, g.m.Services[s].Name, d.unit, vals[i]))
		}
	}
	return out
}

// scrape is the metric clock: one sample per step over the window.
func (g *gen) scrape() signal.Scrape {
	return signal.Scrape{Start: g.start, Step: time.Duration(g.step) * time.Second, N: g.secs / g.step}
}

// window is the span of simulated seconds sample k summarises.
func (g *gen) window(clock signal.Scrape, k int) (lo, hi int) {
	from, to := clock.Window(k)
	return int(from / time.Second), min(int(to/time.Second), g.secs)
}

// Truth is a series as the model saw it: the same scrape windows and
// aggregation as the observed one, without jitter or scrape gaps. Tests use
// it to check causal order without the noise deciding it.
func (o *Output) Truth(ref SignalRef) *game.Series {
	g := o.g
	s := g.m.Index(ref.Service)
	if s < 0 {
		return nil
	}
	for _, d := range g.metricsFor(s) {
		if d.name != ref.Name {
			continue
		}
		clock := g.scrape()
		vals := make([]*float64, clock.N)
		for k := range vals {
			lo, hi := g.window(clock, k)
			v := aggregate(o.Run.States[lo:hi], s, d)
			vals[k] = &v
		}
		return clock.Series(d.name, ref.Service, d.unit, vals)
	}
	return nil
}

func aggregate(states [][]State, s int, d metricDef) float64 {
	switch d.agg {
	case aggLast:
		return d.get(&states[len(states)-1][s])
	case aggMax:
		m := 0.0
		for t := range states {
			m = math.Max(m, d.get(&states[t][s]))
		}
		return m
	case aggWeighted:
		sum, w := 0.0, 0.0
		for t := range states {
			x := &states[t][s]
			sum += d.get(x) * (x.RPS + 1e-6)
			w += x.RPS + 1e-6
		}
		return sum / w
	}
	sum := 0.0
	for t := range states {
		sum += d.get(&states[t][s])
	}
	return sum / float64(len(states))
}

// fixOrder keeps what jitter may break: p50 ≤ p95 ≤ p99, ratios in [0, 1],
// nothing negative.
func fixOrder(defs []metricDef, v []float64) {
	idx := map[string]int{}
	for i, d := range defs {
		idx[d.name] = i
		v[i] = math.Max(0, v[i])
		if d.unit == "ratio" {
			v[i] = math.Min(1, v[i])
		}
	}
	p50, ok1 := idx[MetricP50]
	p95, ok2 := idx[MetricP95]
	p99, ok3 := idx[MetricP99]
	if ok1 && ok2 && ok3 {
		v[p95] = math.Max(v[p95], v[p50])
		v[p99] = math.Max(v[p99], v[p95])
	}
}

// round3 keeps three significant-ish decimals so the YAML stays short.
func round3(x float64) float64 {
	switch {
	case x >= 100:
		return math.Round(x*10) / 10
	case x >= 1:
		return math.Round(x*1000) / 1000
	}
	return math.Round(x*100000) / 100000
}

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
					event: game.Event{At: at, Kind: game.EventAlert, Service: r.ref.Service, Text: text}})
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
		switch ref.Name {
		case MetricErr:
			r.name, r.above = "HighErrorRate", math.Max(0.02, 3*hi)
			r.format = func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
		case MetricLag:
			r.name, r.above = "ConsumerLagHigh", math.Max(5000, 20*hi)
			r.format = func(v float64) string { return fmt.Sprintf("%.0f", v) }
		case MetricRestarts:
			r.name, r.above = "PodRestarting", math.Floor(mean)+1 // two restarts or more
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
