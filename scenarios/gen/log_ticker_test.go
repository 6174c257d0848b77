package main

import (
	"firedrill/game"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A client-stats line is written once a minute by each pod, never twice
// in a minute (testers saw a "(60s)" report several times a minute).
func TestClientStatsOncePerMinutePerPod(t *testing.T) {
	d := draw(vendorDegraded())
	last := map[string]time.Time{}
	n := 0
	for _, l := range d.sc.Logs.All() {
		if !strings.Contains(l.Msg, "client stats (60s)") {
			continue
		}
		n++
		pod, _ := l.Attrs.Get("pod")
		if prev, ok := last[pod]; ok && l.At.Sub(prev) < 55*time.Second {
			t.Errorf("%s reports at %v and again at %v", pod, prev, l.At)
		}
		last[pod] = l.At
	}
	if len(last) != 4 || n < 55 {
		t.Errorf("%d reports from %d pods; want about 60 from the 2 old and 2 new pods", n, len(last))
	}
}

// An evidence line that names a trace id jumps to that trace in the
// debrief: the id must be one the data has (it is drawn from the seed).
func TestEvidenceTraceIDsExist(t *testing.T) {
	hex32 := regexp.MustCompile(`\b[0-9a-f]{32}\b`)
	for _, s := range []*Script{vendorDegraded(), poolLeak()} {
		d := draw(s)
		ids := map[string]bool{}
		for _, tr := range d.sc.Traces {
			ids[tr.ID] = true
		}
		for _, e := range s.Answer.Evidence {
			for _, id := range hex32.FindAllString(e, -1) {
				if !ids[id] {
					t.Errorf("%s: evidence names trace %s, which the data does not have", s.ID, id)
				}
			}
		}
	}
}

// The pins blind testers were charged for as stray now show the step the
// chain says they show.
func TestTesterPinsShowTheirStep(t *testing.T) {
	shows := func(t *testing.T, sc *game.Scenario, p game.Pin, step int) {
		t.Helper()
		for _, it := range sc.Answer.Proof {
			if it.Step == step && it.Matches(p) {
				return
			}
		}
		t.Errorf("%s: pin %s %q at %v shows no step %d", sc.ID, p.Kind, p.Text+p.Metric, p.At.Sub(sc.Start), step)
	}
	scenario := func(s *Script) *game.Scenario {
		d := draw(s)
		if err := fitProofWindows(d.sc); err != nil {
			t.Fatal(err)
		}
		return d.sc
	}

	leak := scenario(poolLeak())
	waiting := 0
	for _, l := range leak.Logs.All() {
		if strings.Contains(l.Msg, "Pool stats") && !strings.Contains(l.Msg, "waiting=0)") && l.At.Sub(leak.Start) < 28*time.Minute {
			waiting++
			shows(t, leak, game.Pin{Kind: game.PinLog, Service: l.Service, Text: l.Msg, At: l.At}, 3)
		}
	}
	if waiting == 0 {
		t.Error("orders-timing-out: no Pool stats line shows requests waiting")
	}

	crawl := scenario(vendorDegraded())
	onset := crawl.Answer.Onset
	slow := 0
	for _, tr := range crawl.Traces {
		for _, sp := range tr.Spans {
			if sp.Name == "payrail POST /v1/charges" && sp.At.After(onset) {
				slow++
				status := game.StatusOK
				if sp.Error {
					status = game.StatusError
				}
				shows(t, crawl, game.Pin{Kind: game.PinSpan, Service: sp.Service, Text: sp.Name, Span: sp.ID, Trace: tr.ID, Status: status, At: sp.At}, 2)
			}
		}
	}
	if slow == 0 {
		t.Error("orders-crawl: no payrail span after the onset")
	}
	shows(t, crawl, game.Pin{Kind: game.PinMetric, Service: "payments", Metric: "http_request_duration_p95_ms", At: onset.Add(5 * time.Minute)}, 2)
}

// An evidence line that names one pod's series ("pool_in_use_ratio{pod=…}")
// jumps to that series: the pod name is drawn from the seed, so the series
// must exist.
func TestEvidencePodSeriesExist(t *testing.T) {
	series := regexp.MustCompile(`\b[a-z_]+\{pod="[^"]+"\}`)
	for _, s := range []*Script{vendorDegraded(), poolLeak()} {
		d := draw(s)
		names := map[string]bool{}
		for _, m := range d.sc.Metrics {
			names[m.Name] = true
		}
		for _, e := range s.Answer.Evidence {
			for _, name := range series.FindAllString(e, -1) {
				if !names[name] {
					t.Errorf("%s: evidence names the series %s, which the data does not have", s.ID, name)
				}
			}
		}
	}
}
