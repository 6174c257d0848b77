package main

import (
	"math"
	"strconv"
	"time"

	"firedrill/game"
	"firedrill/game/sim/emit"
	"firedrill/game/sim/signal"
)

// drawMetrics samples every series over the whole window on the scrape
// clock: one sample per step, each carrying the end of the interval it
// summarises (the last one the window's end) and reading the curve there;
// a scrape gap is nil. It also returns how the samples print: each series keeps the
// decimals its script asks for.
func drawMetrics(s *Script, g *G) ([]*game.Series, emit.ValueFormat) {
	clock := signal.Scrape{Start: s.Start, Step: time.Duration(s.Step * float64(time.Second))}
	clock.N = clock.Covering(time.Duration(s.Minutes * float64(time.Minute)))
	var out []*game.Series
	prec := map[*game.Series]int{}
	for _, mt := range s.Metrics {
		samples := make([]*float64, clock.N)
		for i := range samples {
			m := clock.Offset(i).Seconds() / 60
			sd := mt.Jit
			if mt.Noise != nil {
				sd = mt.Noise(m)
			}
			noise := g.Jitter(sd)
			if !inGap(mt.Gaps, m) {
				v := clampMetric(mt, mt.F(m), mt.F(m)*noise)
				samples[i] = &v
			}
		}
		sr := clock.Series(mt.Name, mt.Svc, mt.Unit, samples)
		prec[sr] = mt.Prec
		out = append(out, sr)
	}
	std := drawStd(s, g, clock)
	for _, sr := range std {
		prec[sr] = precShortest
	}
	out = append(out, std...)
	return out, func(sr *game.Series, v float64) string { return formatValue(v, prec[sr]) }
}

func inGap(gaps [][2]float64, m float64) bool {
	for _, gp := range gaps {
		if m >= gp[0] && m < gp[1] {
			return true
		}
	}
	return false
}

// clampMetric keeps noise from pushing a value across zero or past 100 %.
func clampMetric(mt Metric, truth, v float64) float64 {
	if truth >= 0 {
		v = max(v, 0)
	}
	if mt.Unit == "%" {
		v = min(v, 100)
	}
	return v
}

// precShortest prints the shortest decimal that reads back as v: the
// standard families are rounded to four significant digits already.
const precShortest = -100

// formatValue prints v with prec decimals; prec 0 keeps integers whole and
// gives other values decimals by magnitude, as a dashboard export would.
func formatValue(v float64, prec int) string {
	if prec == precShortest {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	if prec < 0 || prec == 0 && v != math.Trunc(v) {
		switch a := math.Abs(v); {
		case a >= 100:
			prec = 0
		case a >= 10:
			prec = 1
		case a >= 1:
			prec = 2
		default:
			prec = 3
		}
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}
