package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// at turns a script minute into a wall-clock time.
func (s *Script) at(m float64) time.Time {
	return s.Start.Add(time.Duration(math.Round(m * float64(time.Minute))))
}

// offset renders a minute as the pack format's "+12m30s" ("+6m", not
// "+6m0s": the files should read as if typed by hand).
func offset(m float64) string {
	return "+" + shortDuration(time.Duration(math.Round(m*60))*time.Second)
}

// shortDuration is d.String() without zero minutes or seconds.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// drawMetrics samples every series over the whole window: one formatted
// value per step, "" for a scrape gap.
func drawMetrics(s *Script, g *G) [][]string {
	n := int(s.Minutes*60/s.Step) + 1
	out := make([][]string, len(s.Metrics))
	for k, mt := range s.Metrics {
		out[k] = make([]string, n)
		for i := range n {
			m := float64(i) * s.Step / 60
			sd := mt.Jit
			if mt.Noise != nil {
				sd = mt.Noise(m)
			}
			noise := g.Jitter(sd)
			if !inGap(mt.Gaps, m) {
				out[k][i] = formatValue(clampMetric(mt, mt.F(m), mt.F(m)*noise), mt.Prec)
			}
		}
	}
	return out
}

// metricsCSV writes the series grouped one after another, as a Prometheus
// range export would be.
func metricsCSV(s *Script, values [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("time,service,name,value,unit\n")
	for k, mt := range s.Metrics {
		for i, v := range values[k] {
			m := float64(i) * s.Step / 60
			fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", s.at(m).Format(time.RFC3339), mt.Svc, mt.Name, v, mt.Unit)
		}
	}
	return b.Bytes()
}

func inGap(gaps [][2]float64, m float64) bool {
	for _, gp := range gaps {
		if m >= gp[0] && m < gp[1] {
			return true
		}
	}
	return false
}

// clampMetric keeps noise from pushing a value across zero or past 100 %.
func clampMetric(mt Metric, truth, v float64) float64 {
	if truth >= 0 {
		v = max(v, 0)
	}
	if mt.Unit == "%" {
		v = min(v, 100)
	}
	return v
}

func formatValue(v float64, prec int) string {
	if prec < 0 || prec == 0 && v != math.Trunc(v) {
		switch a := math.Abs(v); {
		case a >= 100:
			prec = 0
		case a >= 10:
			prec = 1
		case a >= 1:
			prec = 2
		default:
			prec = 3
		}
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// logLine is one generated line before it is written.
type logLine struct {
	at      time.Time
	level   string
	svc     string
	pod     string
	msg     string
	reqID   string
	traceID string
	extra   []string
}

// drawLogs samples every source in 10 s buckets (a Poisson count, uniform
// times), adds the lines that sampled traces carry, and sorts by time.
func drawLogs(s *Script, g *G, traced []logLine) []logLine {
	var out []logLine
	end := s.at(s.Minutes)
	for _, src := range s.Logs {
		if src.once {
			pod := src.Pod
			if pod == "" {
				pod = g.pod(src.Svc)
			}
			out = append(out, logLine{at: s.at(src.at).Truncate(time.Millisecond), level: src.Level, svc: src.Svc,
				pod: pod, msg: src.Msg(g, src.at), extra: src.Extra})
			continue
		}
		for b := 0.0; b < s.Minutes; b += 1.0 / 6 {
			n := g.Poisson(src.PerMin(b+1.0/12) / 6)
			for range n {
				m := b + g.Float64()/6
				ln := logLine{at: s.at(m).Truncate(time.Millisecond), level: src.Level, svc: src.Svc,
					pod: src.Pod, msg: src.Msg(g, m), extra: src.Extra}
				if ln.pod == "" {
					ln.pod = g.pod(src.Svc)
				}
				if src.Skew != nil {
					ln.at = ln.at.Add(time.Duration(src.Skew(m) * float64(time.Second)))
				}
				if src.Req {
					// The edge mints the request id; inside, services log the trace id.
					ln.traceID = g.Hex(32)
					if src.Svc == s.Services[0].Name {
						ln.reqID = g.hexUUID()
					}
				}
				if ln.at.Before(end) && !ln.at.Before(s.Start) {
					out = append(out, ln)
				}
			}
		}
	}
	out = append(out, traced...)
	out = dropHoles(s, out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// dropHoles removes the lines that fall in a log-shipper hole.
func dropHoles(s *Script, lines []logLine) []logLine {
	kept := lines[:0]
	for _, l := range lines {
		lost := false
		for _, h := range s.Holes {
			lost = lost || l.svc == h.Svc && !l.at.Before(s.at(h.From)) && l.at.Before(s.at(h.To))
		}
		if !lost {
			kept = append(kept, l)
		}
	}
	return kept
}

func logsJSONL(lines []logLine) []byte {
	var b bytes.Buffer
	for _, l := range lines {
		fmt.Fprintf(&b, `{"ts":%s,"level":%s,"service":%s,"pod":%s,"msg":%s`, js(l.at.Format("2006-01-02T15:04:05.000Z07:00")),
			js(l.level), js(l.svc), js(l.pod), js(l.msg))
		if l.reqID != "" {
			fmt.Fprintf(&b, `,"request_id":%s`, js(l.reqID))
		}
		if l.traceID != "" {
			fmt.Fprintf(&b, `,"trace_id":%s`, js(l.traceID))
		}
		for i := 0; i+1 < len(l.extra); i += 2 {
			fmt.Fprintf(&b, `,%s:%s`, js(l.extra[i]), js(l.extra[i+1]))
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
}

// js quotes a JSON string without HTML escaping (SQL holds < and >).
func js(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
