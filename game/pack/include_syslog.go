package pack

import (
	"bytes"
	"strconv"
	"time"
)

// Syslog files and captures, in the two formats syslog daemons write:
//
//	RFC 5424  <34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 [id@32473 iut="3"] message
//	RFC 3164  <34>Oct 11 22:14:15 mymachine su[123]: message        (the <PRI> is often absent in files)
//
// and 3164's layout with an RFC 3339 time (rsyslog's file format). The
// level is the PRI's severity (0–2 FATAL, 3 ERROR, 4 WARN, 5–6 INFO, 7
// DEBUG), INFO without one; the service is the APP-NAME or tag, else the
// include's; host, pid, msgid, facility and structured data become
// attributes. A line with no header continues the message before it (a
// stack trace, a multi-line message). RFC 3164 times carry no year and no
// zone: the year is the include's year:, else the one that puts the first
// line nearest the scenario's start, and it advances when December rolls
// over to January; the zone is the include's zone:, else UTC.

// syslogRecord is one message being read. Its fields are copied out of
// the line into text (the line's buffer is reused for the next line, and
// a record is only fed to the sink once the next header shows it is
// complete); the reader keeps two records and reuses their buffers, so a
// line costs no allocation: the loader runs with the collector paused
// (gcpause.go), and per-line garbage would stay until the load ends.
type syslogRecord struct {
	line                     int
	at                       time.Time
	pri                      int // -1: none
	host, app, procID, msgID textSpan
	sd                       []sdParam
	text                     []byte // what the spans point into
	msg                      []byte
	complete                 bool
}

// textSpan is text[from:to] of a record.
type textSpan struct{ from, to int }

// sdParam is one structured data parameter: "id.name" and its value.
type sdParam struct{ key, value textSpan }

func (rec *syslogRecord) reset(n int) {
	rec.line, rec.at, rec.pri, rec.complete = n, time.Time{}, -1, true
	rec.host, rec.app, rec.procID, rec.msgID = textSpan{}, textSpan{}, textSpan{}, textSpan{}
	rec.sd, rec.text, rec.msg = rec.sd[:0], rec.text[:0], rec.msg[:0]
}

// keep copies b into the record's text.
func (rec *syslogRecord) keep(b []byte) textSpan {
	from := len(rec.text)
	rec.text = append(rec.text, b...)
	return textSpan{from, len(rec.text)}
}

func (rec *syslogRecord) get(s textSpan) []byte { return rec.text[s.from:s.to] }

type syslogReader struct {
	k       *logSink
	zone    *time.Location
	year    int // the year of the last 3164 time; 0 before the first (without year:)
	start   time.Time
	lastMon time.Month
	recs    [2]syslogRecord
	cur     *syslogRecord // one of recs; the other is where the next line is parsed
}

func (l *loader) readSyslog(file string, o *rawIncludeOpts, k *logSink) {
	r := &syslogReader{k: k, zone: time.UTC, year: o.Year, start: l.scope.start}
	r.cur = &r.recs[0]
	if o.Zone != "" {
		if z, err := parseZone(o.Zone); err == nil {
			r.zone = z
		}
	}
	err := eachLine(l.fsys, file, func(line []byte, n int) {
		switch {
		case k.full:
		case len(bytes.TrimSpace(line)) == 0:
			if r.cur.complete { // a blank line inside a multi-line message
				r.cur.msg = append(r.cur.msg, '\n')
			}
		default:
			r.line(line, n)
		}
	})
	r.flush()
	if err != nil {
		k.errs.count++
		l.errs = append(l.errs, err)
	}
}

// line starts a record, or continues the current one.
func (r *syslogReader) line(b []byte, n int) {
	next := &r.recs[0]
	if next == r.cur {
		next = &r.recs[1]
	}
	if r.parse(next, b, n) {
		r.flush()
		r.cur = next
		return
	}
	if r.cur.complete {
		r.cur.msg = append(append(r.cur.msg, '\n'), b...)
		return
	}
	r.k.begin(n)
	r.k.fail("", "not a syslog line (want <PRI>1 <RFC 3339 time> … or [<PRI>]Mmm dd hh:mm:ss host tag: message)")
}

