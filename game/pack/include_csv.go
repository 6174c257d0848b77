package pack

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"firedrill/game"
)

// Metrics CSV: a header row naming the columns time, service, name, value
// and optionally unit (in any order), then one sample per row. Rows are
// grouped by (service, name) into series; the step of a series is the
// smallest positive gap between its samples, and a slot with no row (or an
// empty value) is a scrape gap.

type csvPoint struct {
	at   time.Time
	val  *float64
	line int
}

type csvSeries struct {
	service, name, unit string
	points              []csvPoint
}

func (l *loader) readMetricsCSV(file string) []*game.Series {
	data, errs := l.readData(file)
	if errs == nil {
		return nil
	}
	defer errs.close()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		errs.add(1, "", "want a header row: time,service,name,value[,unit]")
		return nil
	}
	col, err := csvColumns(head)
	if err != nil {
		errs.add(1, "", "%v", err)
		return nil
	}
	var order []*csvSeries
	byKey := map[string]*csvSeries{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs.add(pe.Line, "", "%v", pe.Err)
				return nil
			}
			errs.add(line, "", "%v", err)
			return nil
		}
		if len(rec) != len(head) {
			errs.add(line, "", "row has %d fields; the header has %d", len(rec), len(head))
			continue
		}
		p, ok := l.csvPoint(rec, col, line, errs)
		if !ok {
			continue
		}
		service, name := game.SanitizeLine(rec[col["service"]]), game.SanitizeLine(rec[col["name"]])
		key := service + "\x00" + name
		g := byKey[key]
		if g == nil {
			g = &csvSeries{service: service, name: name}
			byKey[key] = g
			order = append(order, g)
		}
		if u, ok := col["unit"]; ok && g.unit == "" {
			g.unit = game.SanitizeLine(rec[u])
		}
		g.points = append(g.points, p)
	}
	var out []*game.Series
	for _, g := range order {
		if s := l.csvSeries(g, errs); s != nil {
			out = append(out, s)
		}
	}
	return out
}

func csvColumns(head []string) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		switch h {
		case "time", "service", "name", "value", "unit":
		default:
			return nil, errors.New("unknown column " + strconv.Quote(game.SanitizeLine(h)) + "; want time,service,name,value[,unit]")
		}
		if _, dup := col[h]; dup {
			return nil, errors.New("column " + strconv.Quote(h) + " twice")
		}
		col[h] = i
	}
	for _, need := range []string{"time", "service", "name", "value"} {
		if _, ok := col[need]; !ok {
			return nil, errors.New("no " + need + " column; want time,service,name,value[,unit]")
		}
	}
	return col, nil
}

func (l *loader) csvPoint(rec []string, col map[string]int, line int, errs *includeErrors) (csvPoint, bool) {
	p := csvPoint{line: line}
	ok := true
	t, err := parseStamp([]byte(strings.TrimSpace(rec[col["time"]])), l.scope.start)
	if err != nil {
		errs.add(line, "time", "%q: %v", short(rec[col["time"]]), err)
		ok = false
	} else if err := l.scope.checkTime(t); err != nil {
		errs.add(line, "time", "%v", err)
		ok = false
	}
	p.at = t
	if svc := rec[col["service"]]; !l.scope.services[svc] {
		errs.add(line, "service", "%q is not declared in services", short(svc))
		ok = false
	}
	if strings.TrimSpace(rec[col["name"]]) == "" {
		errs.add(line, "name", "empty metric name")
		ok = false
	}
	if v := strings.TrimSpace(rec[col["value"]]); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		switch {
		case err != nil:
			errs.add(line, "value", "%q is not a number (leave it empty for a gap)", short(v))
			ok = false
		case math.IsNaN(f) || math.IsInf(f, 0):
			errs.add(line, "value", "%q: NaN and Inf are not samples (leave it empty for a gap)", short(v))
			ok = false
		default:
			p.val = &f
		}
	}
	return p, ok
}

// csvSeries lays a group's points out on a regular grid.
func (l *loader) csvSeries(g *csvSeries, errs *includeErrors) *game.Series {
	pts := g.points
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].at.Before(pts[j].at) })
	from := pts[0].at
	step := inferStep(pts)
	span := pts[len(pts)-1].at.Sub(from) // saturates rather than wraps
	slots := int64(span/step) + 1
	if slots < MaxSeriesSamples {
		slots = int64((span+step/2)/step) + 1
	}
	if slots > MaxSeriesSamples || slots < 1 {
		errs.add(pts[0].line, "time", "series %s/%s would need %d samples at step %v (limit %d)",
			g.service, g.name, slots, step, MaxSeriesSamples)
		return nil
	}
	samples := make([]*float64, slots)
	taken := make([]bool, slots)
	for _, p := range pts {
		// Round to the nearest slot: real scrapes jitter by milliseconds.
		i := int64((p.at.Sub(from) + step/2) / step)
		if taken[i] {
			errs.add(p.line, "time", "a second sample for %s/%s in the %v slot at %s",
				g.service, g.name, step, from.Add(time.Duration(i)*step).Format(time.RFC3339Nano))
			continue
		}
		taken[i] = true
		samples[i] = p.val
	}
	return game.NewSeries(g.name, g.service, g.unit, from, step, samples)
}

// inferStep is the smallest positive gap between samples, ignoring gaps
// under half the median: those are two samples in one slot (a scrape that
// jittered), which would otherwise shrink the step to milliseconds.
func inferStep(pts []csvPoint) time.Duration {
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
	floor := diffs[len(diffs)/2] / 2
	for _, d := range diffs {
		if d >= floor {
			return d
		}
	}
	return diffs[len(diffs)-1]
}
