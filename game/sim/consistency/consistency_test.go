package consistency

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"firedrill/game"
)

var t0 = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

func series(name, svc string, n int, f func(i int) (float64, bool)) *game.Series {
	vals := make([]*float64, n)
	for i := range vals {
		if v, ok := f(i); ok {
			vals[i] = &v
		}
	}
	return game.NewSeries(name, svc, "", t0.Add(10*time.Second), 10*time.Second, vals)
}

func always(v float64) func(int) (float64, bool) { return func(int) (float64, bool) { return v, true } }

// healthy is a 20-minute scenario whose signals agree: checkout fails 20 %
// of requests from +10m, in its ratio, its access lines and its badge;
// two pods, one of which restarts once; a deploy of payments at +12m
// rolls its pods; the answer cites times that exist.
func healthy() *game.Scenario {
	sc := &game.Scenario{Start: t0, Duration: 20 * time.Minute,
		Services: []game.Service{{Name: "checkout", Calls: []string{"payments"}}, {Name: "payments"}}}
	errRatio := func(i int) (float64, bool) {
		if i >= 60 {
			return 0.2, true
		}
		return 0.001, true
	}
	sc.Metrics = append(sc.Metrics,
		series("http_errors_ratio", "checkout", 120, errRatio),
		series("http_requests_per_second", "checkout", 120, always(50)),
		series(`restarts_total{pod="aaaaa"}`, "checkout", 120, func(i int) (float64, bool) { return float64(i / 100), true }),
		series(`restarts_total{pod="bbbbb"}`, "checkout", 120, always(0)),
		series(`restarts_total{pod="ccccc"}`, "payments", 120, func(i int) (float64, bool) { return 0, i < 75 }),
		series(`restarts_total{pod="ddddd"}`, "payments", 120, func(i int) (float64, bool) { return 0, i >= 72 }),
		series("http_requests_per_second", "payments", 120, func(i int) (float64, bool) {
			if i >= 60 {
				return 80, true
			}
			return 40, true
		}))
	var logs []game.LogLine
	n := 0
	for s := time.Duration(0); s < 20*time.Minute; s += 500 * time.Millisecond {
		pod := "checkout-hash-aaaaa"
		if n%2 == 1 {
			pod = "checkout-hash-bbbbb"
		}
		status, lvl := 200, game.LevelInfo
		if s >= 10*time.Minute && n%5 == 0 {
			status, lvl = 503, game.LevelError
		}
		logs = append(logs, game.LogLine{At: at(s), Service: "checkout", Level: lvl,
			Msg: fmt.Sprintf("POST /v1/pay %d 12ms", status), Attrs: game.Attrs{{Key: "pod", Value: pod}, {Key: "version", Value: "v1"}}})
		n++
	}
	for s := time.Duration(0); s < 20*time.Minute; s += 30 * time.Second {
		pod, ver := "payments-hash-ccccc", "v1"
		if s > 12*time.Minute+30*time.Second {
			pod, ver = "payments-hash2-ddddd", "v2"
		}
		logs = append(logs, game.LogLine{At: at(s), Service: "payments", Level: game.LevelInfo, Msg: "charged",
			Attrs: game.Attrs{{Key: "pod", Value: pod}, {Key: "version", Value: ver}}})
	}
	slices.SortStableFunc(logs, func(a, b game.LogLine) int { return a.At.Compare(b.At) })
	sc.Logs = game.NewLogStore(logs)
	sc.Events = []game.Event{{At: at(12 * time.Minute), ID: "payments-deploy", Kind: game.EventDeploy, Service: "payments", Text: "payments v2 rolled out"}}
	sc.Answer = &game.Answer{Chain: []string{"payments' release at +12m"},
		Evidence: []string{"checkout http_errors_ratio rose 0.1% → 20% at +10m10s"},
		Debrief:  "checkout climbed at +10m10s; payments rose too."}
	return sc
}

