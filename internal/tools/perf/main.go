// Command perf is `make perf`: it generates a big deterministic incident
// pack (internal/bigpack) and measures firedrill on it beside the tools
// people open logs with, in one run, so the ratios compare like with like
// on whatever the machine is doing at the time:
//
//   - open: `firedrill pack validate` (read, parse, validate, index) against
//     lnav's headless index of the same lines as text
//     (`lnav -n -q -c ':goto 0' app.log`), run in turn, A B A B …; and,
//     with tmux, `firedrill play` from its start to the briefing on screen
//     against the same lnav index;
//   - memory: the peak RSS of a firedrill session (open, a substring
//     search, a fuzzy find typed a key at a time, paging), with the
//     game's collector setting, against the JSONL bytes;
//   - fuzzy find: firedrill's ranking of every line against
//     `fzf --filter` on the same lines and query;
//   - substring filter and keypress→frame, in milliseconds.
//
// Every figure is the median of -runs runs. lnav and fzf are optional: a
// missing one is said and its ratios left out. The session runs in a
// child process (this program, with -session) so its peak RSS is its own.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game/pack"
	"firedrill/internal/bigpack"
	"firedrill/ui"
	"firedrill/ui/logs"
	"firedrill/ui/styles"
)

const (
	searchNeedle = "timeout"
	fuzzyQuery   = "uptmout pg"
)

func main() {
	lines := flag.Int("lines", 1_000_000, "log lines in the generated pack (100000, 1000000, 3000000…)")
	dir := flag.String("dir", "", "where to generate the pack (default: a temporary folder, removed after)")
	bin := flag.String("bin", "./firedrill", "the firedrill binary to time")
	runs := flag.Int("runs", 3, "runs of each measurement; figures are medians")
	session := flag.String("session", "", "internal: run one measured session on this pack and print it as JSON")
	scale := flag.String("scale", "", "sizes to measure in turn, comma-separated (100000,1000000,3000000): each size's table, then the curve")
	generate := flag.Bool("generate", false, "internal: write the pack of -lines lines into -dir and print where, as JSON")
	flag.Parse()
	if *generate {
		f, err := bigpack.Write(*dir, *lines)
		if err == nil {
			err = json.NewEncoder(os.Stdout).Encode(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "perf:", err)
			os.Exit(1)
		}
		return
	}
	if *session != "" {
		if err := runSession(*session); err != nil {
			fmt.Fprintln(os.Stderr, "perf:", err)
			os.Exit(1)
		}
		return
	}
	if *scale != "" {
		err := runScale(*scale, *dir, *bin, *runs)
		if err != nil {
			fmt.Fprintln(os.Stderr, "perf:", err)
			os.Exit(1)
		}
		return
	}
	if _, err := run(*lines, *dir, *bin, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "perf:", err)
		os.Exit(1)
	}
}

// sessionResult is what one session child measured.
type sessionResult struct {
	OpenS     float64 // pack.Open: read, parse, validate, index
	Retained  uint64  // heap bytes live after open and a forced GC
	PrepareS  float64 // the search text, built while the briefing is read
	SearchS   float64 // one substring filter over every line
	Hits      int
	FirstS    float64 // the first step of a fuzzy find: its first ranked results
	FuzzyS    float64 // one fuzzy ranking of every line
	Matches   int
	FrameS    float64 // median pgdown → frame
	PeakRSS   uint64  // VmHWM at the end of the session
	CPUS      float64 // user+system over the whole session
	LogsLines int
}

func runSession(packDir string) error {
	start := time.Now()
	p, errs := pack.Open(packDir)
	if len(errs) > 0 {
		return fmt.Errorf("%v", errs[0])
	}
	s := p.Scenarios[0]
	var r sessionResult
	r.OpenS = time.Since(start).Seconds()
	r.LogsLines = s.Logs.Len()
	r.Retained = liveHeap()
	ui.TuneCollector() // as the game does once the scenario is loaded

	t := time.Now()
	s.Index.Prepare() // the game does this in the background during the briefing
	r.PrepareS = time.Since(t).Seconds()

	t = time.Now()
	r.Hits = logs.SearchHits(s, searchNeedle)
	r.SearchS = time.Since(t).Seconds()

	t = time.Now()
	logs.FuzzyFirst(s, fuzzyQuery)
	r.FirstS = time.Since(t).Seconds()

	t = time.Now()
	r.Matches, _ = logs.FuzzyMatches(s, fuzzyQuery)
	r.FuzzyS = time.Since(t).Seconds()

	// A player types the query a key at a time, and each key ranks every
	// line again: the first key matches nearly all of them. That is what
	// sets a session's peak memory, so the session does it too.
	for k := 1; k < len(fuzzyQuery); k++ {
		logs.FuzzyMatches(s, fuzzyQuery[:k])
	}

	m := logs.New(s, styles.New(true, false)).SetSize(120, 38)
	_ = m.View()
	var frames []float64
	for range 50 {
		t = time.Now()
		m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyPgDown})
		_ = m.View()
		frames = append(frames, time.Since(t).Seconds())
	}
	r.FrameS = median(frames)
	r.PeakRSS = vmHWM()
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	r.CPUS = tvSeconds(ru.Utime) + tvSeconds(ru.Stime)
	runtime.KeepAlive(s)
	return json.NewEncoder(os.Stdout).Encode(r)
}

