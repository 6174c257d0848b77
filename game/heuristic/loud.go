package heuristic

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"firedrill/game"
)

// LoudPins is the evidence a player attaches who pins what shouts instead
// of what proves: the first line of each of the three most repeated ERROR
// (and FATAL) messages, the first alert, and the biggest mover at the
// moment it left its band. A scenario's proof must not be satisfied by
// them (the library and simulator tests check it): the trigger is rarely
// the loudest thing in the room.
func LoudPins(s *game.Scenario) []game.Pin {
	pins := topErrorPins(s, 3)
	for i, e := range s.Events {
		if e.Kind == game.EventAlert {
			pins = append(pins, game.EventPin(s, i))
			break
		}
	}
	if movers := biggestMovers(s); len(movers) > 0 {
		sr := movers[0]
		at, ok := FirstExit(sr, s.Start, s.End())
		if !ok {
			at = sr.TimeAt(sr.Len() - 1)
		}
		pins = append(pins, game.MetricPin(sr, at))
	}
	return pins
}

// topErrorPins pins the first line of the n most repeated ERROR+ messages,
// a message being its service and text with the numbers taken out.
func topErrorPins(s *game.Scenario, n int) []game.Pin {
	type group struct {
		first, count int
	}
	groups := map[string]*group{}
	var order []string
	for i := range s.Logs.Len() {
		l := s.Logs.Line(i)
		if l.Level < game.LevelError {
			continue
		}
		key := l.Service + "\x00" + withoutNumbers(l.Msg)
		g := groups[key]
		if g == nil {
			g = &group{first: i}
			groups[key] = g
			order = append(order, key)
		}
		g.count++
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(groups[b].count, groups[a].count) })
	var pins []game.Pin
	for _, key := range order[:min(n, len(order))] {
		pins = append(pins, game.LogPin(s, groups[key].first))
	}
	return pins
}

// withoutNumbers replaces every run of digits with '#': "sku-12345 after
// 2000ms" and "sku-777 after 1950ms" are one message.
func withoutNumbers(msg string) string {
	var b strings.Builder
	digits := false
	for _, r := range msg {
		if unicode.IsDigit(r) {
			if !digits {
				b.WriteByte('#')
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(r)
	}
	return b.String()
}
