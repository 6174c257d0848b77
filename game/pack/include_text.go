package pack

import (
	"errors"
)

// The text format is the plainest one: "<RFC3339> <LEVEL> <service> <msg>".

// textLine feeds the four fields of a text line to k.
func textLine(line []byte, k *logSink) error {
	f := splitFields(line, 4)
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
