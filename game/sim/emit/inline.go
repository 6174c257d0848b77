package emit

import (
	"bufio"
	"strconv"
	"time"

	"firedrill/game"
)

// inline writes the signal sections of a self-contained scenario: one
// flow-style line per log line, series and span.
type inline struct {
	b     *bufio.Writer
	start time.Time
	value ValueFormat
}

func (y inline) signals(sc *game.Scenario) {
	b := y.b
	b.WriteString("logs:\n")
	for _, l := range sc.Logs.All() {
		b.WriteString("  - {at: " + Offset(y.start, l.At) + ", service: " + q(l.Service) + ", level: " + l.Level.String() + ", msg: " + q(l.Msg))
		if l.Trace != "" {
			b.WriteString(", trace: " + q(l.Trace))
		}
		y.attrs(l.Attrs)
		b.WriteString("}\n")
	}
	b.WriteString("metrics:\n")
	for _, m := range sc.Metrics {
		b.WriteString("  - {name: " + q(m.Name) + ", service: " + q(m.Service) + ", unit: " + q(m.Unit) + ", step: " + Duration(m.Step))
		if !m.From.Equal(y.start) {
			b.WriteString(", from: " + Offset(y.start, m.From))
		}
		b.WriteString(", values: [")
		for i := 0; i < m.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			if v, ok := m.At(i); ok {
				b.WriteString(y.format(m, v))
			} else {
				b.WriteByte('~')
			}
		}
		b.WriteString("]}\n")
	}
	b.WriteString("traces:\n")
	for _, t := range sc.Traces {
		b.WriteString("  - id: " + q(t.ID) + "\n    spans:\n")
		for _, sp := range t.Spans {
			b.WriteString("      - {id: " + q(sp.ID))
			if sp.Parent != "" {
				b.WriteString(", parent: " + q(sp.Parent))
			}
			status := "ok"
			if sp.Error {
				status = "error"
			}
			b.WriteString(", service: " + q(sp.Service) + ", name: " + q(sp.Name) + ", at: " + Offset(y.start, sp.At) +
				", dur: " + sp.Dur.Round(time.Microsecond).String() + ", status: " + status)
			y.attrs(sp.Attrs)
			b.WriteString("}\n")
		}
	}
}

func (y inline) attrs(a game.Attrs) {
	if len(a) == 0 {
		return
	}
	y.b.WriteString(", attrs: {")
	for i, kv := range a {
		if i > 0 {
			y.b.WriteString(", ")
		}
		y.b.WriteString(q(kv.Key) + ": " + q(kv.Value))
	}
	y.b.WriteByte('}')
}

func (y inline) format(sr *game.Series, v float64) string {
	if y.value != nil {
		return y.value(sr, v)
	}
	return shortest(v)
}

// shortest is the shortest decimal that reads back as v.
func shortest(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