// liveHeap is the heap still reachable after a forced GC. (It does not
// hand free memory back to the system: the game does not, and the
// session's peak RSS is measured after it.)
func liveHeap() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// vmHWM is this process's peak resident set, from /proc/self/status.
func vmHWM() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// proc is one finished child process.
type proc struct {
	wall, cpu float64
	peak      uint64 // bytes
	out       []byte
}

// runProc runs one child and reads its accounting. Its peak RSS comes from
// wait4, which on Linux never reads below this process's own peak (the
// child starts as a copy of it): so this process stays small (the pack is
// generated by a child too, and output is thrown away unless keep), and
// run prints the floor.
func runProc(stdin string, keep bool, name string, args ...string) (proc, error) {
	cmd := exec.Command(name, args...)
	if stdin != "" {
		f, err := os.Open(stdin)
		if err != nil {
			return proc{}, err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var out strings.Builder
	if keep {
		cmd.Stdout = &out
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	if err != nil {
		return proc{}, fmt.Errorf("%s: %v: %s", name, err, firstLine(stderr.String()))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return proc{wall: wall, cpu: tvSeconds(ru.Utime) + tvSeconds(ru.Stime), peak: uint64(ru.Maxrss) << 10, out: []byte(out.String())}, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

func tvSeconds(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func run(n int, dir, bin string, runs int) (point, error) {
	if runs < 1 {
		runs = 1
	}
	if _, err := os.Stat(bin); err != nil {
		return point{}, fmt.Errorf("no firedrill binary at %s (make build first): %v", bin, err)
	}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "firedrill-perf-")
		if err != nil {
			return point{}, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	self, err := os.Executable()
	if err != nil {
		return point{}, err
	}
	t := time.Now()
	g, err := runProc("", true, self, "-generate", "-lines", strconv.Itoa(n), "-dir", dir)
	if err != nil {
		return point{}, err
	}
	var f bigpack.Files
	if err := json.Unmarshal(g.out, &f); err != nil {
		return point{}, fmt.Errorf("generate: %v", err)
	}
	fmt.Printf("generated %s lines in %.1fs: %s of JSONL (%s), the same lines as %s of text (%s)\n",
		thousands(n), time.Since(t).Seconds(), mib(uint64(f.JSONBytes)), f.JSONL, mib(uint64(f.TextBytes)), f.Text)
	lnav, _ := exec.LookPath("lnav")
	fzf, _ := exec.LookPath("fzf")
	tmux, _ := exec.LookPath("tmux")
	fmt.Printf("%d runs of each, taken in turn; every figure is a median (%d cores)\n\n", runs, runtime.NumCPU())

	var open, lnavRuns, fzfRuns []proc
	var openRatio, cpuRatio, fzfRatio, brief, briefRatio []float64
	var sessions []sessionResult
	for range runs {
		v, err := runProc("", false, bin, "pack", "validate", f.Pack)
		if err != nil {
			return point{}, err
		}
		open = append(open, v)
		if lnav != "" {
			l, err := runProc("", false, lnav, "-n", "-q", "-c", ":goto 0", f.Text)
			if err != nil {
				return point{}, err
			}
			lnavRuns = append(lnavRuns, l)
			openRatio = append(openRatio, v.wall/l.wall)
			cpuRatio = append(cpuRatio, v.cpu/l.cpu)
		}
		if tmux != "" {
			b, err := playToBriefing(tmux, bin, f.Pack)
			if err != nil {
				return point{}, err
			}
			brief = append(brief, b)
			if lnav != "" {
				briefRatio = append(briefRatio, b/lnavRuns[len(lnavRuns)-1].wall)
			}
		}
		sp, err := runProc("", true, self, "-session", f.Pack)
		if err != nil {
			return point{}, err
		}
		var sr sessionResult
		if err := json.Unmarshal(sp.out, &sr); err != nil {
			return point{}, fmt.Errorf("session: %v", err)
		}
		sessions = append(sessions, sr)
		if fzf != "" {
			z, err := runProc(f.Text, false, fzf, "--filter", fuzzyQuery)
			if err != nil && !strings.Contains(err.Error(), "exit status 1") {
				return point{}, err
			}
			fzfRuns = append(fzfRuns, z)
			fzfRatio = append(fzfRatio, sr.FuzzyS/z.wall)
		}
	}
	pick := func(ps []proc, f func(proc) float64) float64 {
		v := make([]float64, len(ps))
		for i, p := range ps {
			v[i] = f(p)
		}
		return median(v)
	}
	ses := func(f func(sessionResult) float64) float64 {
		v := make([]float64, len(sessions))
		for i, s := range sessions {
			v[i] = f(s)
		}
		return median(v)
	}
	wall := func(p proc) float64 { return p.wall }
	cpu := func(p proc) float64 { return p.cpu }
	peak := func(p proc) float64 { return float64(p.peak) }
	jsonB := float64(f.JSONBytes)

	fmt.Printf("%-44s %12s %12s %9s  %s\n", "", "firedrill", "yardstick", "ratio", "target")
	row := func(what, a, b, ratio, target string) {
		fmt.Printf("%-44s %12s %12s %9s  %s\n", what, a, b, ratio, target)
	}
	if lnav != "" {
		row("open: pack validate vs lnav index, wall", secs(pick(open, wall)), secs(pick(lnavRuns, wall)), x(median(openRatio)), "≤ 1.0×")
		row("open: CPU time (user+sys)", secs(pick(open, cpu)), secs(pick(lnavRuns, cpu)), x(median(cpuRatio)), "")
		row("open: peak RSS vs lnav", mib(uint64(pick(open, peak))), mib(uint64(pick(lnavRuns, peak))), x(pick(open, peak)/pick(lnavRuns, peak)), "")
	} else {
		row("open: pack validate, wall", secs(pick(open, wall)), "no lnav", "", "apt-get install lnav")
	}
	switch {
	case tmux != "" && lnav != "":
		row("open: play → briefing on screen vs lnav index", secs(median(brief)), secs(pick(lnavRuns, wall)), x(median(briefRatio)), "≤ 1.0×")
	case tmux != "":
		row("open: play → briefing on screen", secs(median(brief)), "no lnav", "", "apt-get install lnav")
	default:
		row("open: play → briefing on screen", "no tmux", "", "", "apt-get install tmux")
	}
	row("open: peak RSS vs JSONL bytes", mib(uint64(pick(open, peak))), mib(uint64(jsonB)), x(pick(open, peak)/jsonB), "≤ 1.0×")
	row("session peak RSS (open, search, fuzzy by key)", mib(uint64(ses(func(s sessionResult) float64 { return float64(s.PeakRSS) }))),
		mib(uint64(jsonB)), x(ses(func(s sessionResult) float64 { return float64(s.PeakRSS) })/jsonB), "≤ 1.0×")
	row("heap retained after open (forced GC)", mib(uint64(ses(func(s sessionResult) float64 { return float64(s.Retained) }))),
		mib(uint64(jsonB)), x(ses(func(s sessionResult) float64 { return float64(s.Retained) })/jsonB), "")
	row("open in-process (pack.Open)", secs(ses(func(s sessionResult) float64 { return s.OpenS })), "", "", "")
	row("search text, built during the briefing", secs(ses(func(s sessionResult) float64 { return s.PrepareS })), "", "", "")
	if fzf != "" {
		row(fmt.Sprintf("fuzzy %q vs fzf --filter", fuzzyQuery), secs(ses(func(s sessionResult) float64 { return s.FuzzyS })),
			secs(pick(fzfRuns, wall)), x(median(fzfRatio)), "≤ 0.5×")
	} else {
		row(fmt.Sprintf("fuzzy %q", fuzzyQuery), secs(ses(func(s sessionResult) float64 { return s.FuzzyS })), "no fzf", "", "apt-get install fzf")
	}
	row("fuzzy: first ranked results on screen", ms(ses(func(s sessionResult) float64 { return s.FirstS })), "", "", "≤ 100 ms")
	row(fmt.Sprintf("substring filter %q", searchNeedle), ms(ses(func(s sessionResult) float64 { return s.SearchS })), "", "", "≤ 50 ms")
	row("keypress (pgdown) → frame", ms(ses(func(s sessionResult) float64 { return s.FrameS })), "", "", "≤ 16 ms")
	fmt.Printf("(a peak RSS never reads below this program's own, %s, which a child starts as a copy of)\n", mib(vmHWM()))
	last := sessions[len(sessions)-1]
	fmt.Printf("\n(%s lines loaded; the search hit %s lines, the fuzzy query matched %s)\n",
		thousands(last.LogsLines), thousands(last.Hits), thousands(last.Matches))
	pt := point{lines: n, jsonB: jsonB, open: pick(open, wall), brief: median(brief),
		session:  ses(func(s sessionResult) float64 { return float64(s.PeakRSS) }),
		retained: ses(func(s sessionResult) float64 { return float64(s.Retained) }),
		search:   ses(func(s sessionResult) float64 { return s.SearchS }),
		first:    ses(func(s sessionResult) float64 { return s.FirstS }),
		fuzzy:    ses(func(s sessionResult) float64 { return s.FuzzyS }),
		frame:    ses(func(s sessionResult) float64 { return s.FrameS })}
	if lnav != "" {
		pt.lnav = pick(lnavRuns, wall)
	}
	if fzf != "" {
		pt.fzf = pick(fzfRuns, wall)
	}
	return pt, nil
}

func secs(s float64) string { return strconv.FormatFloat(s, 'f', 2, 64) + " s" }
func ms(s float64) string   { return strconv.FormatFloat(s*1000, 'f', 1, 64) + " ms" }
func x(r float64) string    { return strconv.FormatFloat(r, 'f', 2, 64) + "×" }
func mib(b uint64) string   { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 0, 64) + " MiB" }

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
