package main

import (
	"fmt"
	"strconv"
	"strings"
)

// point is one size's medians, for the curve.
type point struct {
	lines                int
	jsonB                float64 // bytes of JSONL
	open, lnav, brief    float64 // seconds: pack validate, lnav's index, play → briefing
	session, retained    float64 // bytes: session peak RSS, heap kept after open
	search, first, fuzzy float64 // seconds
	fzf, frame           float64 // seconds
}

// runScale measures each size in turn, then prints how the figures grow:
// per line and against the smallest size, so a curve that bends shows.
func runScale(sizes, dir, bin string, runs int) error {
	var pts []point
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return fmt.Errorf("-scale %q: want line counts such as 100000,1000000,3000000", sizes)
		}
		fmt.Printf("== %s lines\n", thousands(n))
		p, err := run(n, dir, bin, runs)
		if err != nil {
			return err
		}
		pts = append(pts, p)
		fmt.Println()
	}
	fmt.Println("== the curve (per million lines; growth is linear when a column holds still)")
	fmt.Printf("%10s %9s %9s %9s %9s %13s %11s %11s %9s %9s %9s %9s\n", "lines", "JSONL MiB", "open s/M", "play s/M", "lnav s/M",
		"session/JSONL", "heap B/line", "filter ms/M", "fuzzy s/M", "fzf s/M", "first ms", "frame ms")
	for _, p := range pts {
		m := float64(p.lines) / 1e6
		perM := func(s float64) string { // "-" where the tool was missing
			if s <= 0 {
				return "-"
			}
			return strconv.FormatFloat(s/m, 'f', 2, 64)
		}
		fmt.Printf("%10s %9.0f %9.2f %9s %9s %12.2f× %11.0f %11.1f %9.2f %9s %9.1f %9.1f\n", thousands(p.lines), p.jsonB/(1<<20),
			p.open/m, perM(p.brief), perM(p.lnav), p.session/p.jsonB, p.retained/float64(p.lines), p.search*1000/m, p.fuzzy/m,
			perM(p.fzf), p.first*1000, p.frame*1000)
	}
	return nil
}
