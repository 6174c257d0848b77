package pack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"time"

	"firedrill/game"
)

// logSink turns the fields of one include record (a JSON object, a logfmt
// line, a syslog message, an OTLP log record…) into a LogLine: the common
// field names (or the include's field mapping) give time, level, message,
// service and trace; every other field becomes an attribute. Every log
// reader feeds its lines through a sink, never builds LogLines itself, so
// that checks, sanitizing, interning and the line store stay in one place.
// One sink serves a whole file and reuses its scratch space, so a line
// costs no allocation beyond the strings it keeps.
type logSink struct {
	l          *loader
	sc         *scope
	errs       *includeErrors
	defService string
	out        *game.LogBuilder
	kept       int  // lines this sink added
	full       bool // MaxLogLines was reached

	strs    *stringArena
	keys    *interner         // service names
	attrKey map[string]string // attribute keys as written, and as shown
	levels  map[string]game.Level

	opts    *logOptions  // the include's field mapping, level and time options; nil for none
	mapped  *mappedLine  // candidates of the line being built, when opts maps fields
	nesting []*nestedKey // scanners for objects the mapping reaches into, by depth

	// the line being built
	n         int
	cur       game.LogLine
	hasAt     bool
	bad       bool
	scratch   []game.Attr
	lower     []byte
	sanitized []byte
	msgBytes  []byte
	compact   bytes.Buffer

	// Consecutive lines mostly repeat their service and level: comparing
	// with the last one is cheaper than a map lookup.
	lastService, lastLevel []byte
	lastServiceName        string
	lastLevelValue         game.Level
	posKeys                []string // the key of the j-th attribute on the last line
}

// readLogLines reads a log include a line at a time (jsonl, logfmt, text),
// parsing each non-blank line with the format's parser, which feeds k.
func (l *loader) readLogLines(file, format string, k *logSink) {
	newParse := func() func([]byte, *logSink) error {
		switch format {
		case FormatJSONL, FormatJournald:
			return new(jsonScanner).object
		case FormatLogfmt:
			return new(logfmtParser).line
		}
		return textLine
	}
	// A big file without a field mapping is parsed on every core; not one
	// read with clip, whose count of lines left out lives on the loader.
	if sp, ok := l.splits[file]; ok && k.opts == nil && k.mapped == nil && !l.clip &&
		l.parseLinesParallel(file, k, sp.at, sp.lines, newParse) {
		return
	}
	l.parseLines(file, k, newParse())
}

// parseLines feeds every non-blank line of file to k through parse.
func (l *loader) parseLines(file string, k *logSink, parse func([]byte, *logSink) error) {
	err := eachLine(l.fsys, file, func(line []byte, n int) {
		if len(bytes.TrimSpace(line)) == 0 || k.full {
			return
		}
		k.begin(n)
		if err := parse(line, k); err != nil {
			k.fail("", "%v", err)
			return
		}
		k.end()
	})
	if err != nil {
		k.errs.count++ // the file's own error: not "no log lines" as well
		l.errs = append(l.errs, err)
	}
}

func (l *loader) newLogSink(file, defService string, opts *logOptions, out *game.LogBuilder) *logSink {
	k := &logSink{l: l, sc: &l.scope, errs: &includeErrors{l: l, file: file}, defService: defService,
		out: out, strs: &stringArena{}, keys: l.keys, attrKey: l.attrKeys, levels: l.levels,
		opts: opts}
	if opts != nil && opts.roles != nil {
		k.mapped = &mappedLine{}
	}
	return k
}

func (k *logSink) begin(n int) {
	k.n, k.cur, k.hasAt, k.bad, k.scratch = n, game.LogLine{Level: game.LevelInfo}, false, false, k.scratch[:0]
	k.strs.reuse() // the store copies a line's text: the last one's is spent
	if k.mapped != nil {
		k.mapped.reset()
	}
}

func (k *logSink) fail(field, format string, args ...any) {
	k.bad = true
	k.errs.add(k.n, field, format, args...)
}

