package pack

import (
	"errors"
	"regexp"
	"strings"
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

var accessLine = regexp.MustCompile(`^(\S+) (\S+) (.+?) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\S+)` +
	`(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(.*)$`)

const accessTimeLayout = "02/Jan/2006:15:04:05 -0700"

func (l *loader) readAccessLog(file string, k *logSink) { l.parseLines(file, k, accessFields) }

// accessFields feeds one access log line to the sink.
func accessFields(line []byte, k *logSink) error {
	m := accessLine.FindSubmatch(line)
	if m == nil {
		return errors.New(`not an access log line: want <addr> <ident> <user> [<time>] "<request>" <status> <bytes> ["<referer>" "<user agent>"]`)
	}
	at, err := time.Parse(accessTimeLayout, string(m[4]))
	if err != nil {
		return errors.New("time " + quote(string(m[4])) + ": want 10/Oct/2000:13:55:36 -0700")
	}
	k.setAt(at.UTC())
	status := string(m[6])
	switch status[0] {
	case '5':
		k.setLevelValue(game.LevelError)
	case '4':
		k.setLevelValue(game.LevelWarn)
	}
	request := strings.ReplaceAll(string(m[5]), `\"`, `"`)
	method, rest, _ := strings.Cut(request, " ")
	target, protocol, _ := strings.Cut(rest, " ")
	if target == "" {
		k.setMsg(bytesOf(request + " " + status))
	} else {
		k.setMsg(bytesOf(method + " " + target + " " + status))
	}
	attr := func(key string, v []byte) {
		if len(v) > 0 && string(v) != "-" {
			k.attr(bytesOf(key), v)
		}
	}
	attr("remote_addr", m[1])
	attr("user", m[3])
	attr("protocol", bytesOf(protocol))
	attr("status", m[6])
	attr("bytes", m[7])
	attr("referer", m[8])
	attr("user_agent", m[9])
	attr("extra", []byte(strings.TrimSpace(string(m[10]))))
	return nil
}
