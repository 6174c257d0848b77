package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTeamLoop is the offline team loop end to end: an author seals the
// mini pack and exports it as an archive; two players (two homes) install
// it from the archive, play it in drill mode in tmux (Ann picks the cause,
// Bob a wrong one), export their signed results into one shared folder and
// trust each other; the team board ranks Ann above Bob, and Ann's Team view
// on the leaderboard screen shows both rows.
func TestTeamLoop(t *testing.T) {
	base := t.TempDir()
	author, shared := filepath.Join(base, "author"), filepath.Join(base, "shared")
	key := filepath.Join(author, "author.key")
	firedrill(t, author, "keygen", key)
	firedrill(t, author, "pack", "seal", "testdata/packs/mini", filepath.Join(author, "sealed"), "--key", key)
	if err := os.MkdirAll(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(shared, "mini.tar.gz")
	firedrill(t, author, "pack", "export", filepath.Join(author, "sealed"), archive)

	pick := map[string]string{"ann": "2", "bob": "3"} // 2 is the cause in the mini pack
	for _, name := range []string{"ann", "bob"} {
		home := filepath.Join(base, name)
		out := firedrill(t, home, "pack", "install", archive)
		if !strings.Contains(out, "installed mini") || !strings.Contains(out, "NOT trusted") {
			t.Fatalf("%s: install printed %q", name, out)
		}
		firedrill(t, home, "trust", "add", key+".pub", "--name", "Author")
		firedrill(t, home, "keygen", filepath.Join(home, "player.key"))
		firedrill(t, home, "config", "set", "key", filepath.Join(home, "player.key"))
		firedrill(t, home, "config", "set", "name", strings.ToUpper(name[:1])+name[1:])
		firedrill(t, home, "config", "set", "team", shared)

		s := startIn(t, home, 120, 40, "play", "mini", "--mode", "drill")
		s.waitFor("What is graded")
		s.send("Enter")
		s.waitFor("no hints")
		s.send("S", pick[name], "Enter", "Enter", "y")
		s.waitFor("recorded on the leaderboard")
		s.send("q")
		s.gone()

		if out := firedrill(t, home, "results", "export"); !strings.Contains(out, "1 exported to "+filepath.Join(shared, "results")) {
			t.Fatalf("%s: export printed %q", name, out)
		}
	}
	ann, bob := filepath.Join(base, "ann"), filepath.Join(base, "bob")
	firedrill(t, ann, "trust", "add", "--player", filepath.Join(shared, "players", "bob.pub"), "--name", "Bob")
	board := firedrill(t, ann, "leaderboard", "--team", shared)
	i, j := strings.Index(board, "│ 1 │ Ann    │ ◐ unproven"), strings.Index(board, "│ 2 │ Bob    │ ✗ wrong")
	if i < 0 || j < i || !strings.Contains(board, "2 result(s), 0 refused") {
		t.Errorf("Ann's team board:\n%s", board)
	}
	// Bob has not trusted Ann: her file is refused, and says how to trust her
	if board := firedrill(t, bob, "leaderboard", "--team", shared); !strings.Contains(board, "untrusted-key") ||
		!strings.Contains(board, "trust add --player "+filepath.Join(shared, "players", "ann.pub")) {
		t.Errorf("Bob's team board:\n%s", board)
	}

	// the Team view of the leaderboard screen, after another play
	s := startIn(t, ann, 120, 40, "play", "mini", "--mode", "practice")
	s.waitFor("What is graded")
	s.send("Enter")
	s.waitFor("hints")
	s.send("S", "2", "Enter", "Enter", "y")
	s.waitFor("recorded on the leaderboard")
	s.send("l")
	s.waitFor("t team / mine")
	s.send("t")
	scr := s.waitFor("2 result(s) from 2 player(s)")
	for _, want := range []string{"Team board", "mini/cache-stampede", "Ann", "Bob"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the Team view lacks %q:\n%s", want, scr)
		}
	}
	s.send("q")
	s.gone()
}
