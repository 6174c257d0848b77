package consistency

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"firedrill/game"
)

// accessLine matches an access line: "POST /v1/pay 503 2ms…",
// "rpc inventory.Reserve 200 31ms".
var accessLine = regexp.MustCompile(`^\S+ \S+ (\d{3}) \d+ms`)

// failedStatus: the statuses an error ratio counts (server errors, and
// the server's own refusals: 401, 403, 429).
func failedStatus(code int) bool { return code >= 500 || code == 401 || code == 403 || code == 429 }

// errorWindow is the stretch over which a ratio is compared with lines.
const errorWindow = 5 * time.Minute

// minAccess is the fewest access lines a window needs to be compared.
const minAccess = 40

// errorsAgree compares, per service and five-minute window, the share of
// its access lines that failed with the share its error-ratio series (a
// series whose name ends in "errors_ratio") says should have, each line
// held against the sample of its own interval, and that share with
// its badge (the ERROR and FATAL lines among all its lines, as the
// Services tab counts them). The tolerance is the sampling error of the
// lines (four standard errors) plus a little slack; the badge may read a
// little higher than the statuses (a pod's crash, a background error),
// never lower.
func errorsAgree(sc *game.Scenario, r *Report) {
	for _, sr := range sc.Metrics {
		if !strings.HasSuffix(sr.Name, "errors_ratio") || strings.Contains(sr.Name, "{") {
			continue
		}
		lines := linesIn(sc, sr.Service, sc.Start, sc.End().Add(time.Second))
		for from := sc.Start; from.Before(sc.End()); from = from.Add(errorWindow) {
			to := from.Add(errorWindow)
			// Each access line is held against the sample of its own
			// interval: lines lost to a shipper's hole or a scrape that
			// never arrived (an overloaded host misses its worst ones)
			// weigh nothing on either side.
			access, failed, all, errs := 0, 0, 0, 0
			want := 0.0
			for _, l := range lines {
				if l.At.Before(from) || !l.At.Before(to) {
					continue
				}
				m, ok := sampleFor(sr, l.At)
				if !ok {
					continue
				}
				all++
				if l.Level >= game.LevelError {
					errs++
				}
				if mm := accessLine.FindStringSubmatch(l.Msg); mm != nil {
					access++
					want += m
					if code, _ := strconv.Atoi(mm[1]); failedStatus(code) {
						failed++
					}
				}
			}
			if access < minAccess {
				continue
			}
			r.count("errors", 1)
			a := float64(failed) / float64(access)
			m := want / float64(access)
			tol := 4*math.Sqrt(math.Max(m*(1-m), 0.0025)/float64(access)) + 0.02 + 0.15*m
			if math.Abs(a-m) > tol {
				r.add("errors", sr.Service, from, "%s averages %.1f%% but %.1f%% of its %d access lines failed", sr.Name, 100*m, 100*a, access)
			}
			b := float64(errs) / float64(all)
			// the share of ERROR lines is itself a sample of all lines:
			// give it its own four standard errors on the high side (a
			// background error source on a quiet service)
			tolB := tol + 4*math.Sqrt(math.Max(b*(1-b), 0.0025)/float64(all))
			if b < a*float64(access)/float64(all)-tol || b > a+0.05+tolB {
				r.add("errors", sr.Service, from, "its badge reads %.1f%% errors (%d of %d lines) while %.1f%% of its access lines failed", 100*b, errs, all, 100*a)
			}
		}
	}
}

// sampleFor is the sample whose interval holds t (the first stamped at or
// after it: a sample summarises the interval ending at its stamp).
func sampleFor(sr *game.Series, t time.Time) (float64, bool) {
	return sr.At(int(t.Sub(sr.From.Add(-sr.Step)) / sr.Step))
}

// linesIn lists service's lines in [from, to).
func linesIn(sc *game.Scenario, service string, from, to time.Time) []game.LogLine {
	var out []game.LogLine
	lo := sc.Logs.Search(from)
	for i := lo; i < sc.Logs.Len() && sc.Logs.At(i).Before(to); i++ {
		if sc.Logs.Service(i) == service {
			out = append(out, sc.Logs.Line(i))
		}
	}
	return out
}
