package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"firedrill/game"
)

func TestFillPlaceholders(t *testing.T) {
	g := newG("fill")
	for _, tc := range []struct {
		tmpl string
		re   string
	}{
		{"sku-{int:10:12}", `^sku-1[0-2]$`},
		{"{hex:8}", `^[0-9a-f]{8}$`},
		{"{uuid}", `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`},
		{"took {ms:40:0.3}ms", `^took \d+ms$`},
		{"{msf:1200:0.2} ms", `^\d+\.\d{3} ms$`},
		{"{pick:a|b}", `^[ab]$`},
		{"{ip}:80", `^10\.2\.\d+\.\d+:80$`},
		{"{nope} and {", `^\{nope\} and \{$`},
	} {
		for range 20 {
			if got := fill(g, tc.tmpl); !regexp.MustCompile(tc.re).MatchString(got) {
				t.Fatalf("fill(%q) = %q; want %s", tc.tmpl, got, tc.re)
			}
		}
	}
}

// A service's pods are named once: every line of the scenario draws from
// the same ReplicaSet.
func TestAServicesPodsAreNamedOnce(t *testing.T) {
	g := newG("pods")
	pods := g.deployment("checkout", 3)
	if again := g.deployment("checkout", 5); len(again) != 3 || again[0] != pods[0] {
		t.Errorf("checkout's pods changed between calls: %q then %q", pods, again)
	}
	for range 20 {
		if p := g.pod("checkout"); p != pods[0] && p != pods[1] && p != pods[2] {
			t.Fatalf("pod %q is not one of checkout's %q", p, pods)
		}
	}
}

func TestValueFormats(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		prec int
		want string
	}{{2412.6, 0, "2413"}, {55.27, 0, "55.3"}, {1.234, 0, "1.23"}, {0.0123, 0, "0.012"}, {0.00031, 4, "0.0003"}, {3, 0, "3"}, {33, 1, "33.0"}} {
		if got := formatValue(tc.v, tc.prec); got != tc.want {
			t.Errorf("formatValue(%v, %d) = %q; want %q", tc.v, tc.prec, got, tc.want)
		}
	}
}

// A dropped span is absent from the trace while its children keep its id
// as their parent: that is what a missing span is.
func TestDroppedSpanLeavesAnOrphan(t *testing.T) {
	g := newG("traces")
	s := &Script{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Minutes: 10}
	mid := S("b", "mid", 1, 5, Leaf("b", "leaf", 1, 2)).Drop()
	root := S("a", "root", 0, 10, mid).E().L("root failed")
	traces, client, lines := drawTraces(s, g, []Tr{{At: 1, Root: root}})
	if len(traces) != 1 || len(traces[0].Spans) != 2 {
		t.Fatalf("drew %d traces; want one of 2 spans (root and leaf)", len(traces))
	}
	tr := traces[0]
	ids := map[string]bool{}
	for _, sp := range tr.Spans {
		ids[sp.ID] = true
		if len(tr.ID) != 32 || len(sp.ID) != 16 {
			t.Errorf("ids %q/%q are not 32/16 hex digits", tr.ID, sp.ID)
		}
	}
	rootSpan, leaf := tr.Spans[0], tr.Spans[1]
	if leaf.Parent == "" || ids[leaf.Parent] {
		t.Errorf("leaf's parent %q should name the dropped span, absent from the trace", leaf.Parent)
	}
	if !rootSpan.Error || rootSpan.Dur != 10*time.Millisecond || !leaf.At.Equal(rootSpan.At.Add(2*time.Millisecond)) {
		t.Errorf("root %+v, leaf %+v: want a failed 10 ms root and a leaf 2 ms after it", rootSpan, leaf)
	}
	if client(tr, &rootSpan) || !client(tr, &leaf) {
		t.Errorf("the root is a server span and the leaf a client span")
	}
	if len(lines) != 1 || lines[0].Level != game.LevelError || lines[0].Trace != tr.ID {
		t.Errorf("the root's log line = %+v; want one ERROR line carrying the trace id", lines)
	}
}

func TestDropHolesLosesOnlyThatServiceInThatWindow(t *testing.T) {
	s := &Script{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Holes: []Hole{{Svc: "a", From: 1, To: 2}}}
	lines := []game.LogLine{
		{At: s.at(0.5), Service: "a", Msg: "before"},
		{At: s.at(1), Service: "a", Msg: "lost at the start"},
		{At: s.at(1.5), Service: "b", Msg: "other service"},
		{At: s.at(1.99), Service: "a", Msg: "lost"},
		{At: s.at(2), Service: "a", Msg: "after"},
	}
	var got []string
	for _, l := range dropHoles(s, lines) {
		got = append(got, l.Msg)
	}
	if want := "before,other service,after"; strings.Join(got, ",") != want {
		t.Errorf("kept %q; want %q", strings.Join(got, ","), want)
	}
}

// onceTime keeps a one-off line's second and its order against lines
// 100 ms away, and spreads the milliseconds as sampled lines have them.
func TestOnceTimeKeepsTheSecondAndHidesTheFraction(t *testing.T) {
	start := time.Date(2025, 9, 3, 9, 0, 0, 0, time.UTC)
	seen := map[int]bool{}
	for i := range 1000 {
		at := start.Add(time.Duration(i) * 6 * time.Second / 10) // 0.01-minute steps: .000, .600, .200 …
		got := onceTime(at, "checkout", fmt.Sprintf("config reloaded %d", i))
		if got.Truncate(time.Second) != at.Truncate(time.Second) || got.Sub(at) < 0 || got.Sub(at) >= 100*time.Millisecond {
			t.Fatalf("onceTime(%v) = %v: left its 100 ms slot", at, got)
		}
		seen[got.Nanosecond()/int(time.Millisecond)%100] = true
	}
	if len(seen) < 90 {
		t.Errorf("the milliseconds take %d values of 100: still a pattern", len(seen))
	}
}

// A crash's lines keep the order the script wrote them in, though
// onceTime moves each by up to 99 ms: every panic in missing-payments
// comes after its 'processing' line and before its stack frame (a
// play-tester saw the frame stamped before the panic).
func TestOnceLinesKeepTheirOrder(t *testing.T) {
	d := draw(poisonPill())
	var order []string
	for _, l := range d.sc.Logs.All() {
		if l.Service != "settlement" {
			continue
		}
		switch {
		case strings.HasPrefix(l.Msg, "processing partition=7 offset=1843392"):
			order = append(order, "processing")
		case strings.HasPrefix(l.Msg, "panic: runtime error"):
			order = append(order, "panic")
		case strings.Contains(l.Msg, "apply.go:142"):
			order = append(order, "frame")
		}
	}
	if len(order) < 6 {
		t.Fatalf("only %d crash lines: %v", len(order), order)
	}
	for i := 0; i+2 < len(order); i += 3 {
		if got := strings.Join(order[i:i+3], " "); got != "processing panic frame" {
			t.Fatalf("crash %d reads %q; want processing panic frame (all: %v)", i/3+1, got, order)
		}
	}
}