func problems(r Report, check string) []string {
	var out []string
	for _, p := range r.Problems {
		if p.Check == check {
			out = append(out, p.String())
		}
	}
	return out
}

func TestAgreeingSignalsPass(t *testing.T) {
	r := Check(healthy())
	for _, p := range r.Problems {
		t.Error(p)
	}
	for _, c := range []string{"errors", "pods", "cited-times", "flat-blamed"} {
		if r.Checked[c] == 0 {
			t.Errorf("check %s looked at nothing", c)
		}
	}
}

func TestEachDisagreementIsFound(t *testing.T) {
	for _, tc := range []struct {
		name, check, want string
		spoil             func(sc *game.Scenario)
	}{
		{"ratio without failed lines", "errors", "access lines failed", func(sc *game.Scenario) {
			editLogs(sc, func(l *game.LogLine) { l.Msg = strings.Replace(l.Msg, " 503 ", " 200 ", 1) })
		}},
		{"failed lines at INFO", "errors", "badge reads", func(sc *game.Scenario) {
			editLogs(sc, func(l *game.LogLine) { l.Level = game.LevelInfo })
		}},
		{"a pod with two versions", "pods", "versions", func(sc *game.Scenario) {
			editLogs(sc, func(l *game.LogLine) {
				if l.Service == "checkout" && l.At.After(at(15*time.Minute)) {
					l.Attrs = game.Attrs{l.Attrs[0], {Key: "version", Value: "v9"}}
				}
			})
		}},
		{"a rollout that keeps its pods", "pods", "before and after the rollout", func(sc *game.Scenario) {
			editLogs(sc, func(l *game.LogLine) {
				if l.Service == "payments" {
					l.Attrs = game.Attrs{{Key: "pod", Value: "payments-hash-ccccc"}, l.Attrs[1]}
				}
			})
			sc.Metrics = append(sc.Metrics, series(`restarts_total{pod="ccccc"}`, "payments", 120, always(0)))
		}},
		{"too many pods at once", "pods", "pods at once", func(sc *game.Scenario) {
			for _, l := range []string{"eeeee", "fffff", "ggggg"} {
				sc.Metrics = append(sc.Metrics, series(`restarts_total{pod="`+l+`"}`, "checkout", 120, func(i int) (float64, bool) { return 0, i >= 80 }))
			}
		}},
		{"a counter that falls", "pods", "only grows", func(sc *game.Scenario) {
			sc.Metrics[2] = series(`restarts_total{pod="aaaaa"}`, "checkout", 120, func(i int) (float64, bool) { return float64(1 - i/100), true })
		}},
		{"a counter that survives a restart", "pods", "kept counting", func(sc *game.Scenario) {
			sc.Metrics = append(sc.Metrics, series(`gc_collections_total{pod="aaaaa"}`, "checkout", 120, func(i int) (float64, bool) { return float64(i), true }))
		}},
		{"a time nothing happened", "cited-times", "+21m07s", func(sc *game.Scenario) {
			sc.Answer.Debrief += " The pool drained at +21m07s."
		}},
		{"a flat service blamed", "flat-blamed", "every series of", func(sc *game.Scenario) {
			sc.Answer.Debrief += " Meanwhile checkout looked guilty, but payments spiked first."
			sc.Metrics[6] = series("http_requests_per_second", "payments", 120, always(40))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := healthy()
			tc.spoil(sc)
			got := problems(Check(sc), tc.check)
			if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tc.want) {
				t.Errorf("%s: found %q; want a problem saying %q", tc.check, got, tc.want)
			}
		})
	}
}

// editLogs changes every line of sc through edit (the store itself is
// immutable: the lines are read out, changed and stored again).
func editLogs(sc *game.Scenario, edit func(l *game.LogLine)) {
	lines := sc.Logs.Lines()
	for i := range lines {
		edit(&lines[i])
	}
	sc.Logs = game.NewLogStore(lines)
	game.IndexLogs(sc)
}
