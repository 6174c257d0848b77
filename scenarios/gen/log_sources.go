package main

import (
	"fmt"
	"strconv"
	"strings"

	"firedrill/game/sim/signal"
)

// Tmpl returns a message writer that picks one of the templates and fills its
// placeholders: {int:LO:HI} a uniform integer, {ms:MEDIAN:SIGMA} a
// log-normal latency in ms ({msf:…} with 3 decimals, as postgres logs it), {hex:N} N hex digits, {ip} a pod IP, {uuid},
// {pick:a|b|c} one of the options.
func Tmpl(tmpls ...string) func(g *G, m float64) string {
	return func(g *G, m float64) string { return fill(g, signal.Pick(g, tmpls...)) }
}

func fill(g *G, t string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		b.WriteString(placeholder(g, t[i+1:i+j]))
		t = t[i+j+1:]
	}
}

func placeholder(g *G, p string) string {
	parts := strings.Split(p, ":")
	num := func(k int) float64 { v, _ := strconv.ParseFloat(parts[k], 64); return v }
	switch parts[0] {
	case "int":
		lo, hi := int(num(1)), int(num(2))
		return strconv.Itoa(lo + g.IntN(hi-lo+1))
	case "ms":
		return strconv.Itoa(int(g.LogNormal(num(1), num(2))) + 1)
	case "msf":
		return strconv.FormatFloat(g.LogNormal(num(1), num(2)), 'f', 3, 64)
	case "hex":
		return g.Hex(int(num(1)))
	case "ip":
		return g.IP()
	case "uuid":
		return g.hexUUID()
	case "pick":
		return signal.Pick(g, strings.Split(parts[1], "|")...)
	}
	return "{" + p + "}"
}

// Lines is a source of lines of one level from templates.
func Lines(svc, level string, perMin Fn, tmpls ...string) Src {
	return Src{Svc: svc, Level: level, PerMin: perMin, Msg: Tmpl(tmpls...)}
}

// Reqs is like Lines, for lines about a request (they carry request and trace ids).
func Reqs(svc, level string, perMin Fn, tmpls ...string) Src {
	s := Lines(svc, level, perMin, tmpls...)
	s.Req = true
	return s
}

// Access is an access log: "GET /route 200 43ms", latency log-normal with
// median lat(m). Routes name their status ("GET /cart 200", "/pkg.Svc/M OK").
func Access(svc string, perMin, lat Fn, sigma float64, routes ...string) Src {
	return Src{Svc: svc, Level: "INFO", PerMin: perMin, Req: true, Msg: func(g *G, m float64) string {
		return fmt.Sprintf("%s %dms", fill(g, signal.Pick(g, routes...)), int(g.LogNormal(lat(m), sigma))+1)
	}}
}

// Once is a single line at minute at (a source that fires exactly once).
func Once(svc, level string, at float64, msg string) Src {
	return Src{Svc: svc, Level: level, PerMin: C(0), Msg: Tmpl(msg), once: true, at: at}
}

// On pins a source to one pod.
func (s Src) On(pod string) Src { s.Pod = pod; return s }

// OnSlot pins a source of a Std service to the pod filling replica slot i
// at the line's time (a rollout hands the slot to a new pod).
func (s Src) OnSlot(i int) Src { s.Slot = i + 1; return s }
