package pack

import (
	"time"

	"firedrill/game"
)

// The signal sections of a scenario — traces, metrics, logs — each a list
// of inline entries and include entries, loaded in file order. Includes go
// through one reader per format (sectionFormats) and one sink per signal
// type; each include that yields nothing is an error, and what each read
// is recorded for pack validate.

// traces loads inline traces and trace includes, and records every trace
// id in the scope so that log lines can be checked against them.
func (l *loader) traces(raw []rawTrace, start time.Time) []*game.Trace {
	var out []*game.Trace
	spanBudget := MaxSpans
	ids := map[string]bool{}
	for i, t := range raw {
		if t.Include != "" {
			if t.ID != "" || t.Spans != nil {
				l.fail("include", []any{"traces", i}, "an include entry takes include, format and the format's options")
			}
			file := l.includeFormat(SectionTraces, i, t.Include, t.Format, &t.rawIncludeOpts)
			if file == "" {
				continue
			}
			l.clip = t.Clip
			traces, sum := l.readTraceInclude(file, t.Format, &spanBudget)
			l.record(file, SectionTraces, t.Format, sum)
			for _, tr := range traces {
				if ids[tr.ID] {
					l.fail("include", []any{"traces", i, "include"}, "trace %s in %s is also defined elsewhere in the scenario", tr.ID, file)
				}
				if id, cyc := parentCycle(tr.Spans); cyc {
					l.fail("include", []any{"traces", i, "include"}, "trace %s in %s: span %s is its own ancestor", tr.ID, file, id)
				}
				ids[tr.ID] = true
				out = append(out, tr)
			}
			continue
		}
		if t.Format != "" || len(t.rawIncludeOpts.set()) > 0 || t.Spans == nil && t.ID == "" {
			l.fail("include", []any{"traces", i}, "a trace is either id and spans, or include and format")
		}
		spans := make([]game.Span, 0, len(t.Spans))
		for j, sp := range t.Spans {
			spans = append(spans, game.Span{ID: game.SanitizeLine(sp.ID), Parent: game.SanitizeLine(sp.Parent), Service: sp.Service,
				Name: game.SanitizeLine(sp.Name), At: l.when(sp.At, start, "at", "traces", i, "spans", j, "at"),
				Dur: l.duration(sp.Dur, "dur", "traces", i, "spans", j, "dur"), Error: sp.Status == "error",
				Attrs: attrsFromMap(sp.Attrs)})
		}
		l.checkTrace(&t, spans, i, ids)
		if spanBudget -= len(spans); spanBudget < 0 {
			l.fail("spans", []any{"traces", i}, "more than %d spans in the scenario (MaxSpans)", MaxSpans)
			return nil
		}
		out = append(out, game.NewTrace(game.SanitizeLine(t.ID), spans))
	}
	for _, t := range out {
		l.scope.traces[t.ID] = true
	}
	return out
}

// readTraceInclude reads one trace include in its format.
func (l *loader) readTraceInclude(file, format string, spanBudget *int) ([]*game.Trace, *IncludeSummary) {
	switch format {
	case FormatJaegerJSON:
		return l.readJaeger(file, spanBudget)
	case FormatZipkinJSON:
		return l.readZipkin(file, spanBudget)
	}
	return l.readOTLP(file, spanBudget)
}

// metrics loads inline series and metric includes, in file order.
func (l *loader) metrics(raw []rawMetric, start time.Time) []*game.Series {
	var out []*game.Series
	for i, m := range raw {
		if m.Include != "" {
			if m.From != "" || m.Values != nil {
				l.fail("include", []any{"metrics", i}, "an include entry takes include, format and the format's options")
				continue
			}
			extra := setNames("service", m.Service != "", "name", m.Name != "", "step", m.Step != "", "unit", m.Unit != "")
			file := l.includeFormat(SectionMetrics, i, m.Include, m.Format, &m.rawIncludeOpts, extra...)
			if file == "" {
				continue
			}
			opts := l.metricOptions(&m, i)
			l.clip = m.Clip
			var series []*game.Series
			var sum *IncludeSummary
			if m.Format == FormatPrometheusJSON {
				series, sum = l.readPrometheus(file, opts)
			} else {
				series, sum = l.readMetricsCSV(file, opts)
			}
			l.record(file, SectionMetrics, m.Format, sum)
			out = append(out, series...)
			continue
		}
		if m.Format != "" || len(m.rawIncludeOpts.set()) > 0 {
			l.fail("format", []any{"metrics", i}, "format and include options go with include")
		}
		from := start
		if m.From != "" {
			from = l.when(m.From, start, "from", "metrics", i, "from")
		}
		step := l.duration(m.Step, "step", "metrics", i, "step")
		service := l.checkService(m.Service, "service", true, "metrics", i, "service")
		sr := game.NewSeries(game.SanitizeLine(m.Name), service, game.SanitizeLine(m.Unit), from, step, m.Values)
		l.checkSeries(&m, sr, i)
		out = append(out, sr)
	}
	return out
}

