package pack

import (
	"bytes"
	"errors"
	"regexp"
	"time"

	"firedrill/game"
)

// Web server access logs in the NCSA common and combined formats, as
// nginx's default log_format and Apache's LogFormat "combined" write them:
//
//	127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "http://ref/" "Mozilla/4.08"
//
// Fields nginx appends after the user agent (request time, upstream…) are
// kept as one attribute. The status gives the level: 5xx ERROR, 4xx WARN,
// else INFO; the message is "METHOD path status"; the service is the
// include's (an access log does not name one).

// accessLine is the line's grammar; Detect matches it, and the reader's
// matchAccess splits a line exactly as it would, without allocating.
var accessLine = regexp.MustCompile(`^(\S+) (\S+) (.+?) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\S+)` +
	`(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(.*)$`)

const accessTimeLayout = "02/Jan/2006:15:04:05 -0700"

func (l *loader) readAccessLog(file string, k *logSink) {
	l.parseLines(file, k, new(accessParser).line)
}

// accessParser reads access log lines into scratch space it reuses: the
// loader runs with the collector paused (gcpause.go), so what a line
// allocated would stay until the load ends (a regexp match, a time zone,
// the message's strings: four times the file's bytes at a million lines).
type accessParser struct {
	m        accessMatch
	request  []byte
	msg      []byte
	quoteEsc []byte
}

// accessMatch holds the 10 groups of accessLine; a group that took no
// part in the match is nil.
type accessMatch [10][]byte

// line feeds one access log line to the sink.
func (p *accessParser) line(line []byte, k *logSink) error {
	m := &p.m
	if !matchAccess(line, m) {
		return errors.New(`not an access log line: want <addr> <ident> <user> [<time>] "<request>" <status> <bytes> ["<referer>" "<user agent>"]`)
	}
	at, ok := accessTime(m[3])
	if !ok {
		t, err := time.Parse(accessTimeLayout, string(m[3]))
		if err != nil {
			return errors.New("time " + quote(string(m[3])) + ": want 10/Oct/2000:13:55:36 -0700")
		}
		at = t.UTC()
	}
	k.setAt(at)
	status := m[5]
	switch status[0] {
	case '5':
		k.setLevelValue(game.LevelError)
	case '4':
		k.setLevelValue(game.LevelWarn)
	}
	// the request with \" unescaped, as strings.ReplaceAll would
	p.request = p.request[:0]
	for r := m[4]; len(r) > 0; {
		if len(r) > 1 && r[0] == '\\' && r[1] == '"' {
			p.request, r = append(p.request, '"'), r[2:]
			continue
		}
		p.request, r = append(p.request, r[0]), r[1:]
	}
	method, rest, _ := bytes.Cut(p.request, []byte(" "))
	target, protocol, _ := bytes.Cut(rest, []byte(" "))
	if len(target) == 0 {
		p.msg = append(append(append(p.msg[:0], p.request...), ' '), status...)
	} else {
		p.msg = append(append(append(append(append(p.msg[:0], method...), ' '), target...), ' '), status...)
	}
	k.setMsg(p.msg)
	attr := func(key string, v []byte) {
		if len(v) > 0 && string(v) != "-" {
			k.attr(bytesOf(key), v)
		}
	}
	attr("remote_addr", m[0])
	attr("user", m[2])
	attr("protocol", protocol)
	attr("status", m[5])
	attr("bytes", m[6])
	attr("referer", m[7])
	attr("user_agent", m[8])
	attr("extra", bytes.TrimSpace(m[9]))
	return nil
}

// matchAccess is accessLine.FindSubmatch(b) without its allocations: the
// same groups (m[i] is group i+1), chosen as the regexp chooses them.
func matchAccess(b []byte, m *accessMatch) bool {
	*m = accessMatch{}
	// ^(\S+) (\S+) : each up to the first white space, which must be a space
	i := nonSpaceEnd(b, 0)
	if i == 0 || i >= len(b) || b[i] != ' ' {
		return false
	}
	j := nonSpaceEnd(b, i+1)
	if j == i+1 || j >= len(b) || b[j] != ' ' {
		return false
	}
	m[0], m[1] = b[:i], b[i+1:j]
	// (.+?) \[ : the shortest user after which the rest of the line matches
	j++
	for u := j + 1; u < len(b); u++ {
		if b[u-1] == '\n' {
			return false // '.' stops at a newline
		}
		if b[u] == ' ' && u+1 < len(b) && b[u+1] == '[' && matchAccessRest(b, u+2, m) {
			m[2] = b[j:u]
			return true
		}
	}
	return false
}

