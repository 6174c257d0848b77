package grade

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
)

// longPlay is the action log and notebook of a long play: 2,000 cursor
// moves 700 ms apart, then 40 hypotheses with a pin each (the play
// play.BenchmarkSessionSnapshot saves, built without a session).
func longPlay() ([]game.Action, game.Notebook) {
	log := make([]game.Action, 2000)
	for i := range log {
		log[i] = game.Action{Kind: game.ActCursor, Service: "checkout", At: gametest.At(time.Duration(i) * time.Second),
			Offset: time.Duration(i+1) * 700 * time.Millisecond}
	}
	var nb game.Notebook
	last, onset := log[len(log)-1].Offset, gametest.At(10*time.Minute)
	for i := range 40 {
		text, pin := strings.Repeat("the cache evicted hot keys ", 4),
			game.Pin{Kind: game.PinLog, Ref: strconv.Itoa(i), Service: "cache", At: onset, Label: "evicted"}
		nb.Hypotheses = append(nb.Hypotheses, game.Hypothesis{ID: i + 1, Text: text, Status: game.StatusOpen,
			CursorAt: onset, Evidence: []game.Pin{pin}})
		log = append(log, game.Action{Kind: game.ActNote, Target: strconv.Itoa(i + 1), Detail: text, At: onset, Offset: last},
			game.Action{Kind: game.ActPin, Target: pin.Ref, Detail: string(pin.Kind), Service: pin.Service, At: onset, Offset: last})
	}
	return log, nb
}

// BenchmarkCoach measures the debrief's coaching over a long play.
func BenchmarkCoach(b *testing.B) {
	log, nb := longPlay()
	sc := gametest.CacheScenario()
	b.ReportAllocs()
	for b.Loop() {
		Coach(sc, sc.Answer, log, nb)
	}
}

// BenchmarkReadLeaderboard reads a leaderboard of 10,000 plays.
func BenchmarkReadLeaderboard(b *testing.B) {
	dir := b.TempDir()
	var sb strings.Builder
	for i := range 10_000 {
		sb.WriteString(`{"pack":"p","scenario":"s` + strconv.Itoa(i%50) + `","tags":["cache"],"pick":"x","correct":true,` +
			`"score":{"correct":true,"base":1500,"difficulty_factor":1.5,"speed_bonus":900,"total":2400},` +
			`"time_used_ns":360000000000,"hints":0,"mode":"drill","date":"2026-11-25T10:30:00Z","trusted":true}` + "\n")
	}
	appendRawLeaderboard(b, dir, sb.String())
	b.ReportAllocs()
	for b.Loop() {
		rows, _, err := ReadLeaderboard(dir)
		if err != nil || len(rows) != 10_000 {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
}
