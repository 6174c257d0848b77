package pack

import (
	"errors"
)

// The text format is the plainest one: "<RFC3339> <LEVEL> <service> <msg>".

// textLine feeds the four fields of a text line to k.
func textLine(line []byte, k *logSink) error {
	var buf [4][]byte
	f := splitFields(buf[:0], line, 4)
	if len(f) < 3 {
		return errors.New("want <time> <LEVEL> <service> <message>")
	}
	k.setTime(f[0])
	k.setLevel(f[1])
	k.setService(f[2])
	if len(f) == 4 {
		k.setMsg(f[3])
	}
	return nil
}

// splitFields appends to out the fields of s, split at runs of spaces, at
// most n of them, the last one keeping the rest of the line. Callers pass
// an array on their stack: the loader runs with the collector paused
// (gcpause.go), so a slice allocated per line would stay until the end.
func splitFields(out [][]byte, s []byte, n int) [][]byte {
	for len(out) < n-1 {
		s = trimLeftSpace(s)
		i := 0
		for i < len(s) && s[i] != ' ' && s[i] != '\t' {
			i++
		}
		if i == 0 {
			return out
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	if s = trimLeftSpace(s); len(s) > 0 {
		out = append(out, s)
	}
	return out
}

func trimLeftSpace(s []byte) []byte {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}
