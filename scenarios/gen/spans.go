package main

import "fmt"

// Tr is one sampled request: a span tree that starts at minute At.
type Tr struct {
	At   float64
	Root *Sp
}

// Sp is a span. Off is its start in ms after its parent's start; Dur in ms.
// A Gone span is not exported (an uninstrumented hop, a dropped batch): its
// children keep pointing at it, which is what a missing span looks like.
// Log, when set, is written as a log line of the span's service carrying
// the trace id (ERROR if the span failed, INFO otherwise).
type Sp struct {
	Svc, Name string
	Off, Dur  float64
	Err       bool
	Gone      bool
	Client    bool
	Attrs     []string
	Kids      []*Sp
	Log       string
}

// S makes a server span.
func S(svc, name string, off, dur float64, kids ...*Sp) *Sp {
	return &Sp{Svc: svc, Name: name, Off: off, Dur: dur, Kids: kids}
}

// Call makes a client span of caller around the callee's server span,
// enclosing it by a fraction of a millisecond on each side as real
// client/server pairs do.
func Call(g *G, caller, name string, off float64, server *Sp) *Sp {
	pad := g.Uniform(0.2, 1.5)
	server.Off = pad
	c := &Sp{Svc: caller, Name: name, Off: off, Dur: server.Dur + pad + g.Uniform(0.2, 1.5), Client: true, Kids: []*Sp{server}}
	if server.Err {
		c.Err = true
	}
	return c
}

// Leaf makes a client span with no server side (SQL, redis, a call that
// never connected).
func Leaf(caller, name string, off, dur float64) *Sp {
	return &Sp{Svc: caller, Name: name, Off: off, Dur: dur, Client: true}
}

// E marks the span failed.
func (s *Sp) E() *Sp { s.Err = true; return s }

// A adds attributes as key, value pairs.
func (s *Sp) A(kv ...string) *Sp { s.Attrs = append(s.Attrs, kv...); return s }

// L sets the log line the span writes.
func (s *Sp) L(msg string) *Sp { s.Log = msg; return s }

// Drop makes the span missing from the export.
func (s *Sp) Drop() *Sp { s.Gone = true; return s }

// FastFails is a caller's three attempts at a call that fails before it
// reaches the callee (DNS, TLS, connection refused): client spans of a few
// ms, with no server span, retried as siblings after 100 and 200 ms
// backoffs. It returns the spans and the time they took.
func FastFails(g *G, caller, name, errMsg string, lo, hi float64) ([]*Sp, float64) {
	var kids []*Sp
	off := 1.0
	for a, backoff := range []float64{100, 200, 0} {
		d := g.Uniform(lo, hi)
		kids = append(kids, Leaf(caller, name, off, d).E().A("retry.attempt", fmt.Sprint(a+1), "error.message", errMsg))
		off += d + backoff
	}
	return kids, off
}
