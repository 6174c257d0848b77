package seal

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"firedrill/game/internal/gametest"
	"firedrill/game/pack"
)

// Finding 3: hints shipped in plain text in interview packs, and practice
// mode on the candidate's copy revealed them with h. seal --interview cuts
// the hints: block out like the answer; a solo pack keeps its hints (they
// are practice's, and cost points).
func TestSealInterviewStripsHints(t *testing.T) {
	hints := loadMini(t).Scenarios[0].Hints
	if len(hints) == 0 {
		t.Fatal("the mini fixture has no hints: the test is wrong")
	}
	for _, tc := range []struct {
		name      string
		opts      Options
		wantHints bool
	}{
		{"solo", Options{Key: gametest.Key(3)}, true},
		{"interview", Options{Key: gametest.Key(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := sealMini(t, tc.opts)
			p, errs := pack.Open(dir)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := len(p.Scenarios[0].Hints) > 0; got != tc.wantHints {
				t.Errorf("sealed pack has hints: %v, want %v", got, tc.wantHints)
			}
			found := 0
			for _, name := range gametest.AllFiles(t, dir) {
				data, _ := os.ReadFile(filepath.Join(dir, name))
				for _, h := range hints {
					if bytes.Contains(data, []byte(h)) {
						found++
					}
				}
			}
			if want := map[bool]int{true: len(hints), false: 0}[tc.wantHints]; found != want {
				t.Errorf("the pack's files hold %d of the %d hints as text, want %d", found, len(hints), want)
			}
		})
	}
}
