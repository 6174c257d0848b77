package logs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// formatOffset writes an incident-clock offset as +mm:ss(.mmm); past an
// hour it grows to +h:mm:ss.
func formatOffset(d time.Duration, millis bool) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	ms := int(d / time.Millisecond)
	h, m, s, frac := ms/3600000, ms/60000%60, ms/1000%60, ms%1000
	out := fmt.Sprintf("%s%02d:%02d", sign, m, s)
	if h > 0 {
		out = fmt.Sprintf("%s%d:%02d:%02d", sign, h, m, s)
	}
	if millis {
		out += fmt.Sprintf(".%03d", frac)
	}
	return out
}

// parseJump reads what the player types at `t`: an offset from the start
// (+mm:ss, +h:mm:ss, +90s, +12m) or a wall-clock time of the incident day
// (HH:MM or HH:MM:SS, in the scenario's UTC).
func parseJump(text string, start time.Time) (time.Time, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return time.Time{}, fmt.Errorf("type +mm:ss or HH:MM:SS")
	}
	if rest, ok := strings.CutPrefix(text, "+"); ok {
		if d, err := time.ParseDuration(rest); err == nil {
			return start.Add(d), nil
		}
		d, err := clockDuration(rest, false)
		if err != nil {
			return time.Time{}, err
		}
		return start.Add(d), nil
	}
	d, err := clockDuration(text, true)
	if err != nil {
		return time.Time{}, err
	}
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, start.Location())
	return day.Add(d), nil
}

// clockDuration parses colon-separated fields: mm:ss or h:mm:ss for an
// offset, HH:MM or HH:MM:SS for a time of day. Seconds may carry a fraction.
func clockDuration(text string, timeOfDay bool) (time.Duration, error) {
	fields := strings.Split(text, ":")
	if len(fields) < 2 || len(fields) > 3 {
		return 0, fmt.Errorf("%q: type +mm:ss or HH:MM:SS", text)
	}
	var units []time.Duration
	switch {
	case len(fields) == 3:
		units = []time.Duration{time.Hour, time.Minute, time.Second}
	case timeOfDay:
		units = []time.Duration{time.Hour, time.Minute}
	default:
		units = []time.Duration{time.Minute, time.Second}
	}
	var total time.Duration
	for i, f := range fields {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v < 0 {
			return 0, fmt.Errorf("%q: type +mm:ss or HH:MM:SS", text)
		}
		total += time.Duration(v * float64(units[i]))
	}
	return total, nil
}
