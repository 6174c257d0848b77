package seal

import (
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"firedrill/game"
	"firedrill/game/internal/gametest"
	"firedrill/game/pack"
)

func TestCheckPack(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // an empty trust store
	sealed := sealMini(t, Options{Key: gametest.Key(3)})
	tampered := sealMini(t, Options{Key: gametest.Key(3)})
	os.WriteFile(filepath.Join(tampered, "pack.yaml"), []byte("x"), 0o644)
	open := func(dir string) *game.Pack {
		p, errs := pack.Open(dir)
		if len(errs) > 0 {
			return &game.Pack{Source: dir} // a tampered pack may not even load; the status must not care
		}
		return p
	}
	cases := []struct {
		name                  string
		pack                  *game.Pack
		sealed, verified, bad bool
		warning               string
		drill, interview      bool
	}{
		{"embedded", &game.Pack{Source: "embedded"}, false, false, false, "unsigned", true, false},
		{"source", open(gametest.MiniPack()), false, false, false, "unsigned", true, false},
		{"sealed untrusted", open(sealed), true, true, false, "untrusted key", true, true},
		{"tampered", open(tampered), true, false, true, "pack.yaml: digest mismatch", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := CheckPack(c.pack)
			if s.Sealed != c.sealed || s.Verified != c.verified || s.Tampered() != c.bad || s.LeaderboardOK() {
				t.Errorf("status %+v", s)
			}
			if !strings.Contains(s.Warning(), c.warning) {
				t.Errorf("warning %q; want %q", s.Warning(), c.warning)
			}
			if err := s.AllowsMode(game.ModePractice); err != nil {
				t.Errorf("practice refused: %v", err)
			}
			if err := s.AllowsMode(game.ModeDrill); (err == nil) != c.drill || (err != nil && !errors.Is(err, ErrModeNeedsSeal)) {
				t.Errorf("drill: %v; want allowed=%v", err, c.drill)
			}
			if err := s.AllowsMode(game.ModeInterview); (err == nil) != c.interview {
				t.Errorf("interview: %v; want allowed=%v", err, c.interview)
			}
		})
	}
}

func TestCheckPackTrusted(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	store, err := DefaultTrustStore()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Add(gametest.Key(3).Public().(ed25519.PublicKey), "author"); err != nil {
		t.Fatal(err)
	}
	p, errs := pack.Open(sealMini(t, Options{Key: gametest.Key(3)}))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := CheckPack(p)
	if !s.Trusted || !s.LeaderboardOK() || s.Warning() != "" || s.Report.TrustedName != "author" {
		t.Errorf("trusted pack status %+v, warning %q", s, s.Warning())
	}
}
