package seal

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"firedrill/game"
	"firedrill/game/internal/gametest"
	"firedrill/game/pack"
)

// Every embedded library pack seals (with AllowPublic), verifies, loads without answers, and
// reveals exactly the source answers; no sealed file holds any line of
// them. This runs the stripper over real authored files, not just the
// fixture.
func TestSealLibraryPacks(t *testing.T) {
	packs, _ := filepath.Glob("../../scenarios/*/pack.yaml")
	if len(packs) == 0 {
		t.Skip("no library packs in ../../scenarios")
	}
	for _, pj := range packs {
		src := filepath.Dir(pj)
		t.Run(filepath.Base(src), func(t *testing.T) {
			source, errs := pack.Open(src)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			out := filepath.Join(t.TempDir(), "sealed")
			// The library is public (it ships in the binary): AllowPublic,
			// and every scenario is reported as such.
			rep, err := Pack(src, out, Options{Key: gametest.Key(3), Rand: SeededRand(9), AllowPublic: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Public) != len(source.Scenarios) {
				t.Errorf("%d of %d library scenarios reported public", len(rep.Public), len(source.Scenarios))
			}
			if _, err := VerifyPackWith(out, nil); err != nil {
				t.Fatal(err)
			}
			sealed, errs := pack.Open(out)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var secrets []string
			for i, s := range sealed.Scenarios {
				want := source.Scenarios[i]
				if s.Answer != nil || s.Logs.Len() != want.Logs.Len() || len(s.Metrics) != len(want.Metrics) {
					t.Errorf("%s: answer %v, %d/%d logs, %d/%d metrics", s.ID, s.Answer != nil,
						s.Logs.Len(), want.Logs.Len(), len(s.Metrics), len(want.Metrics))
				}
				key, err := KeyFor(sealed, s)
				if err != nil {
					t.Fatal(err)
				}
				got, err := key.Reveal()
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want.Answer) {
					t.Errorf("%s: Reveal differs from the source answer", s.ID)
				}
				secrets = append(secrets, answerLines(want.Answer)...)
			}
			for _, name := range gametest.AllFiles(t, out) {
				data, _ := os.ReadFile(filepath.Join(out, name))
				for _, secret := range secrets {
					if bytes.Contains(data, []byte(secret)) {
						t.Errorf("%s holds answer text %q", name, secret)
					}
				}
			}
		})
	}
}

// answerLines is every line of an answer's text worth searching for:
// chain, evidence, wrong-pick notes and debrief lines of 20 bytes or more
// (shorter ones could occur in the signals by chance).
func answerLines(a *game.Answer) []string {
	var lines []string
	add := func(text string) {
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); len(l) >= 20 {
				lines = append(lines, l)
			}
		}
	}
	for _, s := range append(append([]string{a.Debrief}, a.Chain...), a.Evidence...) {
		add(s)
	}
	for _, note := range a.Wrong {
		add(note)
	}
	return lines
}