// flush feeds the current record to the sink.
func (r *syslogReader) flush() {
	c := r.cur
	if !c.complete {
		return
	}
	k := r.k
	k.begin(c.line)
	k.setAt(c.at)
	if c.pri >= 0 {
		k.setLevelValue(syslogSeverity(c.pri % 8))
		k.attr(bytesOf("facility"), bytesOf(syslogFacility(c.pri/8)))
	}
	if app := c.get(c.app); len(app) > 0 {
		k.setService(app)
	}
	k.setMsg(bytes.TrimRight(c.msg, "\n"))
	for _, a := range [...]struct {
		key   string
		value textSpan
	}{{"host", c.host}, {"pid", c.procID}, {"msgid", c.msgID}} {
		if v := c.get(a.value); len(v) > 0 && string(v) != "-" {
			k.attr(bytesOf(a.key), v)
		}
	}
	for _, a := range c.sd {
		k.attr(c.get(a.key), c.get(a.value))
	}
	k.end()
	c.complete = false
}

// parse reads a line with a syslog header into rec.
func (r *syslogReader) parse(rec *syslogRecord, b []byte, n int) bool {
	rec.reset(n)
	if len(b) > 2 && b[0] == '<' {
		end := bytes.IndexByte(b[:min(len(b), 5)], '>')
		if end < 2 {
			return false
		}
		pri, err := strconv.Atoi(string(b[1:end]))
		if err != nil || pri > 191 {
			return false
		}
		rec.pri, b = pri, b[end+1:]
		if len(b) > 2 && b[0] >= '1' && b[0] <= '9' && b[1] == ' ' {
			return r.rfc5424(rec, b[2:])
		}
	}
	return r.rfc3164(rec, b)
}

// rfc5424 reads TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG].
func (r *syslogReader) rfc5424(rec *syslogRecord, b []byte) bool {
	var buf [6][]byte
	f := splitFields(buf[:0], b, 6)
	if len(f) < 5 {
		return false
	}
	at, err := parseStamp(f[0], r.start)
	if err != nil || f[0][0] == '+' {
		return false
	}
	rec.at = at
	rec.host, rec.app, rec.procID, rec.msgID = rec.keep(nilDash(f[1])), rec.keep(nilDash(f[2])), rec.keep(nilDash(f[3])), rec.keep(nilDash(f[4]))
	if len(f) < 6 {
		return true
	}
	rest := f[5]
	if rest[0] == '[' {
		after, ok := parseSD(rec, rest)
		if !ok {
			return false
		}
		rest = after
	} else if rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ') {
		rest = rest[1:]
	}
	rest = bytes.TrimPrefix(bytes.TrimPrefix(rest, []byte(" ")), []byte("\xef\xbb\xbf")) // the BOM RFC 5424 allows
	rec.msg = append(rec.msg, rest...)
	return true
}

func nilDash(b []byte) []byte {
	if string(b) == "-" {
		return nil
	}
	return b
}

// parseSD reads [id k="v" …][…] into rec's attributes named id.k; it
// returns what follows.
func parseSD(rec *syslogRecord, b []byte) ([]byte, bool) {
	for len(b) > 0 && b[0] == '[' {
		i := 1
		for i < len(b) && b[i] != ' ' && b[i] != ']' {
			i++
		}
		id := b[1:i]
		for i < len(b) && b[i] == ' ' {
			j := i + 1
			for j < len(b) && b[j] != '=' && b[j] != ']' {
				j++
			}
			if j+1 >= len(b) || b[j] != '=' || b[j+1] != '"' {
				return nil, false
			}
			var p sdParam
			p.key.from = len(rec.text)
			rec.text = append(append(append(rec.text, id...), '.'), b[i+1:j]...)
			p.key.to = len(rec.text)
			p.value.from = len(rec.text)
			k := j + 2
			for k < len(b) && b[k] != '"' {
				if b[k] == '\\' && k+1 < len(b) {
					k++
				}
				rec.text = append(rec.text, b[k])
				k++
			}
			if k >= len(b) {
				return nil, false
			}
			p.value.to = len(rec.text)
			rec.sd = append(rec.sd, p)
			i = k + 1
		}
		if i >= len(b) || b[i] != ']' {
			return nil, false
		}
		b = b[i+1:]
	}
	return b, true
}