// logs loads inline lines and includes into one slice. Line-oriented
// includes are counted first, so a million lines are allocated once.
func (l *loader) logs(raw []rawLog, start time.Time) *game.LogStore {
	files := make([]string, len(raw))
	opts := make([]*logOptions, len(raw))
	total := 0
	for i := range raw {
		lg := &raw[i]
		if lg.Include == "" {
			total++
			continue
		}
		l.checkLogInclude(lg, i)
		file := l.includeFormat(SectionLogs, i, lg.Include, lg.Format, &lg.rawIncludeOpts, setNames("service", lg.Service != "")...)
		if file == "" {
			continue
		}
		failed := l.failed
		if opts[i] = l.logOptions(lg.Format, &lg.rawIncludeOpts, i); l.failed > failed {
			continue // the entry's options are wrong: reading would only add noise
		}
		if l.countable(file, lg.Format, opts[i]) {
			n, err := l.countLines(file)
			if err != nil {
				l.errs = append(l.errs, err)
				continue
			}
			total += n
		}
		files[i] = file
	}
	if total > MaxLogLines {
		l.fail("logs", []any{"logs"}, "%d log lines; the limit is %d (MaxLogLines)", total, MaxLogLines)
		return nil
	}
	out := game.NewLogBuilder()
	out.Grow(total)
	for i := range raw {
		lg := &raw[i]
		switch {
		case lg.Include == "":
			line := l.inlineLog(lg, i, start)
			if err := out.Add(&line); err != nil {
				l.fail("logs", []any{"logs", i}, "%v", err)
			}
		case files[i] != "":
			before := out.Len()
			l.clip = lg.Clip
			l.readLogs(files[i], lg, opts[i], out)
			l.record(files[i], SectionLogs, lg.Format, &IncludeSummary{Lines: out.Len() - before})
		}
	}
	return out.FinishSorted()
}

// countable says whether an include is read a line at a time, so that its
// lines can be counted up front: the line formats, and JSON Lines (not a
// pretty-printed document or an array, whose records span lines).
func (l *loader) countable(file, format string, opts *logOptions) bool {
	switch format {
	case FormatLogfmt, FormatText, FormatAccessLog, FormatSyslog:
		return true
	case FormatJSONL, FormatJournald:
		return l.jsonLineMode(file, opts)
	}
	return false
}

// readLogs reads one log include in its format through a log sink.
func (l *loader) readLogs(file string, lg *rawLog, opts *logOptions, out *game.LogBuilder) {
	k := l.newLogSink(file, lg.Service, opts, out)
	defer k.close()
	switch lg.Format {
	case FormatJSONL, FormatJournald:
		l.readJSONRecords(file, k)
	case FormatLogfmt, FormatText:
		l.readLogLines(file, lg.Format, k)
	case FormatOTLPJSON:
		l.readOTLPLogs(file, k)
	case FormatLokiJSON:
		l.readLoki(file, &lg.rawIncludeOpts, k)
	case FormatK8sEvents:
		l.readK8sEvents(file, k)
	case FormatAccessLog:
		l.readAccessLog(file, k)
	case FormatSyslog:
		l.readSyslog(file, &lg.rawIncludeOpts, k)
	}
	switch {
	case k.kept > 0 || k.errs.count > 0:
	case l.clipped > 0:
		k.errs.add(1, "", "no log lines in the scenario window: all %d lie outside it (clip left them out)", l.clipped)
	default:
		k.errs.add(1, "", "no log lines in this file: want %s", formatWants[lg.Format])
	}
}

func (l *loader) inlineLog(lg *rawLog, i int, start time.Time) game.LogLine {
	lv, ok := game.ParseLevel(lg.Level)
	line := game.LogLine{At: l.when(lg.At, start, "at", "logs", i, "at"), Service: lg.Service, Level: lv,
		Msg: game.SanitizeLine(lg.Msg), Trace: game.SanitizeLine(lg.Trace), Attrs: attrsFromMap(lg.Attrs)}
	l.checkInlineLog(lg, &line, ok, i)
	return line
}
