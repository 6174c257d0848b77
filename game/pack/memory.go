package pack

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
)

// A pack's includes can hold millions of lines. Loaded, each byte of an
// include costs about memoryPerIncludeByte bytes of memory (the parsed
// lines, their index, the parser's peak), so a pack too big for the
// machine is refused before its includes are parsed, with a message that
// names both sizes, instead of being ended by the kernel's OOM killer
// half-way through. The budget is the player's: --max-memory or
// FIREDRILL_MAX_MEMORY, by default half of the machine's memory.

// memoryPerIncludeByte is the estimated memory per byte of include file,
// measured on a 1M-line JSONL incident (make perf: the peak RSS of a
// load is about twice the JSONL bytes).
const memoryPerIncludeByte = 2

// MaxMemoryEnv names the environment variable that sets the budget.
const MaxMemoryEnv = "FIREDRILL_MAX_MEMORY"

var maxMemory atomic.Int64

func init() { maxMemory.Store(DefaultMaxMemory()) }

// SetMaxMemory sets the memory budget every later load is held to, in
// bytes; n ≤ 0 puts back the default.
func SetMaxMemory(n int64) {
	if n <= 0 {
		n = DefaultMaxMemory()
	}
	maxMemory.Store(n)
}

// MaxMemory is the memory budget loads are held to, in bytes.
func MaxMemory() int64 { return maxMemory.Load() }

// DefaultMaxMemory is half of the machine's memory (MemTotal in
// /proc/meminfo), at least 1 GiB; 4 GiB where that cannot be read.
func DefaultMaxMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 4 << 30
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil || kb <= 0 {
				break
			}
			return max(1<<30, kb<<10/2)
		}
	}
	return 4 << 30
}

// ParseSize reads a memory size: bytes, or a number with a unit (K, M, G,
// T, with or without "iB"/"B", all powers of 1024): 512MiB, 2G, 1.5GiB.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	num := strings.TrimRight(t, "KMGTkmgtiIbB ")
	unit := strings.ToUpper(strings.TrimSpace(t[len(num):]))
	unit = strings.TrimSuffix(strings.TrimSuffix(unit, "B"), "I")
	shift := map[string]uint{"": 0, "K": 10, "M": 20, "G": 30, "T": 40}
	sh, ok := shift[unit]
	v, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || v <= 0 || v*float64(int64(1)<<sh) >= 1<<62 {
		return 0, fmt.Errorf("bad memory size %q: want bytes or a number with K, M, G or T, such as 512MiB or 2G", s)
	}
	return int64(v * float64(int64(1)<<sh)), nil
}

// checkMemory estimates what the scenario's includes will take in memory,
// from their sizes on disk, and refuses the scenario before any of them
// is parsed when that, with what the pack's other scenarios already took,
// is over the budget.
func (l *loader) checkMemory(r *rawScenario) error {
	var paths []string
	for _, x := range r.Logs {
		paths = append(paths, x.Include)
	}
	for _, x := range r.Metrics {
		paths = append(paths, x.Include)
	}
	for _, x := range r.Traces {
		paths = append(paths, x.Include)
	}
	for _, x := range r.Events {
		paths = append(paths, x.Include)
	}
	var size int64
	for _, rel := range paths {
		if rel == "" {
			continue
		}
		p, err := joinInPack(path.Dir(l.file), rel)
		if err != nil {
			continue // the include's own check reports it
		}
		if st, err := fs.Stat(l.fsys, p); err == nil {
			size += st.Size() // a missing file is the include's own error
		}
	}
	need := size * memoryPerIncludeByte
	budget := l.budget.memory()
	if l.budget.memUsed+need <= budget {
		l.budget.memUsed += need
		l.memNeed = need
		return nil
	}
	others := ""
	if l.budget.memUsed > 0 {
		others = fmt.Sprintf(", on top of the %s the pack's other scenarios take", sizeText(l.budget.memUsed))
	}
	return errorf(l.file, 0, "", "too big to open: its includes hold %s, about %s in memory once loaded%s, "+
		"over the memory budget of %s (raise it with --max-memory or %s)", sizeText(size), sizeText(need), others, sizeText(budget), MaxMemoryEnv)
}

// sizeText writes n bytes for people: 174 MiB, 1.5 GiB.
func sizeText(n int64) string {
	switch {
	case n >= 10<<30:
		return fmt.Sprintf("%.0f GiB", float64(n)/(1<<30))
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
