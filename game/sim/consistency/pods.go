package consistency

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/sim/telemetry"
)

// podLabel finds the pod label of a per-pod series: name{pod="x2k4q"}.
var podLabel = regexp.MustCompile(`\{pod="([^"]+)"\}$`)

// podView is what the signals show of one service's pods.
type podView struct {
	// per pod label: the stamps at which any of its series has a sample
	stamps map[string][]time.Time
	// per pod label: its series by family
	series map[string]map[string]*game.Series
	step   time.Duration
}

func podViews(sc *game.Scenario) map[string]*podView {
	views := map[string]*podView{}
	for _, sr := range sc.Metrics {
		m := podLabel.FindStringSubmatch(sr.Name)
		if m == nil {
			continue
		}
		v := views[sr.Service]
		if v == nil {
			v = &podView{stamps: map[string][]time.Time{}, series: map[string]map[string]*game.Series{}, step: sr.Step}
			views[sr.Service] = v
		}
		label, family := m[1], strings.TrimSuffix(sr.Name, m[0])
		if v.series[label] == nil {
			v.series[label] = map[string]*game.Series{}
		}
		v.series[label][family] = sr
		for i := range sr.Len() {
			if _, ok := sr.At(i); ok {
				v.stamps[label] = append(v.stamps[label], sr.TimeAt(i))
			}
		}
	}
	for _, v := range views {
		for label, ts := range v.stamps {
			slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
			v.stamps[label] = slices.CompactFunc(ts, func(a, b time.Time) bool { return a.Equal(b) })
		}
	}
	return views
}

// podsAgree checks, per service with per-pod series:
//   - a Deployment of N replicas (N: the most pods seen at once in the
//     first quarter) shows at most N pods at a time, bar a rollout's
//     surge (N + a quarter, at least one more) for a rollout's length;
//   - every pod that logs has series, and logs only while they run;
//   - a pod runs one version; a deploy event gives the service new pods,
//     and new pods of a new version replace the old ones;
//   - restart counters only grow, and a container restart resets the
//     pod's other counters.
func podsAgree(sc *game.Scenario, r *Report) {
	views := podViews(sc)
	logPods := map[string]map[string][]game.LogLine{} // service → pod name → its lines
	for _, l := range sc.Logs.All() {
		pod, ok := attr(l.Attrs, "pod")
		if !ok {
			continue
		}
		if logPods[l.Service] == nil {
			logPods[l.Service] = map[string][]game.LogLine{}
		}
		logPods[l.Service][pod] = append(logPods[l.Service][pod], l)
	}
	for _, svc := range sortedKeys(views) {
		v := views[svc]
		concurrency(sc, svc, v, r)
		for pod, lines := range logPods[svc] {
			r.count("pods", 1)
			label := telemetry.PodLabel(pod)
			ts := v.stamps[label]
			if len(ts) == 0 {
				r.add("pods", svc, lines[0].At, "pod %s logs but has no series", pod)
				continue
			}
			// scrape gaps at either end blur a life by a few steps
			first, last := ts[0].Add(-3*v.step), ts[len(ts)-1].Add(3*v.step)
			for _, l := range lines {
				if l.At.Before(first) || l.At.After(last) {
					r.add("pods", svc, l.At, "pod %s logs outside its life (its series run %s–%s)", pod, clock(ts[0]), clock(ts[len(ts)-1]))
					break
				}
			}
			versions := map[string]bool{}
			for _, l := range lines {
				if ver, ok := attr(l.Attrs, "version"); ok {
					versions[ver] = true
				}
			}
			if len(versions) > 1 {
				r.add("pods", svc, lines[0].At, "pod %s logs %d versions; a pod runs one", pod, len(versions))
			}
		}
		rollouts(sc, svc, logPods[svc], r)
		counters(svc, v, r)
	}
}

