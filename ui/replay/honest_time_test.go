package replay

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"firedrill/game/grade"
	"firedrill/ui/uitest"
)

// The header's time used is the one grade checks, not the file's own
// stamps clipped to the limit: a result submitted two hours after its
// deadline showed "used 15m0s of 15m0s" and no warning.
func TestHeaderShowsHonestTimeAndFlags(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/replay/result.json")
	if err != nil {
		t.Fatal(err)
	}
	late := strings.Replace(string(raw), `"timer_end": "2026-11-20T09:07:12Z"`, `"timer_end": "2026-11-20T11:15:00Z"`, 1)
	if late == string(raw) {
		t.Fatal("the fixture's timer_end moved; update this test")
	}
	path := filepath.Join(t.TempDir(), "result.json")
	if err := os.WriteFile(path, []byte(late), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := Load(path, "../../testdata/packs/mini")
	if err != nil {
		t.Fatal(err)
	}
	if !hasFlag(in.Time, grade.FlagOvertime) {
		t.Fatalf("flags %+v; want overtime", in.Time.Flags)
	}
	mm, _ := New(in).Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	screen := uitest.Plain(mm.(Model).render())
	for _, want := range []string{"used 135:00 of 15:00", "times do not add up (overtime"} {
		if !strings.Contains(screen, want) {
			t.Errorf("header lacks %q:\n%s", want, strings.Join(strings.Split(screen, "\n")[:4], "\n"))
		}
	}
}

func TestHonestResultHasNoTimeWarning(t *testing.T) {
	in := fixture(t)
	if len(in.Time.Flags) != 0 || strings.Contains(in.Warning, "times do not add up") {
		t.Fatalf("an untouched result is flagged: %+v / %q", in.Time.Flags, in.Warning)
	}
	if in.Time.TimeUsed <= 0 {
		t.Fatalf("time used %v; want the submit's time", in.Time.TimeUsed)
	}
}

func hasFlag(h grade.Honesty, code string) bool {
	for _, f := range h.Flags {
		if f.Code == code {
			return true
		}
	}
	return false
}
