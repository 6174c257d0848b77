package pack

import (
	"fmt"
	"math"
	"slices"
	"strings"
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

	byKey map[seriesKey]*pointGroup
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

// samplePoint is one sample as the sink holds it until the grid is laid:
// its time as seconds and nanoseconds since 1970 (every time.Time fits),
// its value (NaN: an explicit gap; a NaN sample is refused before), and
// its line. 24 bytes, where a time.Time and a *float64 took 48.
type samplePoint struct {
	sec  int64
	val  float64
	nsec int32
	line int32
}

func (p *samplePoint) time() time.Time { return time.Unix(p.sec, int64(p.nsec)).UTC() }

func (p *samplePoint) before(q *samplePoint) bool {
	return p.sec < q.sec || p.sec == q.sec && p.nsec < q.nsec
}

type pointGroup struct {
	service, name, unit string
	first               time.Time // the earliest sample's time, as read
	points              []samplePoint
}

// seriesKey finds a group without building a string a sample.
type seriesKey struct{ service, name string }

func (l *loader) newSeriesSink(errs *includeErrors, opts metricOptions, aligned bool) *seriesSink {
	return &seriesSink{l: l, errs: errs, opts: opts, aligned: aligned, byKey: map[seriesKey]*pointGroup{}}
}

// add checks one sample (present false: an explicit gap) and files it
// under its series. service is as the export names it; name and unit are
// shown.
func (k *seriesSink) add(line int, service, name, unit string, at time.Time, val float64, present bool) bool {
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
	if present && (math.IsNaN(val) || math.IsInf(val, 0)) {
		k.errs.add(line, "value", "%v is not a sample (NaN and Inf are not plotted; leave a gap)", val)
		ok = false
	}
	if !ok {
		return false
	}
	name = game.SanitizeLine(name)
	g := k.byKey[seriesKey{declared, name}]
	if g == nil {
		// Copies: a reader's strings may be cut from a whole row.
		g = &pointGroup{service: declared, name: strings.Clone(name), first: at}
		k.byKey[seriesKey{g.service, g.name}] = g
		k.order = append(k.order, g)
	}
	if g.unit == "" {
		g.unit = strings.Clone(game.SanitizeLine(unit))
		if g.unit == "" {
			g.unit = k.opts.unit
		}
	}
	if !present {
		val = math.NaN()
	}
	p := samplePoint{sec: at.Unix(), nsec: int32(at.Nanosecond()), val: val, line: int32(line)}
	if p.before(&samplePoint{sec: g.first.Unix(), nsec: int32(g.first.Nanosecond())}) {
		g.first = at
	}
	g.points = append(g.points, p)
	return true
}

// series lays every group out on its grid, in the order groups first came.
// The values of all of them share one slab, sized once every grid is
// known, so no series keeps the spare room of a slice of its own.
func (k *seriesSink) series() ([]*game.Series, *IncludeSummary) {
	grids := make([]seriesGrid, len(k.order))
	total := 0
	for i, g := range k.order {
		if grids[i] = k.plan(g); grids[i].slots > 0 {
			total += grids[i].slots
		}
	}
	slab := make([]float64, total)
	var taken []bool
	var out []*game.Series
	for i, g := range k.order {
		n := grids[i].slots
		if n == 0 {
			k.errs.add(grids[i].errLine, "time", "%s", grids[i].err)
			continue
		}
		vals := slab[:n:n]
		slab = slab[n:]
		taken = slices.Grow(taken[:0], n)[:n]
		clear(taken)
		s := k.fill(g, grids[i], vals, taken)
		g.points = nil // spent: let the collector have it while the next is laid
		out = append(out, s)
		k.sum.Series++
		gaps := s.Gaps()
		k.sum.Samples += s.Len() - gaps
		k.sum.Gaps += gaps
	}
	return out, &k.sum
}

// seriesGrid is where a group's grid lies, or (slots 0) why it has none:
// reported in turn with the other groups' errors, in the order they came.
type seriesGrid struct {
	step    time.Duration
	slots   int
	err     string
	errLine int
}

// plan sorts a group's points and finds its grid's step and length from
// its first sample, or says why it has none.
func (k *seriesSink) plan(g *pointGroup) seriesGrid {
	pts := g.points
	slices.SortStableFunc(pts, func(a, b samplePoint) int {
		switch {
		case a.before(&b):
			return -1
		case b.before(&a):
			return 1
		}
		return 0
	})
	from := g.first
	step := k.opts.step
	if step <= 0 {
		step = inferStep(pts, k.aligned)
	}
	span := pts[len(pts)-1].time().Sub(from) // saturates rather than wraps
	slots := int64(span/step) + 1
	if slots < MaxSeriesSamples {
		slots = int64((span+step/2)/step) + 1
	}
	if slots > MaxSeriesSamples || slots < 1 {
		return seriesGrid{errLine: int(pts[0].line), err: fmt.Sprintf("series %s/%s would need %d samples at step %v (limit %d)",
			g.service, g.name, slots, step, MaxSeriesSamples)}
	}
	return seriesGrid{step: step, slots: int(slots)}
}

// fill lays a group's sorted points on its grid, in vals (NaN: a gap);
// taken is scratch, one false a slot.
func (k *seriesSink) fill(g *pointGroup, grid seriesGrid, vals []float64, taken []bool) *game.Series {
	from, step, slots := g.first, grid.step, int64(grid.slots)
	for i := range vals {
		vals[i] = math.NaN()
	}
	for _, p := range g.points {
		// Round to the nearest slot: real scrapes jitter by milliseconds.
		i := min(int64((p.time().Sub(from)+step/2)/step), slots-1)
		if taken[i] {
			if k.aligned {
				k.sum.Merged++
				vals[i] = p.val
				continue
			}
			k.errs.add(int(p.line), "time", "a second sample for %s/%s in the %v slot at %s",
				g.service, g.name, step, from.Add(time.Duration(i)*step).Format(time.RFC3339Nano))
			continue
		}
		taken[i] = true
		vals[i] = p.val
	}
	return game.NewSeriesValues(g.name, g.service, g.unit, from, step, vals, func(i int) bool { return math.IsNaN(vals[i]) })
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
		if d := pts[i].time().Sub(pts[i-1].time()); d > 0 {
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