// concurrency checks the pods-at-a-time rule for one service.
func concurrency(sc *game.Scenario, svc string, v *podView, r *Report) {
	count := map[time.Time]int{}
	for _, ts := range v.stamps {
		for _, t := range ts {
			count[t]++
		}
	}
	stamps := slices.SortedFunc(func(yield func(time.Time) bool) {
		for t := range count {
			if !yield(t) {
				return
			}
		}
	}, func(a, b time.Time) int { return a.Compare(b) })
	quarter := sc.Start.Add(sc.Duration / 4)
	n := 0
	for _, t := range stamps {
		if t.Before(quarter) {
			n = max(n, count[t])
		}
	}
	if n == 0 {
		return
	}
	for _, e := range sc.Events {
		if e.Kind == game.EventScale && e.Service == svc {
			for _, t := range stamps {
				if t.After(e.At.Add(3 * time.Minute)) {
					n = max(n, count[t])
				}
			}
		}
	}
	surge := n + max(1, int(math.Ceil(float64(n)/4)))
	allowed := telemetry.RolloutTime(n) + 2*v.step
	var over time.Time
	for _, t := range stamps {
		r.count("pods", 1)
		c := count[t]
		if c > surge {
			r.add("pods", svc, t, "%d pods at once; it runs %d replicas", c, n)
		}
		switch {
		case c <= n:
			over = time.Time{}
		case over.IsZero():
			over = t
		case t.Sub(over) > allowed:
			r.add("pods", svc, t, "%d pods at once for %s; a rollout of %d replicas surges for %s at most", c, t.Sub(over), n, allowed)
			over = t
		}
	}
}

// rollouts checks that each deploy event of svc gives it new pods, and
// that a new version only ever arrives on new pods.
func rollouts(sc *game.Scenario, svc string, pods map[string][]game.LogLine, r *Report) {
	for _, e := range sc.Events {
		if e.Kind != game.EventDeploy || e.Service != svc {
			continue
		}
		r.count("pods", 1)
		before, after := map[string]bool{}, map[string]bool{}
		verBefore, verAfter := map[string]bool{}, map[string]bool{}
		settle := e.At.Add(3 * time.Minute)
		for pod, lines := range pods {
			for _, l := range lines {
				ver, _ := attr(l.Attrs, "version")
				if l.At.Before(e.At) {
					before[pod] = true
					verBefore[ver] = true
				}
				if l.At.After(settle) {
					after[pod] = true
					verAfter[ver] = true
				}
			}
		}
		if len(before) == 0 || len(after) == 0 {
			continue
		}
		for _, pod := range sortedKeys(after) {
			if before[pod] && !statefulName(pod) { // a StatefulSet's pods come back under their names
				r.add("pods", svc, e.At, "pod %s logs before and after the rollout %s: a rollout replaces every pod", pod, e.ID)
				break
			}
		}
		fresh := false
		for ver := range verAfter {
			fresh = fresh || !verBefore[ver]
		}
		if !fresh {
			r.add("pods", svc, e.At, "after the release %s its pods log the versions they logged before", e.ID)
		}
	}
}

// counters checks per pod that restarts only grow, and that when they do
// the pod's other counters start again from zero.
func counters(svc string, v *podView, r *Report) {
	for _, label := range sortedKeys(v.series) {
		fams := v.series[label]
		restarts := fams[telemetry.RestartsName]
		if restarts == nil {
			continue
		}
		r.count("pods", 1)
		prev, have := 0.0, false
		for i := range restarts.Len() {
			x, ok := restarts.At(i)
			if !ok {
				continue
			}
			if have && x < prev {
				r.add("pods", svc, restarts.TimeAt(i), "%s fell from %v to %v: a counter only grows", restarts.Name, prev, x)
			}
			if have && x > prev {
				for fam, sr := range fams {
					if fam == telemetry.RestartsName || !strings.HasSuffix(fam, "_total") {
						continue
					}
					b, ok1 := sr.At(i - 1)
					a, ok2 := sr.At(i)
					if ok1 && ok2 && a >= b && b > 0 {
						r.add("pods", svc, sr.TimeAt(i), "%s kept counting (%v → %v) across a container restart", sr.Name, b, a)
					}
				}
			}
			prev, have = x, true
		}
	}
}

// statefulName reports whether pod is a StatefulSet's (name-<ordinal>).
func statefulName(pod string) bool { return telemetry.PodLabel(pod) == pod }

func attr(attrs game.Attrs, key string) (string, bool) {
	for _, a := range attrs {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

func clock(t time.Time) string { return t.UTC().Format("15:04:05") }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
