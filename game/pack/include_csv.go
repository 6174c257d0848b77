package pack

import (
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"firedrill/game"
)

// Metrics CSV: a header row naming the columns time, service, name, value
// and optionally unit (in any order), then one sample per row, fed to the
// series sink (series_sink.go), which groups rows into series by (service,
// name) and lays them on a grid; a slot with no row (or an empty value) is
// a scrape gap.

func (l *loader) readMetricsCSV(file string, opts metricOptions) ([]*game.Series, *IncludeSummary) {
	in, done, errs := l.streamData(file)
	if errs == nil {
		return nil, nil
	}
	defer errs.close()
	defer done()
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		errs.add(1, "", "want a header row: time,service,name,value[,unit]")
		return nil, nil
	}
	col, err := csvColumns(head)
	if err != nil {
		errs.add(1, "", "%v", err)
		return nil, nil
	}
	k := l.newSeriesSink(errs, opts, false)
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
				return nil, nil
			}
			errs.add(line, "", "%v", err)
			return nil, nil
		}
		if len(rec) != len(head) {
			errs.add(line, "", "row has %d fields; the header has %d", len(rec), len(head))
			continue
		}
		at, val, present, ok := l.csvSample(rec, col, line, errs)
		if !ok {
			continue
		}
		unit := ""
		if u, ok := col["unit"]; ok {
			unit = rec[u]
		}
		k.add(line, rec[col["service"]], strings.TrimSpace(rec[col["name"]]), unit, at, val, present)
	}
	series, sum := k.series()
	if len(series) == 0 && errs.count == 0 {
		errs.add(1, "", "no samples in this file: want %s", formatWants[FormatCSV])
	}
	return series, sum
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

// csvSample reads a row's time and value (present false: an empty value,
// a gap); ok is false for a row in error.
func (l *loader) csvSample(rec []string, col map[string]int, line int, errs *includeErrors) (at time.Time, val float64, present, ok bool) {
	t, err := parseStamp([]byte(strings.TrimSpace(rec[col["time"]])), l.scope.start)
	if err != nil {
		errs.add(line, "time", "%q: %v", short(rec[col["time"]]), err)
		return t, 0, false, false
	}
	v := strings.TrimSpace(rec[col["value"]])
	if v == "" {
		return t, 0, false, true
	}
	f, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil:
		errs.add(line, "value", "%q is not a number (leave it empty for a gap)", short(v))
		return t, 0, false, false
	case math.IsNaN(f) || math.IsInf(f, 0):
		errs.add(line, "value", "%q: NaN and Inf are not samples (leave it empty for a gap)", short(v))
		return t, 0, false, false
	}
	return t, f, true, true
}