// field takes one key and its (already unescaped) value. Without a field
// mapping the common names are read (the first of each kind wins, the
// rest become attributes); with one, the mapping decides.
func (k *logSink) field(key, val []byte) {
	if k.mapped != nil {
		k.mappedField(key, val)
		return
	}
	switch string(key) {
	case "ts", "time", "timestamp", "@timestamp":
		if !k.hasAt {
			k.setTime(val)
			return
		}
	case "level", "lvl", "severity":
		k.setLevel(val)
		return
	case "msg", "message":
		if k.cur.Msg == "" {
			k.setMsg(val)
			return
		}
	case "service", "service.name", "app":
		if k.cur.Service == "" {
			k.setService(val)
			return
		}
	case "trace", "trace_id", "traceId":
		if k.cur.Trace == "" {
			k.setTrace(val)
			return
		}
	}
	k.attr(key, val)
}

// attr keeps one field as an attribute. The value lives only until the
// store has copied the line (the sink's arena is reused line by line), so
// a copy into that arena is all it needs: interning it would cost a map
// lookup per value to save a copy of a few bytes.
func (k *logSink) attr(key, val []byte) {
	k.scratch = append(k.scratch, game.Attr{Key: k.keyAt(len(k.scratch), key), Value: k.text(val)})
}

// setMsg sets the message. A record from a JSON document or an OTLP body
// is not bounded by the line limit, so the message is, at a record's.
func (k *logSink) setMsg(val []byte) {
	if len(val) > MaxRecordBytes {
		k.fail("message", "longer than %d bytes (MaxRecordBytes)", MaxRecordBytes)
		return
	}
	k.cur.Msg = k.text(val)
}

// setService sets the service as the record names it; end resolves it.
func (k *logSink) setService(val []byte) {
	if !bytes.Equal(val, k.lastService) || k.lastServiceName == "" {
		k.lastServiceName = k.name(val)
		k.lastService = append(k.lastService[:0], val...)
	}
	k.cur.Service = k.lastServiceName
}

// setTrace sets the trace id, lower-cased.
func (k *logSink) setTrace(val []byte) { k.cur.Trace = k.traceID(val) }

// setAt sets a time the reader has already parsed.
func (k *logSink) setAt(t time.Time) { k.hasAt, k.cur.At = true, t }

// setLevelValue sets a level the reader has already mapped.
func (k *logSink) setLevelValue(lv game.Level) { k.cur.Level = lv }

// keyAt finds the attribute key for the j-th attribute of a line. Lines of
// one file repeat their fields in the same order, so the key the j-th
// attribute had on the last line is usually right and saves a map lookup.
func (k *logSink) keyAt(j int, key []byte) string {
	if j < len(k.posKeys) && k.posKeys[j] == string(key) {
		return k.posKeys[j]
	}
	name := k.key(key)
	for len(k.posKeys) <= j {
		k.posKeys = append(k.posKeys, "")
	}
	k.posKeys[j] = name
	return name
}

// key finds or adds an attribute key's name as shown. Keys are few, so
// every one is kept (up to 4096).
func (k *logSink) key(key []byte) string {
	if name, ok := k.attrKey[string(key)]; ok {
		return name
	}
	name := k.name(key)
	if len(k.attrKey) < 1<<12 {
		k.attrKey[string(key)] = name
	}
	return name
}

func (k *logSink) setTime(val []byte) {
	k.hasAt = true
	t, err := k.opts.parseTime(val, k.sc.start)
	if err != nil {
		k.fail("time", "%q: %v", short(string(val)), err)
		return
	}
	k.cur.At = t
}

func (k *logSink) setLevel(val []byte) {
	if len(k.lastLevel) > 0 && bytes.Equal(val, k.lastLevel) {
		k.cur.Level = k.lastLevelValue
		return
	}
	if lv, ok := k.opts.mappedLevel(val); ok {
		k.cur.Level = lv
		return
	}
	if lv, ok := k.levels[string(val)]; ok {
		k.lastLevel, k.lastLevelValue = append(k.lastLevel[:0], val...), lv
		k.cur.Level = lv
		return
	}
	lv, ok := levelName(string(val))
	if ok {
		// Names mean the same in every include, so the scenario-wide
		// cache may keep them; numbers depend on the include's scheme.
		if len(k.levels) < 256 {
			k.levels[string(val)] = lv
		}
	} else {
		lv, ok = k.opts.numericLevel(string(val))
	}
	if !ok {
		k.fail("level", "%q is not a level (TRACE DEBUG INFO WARN ERROR FATAL; map others with levels:)", short(string(val)))
		return
	}
	k.cur.Level = lv
}

