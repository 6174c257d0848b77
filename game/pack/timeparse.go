package pack

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Include files carry a timestamp on every line, so parsing one is on the
// hot path of loading a million lines. parseStamp takes the common shapes
// directly and leaves anything unusual to the time package, which stays the
// authority: the fast path only accepts what time.Parse would accept and
// returns the same instant, to the nanosecond.

var errBadStamp = errors.New(`want RFC 3339 (2025-08-20T14:03:12.5Z), "+offset" (+12m03s) or a Unix epoch in s, ms, µs or ns`)

// parseStamp reads an include timestamp: RFC 3339, "+offset" from start,
// or a Unix epoch (digits, optionally with a fraction).
func parseStamp(b []byte, start time.Time) (time.Time, error) {
	if len(b) == 0 {
		return time.Time{}, errors.New("empty time")
	}
	switch c := b[0]; {
	case c == '+':
		d, err := time.ParseDuration(string(b[1:]))
		if err != nil {
			return time.Time{}, errBadStamp
		}
		return start.Add(d), nil
	case len(b) <= 20 && isEpoch(b):
		return parseEpoch(b)
	}
	if t, ok := parseRFC3339Fast(b); ok {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	if err != nil {
		return time.Time{}, errBadStamp
	}
	return t.UTC(), nil
}

func isEpoch(b []byte) bool {
	dot := false
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return true
}

// parseEpoch reads seconds, milliseconds, microseconds or nanoseconds since
// 1970, told apart by the number of integer digits (10, 13, 16, 19 today),
// with an optional decimal fraction of that unit. Exact: no float64.
func parseEpoch(b []byte) (time.Time, error) {
	intPart, _, _ := strings.Cut(string(b), ".")
	var unit int64
	switch n := len(intPart); {
	case n <= 11:
		unit = int64(time.Second)
	case n <= 14:
		unit = int64(time.Millisecond)
	case n <= 17:
		unit = int64(time.Microsecond)
	default:
		unit = 1
	}
	return parseEpochUnit(b, unit, "")
}

// parseEpochUnit reads digits, with an optional fraction, as a count of
// unit nanoseconds since 1970. name is the time_format that asked for the
// unit ("" when the digit count chose it), for the message.
func parseEpochUnit(b []byte, unit int64, name string) (time.Time, error) {
	// The message is built only for a bad time: this runs for every line
	// of an epoch-stamped include, with the collector paused (gcpause.go).
	bad := func() error {
		if name == "" {
			return errBadStamp
		}
		return errors.New("want a number of " + map[int64]string{int64(time.Second): "seconds",
			int64(time.Millisecond): "milliseconds", int64(time.Microsecond): "microseconds", 1: "nanoseconds"}[unit] +
			" since 1970 (time_format: " + name + ")")
	}
	if len(b) == 0 || len(b) > 40 || !isEpoch(b) {
		return time.Time{}, bad()
	}
	intPart, frac, _ := strings.Cut(string(b), ".")
	v, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil || v > (1<<63-1)/unit {
		return time.Time{}, bad()
	}
	ns := v * unit
	// The fraction, in units of `unit`, truncated at nanoseconds.
	for scale := unit / 10; len(frac) > 0 && scale > 0; scale /= 10 {
		ns += int64(frac[0]-'0') * scale
		frac = frac[1:]
	}
	return time.Unix(0, ns).UTC(), nil
}

// parseRFC3339Fast handles YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM). It says
// no (ok false) to anything else, including out-of-range fields, so the
// caller can fall back to time.Parse for the verdict and the message.
func parseRFC3339Fast(b []byte) (time.Time, bool) {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't') ||
		b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	hour, ok4 := digits(b[11:13])
	minute, ok5 := digits(b[14:16])
	sec, ok6 := digits(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || year < 1 || month < 1 || month > 12 || day < 1 ||
		day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	rest := b[19:]
	nsec := 0
	if rest[0] == '.' {
		i := 1
		for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
			if i <= 9 {
				nsec = nsec*10 + int(rest[i]-'0')
			}
		}
		if i == 1 || i > 10 {
			return time.Time{}, false
		}
		for k := i; k <= 9; k++ {
			nsec *= 10
		}
		rest = rest[i:]
	}
	offset := 0
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := digits(rest[1:3])
		om, okm := digits(rest[4:6])
		if !okh || !okm || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	secs := daysSinceEpoch(year, month, day)*86400 + int64(hour*3600+minute*60+sec) - int64(offset)
	return time.Unix(secs, int64(nsec)).UTC(), true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysSinceEpoch is Howard Hinnant's days_from_civil.
func daysSinceEpoch(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097 + doe - 719468)
}
