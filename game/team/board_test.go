package team

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"firedrill/game/grade"
	"firedrill/game/internal/gametest"
	"firedrill/game/seal"
)

// teamFolder writes files (name → bytes) into a fresh folder.
func teamFolder(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// reader trusts Ann and Bob and knows the mini pack as built in.
func reader(t *testing.T, trust ...player) Reader {
	t.Helper()
	store := &seal.TrustStore{Dir: filepath.Join(t.TempDir(), "players")}
	for _, p := range trust {
		if _, err := store.Add(p.pub(), p.name); err != nil {
			t.Fatal(err)
		}
	}
	return Reader{Players: store, Packs: Packs{Digests: map[string]string{"mini": "builtin:mini@1.0.0"}, SimVersion: "sim/2"}}
}

func TestTwoPlayersMergeFastestProvenFirst(t *testing.T) {
	annFast := play("cache", grade.VerdictProven, 4*time.Minute, "a1")
	annFast.Elapsed = 6 * time.Minute // the honest time is what counts
	annSlow := play("cache", grade.VerdictProven, 9*time.Minute, "a2")
	bobProven := play("cache", grade.VerdictProven, 5*time.Minute, "b1")
	bobWrongFast := play("cache", grade.VerdictWrong, time.Minute, "b2")
	unproven := play("dns", grade.VerdictUnproven, 2*time.Minute, "a3")
	wrong := play("dns", grade.VerdictWrong, time.Minute, "b3")
	flagged := play("dns", grade.VerdictProven, 8*time.Minute, "b4")
	flagged.Flags = []string{grade.FlagOvertime}
	dir := teamFolder(t, map[string][]byte{
		"results/ann-1" + FileSuffix: ann.sign(t, annFast),
		"results/ann-2" + FileSuffix: ann.sign(t, annSlow),
		"results/ann-3" + FileSuffix: ann.sign(t, unproven),
		"bob/b-1" + FileSuffix:       bob.sign(t, bobProven),
		"bob/b-2" + FileSuffix:       bob.sign(t, bobWrongFast),
		"bob/b-3" + FileSuffix:       bob.sign(t, wrong),
		"bob/b-4" + FileSuffix:       bob.sign(t, flagged),
		"README.md":                  []byte("not a result"),
	})
	b, err := reader(t, ann, bob).Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Refused) != 0 || b.Accepted != 7 {
		t.Fatalf("refused %+v, accepted %d", b.Refused, b.Accepted)
	}
	if len(b.Scenarios) != 2 {
		t.Fatalf("scenarios %+v", b.Scenarios)
	}
	cache, dns := b.Scenarios[0], b.Scenarios[1]
	// Bob's 5 minutes beat Ann's 4 on the game's clock but 6 honest ones;
	// each player's best play only
	if got := names(cache.Rows); got != "Bob Ann" || cache.Rows[1].Result.ChainHead != annFast.ChainHead {
		t.Errorf("cache board: %s (Ann's row %s)", got, cache.Rows[1].Result.ChainHead[:2])
	}
	// proven (even flagged and slow), then unproven, then wrong
	if got := names(dns.Rows); got != "Bob Ann" || !dns.Rows[0].Flagged || dns.Rows[1].Result.Verdict != grade.VerdictUnproven {
		t.Errorf("dns board: %s %+v", got, dns.Rows)
	}
	if len(b.Players) != 2 || b.Players[0].Player != "Bob" || b.Players[0].Wins != 2 || b.Players[0].Plays != 4 ||
		b.Players[0].Wrong != 2 || b.Players[0].Flagged != 1 || b.Players[1].Wins != 0 || b.Players[1].Unproven != 1 {
		t.Errorf("players %+v", b.Players)
	}
	if len(b.Archetypes) != 1 || b.Archetypes[0].Attempts != 7 || b.Archetypes[0].Solved != 4 {
		t.Errorf("archetypes %+v", b.Archetypes)
	}
}

func names(rows []Entry) string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Player)
	}
	return strings.Join(out, " ")
}

