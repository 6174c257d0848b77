// Package bigpack generates the large, deterministic incident pack that
// firedrill's performance is measured on (make perf and the benchmarks at
// 100k, 1M and 3M lines): one scenario whose logs are a single JSON Lines
// include, and the very same lines as plain text, for the tools people
// open logs with (lnav, fzf). Nothing it writes is committed.
package bigpack

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing/fstest"
	"time"
)

// Start is the scenario's start; the lines spread evenly over Window.
var Start = time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)

// Window is the time the lines cover (the scenario lasts a little longer).
const Window = 2 * time.Hour

var (
	services = []string{"api-gateway", "checkout", "inventory", "cache", "postgres", "payments", "auth", "search"}
	// levels is drawn from by a hash: mostly INFO, some DEBUG and WARN, a
	// few ERROR, as a real service logs.
	levels = []string{"INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "DEBUG", "DEBUG", "WARN", "WARN", "ERROR"}
	verbs  = []string{"GET /api/v1/cart", "POST /api/v1/checkout", "SELECT products WHERE id = $1", "cache miss for key catalog:v2:sku",
		"upstream timeout calling", "connection reset by peer", "retrying request to", "evicted keys with prefix session",
		"slow query on orders", "connection pool exhausted"}
)

// Line is one generated log line in its parts.
type Line struct {
	At                time.Time
	Level, Service    string
	Msg               string
	Trace, Pod, ReqID string // Trace is "" on most lines
}

// mix is a cheap deterministic hash of i (splitmix64).
func mix(i uint64) uint64 {
	i += 0x9e3779b97f4a7c15
	i = (i ^ (i >> 30)) * 0xbf58476d1ce4e5b9
	i = (i ^ (i >> 27)) * 0x94d049bb133111eb
	return i ^ (i >> 31)
}

// At is the time of line i of n.
func At(i, n int) time.Time {
	return Start.Add(time.Duration(int64(Window) / int64(n) * int64(i)).Truncate(time.Microsecond))
}

// Make returns line i of n. The same (i, n) always gives the same line.
func Make(i, n int) Line {
	h := mix(uint64(i))
	svc := services[h%uint64(len(services))]
	l := Line{At: At(i, n), Service: svc, Level: levels[(h>>8)%uint64(len(levels))]}
	l.Msg = verbs[(h>>16)%uint64(len(verbs))] + " " + services[(h>>24)%uint64(len(services))] +
		" " + strconv.Itoa(int((h>>32)%997)) + "ms"
	if (h>>40)%20 == 0 {
		l.Trace = fmt.Sprintf("%016x", mix(h))
	}
	l.Pod = svc + "-7d9f8c6b5-" + strconv.Itoa(int((h>>48)%7))
	l.ReqID = fmt.Sprintf("%08x%08x", uint32(h), uint32(i))
	return l
}

const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// AppendJSONL appends l as one JSON Lines record (about 190 bytes).
func AppendJSONL(b []byte, l Line) []byte {
	b = append(b, `{"ts":"`...)
	b = l.At.AppendFormat(b, timeLayout)
	b = append(b, `","level":"`...)
	b = append(b, l.Level...)
	b = append(b, `","service":"`...)
	b = append(b, l.Service...)
	b = append(b, `","msg":"`...)
	b = append(b, l.Msg...)
	if l.Trace != "" {
		b = append(b, `","trace_id":"`...)
		b = append(b, l.Trace...)
	}
	b = append(b, `","pod":"`...)
	b = append(b, l.Pod...)
	b = append(b, `","request_id":"`...)
	b = append(b, l.ReqID...)
	return append(b, "\"}\n"...)
}

// AppendText appends l as the plain text line lnav and fzf read: the same
// time, level, service, message and fields.
func AppendText(b []byte, l Line) []byte {
	b = l.At.AppendFormat(b, timeLayout)
	b = append(b, ' ')
	b = append(b, l.Level...)
	b = append(b, ' ')
	b = append(b, l.Service...)
	b = append(b, ' ')
	b = append(b, l.Msg...)
	b = append(b, " pod="...)
	b = append(b, l.Pod...)
	b = append(b, " request_id="...)
	b = append(b, l.ReqID...)
	if l.Trace != "" {
		b = append(b, " trace_id="...)
		b = append(b, l.Trace...)
	}
	return append(b, '\n')
}

// JSONL returns the n lines as JSON Lines, in memory.
func JSONL(n int) []byte {
	b := make([]byte, 0, n*200)
	for i := range n {
		b = AppendJSONL(b, Make(i, n))
	}
	return b
}

// Scenario is the scenario file that includes data/app.jsonl, from
// scenarios/big.yaml.
func Scenario() string {
	s := `format: firedrill/v1
id: big
title: A big incident
difficulty: 3
time_limit: 30m
start: ` + Start.Format(time.RFC3339) + `
duration: ` + (Window + time.Minute).String() + `
briefing: |
  Checkout latency is up and errors are climbing. Every service's logs
  are here, all of them.
traces_sampled: 0.05
services:
`
	for _, name := range services {
		s += "  - name: " + name + "\n"
	}
	return s + `logs:
  - include: ../data/app.jsonl
    format: jsonl
choices:
  - {id: pool, text: The database connection pool is exhausted}
  - {id: cache, text: The cache evicts the session keys}
  - {id: net, text: Connections are reset between the gateway and checkout}
`
}

// PackYAML is the pack header.
const PackYAML = "format: firedrill/v1\nid: big\ntitle: Big incident\nscenarios: [scenarios/big.yaml]\n"

// Files says where Write put things and how big they are.
type Files struct {
	Pack      string // the pack folder (firedrill pack validate / play)
	JSONL     string // its one include
	Text      string // the same lines as text (lnav, fzf)
	Lines     int
	JSONBytes int64
	TextBytes int64
}

// Write generates a pack of n lines under dir: dir/pack/ (pack.yaml,
// scenarios/big.yaml, data/app.jsonl) and dir/app.log (the text form).
func Write(dir string, n int) (Files, error) {
	f := Files{Pack: filepath.Join(dir, "pack"), Text: filepath.Join(dir, "app.log"), Lines: n}
	f.JSONL = filepath.Join(f.Pack, "data", "app.jsonl")
	for _, d := range []string{filepath.Join(f.Pack, "scenarios"), filepath.Join(f.Pack, "data")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return f, err
		}
	}
	if err := os.WriteFile(filepath.Join(f.Pack, "pack.yaml"), []byte(PackYAML), 0o644); err != nil {
		return f, err
	}
	if err := os.WriteFile(filepath.Join(f.Pack, "scenarios", "big.yaml"), []byte(Scenario()), 0o644); err != nil {
		return f, err
	}
	var err error
	if f.JSONBytes, err = writeLines(f.JSONL, n, AppendJSONL); err != nil {
		return f, err
	}
	f.TextBytes, err = writeLines(f.Text, n, AppendText)
	return f, err
}

