package main

import (
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"time"

	"firedrill/game"
)

// at turns a script minute into a wall-clock time.
func (s *Script) at(m float64) time.Time {
	return s.Start.Add(time.Duration(math.Round(m * float64(time.Minute))))
}

// drawLogs samples every source in 10 s buckets (a Poisson count, uniform
// times), adds the lines that sampled traces carry, drops what a shipper
// hole lost, and sorts by time. Attributes keep the script's order (pod,
// request_id, then the source's extras): the files are written that way.
func drawLogs(s *Script, g *G, traced []game.LogLine) []game.LogLine {
	var out []game.LogLine
	var once []onceLine
	end := s.at(s.Minutes)
	for _, src := range s.Logs {
		level := levelOf(src.Level)
		if src.once {
			attrs := podAttrs(g, src, src.at) // drawn before the message: the library's data depends on the order
			msg := src.Msg(g, src.at)
			once = append(once, onceLine{len(out), s.at(src.at)})
			out = append(out, game.LogLine{At: onceTime(s.at(src.at), src.Svc, msg), Service: src.Svc, Level: level,
				Msg: msg, Attrs: appendPairs(attrs, src.Extra)})
			continue
		}
		for b := 0.0; b < s.Minutes; b += 1.0 / 6 {
			n := g.Poisson(src.PerMin(b+1.0/12) / 6)
			for range n {
				m := b + g.Float64()/6
				ln := game.LogLine{At: s.at(m).Truncate(time.Millisecond), Service: src.Svc, Level: level, Msg: src.Msg(g, m)}
				attrs := podAttrs(g, src, m)
				if src.Skew != nil {
					ln.At = ln.At.Add(time.Duration(src.Skew(m) * float64(time.Second)))
				}
				ln.Attrs = attrs
				if src.Req {
					// The edge mints the request id; inside, services log the trace id.
					ln.Trace = g.Hex(32)
					if src.Svc == s.Services[0].Name {
						ln.Attrs = append(ln.Attrs, game.Attr{Key: "request_id", Value: g.hexUUID()})
					}
				}
				ln.Attrs = appendPairs(ln.Attrs, src.Extra)
				if ln.At.Before(end) && !ln.At.Before(s.Start) {
					out = append(out, ln)
				}
			}
		}
	}
	keepOnceOrder(out, once)
	out = append(out, traced...)
	out = dropHoles(s, out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// podAttrs are the pod (and version) a line of src at minute m is logged
// from: the source's pod, the pod in its slot, or any pod alive then.
func podAttrs(g *G, src Src, m float64) game.Attrs {
	pod, version := src.Pod, ""
	switch {
	case pod != "":
	case src.Slot > 0:
		pod, version = g.slotAt(src.Svc, src.Slot-1, m)
	default:
		pod, version = g.podAt(src.Svc, m)
	}
	attrs := game.Attrs{{Key: "pod", Value: pod}}
	if version != "" {
		attrs = append(attrs, game.Attr{Key: "version", Value: version})
	}
	return attrs
}

// appendPairs appends a source's extra attributes (key, value pairs).
func appendPairs(attrs game.Attrs, kv []string) game.Attrs {
	for i := 0; i+1 < len(kv); i += 2 {
		attrs = append(attrs, game.Attr{Key: kv[i], Value: kv[i+1]})
	}
	return attrs
}

// levelOf reads a script's level name; a misspelt one is a bug in the
// script, caught by the first test run.
func levelOf(name string) game.Level {
	lv, ok := game.ParseLevel(name)
	if !ok {
		panic(fmt.Sprintf("a script logs at level %q: want DEBUG, INFO, WARN, ERROR or FATAL", name))
	}
	return lv
}

// dropHoles removes the lines that fall in a log-shipper hole.
func dropHoles(s *Script, lines []game.LogLine) []game.LogLine {
	kept := lines[:0]
	for _, l := range lines {
		lost := false
		for _, h := range s.Holes {
			lost = lost || l.Service == h.Svc && !l.At.Before(s.at(h.From)) && l.At.Before(s.at(h.To))
		}
		if !lost {
			kept = append(kept, l)
		}
	}
	return kept
}

// onceLine is a one-off line's place in the drawn lines and the time the
// script gave it.
type onceLine struct {
	i  int
	at time.Time
}

// keepOnceOrder undoes what onceTime's milliseconds could swap: a
// service's one-off lines keep the order of the times the script gave
// them (a panic's frames 60 ms apart must not land before the panic), each
// at least a millisecond after the one before.
func keepOnceOrder(out []game.LogLine, once []onceLine) {
	sort.SliceStable(once, func(a, b int) bool { return once[a].at.Before(once[b].at) })
	last := map[string]onceLine{} // per service: the latest line so far, with its drawn time in at
	for _, o := range once {
		ln := &out[o.i]
		if prev, ok := last[ln.Service]; ok && !ln.At.After(prev.at) {
			ln.At = prev.at.Add(time.Millisecond)
		}
		last[ln.Service] = onceLine{o.i, ln.At}
	}
}

// onceTime stamps a one-off line. A script places it at a fraction of a
// minute, which lands on round milliseconds (+13:06.000, +11:04.800)
// while every sampled line has random ones: a player scanning the pager
// could spot the story's lines by their stamps alone. The tens and units
// of the milliseconds come from a hash of the line, so the stamp keeps
// its second and its order against lines 100 ms or more away, and the
// draw of every other line is unchanged.
func onceTime(t time.Time, svc, msg string) time.Time {
	h := fnv.New32a()
	h.Write([]byte(svc + "\x00" + msg + "\x00" + t.Format(time.RFC3339Nano)))
	return t.Truncate(100 * time.Millisecond).Add(time.Duration(h.Sum32()%100) * time.Millisecond)
}
