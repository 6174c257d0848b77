package pack

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"firedrill/game"
)

func TestValidFixtureProof(t *testing.T) {
	p, errs := Open("testdata/valid.yaml")
	if len(errs) > 0 {
		t.Fatalf("errors:\n%s", joinErrors(errs))
	}
	a := p.Scenarios[0].Answer
	if len(a.Proof) != 4 {
		t.Fatalf("proof = %+v; want 4 items", a.Proof)
	}
	kinds := ""
	for _, it := range a.Proof {
		kinds += string(it.Kind()) + fmt.Sprint(it.Step) + " "
	}
	if kinds != "event1 log2 span2 metric2 " {
		t.Errorf("items = %q", kinds)
	}
	// the window's offsets resolve against the scenario's start
	if m := a.Proof[3].Metric; !m.From.Equal(p.Scenarios[0].Start) || m.To.Sub(m.From).Minutes() != 1 {
		t.Errorf("metric window = %v .. %v", m.From, m.To)
	}
}

// withLogs is valid.yaml with n more checkout ERROR lines saying "retry
// budget" and answer.proof's log item replaced by item.
func withLogs(t *testing.T, n int, item string) []error {
	t.Helper()
	data, err := os.ReadFile("testdata/valid.yaml")
	must(t, err)
	var lines strings.Builder
	at := time.Date(2025, 8, 20, 14, 15, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&lines, "%s ERROR checkout retry budget exhausted\n",
			at.Add(time.Duration(i)*500*time.Millisecond).Format(time.RFC3339Nano))
	}
	src := string(data)
	if n > 0 { // an empty include is an error of its own
		src = strings.Replace(src, "    trace: t1\nmetrics:", "    trace: t1\n  - include: more.log\n    format: text\nmetrics:", 1)
	}
	src = strings.Replace(src, "log: {service: checkout, contains: upstream timeout}", item, 1)
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(src)}, "more.log": {Data: []byte(lines.String())}}
	_, errs := LoadScenario(fsys, "s.yaml")
	return errs
}

// A log selector may match max(20, 2 % of the lines): exactly the bound
// passes, one more fails with the message that says why.
func TestProofBound(t *testing.T) {
	if ProofBound(10) != 20 || ProofBound(1000) != 20 || ProofBound(5000) != 100 {
		t.Fatalf("ProofBound: %d %d %d", ProofBound(10), ProofBound(1000), ProofBound(5000))
	}
	item := "log: {contains: retry budget}"
	if errs := withLogs(t, 20, item); len(errs) > 0 {
		t.Errorf("20 of 21 lines (the floor) should pass:\n%s", joinErrors(errs))
	}
	errs := withLogs(t, 21, item)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "s.yaml:70: log: matches 21 of 22 log lines; a proof that broad proves nothing") {
		t.Errorf("21 of 22 lines: got\n%s", joinErrors(errs))
	}
	// 2 % of 2000 lines is 40: a selector of 40 passes, the whole burst not
	item = "log: {contains: retry budget, to: +15m19.5s}"
	if errs := withLogs(t, 2000, item); len(errs) > 0 {
		t.Errorf("a narrowed selector should pass:\n%s", joinErrors(errs))
	}
	if errs := withLogs(t, 2000, "log: {contains: retry budget}"); len(errs) != 1 || !strings.Contains(errs[0].Error(), "at most 40") {
		t.Errorf("2000 lines: got\n%s", joinErrors(errs))
	}
}

