package game

// IndexLogs (re)builds s.Index from s.Logs, which must already be sorted by
// time. The loader indexes at load; this is for scenarios built in memory
// (benchmarks, the simulator, tests).
func IndexLogs(s *Scenario) { s.Index = buildIndex(s.Logs) }

// IndexTraces (re)builds the map Scenario.Trace answers from, once
// s.Traces is final. Without it Trace scans the list (scenarios built by
// hand); the loader indexes at load, since a pane may ask once per row.
func IndexTraces(s *Scenario) {
	s.traceByID = make(map[string]*Trace, len(s.Traces))
	for _, t := range s.Traces {
		s.traceByID[t.ID] = t
	}
}

// AttrText is what the Logs pane shows after a line's message: its attrs as
// k=v and its trace id, after two spaces ("" when there are neither). The
// index searches message+AttrText, so a search finds what the row shows
// (a pod name, a trace id), not just the message.
func AttrText(l *LogLine) string {
	return string(appendAttrText(make([]byte, 0, attrTextLen(l)), l, false))
}

// AppendRowText appends the text a Logs row shows for l: its message and
// AttrText(l), without building either string first.
func AppendRowText(dst []byte, l *LogLine) []byte {
	return appendAttrText(append(dst, l.Msg...), l, false)
}

// appendAttrText appends AttrText(l), lower-cased when lower, without
// building the string first: the index does this for a million lines.
func appendAttrText(dst []byte, l *LogLine, lower bool) []byte {
	if len(l.Attrs) == 0 && l.Trace == "" {
		return dst
	}
	add := func(s string) {
		if lower {
			dst = appendLower(dst, s)
		} else {
			dst = append(dst, s...)
		}
	}
	dst = append(dst, ' ')
	for _, a := range l.Attrs {
		dst = append(dst, ' ')
		add(a.Key)
		dst = append(dst, '=')
		add(a.Value)
	}
	if l.Trace != "" {
		dst = append(dst, " trace="...)
		add(l.Trace)
	}
	return dst
}

// attrTextLen is len(AttrText(l)) before lower-casing.
func attrTextLen(l *LogLine) int {
	if len(l.Attrs) == 0 && l.Trace == "" {
		return 0
	}
	n := 1
	for _, a := range l.Attrs {
		n += 2 + len(a.Key) + len(a.Value)
	}
	if l.Trace != "" {
		n += len(" trace=") + len(l.Trace)
	}
	return n
}
