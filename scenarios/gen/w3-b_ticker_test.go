package main

import (
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
	for _, l := range d.sc.Logs {
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
