package game_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"firedrill/game"
)

// FuzzProofMatch checks the matcher's contract on arbitrary text: a
// selector built from a pin's own signal (its service, a piece of its
// text, a window around its time) matches it, as plain text and as a
// quoted regex; a pin of another kind never matches; and nothing panics,
// whatever the regex.
func FuzzProofMatch(f *testing.F) {
	f.Add("cache", "config reload: maxmemory-policy=allkeys-random", 0, 10, int64(598), int64(5), int64(5), "allkeys-.*")
	f.Add("", "", 0, 0, int64(0), int64(0), int64(0), "(")
	f.Add("svc.a_b", "héllo\x00wörld ⏎", 2, 9, int64(-30), int64(100), int64(0), `\p{L}+`)
	f.Fuzz(func(t *testing.T, service, text string, lo, hi int, atSec, before, after int64, regex string) {
		start := time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)
		at := start.Add(time.Duration(atSec%86400) * time.Second)
		pin := game.Pin{Kind: game.PinLog, Ref: "0", At: at, Service: service, Text: text}
		// the matcher never panics and agrees with MatchLine on any selector
		sel := &game.LogSelector{Service: service, Regex: regex, From: at.Add(-time.Duration(before%3600) * time.Second)}
		it := game.ProofItem{Step: 1, Log: sel}
		if got, want := it.Matches(pin), text != "" && sel.MatchLine(service, text, at); got != want {
			t.Fatalf("Matches = %v, MatchLine = %v", got, want)
		}
		if text == "" {
			return
		}
		lo, hi = clampRange(lo, hi, len(text))
		piece := text[lo:hi]
		from := at.Add(-time.Duration(abs(before)%3600) * time.Second)
		to := at.Add(time.Duration(abs(after)%3600) * time.Second)
		own := game.ProofItem{Step: 1, Log: &game.LogSelector{Service: service, Contains: piece, From: from, To: to}}
		if own.Log.Service == "" && piece == "" {
			own.Log.From = from // at least one field, as Check asks
		}
		if !own.Matches(pin) {
			t.Fatalf("a selector built from the line does not match it: %+v", own.Log)
		}
		quoted := game.ProofItem{Step: 1, Log: &game.LogSelector{Service: service, Regex: regexp.QuoteMeta(piece), From: from, To: to}}
		if _, err := quoted.Check(); err == nil && !quoted.Matches(pin) {
			t.Fatalf("the quoted piece %q does not match %q", piece, text)
		}
		for _, kind := range []game.PinKind{game.PinEvent, game.PinMetric, game.PinSpan} {
			other := pin
			other.Kind, other.Metric, other.Span, other.Status, other.Event = kind, text, text, game.StatusError, text
			if own.Matches(other) {
				t.Fatalf("a log selector matched a %s pin", kind)
			}
		}
	})
}

func clampRange(lo, hi, n int) (int, int) {
	lo, hi = abs(lo)%(n+1), abs(hi)%(n+1)
	if lo > hi {
		lo, hi = hi, lo
	}
	return lo, hi
}

func abs[T int | int64](x T) T {
	if x < 0 {
		if -x < 0 { // the most negative value
			return 0
		}
		return -x
	}
	return x
}

// FuzzProofDecode feeds the sealed answer's proof decoder arbitrary bytes:
// it returns an error or items that pass Check, never panics, and what it
// accepts re-decodes to the same items.
func FuzzProofDecode(f *testing.F) {
	f.Add([]byte(`[{"step":1,"event":"cache-config"},{"step":2,"log":{"service":"pg","regex":"too many","from":"2025-08-20T14:10:00Z"}}]`))
	f.Add([]byte(`[{"step":3,"span":{"status":"error"}},{"step":1,"metric":{"name":"m","to":"2025-08-20T14:10:00Z"}}]`))
	f.Add([]byte(`[{"step":1,"log":{"regex":"(((("}}]`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := game.DecodeProof(data)
		if err != nil {
			return
		}
		for _, it := range items {
			if field, err := it.Check(); err != nil {
				t.Fatalf("decoded an item Check refuses: %s: %v", field, err)
			}
			_ = it.Describe(time.Time{})
			_ = it.Matches(game.Pin{Kind: it.Kind(), Text: "x", Metric: "x", Span: "x", Status: game.StatusOK, Event: "x"})
		}
		once, _ := json.Marshal(items)
		again, err := game.DecodeProof(once)
		twice, _ := json.Marshal(again)
		if err != nil || !bytes.Equal(once, twice) {
			t.Fatalf("re-decoding %s: %v, %s", once, err, twice)
		}
	})
}
