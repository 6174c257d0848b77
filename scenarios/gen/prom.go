package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"firedrill/game"
)

// The standard families are many series (every pod of every service), so
// they are written as Prometheus query_range responses, a third the bytes
// of the CSV: one file per unit, since the format carries no unit and its
// include gives one (docs/PACK_FORMAT.md, metrics, prometheus-json). Each
// series' whole name, pod label and all, is its __name__, so the loader
// keeps it as telemetry named it.

// unitFiles groups series by unit, in the order units first appear.
func unitFiles(series []*game.Series) (units []string, byUnit map[string][]*game.Series) {
	byUnit = map[string][]*game.Series{}
	for _, sr := range series {
		if byUnit[sr.Unit] == nil {
			units = append(units, sr.Unit)
		}
		byUnit[sr.Unit] = append(byUnit[sr.Unit], sr)
	}
	return units, byUnit
}

// unitSlug is a unit as part of a file name: "msg/s" → "msg-per-s".
func unitSlug(unit string) string {
	r := strings.NewReplacer("/", "-per-", " ", "-")
	if unit == "" {
		return "plain"
	}
	return strings.ToLower(r.Replace(unit))
}

// promJSON writes series as one Prometheus query_range response: a
// missed scrape is a missing pair, as Prometheus leaves it out.
func promJSON(series []*game.Series) []byte {
	var b bytes.Buffer
	b.WriteString(`{"status":"success","data":{"resultType":"matrix","result":[`)
	for i, sr := range series {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n{\"metric\":{\"__name__\":%s,\"service\":%s},\"values\":[", strconv.Quote(sr.Name), strconv.Quote(sr.Service))
		first := true
		for k := range sr.Len() {
			v, ok := sr.At(k)
			if !ok {
				continue
			}
			if !first {
				b.WriteString(",")
			}
			first = false
			fmt.Fprintf(&b, "[%d,\"%s\"]", sr.TimeAt(k).Unix(), strconv.FormatFloat(v, 'f', -1, 64))
		}
		b.WriteString("]}")
	}
	b.WriteString("\n]}}\n")
	return b.Bytes()
}

// promFiles are the standard families' files, keyed by data file name,
// and the include entries that name them (YAML, indented as emit writes
// the metrics section). The service-wide series (rate, errors, duration
// quantiles) come first, then the per-pod, per-partition and per-node
// ones, each group by unit in the order the units first appear: the
// Metrics tab lists series in load order, so its first screen is the
// services' RED grid a dashboard would open on, not one pod's counters.
func promFiles(id string, series []*game.Series, step float64) (files map[string][]byte, includes string) {
	files = map[string][]byte{}
	var whole, labelled []*game.Series
	for _, sr := range series {
		if strings.Contains(sr.Name, "{") {
			labelled = append(labelled, sr)
		} else {
			whole = append(whole, sr)
		}
	}
	var inc strings.Builder
	for _, group := range []struct {
		infix  string
		series []*game.Series
	}{{"", whole}, {"detail-", labelled}} {
		units, byUnit := unitFiles(group.series)
		for _, u := range units {
			name := id + "-std-" + group.infix + unitSlug(u) + ".json"
			files[name] = promJSON(byUnit[u])
			fmt.Fprintf(&inc, "  - include: ../data/%s\n    format: prometheus-json\n    step: %ds\n", name, int(step))
			if u != "" {
				fmt.Fprintf(&inc, "    unit: %s\n", strconv.Quote(u))
			}
		}
	}
	return files, inc.String()
}

// withIncludes puts the standard families' includes into a scenario
// file's metrics section, after the CSV include, or in its place when the
// script has no hand-drawn series.
func withIncludes(yaml []byte, csvInclude string, keepCSV bool, includes string) ([]byte, error) {
	entry := "  - include: " + csvInclude + "\n    format: csv\n"
	if !bytes.Contains(yaml, []byte(entry)) {
		return nil, fmt.Errorf("the scenario file has no metrics include %q to extend", csvInclude)
	}
	repl := includes
	if keepCSV {
		repl = entry + includes
	}
	return bytes.Replace(yaml, []byte(entry), []byte(repl), 1), nil
}
