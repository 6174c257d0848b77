package telemetry

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/sim/signal"
)

var t0 = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)

// flat is a source that serves 100 rps, fails 2 %, and whose pods use a
// quarter core; second 25 is a spike of 1000 rps that all fail.
type flat struct{}

func (flat) Requests(t time.Duration) Requests {
	if t == 25*time.Second {
		return Requests{RPS: 1000, Err: 1, P50: 10, P95: 20, P99: 40, Hit: 0.5}
	}
	return Requests{RPS: 100, Err: 0.02, P50: 10, P95: 20, P99: 40, Hit: 0.9}
}

func (flat) Pod(i int, t time.Duration) Resources {
	return Resources{CPU: 0.25, MemMiB: 100 + t.Seconds(), GCPauseMs: 1 + t.Seconds(), Restarts: int(t / (20 * time.Second))}
}

func (flat) Lag(p int, t time.Duration) float64 { return float64(p) * 10 }

func clock(n int) signal.Scrape { return signal.Scrape{Start: t0, Step: 10 * time.Second, N: n} }

func names(series []*game.Series) []string {
	var out []string
	for _, sr := range series {
		out = append(out, sr.Name)
	}
	return out
}

func find(t *testing.T, series []*game.Series, name string) *game.Series {
	t.Helper()
	for _, sr := range series {
		if sr.Name == name {
			return sr
		}
	}
	t.Fatalf("no series %q in %q", name, names(series))
	return nil
}

func TestEveryServiceOfAKindHasTheSameFamilies(t *testing.T) {
	r := signal.New(1, 2)
	for _, k := range []Kind{HTTP, Postgres, Redis, Kafka, Consumer} {
		a := Emit(Service{Name: "a", Kind: k, Runtime: Go, Pods: Deployment(r, "a", 2, "v1", []string{"n1"})}, flat{}, Options{Clock: clock(3)})
		b := Emit(Service{Name: "b", Kind: k, Runtime: Go, Pods: Deployment(r, "b", 2, "v1", []string{"n1"})}, flat{}, Options{Clock: clock(3)})
		fam := func(ss []*game.Series) []string {
			var out []string
			for _, sr := range ss {
				n, _, _ := strings.Cut(sr.Name, "{")
				out = append(out, n)
			}
			return slices.Compact(out)
		}
		if !slices.Equal(fam(a), fam(b)) {
			t.Errorf("kind %d: %q vs %q", k, fam(a), fam(b))
		}
		if !slices.Contains(fam(a), RateName(k)) || !slices.Contains(fam(a), ErrorsName(k)) || !slices.Contains(fam(a), DurationName(k, "p99")) {
			t.Errorf("kind %d lacks its request families: %q", k, fam(a))
		}
		for _, f := range []string{CPUName, ThrottledName, MemoryName, RestartsName, GCPauseName, BusyName} {
			if !slices.Contains(fam(a), f) {
				t.Errorf("kind %d lacks %s", k, f)
			}
		}
	}
	native := Emit(Service{Name: "pg", Kind: Postgres, Runtime: Native, Pods: StatefulSet("pg", 1, "16.4", []string{"n1"})}, flat{}, Options{Clock: clock(3)})
	for _, n := range names(native) {
		if strings.HasPrefix(n, GCPauseName) {
			t.Errorf("a native server has no garbage collector, yet %s", n)
		}
	}
}

func TestWindowsAggregateByFamily(t *testing.T) {
	svc := Service{Name: "api", Kind: HTTP, Runtime: Go, Pods: StatefulSet("api", 1, "v1", []string{"n1"})}
	out := Emit(svc, flat{}, Options{Clock: clock(3)})
	rate := find(t, out, RateName(HTTP))
	if !rate.TimeAt(0).Equal(t0.Add(10 * time.Second)) {
		t.Errorf("the first sample is stamped %s; it summarises [0s, 10s) and carries its end", rate.TimeAt(0).Sub(t0))
	}
	if v, _ := rate.At(2); math.Abs(v-190) > 0.01 { // (9×100 + 1000)/10
		t.Errorf("rate over the spike's window = %v; want the mean 190", v)
	}
	errs := find(t, out, ErrorsName(HTTP))
	if v, _ := errs.At(2); math.Abs(v-(9*100*0.02+1000)/1900) > 0.001 { // weighted by traffic
		t.Errorf("error ratio over the spike's window = %v; want it weighted by requests", v)
	}
	pod := "api-0"
	if v, _ := find(t, out, PodSeriesName(MemoryName, pod)).At(1); v != 119 { // the last reading, at 19 s
		t.Errorf("memory is a gauge read at the scrape: %v, want 119", v)
	}
	if v, _ := find(t, out, PodSeriesName(GCPauseName, pod)).At(0); v != 10 { // the worst of 1..10
		t.Errorf("a pause is the window's worst: %v, want 10", v)
	}
	if v, _ := find(t, out, PodSeriesName(RestartsName, pod)).At(2); v != 1 {
		t.Errorf("restarts are a counter read at the scrape: %v, want 1", v)
	}
	if v, _ := find(t, Emit(Service{Name: "r", Kind: Redis, Runtime: Native, Pods: svc.Pods}, flat{}, Options{Clock: clock(3)}), HitRatioName).At(0); v != 0.9 {
		t.Errorf("redis hit ratio %v", v)
	}
}