// matchAccessRest matches what follows " [" in accessLine from b[i].
func matchAccessRest(b []byte, i int, m *accessMatch) bool {
	clear(m[3:]) // what an earlier, shorter user left
	// ([^\]]+)\] "
	k := bytes.IndexByte(b[i:], ']')
	if k <= 0 || !bytes.HasPrefix(b[i+k+1:], []byte(` "`)) {
		return false
	}
	m[3] = b[i : i+k]
	i += k + 3
	// ((?:[^"\\]|\\.)*)"
	e, ok := escapedQuoteEnd(b, i)
	if !ok {
		return false
	}
	m[4] = b[i:e]
	i = e + 1
	// (\d{3}) (\S+)
	if i+5 > len(b) || b[i] != ' ' || !isDigit(b[i+1]) || !isDigit(b[i+2]) || !isDigit(b[i+3]) || b[i+4] != ' ' {
		return false
	}
	m[5] = b[i+1 : i+4]
	i += 5
	e = nonSpaceEnd(b, i)
	if e == i {
		return false
	}
	m[6] = b[i:e]
	i = e
	// (?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")? : taken when it matches
	if bytes.HasPrefix(b[i:], []byte(` "`)) {
		if e1, ok := escapedQuoteEnd(b, i+2); ok && bytes.HasPrefix(b[e1+1:], []byte(` "`)) {
			if e2, ok := escapedQuoteEnd(b, e1+3); ok {
				m[7], m[8] = b[i+2:e1], b[e1+3:e2]
				i = e2 + 1
			}
		}
	}
	// (.*)$
	if bytes.IndexByte(b[i:], '\n') >= 0 {
		return false
	}
	m[9] = b[i:]
	return true
}

// escapedQuoteEnd finds the quote that closes a string starting at b[i]
// (its opening quote already read), honouring backslash escapes; a
// backslash cannot escape a newline, as '.' does not match one.
func escapedQuoteEnd(b []byte, i int) (int, bool) {
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			return i, true
		case '\\':
			if i+1 >= len(b) || b[i+1] == '\n' {
				return 0, false
			}
			i++
		}
	}
	return 0, false
}

// nonSpaceEnd is the end of the run of \S characters at b[i:].
func nonSpaceEnd(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\f', '\r':
			return i
		}
		i++
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

var accessMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// accessTime reads the usual form of an access log time, "10/Oct/2000:13:55:36
// -0700", without the zone time.Parse allocates for each offset. It accepts
// only what time.Parse(accessTimeLayout) accepts, and gives the same instant;
// false sends anything else to time.Parse.
func accessTime(b []byte) (time.Time, bool) {
	if len(b) != 26 || b[2] != '/' || b[6] != '/' || b[11] != ':' || b[14] != ':' || b[17] != ':' || b[20] != ' ' ||
		b[21] != '+' && b[21] != '-' {
		return time.Time{}, false
	}
	num := func(from, to int) int {
		n := 0
		for _, c := range b[from:to] {
			if !isDigit(c) {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	mon := time.Month(0)
	for i, name := range accessMonths {
		if string(b[3:6]) == name {
			mon = time.Month(i + 1)
		}
	}
	day, year, h, mi, s, oh, om := num(0, 2), num(7, 11), num(12, 14), num(15, 17), num(18, 20), num(22, 24), num(24, 26)
	if mon == 0 || year < 0 || day < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 ||
		oh < 0 || oh > 23 || om < 0 || om > 59 {
		return time.Time{}, false
	}
	if day > time.Date(year, mon+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false // past the month's end: time.Parse says why
	}
	offset := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
	if b[21] == '-' {
		offset = -offset
	}
	return time.Date(year, mon, day, h, mi, s, 0, time.UTC).Add(-offset), true
}
