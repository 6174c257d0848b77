package pack

import (
	"math"
	"slices"
	"sort"
	"time"

	"firedrill/game"
)

// seriesSink is the one path every metric reader (CSV, Prometheus) puts
// its samples through: it checks each against the scenario, groups them
// into series by (service, name), and lays each series out on a regular
// grid: the step is the include's `step:` or inferred from the samples,
// each sample snaps to its nearest slot, and a slot with no sample is a
// gap, never a zero.
type seriesSink struct {
	l    *loader
	errs *includeErrors
	opts metricOptions
	// aligned samples sit on a query's grid (Prometheus): the later of two
	// that snap to one slot (a coarser step:) is kept, and the smallest
	// gap is the step. Otherwise (CSV) two in one slot is an error.
	aligned bool

	byKey map[string]*pointGroup
	order []*pointGroup
	sum   IncludeSummary
}

// metricOptions are what a metric include's entry says.
type metricOptions struct {
	step         time.Duration // 0: infer from the samples
	unit         string        // default unit
	service      string        // default service (declared name)
	serviceLabel string        // Prometheus: the label that names the service
	name         string        // Prometheus: the metric name to use
}

// metricOptions reads the options of metric include i.
func (l *loader) metricOptions(m *rawMetric, i int) metricOptions {
	o := metricOptions{unit: game.SanitizeLine(m.Unit), serviceLabel: m.ServiceLabel, name: m.Name}
	if m.Step != "" {
		if o.step = l.duration(m.Step, "step", "metrics", i, "step"); o.step <= 0 && l.parsed(m.Step) {
			l.fail("step", []any{"metrics", i, "step"}, "is %v; want more than 0", o.step)
		}
	}
	o.service = l.checkService(m.Service, "service", false, "metrics", i, "service")
	return o
}

type samplePoint struct {
	at   time.Time
	val  *float64
	line int
}

type pointGroup struct {
	service, name, unit string
	points              []samplePoint
}

func (l *loader) newSeriesSink(errs *includeErrors, opts metricOptions, aligned bool) *seriesSink {
	return &seriesSink{l: l, errs: errs, opts: opts, aligned: aligned, byKey: map[string]*pointGroup{}}
}

// add checks one sample (val nil: an explicit gap) and files it under its
// series. service is as the export names it; name and unit are shown.
func (k *seriesSink) add(line int, service, name, unit string, at time.Time, val *float64) bool {
	ok := true
	if keep, err := k.l.inWindow(at); err != nil {
		k.errs.add(line, "time", "%v", err)
		ok = false
	} else if !keep {
		return false // clipped: left out, not an error
	}
	if service == "" {
		service = k.opts.service
	}
	declared, known := k.l.scope.service(game.SanitizeLine(service))
	switch {
	case service == "":
		k.errs.add(line, "service", "missing, and the include sets no default service")
		ok = false
	case !known:
		k.errs.add(line, "service", "%q is not declared in services (declare it, or list it in a service's aliases)", short(service))
		ok = false
	}
	if name == "" {
		k.errs.add(line, "name", "empty metric name")
		ok = false
	}
	if val != nil && (math.IsNaN(*val) || math.IsInf(*val, 0)) {
		k.errs.add(line, "value", "%v is not a sample (NaN and Inf are not plotted; leave a gap)", *val)
		ok = false
	}
	if !ok {
		return false
	}
	name = game.SanitizeLine(name)
	key := declared + "\x00" + name
	g := k.byKey[key]
	if g == nil {
		g = &pointGroup{service: declared, name: name}
		k.byKey[key] = g
		k.order = append(k.order, g)
	}
	if g.unit == "" {
		g.unit = game.SanitizeLine(unit)
		if g.unit == "" {
			g.unit = k.opts.unit
		}
	}
	g.points = append(g.points, samplePoint{at: at, val: val, line: line})
	return true
}

// series lays every group out on its grid, in the order groups first came.
func (k *seriesSink) series() ([]*game.Series, *IncludeSummary) {
	var out []*game.Series
	for _, g := range k.order {
		if s := k.grid(g); s != nil {
			out = append(out, s)
			k.sum.Series++
			for i := 0; i < s.Len(); i++ {
				if _, ok := s.At(i); ok {
					k.sum.Samples++
				} else {
					k.sum.Gaps++
				}
			}
		}
	}
	return out, &k.sum
}

// grid lays a group's points out on a regular grid from its first sample.
func (k *seriesSink) grid(g *pointGroup) *game.Series {
	pts := g.points
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].at.Before(pts[j].at) })
	from := pts[0].at
	step := k.opts.step
	if step <= 0 {
		step = inferStep(pts, k.aligned)
	}
	span := pts[len(pts)-1].at.Sub(from) // saturates rather than wraps
	slots := int64(span/step) + 1
	if slots < MaxSeriesSamples {
		slots = int64((span+step/2)/step) + 1
	}
	if slots > MaxSeriesSamples || slots < 1 {
		k.errs.add(pts[0].line, "time", "series %s/%s would need %d samples at step %v (limit %d)",
			g.service, g.name, slots, step, MaxSeriesSamples)
		return nil
	}
	samples := make([]*float64, slots)
	taken := make([]bool, slots)
	for _, p := range pts {
		// Round to the nearest slot: real scrapes jitter by milliseconds.
		i := min(int64((p.at.Sub(from)+step/2)/step), slots-1)
		if taken[i] {
			if k.aligned {
				k.sum.Merged++
				samples[i] = p.val
				continue
			}
			k.errs.add(p.line, "time", "a second sample for %s/%s in the %v slot at %s",
				g.service, g.name, step, from.Add(time.Duration(i)*step).Format(time.RFC3339Nano))
			continue
		}
		taken[i] = true
		samples[i] = p.val
	}
	return game.NewSeries(g.name, g.service, g.unit, from, step, samples)
}

// inferStep finds a series' step from its samples. A query's samples sit
// on its grid (aligned: Prometheus query_range), so the smallest gap is
// the step and longer ones are missing samples. Otherwise (CSV) the step
// is the smallest gap that is at least half the median one: a shorter gap
// is two samples in one slot (a double scrape), not a finer step. Either
// way it is rounded to a whole second when within 1% of one, so scrapes
// that jitter (14.998 s, 15.003 s) do not drift off their slots.
func inferStep(pts []samplePoint, aligned bool) time.Duration {
	var diffs []time.Duration
	for i := 1; i < len(pts); i++ {
		if d := pts[i].at.Sub(pts[i-1].at); d > 0 {
			diffs = append(diffs, d)
		}
	}
	if len(diffs) == 0 {
		return time.Minute // one sample: any step shows it
	}
	slices.Sort(diffs)
	step := diffs[0]
	if !aligned {
		floor := diffs[len(diffs)/2] / 2
		for _, d := range diffs {
			if d >= floor {
				step = d
				break
			}
		}
	}
	if whole := step.Round(time.Second); whole > 0 && absDuration(step-whole)*100 <= whole {
		return whole
	}
	if step >= time.Millisecond {
		return step.Round(time.Millisecond)
	}
	return step
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
