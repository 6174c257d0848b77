package pack

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
)

// A pack's includes can hold millions of lines. Loaded, each byte of an
// include costs a measured number of bytes of memory, which depends on its
// format (memoryFactor), so a pack too big for the machine is refused
// before its includes are parsed, with a message that names both sizes,
// instead of being ended by the kernel's OOM killer half-way through. The
// budget is the player's: --max-memory or FIREDRILL_MAX_MEMORY, by default
// half of the machine's memory.

// memoryFactors is the memory one byte of a log include takes, in tenths
// of a byte, by format. Each is measured on the same 1M-line incident
// written in that format (300k events for k8s-events, pretty-printed as
// kubectl writes them; lines of 120 to 250 bytes, 490 for journald), and
// for the line formats again with the lines cut short (the time, level,
// service and a few words: 60 to 100 bytes): the peak resident memory per
// byte of the file, of `firedrill pack validate`
// and of `firedrill play` driven by hand in a terminal (the briefing, a
// ctrl+f fuzzy find typed a key at a time eleven times, whose first key
// matches every line, a / search shown as only its hits, paging). The
// factor is the largest peak plus a tenth, rounded up:
//
//	format                     validate  play  factor
//	jsonl                        0.80    1.87   2.1   (ecs preset: 0.77, 1.71; short lines: 0.63, 1.72)
//	journald                     0.44    0.96   2.1   (jsonl's: leaner exports approach it)
//	logfmt                       0.92    2.19   2.5   (short lines: 0.80, 2.12)
//	text                         1.03    2.46   3.2   (short lines: 1.04, 2.88)
//	syslog (RFC 5424)            1.21    2.70   4.3   (RFC 3164: 1.35, 3.19; short lines: 1.68, 3.85)
//	access-log                   1.35    2.89   3.2
//	jsonl as one document        2.30    2.34   2.6   (the cloudwatch preset)
//	otlp-json                    2.46    2.88   3.2
//	k8s-events                   1.69    1.72   1.9
//	loki-json                    4.00    4.08   (below)
//
// Much of a session's memory is per line, not per byte (a fuzzy find that
// matches every line holds about 140 bytes a line), so files of shorter
// lines still may cost more per byte. The document formats hold the
// whole file while its records are read, and Loki's streams interleave in
// time, so its lines are sorted once more at the end.
var memoryFactors = map[string]int64{
	FormatJSONL:     21,
	FormatJournald:  21,
	FormatLogfmt:    25,
	FormatText:      32,
	FormatSyslog:    43,
	FormatAccessLog: 32,
	FormatOTLPJSON:  32,
	FormatK8sEvents: 19,
}

// A Loki answer is the one format whose records can be much shorter than
// what the store and a session keep per line: a value is its time and the
// line, ["1755698400000000000","cache miss"], 40 bytes. With the same
// lines cut that short its play session peaked at 8.1x the file's bytes
// (1M values, 40 MiB; with full JSON lines, 149 MiB: 4.08x). Its estimate
// is therefore per byte and per value, fitted to both (2.61 bytes per
// byte, 229 per value) plus a tenth; the values are counted on a sample.
const (
	lokiPerByte  = 29  // tenths of a byte of memory per byte
	lokiPerValue = 252 // bytes of memory per value
)

// lokiSample is how much of a Loki answer is read to count its values.
const lokiSample = 4 << 20

// lokiNeed is the memory a Loki answer of size bytes at p takes: its
// values are counted as the `["` that open them (a quote inside a JSON
// string is escaped, so the pair is only ever structure) in the first
// lokiSample bytes, scaled to the whole file.
func (l *loader) lokiNeed(p string, size int64) int64 {
	values := int64(0)
	if f, err := l.fsys.Open(p); err == nil {
		buf := make([]byte, min(size, lokiSample))
		n, _ := io.ReadFull(f, buf)
		f.Close()
		if n > 0 {
			values = int64(bytes.Count(buf[:n], []byte(`["`))) * size / int64(n)
		}
	}
	return size/10*lokiPerByte + values*lokiPerValue
}

// memoryFactorDocument is a JSON log include that is one document (an
// array, pretty-printed records, an envelope such as CloudWatch's) rather
// than JSON Lines.
const memoryFactorDocument = 26

// memoryFactorOther is a trace or metric include, and an event include
// other than k8s-events: about twice its bytes, the estimate made before
// each format was measured (the traces and metrics readers are measured
// on their own).
const memoryFactorOther = 20

// memoryChurns says which includes leave so much garbage behind each
// record that the collector must keep running while they are read: OTLP
// logs, whose reader decodes every record with encoding/json (a 1M-record
// export peaked at 4.0x its bytes with the collector paused, 2.46x with
// it running, and took 8% longer).
func memoryChurns(section, format string) bool {
	return section == SectionLogs && format == FormatOTLPJSON
}

// memoryFactor is the tenths of a byte of memory a byte of the include at
// p takes once loaded.
func (l *loader) memoryFactor(section, format string, opts *rawIncludeOpts, p string) int64 {
	if section != SectionLogs {
		if section == SectionEvents && format == FormatK8sEvents {
			return memoryFactors[FormatK8sEvents]
		}
		return memoryFactorOther
	}
	if format == FormatJSONL || format == FormatJournald {
		if opts.Preset == PresetCloudWatch || !l.jsonLineMode(p, nil) {
			return memoryFactorDocument
		}
	}
	if f, ok := memoryFactors[format]; ok {
		return f
	}
	return memoryFactorOther
}

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
// from their sizes on disk and formats, and refuses the scenario before
// any of them is parsed when that, with what the pack's other scenarios
// already took, is over the budget.
func (l *loader) checkMemory(r *rawScenario) error {
	type include struct {
		section, rel, format string
		opts                 *rawIncludeOpts
	}
	var incs []include
	for i := range r.Logs {
		incs = append(incs, include{SectionLogs, r.Logs[i].Include, r.Logs[i].Format, &r.Logs[i].rawIncludeOpts})
	}
	for i := range r.Metrics {
		incs = append(incs, include{SectionMetrics, r.Metrics[i].Include, r.Metrics[i].Format, &r.Metrics[i].rawIncludeOpts})
	}
	for i := range r.Traces {
		incs = append(incs, include{SectionTraces, r.Traces[i].Include, r.Traces[i].Format, &r.Traces[i].rawIncludeOpts})
	}
	for i := range r.Events {
		incs = append(incs, include{SectionEvents, r.Events[i].Include, r.Events[i].Format, &r.Events[i].rawIncludeOpts})
	}
	var size, need int64
	for _, x := range incs {
		if x.rel == "" {
			continue
		}
		p, err := joinInPack(path.Dir(l.file), x.rel)
		if err != nil {
			continue // the include's own check reports it
		}
		st, err := fs.Stat(l.fsys, p)
		if err != nil {
			continue // a missing file is the include's own error
		}
		size += st.Size()
		if x.section == SectionLogs && x.format == FormatLokiJSON {
			need += l.lokiNeed(p, st.Size())
		} else {
			need += st.Size() / 10 * l.memoryFactor(x.section, x.format, x.opts, p)
		}
		if memoryChurns(x.section, x.format) {
			l.memChurn = true
		}
	}
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