func writeLines(path string, n int, format func([]byte, Line) []byte) (int64, error) {
	out, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	cw := &countWriter{w: w}
	var b []byte
	for i := range n {
		b = format(b[:0], Make(i, n))
		if _, err := cw.Write(b); err != nil {
			out.Close()
			return 0, err
		}
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return 0, err
	}
	return cw.n, out.Close()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// BenchEnv names the environment variable that adds the 3M-line size to
// the benchmarks (make bench stays a few minutes without it).
const BenchEnv = "FIREDRILL_BENCH_3M"

// BenchSizes are the line counts the benchmarks run at: 100k and 1M, and
// 3M when BenchEnv is set.
func BenchSizes() []int {
	if os.Getenv(BenchEnv) != "" {
		return []int{100_000, 1_000_000, 3_000_000}
	}
	return []int{100_000, 1_000_000}
}

// SizeName is how a benchmark names n lines: 100k, 1M, 3M.
func SizeName(n int) string {
	if n%1_000_000 == 0 {
		return strconv.Itoa(n/1_000_000) + "M"
	}
	return strconv.Itoa(n/1000) + "k"
}

// FS is the generated pack of n lines in memory, for fs.FS loaders.
func FS(n int) (fstest.MapFS, int) {
	data := JSONL(n)
	return fstest.MapFS{
		"pack.yaml":          {Data: []byte(PackYAML)},
		"scenarios/big.yaml": {Data: []byte(Scenario())},
		"data/app.jsonl":     {Data: data},
	}, len(data)
}
