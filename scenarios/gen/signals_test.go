package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
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

func TestOffsetAndValueFormats(t *testing.T) {
	for _, tc := range []struct {
		m    float64
		want string
	}{{0, "+0s"}, {18.25, "+18m15s"}, {6, "+6m"}, {61, "+1h1m"}, {120, "+2h"}, {60.5, "+1h0m30s"}} {
		if got := offset(tc.m); got != tc.want {
			t.Errorf("offset(%v) = %q; want %q", tc.m, got, tc.want)
		}
	}
	for _, tc := range []struct {
		v    float64
		prec int
		want string
	}{{2412.6, 0, "2413"}, {55.27, 0, "55.3"}, {1.234, 0, "1.23"}, {0.0123, 0, "0.012"}, {0.00031, 4, "0.0003"}, {3, 0, "3"}} {
		if got := formatValue(tc.v, tc.prec); got != tc.want {
			t.Errorf("formatValue(%v, %d) = %q; want %q", tc.v, tc.prec, got, tc.want)
		}
	}
}

// A dropped span is absent from the export while its children keep its id
// as their parent: that is what a missing span is.
func TestDroppedSpanLeavesAnOrphan(t *testing.T) {
	g := newG("traces")
	s := &Script{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Minutes: 10}
	mid := S("b", "mid", 1, 5, Leaf("b", "leaf", 1, 2)).Drop()
	root := S("a", "root", 0, 10, mid).E().L("root failed")
	doc, lines := drawTraces(s, g, []Tr{{At: 1, Root: root}})
	var spans []otlpSpan
	for _, r := range doc.ResourceSpans {
		spans = append(spans, r.ScopeSpans[0].Spans...)
	}
	if len(spans) != 2 {
		t.Fatalf("exported %d spans; want 2 (root and leaf)", len(spans))
	}
	ids := map[string]bool{}
	for _, sp := range spans {
		ids[sp.SpanID] = true
		if len(sp.TraceID) != 32 || len(sp.SpanID) != 16 {
			t.Errorf("ids %q/%q are not 32/16 hex digits", sp.TraceID, sp.SpanID)
		}
	}
	leaf := spans[1]
	if leaf.ParentSpanID == "" || ids[leaf.ParentSpanID] {
		t.Errorf("leaf's parent %q should name the dropped span, absent from the export", leaf.ParentSpanID)
	}
	if spans[0].Status.Code != 2 {
		t.Errorf("the failed root has status code %d; want 2", spans[0].Status.Code)
	}
	if len(lines) != 1 || lines[0].level != "ERROR" || lines[0].traceID != spans[0].TraceID {
		t.Errorf("the root's log line = %+v; want one ERROR line carrying the trace id", lines)
	}
	out := tracesJSON(doc)
	var back otlpDoc
	if err := json.Unmarshal(out, &back); err != nil || !strings.Contains(string(out), `"startTimeUnixNano":"`) {
		t.Errorf("tracesJSON is not OTLP/JSON with string times: %v\n%s", err, out)
	}
}

func TestDropHolesLosesOnlyThatServiceInThatWindow(t *testing.T) {
	s := &Script{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Holes: []Hole{{Svc: "a", From: 1, To: 2}}}
	lines := []logLine{
		{at: s.at(0.5), svc: "a", msg: "before"},
		{at: s.at(1), svc: "a", msg: "lost at the start"},
		{at: s.at(1.5), svc: "b", msg: "other service"},
		{at: s.at(1.99), svc: "a", msg: "lost"},
		{at: s.at(2), svc: "a", msg: "after"},
	}
	var got []string
	for _, l := range dropHoles(s, lines) {
		got = append(got, l.msg)
	}
	if want := "before,other service,after"; strings.Join(got, ",") != want {
		t.Errorf("kept %q; want %q", strings.Join(got, ","), want)
	}
}