// pinoLevel reads the numeric levels of pino and bunyan (10 trace …
// 60 fatal), which Node services write instead of names.
func pinoLevel(s string) (game.Level, bool) {
	switch s {
	case "10":
		return game.LevelTrace, true
	case "20":
		return game.LevelDebug, true
	case "30":
		return game.LevelInfo, true
	case "40":
		return game.LevelWarn, true
	case "50":
		return game.LevelError, true
	case "60":
		return game.LevelFatal, true
	}
	return game.LevelInfo, false
}

// text is a displayed string: sanitized, and copied into the arena. Text
// that needs sanitizing (a newline, any non-ASCII letter) is sanitized
// into scratch space first: with the collector paused (gcpause.go), the
// strings game.SanitizeLine would make stay until the load ends.
func (k *logSink) text(val []byte) string {
	if isCleanBytes(val) {
		return k.strs.string(val)
	}
	k.sanitized = game.AppendSanitizedLine(k.sanitized[:0], val)
	return k.strs.string(k.sanitized)
}

// name is a key or service name: sanitized and interned.
func (k *logSink) name(val []byte) string {
	if !isCleanBytes(val) {
		return game.SanitizeLine(string(val))
	}
	if s, ok := k.keys.get(val); ok {
		return s
	}
	return string(val) // kept past the line (a key, the last service): not in the line's scratch
}

// traceID lower-cases hex ids, which exporters write in either case.
func (k *logSink) traceID(val []byte) string {
	k.lower = append(k.lower[:0], val...)
	for i, c := range k.lower {
		if 'A' <= c && c <= 'Z' {
			k.lower[i] = c + 'a' - 'A'
		}
	}
	return k.text(k.lower)
}

// end checks the finished line against the scenario and keeps it.
func (k *logSink) end() {
	if k.mapped != nil {
		k.resolveMapped()
	}
	c := &k.cur
	if !k.hasAt {
		k.fail("time", "missing (ts, time, timestamp or @timestamp)")
	} else if !c.At.IsZero() {
		keep, err := k.l.inWindow(c.At)
		if err != nil {
			k.fail("time", "%v", err)
		} else if !keep {
			k.bad = true // clipped: left out, not an error
			return
		}
	}
	if c.Service == "" {
		c.Service = k.defService
	}
	if declared, ok := k.sc.service(c.Service); ok {
		c.Service = declared
	} else if c.Service == "" {
		k.fail("service", "missing, and the include sets no default service")
	} else {
		k.fail("service", "%q is not declared in services (declare it, or list it in a service's aliases)", short(c.Service))
	}
	if c.Trace != "" && !k.sc.sampled && !k.sc.traces[c.Trace] {
		k.fail("trace", "%q names no trace (set traces_sampled if traces were sampled)", short(c.Trace))
	}
	if k.bad {
		return
	}
	if k.out.Len() >= MaxLogLines {
		k.full = true
		k.fail("", "more than %d log lines in the scenario (MaxLogLines)", MaxLogLines)
		return
	}
	if len(k.scratch) > 1 {
		sortAttrs(k.scratch)
	}
	c.Attrs = k.scratch
	if err := k.out.Add(c); errors.Is(err, game.ErrLogTime) {
		k.fail("time", "%s: %v", c.At.Format(time.RFC3339), err)
		return
	} else if err != nil {
		k.full = true // the store is full: the rest of the file cannot be kept either
		k.fail("", "%v", err)
		return
	}
	k.kept++
}

func (k *logSink) close() { k.errs.close() }

// isCleanBytes is isClean for bytes: printable ASCII needs no sanitizing.
// It is on the hot path of every include field, so it tests eight bytes at
// a time: a word has a byte < 0x20 when (x - 0x20..) & ^x & 0x80.. is set,
// and a byte >= 0x7f when ((x + 0x01..) | x) & 0x80.. is set.
func isCleanBytes(b []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		if (x-ones*0x20)&^x&highs != 0 || ((x+ones)|x)&highs != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