// A selector's text is sanitized like the lines it is matched against, so
// a line written with a tab still matches the author's contains.
func TestProofContainsSanitized(t *testing.T) {
	errs := withLogs(t, 0, "log: {contains: \"upstream\\ttimeout\"}")
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "matches no log line") {
		t.Fatalf("a tab where the line has a space must not match: %s", joinErrors(errs))
	}
	data, err := os.ReadFile("testdata/valid.yaml")
	must(t, err)
	src := strings.Replace(string(data), "msg: upstream timeout", "msg: \"upstream\\ttimeout\"", 1)
	src = strings.Replace(src, "contains: upstream timeout", "contains: \"upstream\\ttimeout\"", 1)
	s, errs := LoadScenario(fstest.MapFS{"s.yaml": {Data: []byte(src)}}, "s.yaml")
	if len(errs) > 0 {
		t.Fatalf("%s", joinErrors(errs))
	}
	if !s.Answer.Proof[1].Matches(game.LogPin(s, 0)) {
		t.Errorf("the line's own pin does not match its selector: %+v vs %+v", s.Answer.Proof[1].Log, game.LogPin(s, 0))
	}
}

// A scenario without answer.proof loads as before: proof is optional.
func TestProofOptional(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.yaml")
	must(t, err)
	src := string(data)
	src = src[:strings.Index(src, "  proof:\n")] + src[strings.Index(src, "  wrong:\n"):]
	s, errs := LoadScenario(fstest.MapFS{"s.yaml": {Data: []byte(src)}}, "s.yaml")
	if len(errs) > 0 || s.Answer == nil || s.Answer.Proof != nil {
		t.Fatalf("errors %s; answer %+v", joinErrors(errs), s.Answer)
	}
}

// FuzzProofYAML loads valid.yaml with a fuzzed proof list: whatever the
// bytes, loading returns (no panic, no hang) and every error is positioned
// as file:line: field: message.
func FuzzProofYAML(f *testing.F) {
	data, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		f.Fatal(err)
	}
	head := string(data[:strings.Index(string(data), "  proof:\n")])
	tail := string(data[strings.Index(string(data), "  wrong:\n"):])
	for _, seed := range []string{
		"    - step: 1\n      event: deploy-1\n",
		"    - step: 2\n      log: {regex: \"up.*t\", from: +1m}\n",
		"    - step: 9\n      span: {status: error}\n",
		"    - {step: 1, metric: {name: p95, from: +0s, to: +20m}}\n",
		"    - step: -1\n      log: {regex: \"(\"}\n      span: {}\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, proof string) {
		src := head + "  proof:\n" + proof + tail
		_, errs := LoadScenario(fstest.MapFS{"s.yaml": {Data: []byte(src)}}, "s.yaml")
		for _, e := range errs {
			if !strings.HasPrefix(e.Error(), "s.yaml") {
				t.Fatalf("unpositioned error %q", e)
			}
		}
	})
}

// A span selector's window resolves against the start like a metric's,
// and a span outside it does not match: the failing db call at
// +12m01.005s proves its step inside [+12m, +13m], not inside [+13m, +14m].
func TestProofSpanWindow(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.yaml")
	must(t, err)
	for _, c := range []struct {
		window string
		want   bool
	}{{"from: +12m, to: +13m", true}, {"from: +13m, to: +14m", false}} {
		src := strings.Replace(string(data), "span: {service: checkout, name: db call, status: error}",
			"span: {service: checkout, name: db call, status: error, "+c.window+"}", 1)
		s, errs := LoadScenario(fstest.MapFS{"s.yaml": {Data: []byte(src)}}, "s.yaml")
		if !c.want {
			// a window no span falls in is refused as unprovable, naming the field
			if len(errs) == 0 || !strings.Contains(joinErrors(errs), "span") {
				t.Errorf("window %s: no span starts in it, yet no error: %v", c.window, errs)
			}
			continue
		}
		if len(errs) > 0 {
			t.Fatalf("window %s: %s", c.window, joinErrors(errs))
		}
		sel := s.Answer.Proof[2].Span
		if got := sel.From.Sub(s.Start); got != 12*time.Minute {
			t.Errorf("span window starts at +%v; want +12m", got)
		}
		pin := game.SpanPin(s.Traces[0], s.Traces[0].Spans[1])
		if !s.Answer.Proof[2].Matches(pin) {
			t.Errorf("the failing db call %v does not match %+v", pin.At.Sub(s.Start), sel)
		}
	}
}
