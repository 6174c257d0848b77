package team

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/internal/gametest"
)

// day is the test's first day.
var day = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// play is a graded row as the game records it for a team.
func play(scenario string, v grade.Verdict, used time.Duration, head string) grade.Result {
	return grade.Result{PackID: "mini", ScenarioID: scenario, Tags: []string{"cache"}, Pick: "x",
		Correct: v != grade.VerdictWrong, Verdict: v, Score: grade.Score{Total: 1000 - int(used/time.Second)},
		TimeUsed: used, Mode: game.ModeDrill, Date: day, Trusted: true,
		PackDigest: "builtin:mini@1.0.0", ChainHead: head + strings.Repeat("0", 64-len(head))}
}

type player struct {
	name string
	key  ed25519.PrivateKey
}

var (
	ann = player{"Ann", gametest.Key(11)}
	bob = player{"Bob", gametest.Key(12)}
)

func (p player) pub() ed25519.PublicKey { return p.key.Public().(ed25519.PublicKey) }

func (p player) sign(t *testing.T, r grade.Result) []byte {
	t.Helper()
	data, err := Sign(Payload{Player: p.name, FiredrillVersion: "test", Exported: day, Result: r}, p.key)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