// rfc3164 reads TIMESTAMP HOSTNAME TAG: MSG, the time as Mmm dd hh:mm:ss
// or RFC 3339.
func (r *syslogReader) rfc3164(rec *syslogRecord, b []byte) bool {
	var rest []byte
	if len(b) >= 15 && b[3] == ' ' && b[6] == ' ' && b[9] == ':' && b[12] == ':' {
		at, ok := r.bsdTime(b[:15])
		if !ok {
			return false
		}
		rec.at, rest = at, b[15:]
	} else {
		var buf [2][]byte
		f := splitFields(buf[:0], b, 2)
		if len(f) < 1 || len(f[0]) < 20 || f[0][4] != '-' {
			return false
		}
		at, err := parseStamp(f[0], r.start)
		if err != nil {
			return false
		}
		rec.at = at
		if len(f) == 2 {
			rest = f[1]
		}
	}
	var buf [2][]byte
	f := splitFields(buf[:0], rest, 2)
	if len(f) == 0 {
		return true
	}
	rec.host = rec.keep(f[0])
	if len(f) < 2 {
		return true
	}
	msg := f[1]
	if tag, after, ok := syslogTag(msg); ok {
		rec.app, msg = rec.keep(tag), after
		if i := bytes.IndexByte(tag, '['); i > 0 && tag[len(tag)-1] == ']' {
			rec.app, rec.procID = rec.keep(tag[:i]), rec.keep(tag[i+1:len(tag)-1])
		}
	}
	rec.msg = append(rec.msg, msg...)
	return true
}

// syslogTag splits "tag[pid]: message" (a tag is a word of up to 48
// characters ending in ':').
func syslogTag(b []byte) ([]byte, []byte, bool) {
	for i, c := range b {
		switch {
		case c == ':' && i > 0:
			return b[:i], bytes.TrimPrefix(b[i+1:], []byte(" ")), true
		case c == ' ' || i >= 48:
			return nil, b, false
		}
	}
	return nil, b, false
}

var months = map[string]time.Month{"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7,
	"Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}

// bsdTime reads "Mmm dd hh:mm:ss" in the reader's year and zone.
func (r *syslogReader) bsdTime(b []byte) (time.Time, bool) {
	mon, ok := months[string(b[:3])]
	if !ok {
		return time.Time{}, false
	}
	day, err1 := strconv.Atoi(string(bytes.TrimSpace(b[4:6])))
	h, err2 := strconv.Atoi(string(b[7:9]))
	m, err3 := strconv.Atoi(string(b[10:12]))
	s, err4 := strconv.Atoi(string(b[13:15]))
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || day < 1 || day > 31 || h > 23 || m > 59 || s > 60 {
		return time.Time{}, false
	}
	at := func(year int) time.Time { return time.Date(year, mon, day, h, m, s, 0, r.zone).UTC() }
	switch {
	case r.year == 0:
		// No year: the one that puts this first line nearest the start.
		y := r.start.Year()
		best := y
		for _, c := range []int{y - 1, y + 1} {
			if absDuration(at(c).Sub(r.start)) < absDuration(at(best).Sub(r.start)) {
				best = c
			}
		}
		r.year = best
	case r.lastMon == time.December && mon == time.January:
		r.year++ // the log rolled over into a new year
	}
	r.lastMon = mon
	return at(r.year), true
}

var facilities = []string{"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
	"authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4",
	"local5", "local6", "local7"}

func syslogFacility(n int) string {
	if n >= 0 && n < len(facilities) {
		return facilities[n]
	}
	return strconv.Itoa(n)
}