func TestBoardRefusesWithAReason(t *testing.T) {
	good := ann.sign(t, play("cache", grade.VerdictProven, 4*time.Minute, "a1"))
	tampered := bytes.Replace(bob.sign(t, play("cache", grade.VerdictWrong, time.Minute, "b1")),
		[]byte(`"verdict":"wrong"`), []byte(`"verdict":"proven"`), 1)
	foreign := play("cache", grade.VerdictProven, time.Minute, "b2")
	foreign.PackDigest = strings.Repeat("ab", 32)
	notInstalled := play("cache", grade.VerdictProven, time.Minute, "b3")
	notInstalled.PackID = "other"
	oldDaily := play("cache", grade.VerdictProven, time.Minute, "b4")
	oldDaily.PackDigest, oldDaily.Daily = "daily:sim/1", "2026-11-30"
	eve := player{"Eve", gametest.Key(13)}
	unsigned := []byte(`{"format":"` + FileFormat + `","payload":{"player":"Bob"},"signature":""}` + "\n")
	dir := teamFolder(t, map[string][]byte{
		"a-good" + FileSuffix:          good,
		"b-copy-of-good" + FileSuffix:  good,
		"c-tampered" + FileSuffix:      tampered,
		"d-foreign" + FileSuffix:       bob.sign(t, foreign),
		"e-not-installed" + FileSuffix: bob.sign(t, notInstalled),
		"f-old-daily" + FileSuffix:     bob.sign(t, oldDaily),
		"g-unsigned" + FileSuffix:      unsigned,
		"h-eve" + FileSuffix:           eve.sign(t, play("cache", grade.VerdictProven, time.Second, "e1")),
		"i-garbage" + FileSuffix:       []byte("{"),
	})
	if err := os.Symlink(filepath.Join(dir, "a-good"+FileSuffix), filepath.Join(dir, "j-link"+FileSuffix)); err != nil {
		t.Fatal(err)
	}
	b, err := reader(t, ann, bob).Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"b-copy-of-good" + FileSuffix:  ReasonDuplicate,
		"c-tampered" + FileSuffix:      ReasonTampered,
		"d-foreign" + FileSuffix:       ReasonForeignPack,
		"e-not-installed" + FileSuffix: ReasonForeignPack,
		"f-old-daily" + FileSuffix:     ReasonForeignPack,
		"g-unsigned" + FileSuffix:      ReasonUnsigned,
		"h-eve" + FileSuffix:           ReasonUntrusted,
		"i-garbage" + FileSuffix:       ReasonMalformed,
		"j-link" + FileSuffix:          ReasonMalformed,
	}
	got := map[string]string{}
	for _, r := range b.Refused {
		got[r.File] = r.Reason
		if r.Detail == "" {
			t.Errorf("%s refused without a detail", r.File)
		}
	}
	for f, reason := range want {
		if got[f] != reason {
			t.Errorf("%s: refused as %q; want %q", f, got[f], reason)
		}
	}
	if b.Accepted != 1 || len(b.Scenarios) != 1 || b.Scenarios[0].Rows[0].File != "a-good"+FileSuffix {
		t.Errorf("accepted %d: %+v", b.Accepted, b.Scenarios)
	}
	for i := 1; i < len(b.Refused); i++ {
		if b.Refused[i-1].File > b.Refused[i].File {
			t.Errorf("refusals out of file order: %s before %s", b.Refused[i-1].File, b.Refused[i].File)
		}
	}
	for _, r := range b.Refused {
		if r.File == "b-copy-of-good"+FileSuffix && !strings.Contains(r.Detail, "a-good") {
			t.Errorf("duplicate detail %q does not name the first copy", r.Detail)
		}
	}
}

func TestBoardDailyFilterAndOwnKey(t *testing.T) {
	d1 := play("daily-a", grade.VerdictProven, 3*time.Minute, "a1")
	d1.PackID, d1.PackDigest, d1.Daily = "daily", "daily:sim/2", "2026-11-30"
	d2 := d1
	d2.ScenarioID, d2.ChainHead, d2.Daily = "daily-b", strings.Repeat("c", 64), "2026-12-01"
	dir := teamFolder(t, map[string][]byte{"1" + FileSuffix: ann.sign(t, d1), "2" + FileSuffix: ann.sign(t, d2)})
	rd := reader(t) // nobody trusted: only the reader's own key counts
	rd.Own = ann.pub()
	rd.Daily = "2026-12-01"
	b, err := rd.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Refused) != 0 || len(b.Scenarios) != 1 || b.Scenarios[0].Scenario != "daily-b" || b.Accepted != 2 {
		t.Errorf("daily board: %+v", b)
	}
	rd.Daily, rd.Pack = "", "mini"
	if b, err := rd.Read(dir); err != nil || len(b.Scenarios) != 0 || b.Accepted != 2 {
		t.Errorf("--pack mini on a folder of daily drills: %+v %v", b, err)
	}
}

// A play signed by two players was copied by one of them: neither copy
// counts, whichever file sorts first.
func TestBoardRefusesAPlayClaimedByTwoPlayers(t *testing.T) {
	r := play("cache", grade.VerdictProven, 2*time.Minute, "a1")
	other := play("cache", grade.VerdictWrong, 3*time.Minute, "a2")
	dir := teamFolder(t, map[string][]byte{
		"a-bob-copy" + FileSuffix:  bob.sign(t, r),
		"b-ann" + FileSuffix:       ann.sign(t, r),
		"c-ann-again" + FileSuffix: ann.sign(t, r),
		"d-ann-other" + FileSuffix: ann.sign(t, other),
	})
	b, err := reader(t, ann, bob).Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Refused) != 3 || b.Accepted != 1 {
		t.Fatalf("refused %+v, accepted %d", b.Refused, b.Accepted)
	}
	for _, ref := range b.Refused {
		if ref.Reason != ReasonDuplicate || !strings.Contains(ref.Detail, "signed by 2 players") {
			t.Errorf("%s: %s %s", ref.File, ref.Reason, ref.Detail)
		}
	}
	if got := b.Scenarios[0].Rows; len(got) != 1 || got[0].File != "d-ann-other"+FileSuffix {
		t.Errorf("rows %+v", got)
	}
}
