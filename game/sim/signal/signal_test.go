package signal

import (
	"math"
	"regexp"
	"testing"
	"time"
)

func TestLinearInterpolatesAndHoldsFlatOutside(t *testing.T) {
	f := Linear(0, 120, 18, 120, 20, 2400)
	for _, tc := range []struct{ at, want float64 }{
		{-1, 120}, {0, 120}, {18, 120}, {19, 1260}, {20, 2400}, {99, 2400},
	} {
		if got := f(tc.at); got != tc.want {
			t.Errorf("Linear(%v) = %v; want %v", tc.at, got, tc.want)
		}
	}
}

func TestStepJumpsJustAfterItsTime(t *testing.T) {
	f := Step(5, 1, 2)
	if f(5) != 1 || f(5.0001) != 2 {
		t.Errorf("Step(5, 1, 2) = %v at 5, %v just after; want 1, 2", f(5), f(5.0001))
	}
}

func TestCurvesCompose(t *testing.T) {
	f := Sum(Pulse(Const(10), 2, 3, 5), Mul(Const(2), Linear(0, 0, 10, 10)))
	for _, tc := range []struct{ at, want float64 }{{1, 12}, {2, 19}, {2.5, 20}, {3, 16}} {
		if got := f(tc.at); got != tc.want {
			t.Errorf("f(%v) = %v; want %v", tc.at, got, tc.want)
		}
	}
}

func TestDiurnalPeaksMidAfternoon(t *testing.T) {
	f := Diurnal(0, 0.2) // second 0 is midnight
	peak, at := 0.0, 0.0
	for s := 0.0; s < 24*3600; s += 60 {
		if v := f(s); v > peak {
			peak, at = v, s
		}
	}
	if h := at / 3600; h != 15 || math.Abs(peak-1.2) > 1e-9 {
		t.Errorf("peak %.3f at %.2f h; want 1.2 at 15 h", peak, h)
	}
}

func TestPoissonHasItsMean(t *testing.T) {
	r := New(1, 2)
	for _, mean := range []float64{0.3, 4, 80} {
		sum := 0
		const n = 20000
		for range n {
			sum += r.Poisson(mean)
		}
		if got := float64(sum) / n; math.Abs(got-mean) > 0.05*mean+0.02 {
			t.Errorf("mean of Poisson(%v) draws = %.3f", mean, got)
		}
	}
	if r.Poisson(0) != 0 || r.Poisson(-1) != 0 {
		t.Errorf("a non-positive mean must draw 0")
	}
}

func TestLogNormalHasItsMedian(t *testing.T) {
	r := New(3, 4)
	below := 0
	const n = 20000
	for range n {
		if r.LogNormal(40, 0.6) < 40 {
			below++
		}
	}
	if f := float64(below) / n; math.Abs(f-0.5) > 0.02 {
		t.Errorf("%.3f of draws below the median; want 0.5", f)
	}
}

func TestWanderIsSmoothWithUnitVariance(t *testing.T) {
	r, a := New(5, 6), Wander()
	var xs []float64
	for range 200000 {
		xs = append(xs, a.Next(r))
	}
	var sum, sq, lag float64
	for i, x := range xs {
		sum += x
		sq += x * x
		if i > 0 {
			lag += x * xs[i-1]
		}
	}
	n := float64(len(xs))
	if v := sq/n - (sum/n)*(sum/n); math.Abs(v-1) > 0.1 {
		t.Errorf("variance %.3f; want about 1", v)
	}
	if c := lag / sq; math.Abs(c-0.967) > 0.01 {
		t.Errorf("lag-1 correlation %.3f; want about 0.967", c)
	}
}

func TestSameSeedSameStream(t *testing.T) {
	a, b, c := New(Hash("checkout"), 1), New(Hash("checkout"), 1), New(Hash("checkout"), 2)
	if a.UUID() != b.UUID() {
		t.Errorf("the same seed and stream drew different values")
	}
	if New(Hash("checkout"), 1).Hex(16) == c.Hex(16) {
		t.Errorf("two streams of one seed drew the same ids")
	}
}

func TestIDsHaveTheirFormats(t *testing.T) {
	r := New(7, 8)
	for _, tc := range []struct {
		got string
		re  string
	}{
		{r.Hex(32), `^[0-9a-f]{32}$`},
		{r.UUID(), `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`},
		{r.IP(), `^10\.2\.\d+\.\d+$`},
	} {
		if !regexp.MustCompile(tc.re).MatchString(tc.got) {
			t.Errorf("%q does not match %s", tc.got, tc.re)
		}
	}
}

func TestPodsLookLikeKubernetes(t *testing.T) {
	re := regexp.MustCompile(`^checkout-([bcdfghjklmnpqrstvwxz2456789]{9,10})-[bcdfghjklmnpqrstvwxz2456789]{5}$`)
	pods := New(9, 10).Pods("checkout", 3)
	hash := ""
	for _, p := range pods {
		m := re.FindStringSubmatch(p)
		if m == nil {
			t.Fatalf("pod %q does not look like a ReplicaSet pod", p)
		}
		if hash != "" && m[1] != hash {
			t.Errorf("pods of one ReplicaSet carry hashes %s and %s", hash, m[1])
		}
		hash = m[1]
	}
	if got := StatefulPods("kafka", 2); got[0] != "kafka-0" || got[1] != "kafka-1" {
		t.Errorf("StatefulPods = %q", got)
	}
}

func TestScrapeStampsEverySampleOnItsClock(t *testing.T) {
	start := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	c := Scrape{Start: start, Step: 15 * time.Second, N: 4}
	v := 1.0
	sr := c.Series("rps", "api", "rps", []*float64{&v, nil, &v, &v})
	for i := range c.N {
		if !sr.TimeAt(i).Equal(c.Stamp(i)) {
			t.Errorf("series slot %d at %s; the clock stamps %s", i, sr.TimeAt(i), c.Stamp(i))
		}
		from, to := c.Window(i)
		if to-from != c.Step || (i > 0 && from != time.Duration(i)*c.Step) {
			t.Errorf("window %d = [%s, %s)", i, from, to)
		}
		if off := c.Offset(i); off != to {
			t.Errorf("sample %d stamped at %s; it summarises [%s, %s) and must carry the end", i, off, from, to)
		}
	}
	if _, ok := sr.At(1); ok {
		t.Errorf("a nil sample must stay a gap")
	}
	if n := c.Covering(time.Minute); n != 4 || !c.Stamp(n-1).Equal(start.Add(time.Minute)) {
		t.Errorf("a minute holds %d samples, the last at %s; want 4, ending at the minute", n, c.Stamp(n-1))
	}
}
