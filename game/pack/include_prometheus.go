package pack

import (
	"encoding/json"
	"errors"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"firedrill/game"
)

// Prometheus HTTP API responses, as `curl …/api/v1/query_range` (a matrix:
// series of [time, "value"] pairs) or `…/api/v1/query` (a vector: one
// sample a series) writes them, and Grafana's or Loki's metric queries,
// which answer in the same shape. Each result's labels give its service
// and its name:
//
//   - service: the include's service_label, else the first of service,
//     service_name, app, app_kubernetes_io_name, job that the series has,
//     else the include's service;
//   - name: the include's name, else __name__, else the file's base name
//     (an expression's result has no __name__), followed by the labels
//     that tell series of that name and service apart, in PromQL's form:
//     http_requests_total{code="500"}.
//
// Times are seconds with a fraction (read exactly, to the millisecond and
// below). "NaN" (Prometheus's answer for 0/0) is a gap; ±Inf is an error.

// serviceLabels are tried in order when the include names no service_label.
var serviceLabels = []string{"service", "service_name", "app", "app_kubernetes_io_name", "job"}

type promSeries struct {
	Metric map[string]string   `json:"metric"`
	Values [][]json.RawMessage `json:"values"`
	Value  []json.RawMessage   `json:"value"`
}

func (l *loader) readPrometheus(file string, opts metricOptions) ([]*game.Series, *IncludeSummary) {
	w, done, errs := l.jsonInclude(file)
	if errs == nil {
		return nil, nil
	}
	defer errs.close()
	defer done()
	var results []promResult
	seen := w.queryResponses(func(t string) error {
		if t != "matrix" && t != "vector" {
			return shapeErr("resultType %s holds no series: want matrix (query_range) or vector (query)", quote(t))
		}
		return nil
	}, func(line int) error {
		var s promSeries
		if err := w.decode(&s); err != nil {
			return err
		}
		results = append(results, readPromPairs(&s, line))
		return nil
	})
	k := l.newSeriesSink(errs, opts, true)
	names := promNames(results, opts, strings.TrimSuffix(path.Base(file), path.Ext(file)))
	for i := range results {
		r := &results[i]
		service := promService(r.metric, opts.serviceLabel)
		for _, p := range r.points {
			if p.bad > 0 {
				errs.add(r.line, "values", "series %s: %v", names[i], r.bad[p.bad-1])
				continue
			}
			k.add(r.line, service, names[i], "", time.Unix(p.sec, int64(p.nsec)).UTC(), p.val, !math.IsNaN(p.val))
		}
		r.points = nil // spent: the collector may have it while the rest are added
	}
	series, sum := k.series()
	if len(series) == 0 && errs.count == 0 {
		w.noSignals(seen, SectionMetrics, FormatPrometheusJSON, `"data"`, "series")
	}
	return series, sum
}

// promResult is one result as read: its labels and its pairs, read into
// samples as soon as the result is decoded, so that a big response is not
// held as raw JSON pairs (about a hundred bytes and three allocations
// each) until every result's name is known.
type promResult struct {
	metric map[string]string
	points []promPoint
	bad    []error // the errors of pairs that are not samples
	line   int
}

// promPoint is a pair of a result: a sample (its time from seconds and
// nanoseconds since 1970, which is how promTime reads it; its value, NaN
// for a gap), or (bad > 0) the pair's error, bad[bad-1].
type promPoint struct {
	sec  int64
	val  float64
	nsec int32
	bad  int32
}

// readPromPairs reads a decoded result's values, then its value (a
// vector's one sample), into samples.
func readPromPairs(s *promSeries, line int) promResult {
	r := promResult{metric: s.Metric, line: line, points: make([]promPoint, 0, len(s.Values)+1)}
	add := func(pair []json.RawMessage) {
		at, val, present, err := promSample(pair)
		if err != nil {
			r.bad = append(r.bad, err)
			r.points = append(r.points, promPoint{bad: int32(len(r.bad))})
			return
		}
		if !present {
			val = math.NaN()
		}
		r.points = append(r.points, promPoint{sec: at.Unix(), nsec: int32(at.Nanosecond()), val: val})
	}
	for _, pair := range s.Values {
		add(pair)
	}
	if s.Value != nil {
		add(s.Value)
	}
	return r
}

// promService is the series' service label's value ("" for the default).
func promService(labels map[string]string, label string) string {
	if label != "" {
		return labels[label]
	}
	for _, l := range serviceLabels {
		if v, ok := labels[l]; ok && v != "" {
			return v
		}
	}
	return ""
}

// promNames names every result: its base name, plus the labels whose
// values differ between results of the same base name.
func promNames(results []promResult, opts metricOptions, fileBase string) []string {
	base := make([]string, len(results))
	groups := map[string][]int{}
	for i, r := range results {
		base[i] = opts.name
		if base[i] == "" {
			base[i] = r.metric["__name__"]
		}
		if base[i] == "" {
			base[i] = fileBase
		}
		key := base[i] + "\x00" + promService(r.metric, opts.serviceLabel)
		groups[key] = append(groups[key], i)
	}
	names := append([]string(nil), base...)
	for _, members := range groups {
		if len(members) < 2 {
			continue
		}
		varying := map[string]bool{}
		first := results[members[0]].metric
		for _, i := range members {
			m := results[i].metric
			for k, v := range m {
				if first[k] != v {
					varying[k] = true
				}
			}
			for k := range first {
				if _, ok := m[k]; !ok {
					varying[k] = true
				}
			}
		}
		delete(varying, "__name__")
		keys := make([]string, 0, len(varying))
		for k := range varying {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, i := range members {
			var parts []string
			for _, k := range keys {
				parts = append(parts, k+"="+strconv.Quote(results[i].metric[k]))
			}
			if len(parts) > 0 {
				names[i] = base[i] + "{" + strings.Join(parts, ",") + "}"
			}
		}
	}
	return names
}

// promSample reads a [time, "value"] pair (present false: a gap).
func promSample(pair []json.RawMessage) (at time.Time, val float64, present bool, err error) {
	if len(pair) != 2 {
		return time.Time{}, 0, false, errors.New("want [time, \"value\"] pairs")
	}
	at, err = promTime(string(pair[0]))
	if err != nil {
		return time.Time{}, 0, false, err
	}
	v := jsonString(pair[1])
	f, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil:
		return at, 0, false, errors.New(quote(v) + " is not a number")
	case math.IsNaN(f):
		return at, 0, false, nil // Prometheus's answer for 0/0: no value
	case math.IsInf(f, 0):
		return at, 0, false, errors.New(quote(v) + ": an infinite sample cannot be plotted")
	}
	return at, f, true, nil
}

// promTime reads seconds since 1970 with a fraction, exactly.
func promTime(s string) (time.Time, error) {
	s = strings.Trim(s, `"`)
	bad := errors.New("time " + quote(s) + ": want seconds since 1970")
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 || f > 1e11 {
			return time.Time{}, bad
		}
		return time.Unix(0, int64(math.Round(f*1e9))).UTC(), nil
	}
	t, err := parseEpochUnit([]byte(s), int64(time.Second), "unix")
	if err != nil {
		return time.Time{}, bad
	}
	return t, nil
}