func TestNoiseIsBoundedAndCountersExact(t *testing.T) {
	r := signal.New(3, 4)
	svc := Service{Name: "api", Kind: HTTP, Runtime: Go, Pods: StatefulSet("api", 1, "v1", []string{"n1"})}
	out := Emit(svc, flat{}, Options{Clock: clock(200), Rand: r, Jitter: 0.05})
	rate := find(t, out, RateName(HTTP))
	varied := false
	for i := range rate.Len() {
		v, ok := rate.At(i)
		if !ok || i == 2 { // the spike
			continue
		}
		if math.Abs(v/100-1) > 0.05*math.Sqrt(3)+1e-9 {
			t.Fatalf("sample %d = %v: noise beyond √3 sd", i, v)
		}
		varied = varied || v != 100
	}
	if !varied {
		t.Errorf("a noisy emit drew no noise")
	}
	restarts := find(t, out, PodSeriesName(RestartsName, "api-0"))
	for i := range restarts.Len() {
		if v, ok := restarts.At(i); ok && v != math.Floor(v) {
			t.Fatalf("a counter carries noise: %v", v)
		}
	}
	missed := Emit(Service{Name: "api", Kind: HTTP, Pods: svc.Pods, Missed: func(k int) bool { return k == 1 }}, flat{}, Options{Clock: clock(3), Rand: r})
	for _, sr := range missed {
		if _, ok := sr.At(1); ok {
			t.Errorf("%s has a sample in a missed scrape", sr.Name)
		}
	}
}

func TestRolloutsReplacePodsOneAtATime(t *testing.T) {
	r := signal.New(5, 6)
	nodes := []string{"n1", "n2", "n3"}
	pods := Deployment(r, "checkout", 4, "v1.2.0", nodes,
		Change{At: 10 * time.Minute, Version: "v1.3.0"}, Change{At: 20 * time.Minute, Replicas: 6})
	if len(pods) != 10 {
		t.Fatalf("%d pods; want 4 + 4 after the rollout + 2 from the scale", len(pods))
	}
	rs := func(p Pod) string { parts := strings.Split(p.Name, "-"); return parts[1] }
	if rs(pods[0]) == rs(pods[4]) || rs(pods[0]) != rs(pods[3]) {
		t.Errorf("a rollout is a new ReplicaSet: %s vs %s", pods[0].Name, pods[4].Name)
	}
	for i := 4; i < 8; i++ {
		if pods[i].Version != "v1.3.0" || pods[i].Slot != i-4 {
			t.Errorf("new pod %s: version %s slot %d", pods[i].Name, pods[i].Version, pods[i].Slot)
		}
	}
	most := 0
	for at := time.Duration(0); at < 30*time.Minute; at += time.Second {
		alive := AliveAt(pods, at)
		if at < 20*time.Minute && len(alive) > 5 || at < 10*time.Minute && len(alive) != 4 {
			t.Fatalf("%d pods alive at %s", len(alive), at)
		}
		most = max(most, len(alive))
	}
	if most != 6 {
		t.Errorf("the scale to 6 never shows: at most %d", most)
	}
	if end := 10*time.Minute + RolloutTime(4); len(AliveAt(pods, end)) != 4 {
		t.Errorf("the rollout is not done at %s", end)
	}
	for _, p := range StatefulSet("postgres", 2, "16.4", nodes) {
		if PodLabel(p.Name) != p.Name {
			t.Errorf("a StatefulSet pod is labelled by its whole name: %s → %s", p.Name, PodLabel(p.Name))
		}
	}
	if got := PodLabel("checkout-7d9f8c6b5-x2k4q"); got != "x2k4q" {
		t.Errorf("PodLabel = %q", got)
	}
}

func TestPodSeriesAreGapsOutsideTheirLife(t *testing.T) {
	pods := []Pod{{Name: "a-h-old", To: 15 * time.Second}, {Name: "a-h-new", From: 12 * time.Second}}
	out := Emit(Service{Name: "a", Kind: HTTP, Runtime: Go, Pods: pods}, flat{}, Options{Clock: clock(3)})
	old, new := find(t, out, PodSeriesName(CPUName, "a-h-old")), find(t, out, PodSeriesName(CPUName, "a-h-new"))
	_, o0 := old.At(0)
	_, o1 := old.At(1)
	_, n0 := new.At(0)
	_, n1 := new.At(1)
	if !o0 || o1 || n0 || !n1 {
		t.Errorf("a scrape sees the pods alive when it runs: old %v %v, new %v %v", o0, o1, n0, n1)
	}
}

func TestNodesEmitEveryFamily(t *testing.T) {
	out := EmitNodes("nodes", []Node{{Name: "ip-10-0-1-2"}}, nodeConst{}, Options{Clock: clock(2)})
	if len(out) != len(nodeFamilies) {
		t.Fatalf("%d node series; want %d", len(out), len(nodeFamilies))
	}
	if v, _ := find(t, out, NodeSeriesName(NodeClockName, "ip-10-0-1-2")).At(0); v != -1500 {
		t.Errorf("a clock offset keeps its sign: %v", v)
	}
}

type nodeConst struct{}

func (nodeConst) Node(int, time.Duration) NodeState {
	return NodeState{CPU: 0.3, DiskFreeGiB: 40, NetMbps: 12, Conntrack: 0.1, ClockOffsetMs: -1500}
}

func TestFuncsIsASource(t *testing.T) {
	src := Funcs{Req: func(time.Duration) Requests { return Requests{RPS: 7} }}
	out := Emit(Service{Name: "a", Kind: HTTP, Runtime: Go, Pods: StatefulSet("a", 1, "v", []string{"n"})}, src, Options{Clock: clock(1)})
	if v, _ := find(t, out, RateName(HTTP)).At(0); v != 7 {
		t.Errorf("rate %v", v)
	}
	if v, _ := find(t, out, PodSeriesName(CPUName, "a-0")).At(0); v != 0 {
		t.Errorf("a nil function reads as zero: %v", v)
	}
}
