package picker

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/pack"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func TestStarsAndLimit(t *testing.T) {
	stars := map[int]string{0: "☆☆☆☆☆", 1: "★☆☆☆☆", 3: "★★★☆☆", 5: "★★★★★", 9: "★★★★★"}
	for d, want := range stars {
		if got := Stars(d); got != want {
			t.Errorf("Stars(%d) = %s, want %s", d, got, want)
		}
	}
	limits := map[time.Duration]string{15 * time.Minute: "15m", 90 * time.Minute: "1h30m", 2 * time.Hour: "2h", 45 * time.Second: "45s"}
	for d, want := range limits {
		if got := FormatLimit(d); got != want {
			t.Errorf("FormatLimit(%v) = %s, want %s", d, got, want)
		}
	}
}

func testPacks() []*game.Pack {
	a := &game.Pack{ID: "a", Title: "Pack A", Version: "1.2.0", Author: "Ops Guild", Source: "/srv/packs/a",
		Scenarios: []*game.Scenario{
			{ID: "cache", Title: "Checkout slow", Difficulty: 3, TimeLimit: 15 * time.Minute, Tags: []string{"cache", "database"}},
			{ID: "dns", Title: "Everything down", Difficulty: 5, TimeLimit: 20 * time.Minute, Tags: []string{"dns"}},
		}}
	b := &game.Pack{ID: "b", Title: "Pack B", Source: "/srv/packs/b", Scenarios: []*game.Scenario{
		{ID: "leak", Title: "Memory leak", Difficulty: 2, TimeLimit: 10 * time.Minute},
	}}
	return []*game.Pack{a, b}
}

// label names a row for assertions: "gen", "#pack" for a heading, else
// the scenario id.
func label(it any) string {
	switch it := it.(type) {
	case generateEntry:
		return "gen"
	case heading:
		return "#" + it.pack.ID
	case item:
		return it.scenario.ID
	case spacer:
		return "_"
	}
	return fmt.Sprintf("%T", it)
}

func rows(m Model) string {
	var out []string
	for _, it := range m.list.VisibleItems() {
		out = append(out, label(it))
	}
	return strings.Join(out, ",")
}

func selected(m Model) string { return label(m.list.SelectedItem()) }

// press sends keys by name; the picker's tests read the model, not the commands.
func press(m Model, keys ...string) Model {
	m, _ = uitest.Press(m, keys...)
	return m
}

func TestItemsGroupedAndFilterable(t *testing.T) {
	m := New(testPacks(), styles.New(true, true)).SetSize(100, 40)
	if got := rows(m); got != "gen,#a,cache,dns,#b,leak" {
		t.Errorf("rows %s, want Generate then each pack's heading and scenarios", got)
	}
	first := m.list.Items()[2].(item)
	for _, want := range []string{"Checkout slow", "★★★☆☆", "difficulty 3", "15m", "cache", "database", "Pack A"} {
		if !strings.Contains(first.FilterValue(), want) {
			t.Errorf("filter text %q lacks %q", first.FilterValue(), want)
		}
	}
	if d := first.Description(); d != "★★★☆☆ · 15m · cache, database · Pack A" {
		t.Errorf("description %q", d)
	}
	screen := ansi.Strip(m.View())
	for _, want := range []string{"3 scenarios in 2 packs", "Generate…", "Pack A · v1.2.0 · by Ops Guild · 2 scenarios",
		"/srv/packs/a", "Pack B · 1 scenario"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
}

func TestEmbeddedPacksFirstEasiestFirst(t *testing.T) {
	pack := func(id, src string, diffs ...int) *game.Pack {
		p := &game.Pack{ID: id, Title: id, Source: src}
		for i, d := range diffs {
			p.Scenarios = append(p.Scenarios, &game.Scenario{ID: fmt.Sprint(id, i), Title: id, Difficulty: d})
		}
		return p
	}
	in := []*game.Pack{ // as pack.Library returns them: embedded by folder name, then installed
		pack("core", game.SourceEmbedded, 2, 4, 3),
		pack("nightmare", game.SourceEmbedded, 5, 4),
		pack("starter", game.SourceEmbedded, 1, 2),
		pack("alpha", "/home/p/alpha", 1),
		pack("zulu", "/home/p/zulu", 5),
	}
	var got []string
	for _, p := range orderPacks(in) {
		got = append(got, p.ID)
	}
	if strings.Join(got, ",") != "starter,core,nightmare,alpha,zulu" {
		t.Errorf("pack order %v", got)
	}
}

func TestNavigationSkipsHeadings(t *testing.T) {
	cases := []struct {
		keys []string
		want string
	}{
		{nil, "cache"}, // the cursor starts on the first scenario
		{[]string{"up"}, "gen"},
		{[]string{"up", "down"}, "cache"},
		{[]string{"down"}, "dns"},
		{[]string{"down", "down"}, "leak"},
		{[]string{"down", "down", "up"}, "dns"},
		{[]string{"down", "down", "down"}, "leak"},
		{[]string{"k", "k", "j"}, "cache"},
		{[]string{"G"}, "leak"},
		{[]string{"G", "g"}, "gen"},
	}
	for _, c := range cases {
		m := press(New(testPacks(), styles.New(true, true)).SetSize(80, 40), c.keys...)
		if got := selected(m); got != c.want {
			t.Errorf("%v: on %s, want %s", c.keys, got, c.want)
		}
	}
}

// A page break can land the cursor on a heading: it moves on to the
// next scenario, never stays on the heading.
func TestPageKeysSkipHeadings(t *testing.T) {
	var packs []*game.Pack
	for i := range 6 {
		p := &game.Pack{ID: fmt.Sprint("p", i), Title: fmt.Sprint("P", i)}
		for j := range 2 {
			p.Scenarios = append(p.Scenarios, &game.Scenario{ID: fmt.Sprintf("s%d%d", i, j), Title: "x", Difficulty: 2})
		}
		packs = append(packs, p)
	}
	m := New(packs, styles.New(true, true)).SetSize(80, 14)
	for range 8 {
		for _, k := range []string{"right", "left", "down", "pgdown"} {
			m = press(m, k)
			if !selectable(m.list.SelectedItem()) {
				t.Fatalf("after %s the cursor is on %s", k, selected(m))
			}
		}
	}
}

func TestFilterMatchesPackAndHidesHeadings(t *testing.T) {
	m := New(testPacks(), styles.New(true, true)).SetSize(80, 40)
	m = press(m, "/")
	for _, msg := range uitest.Type("Pack B") {
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		for _, res := range uitest.Run(cmd) {
			if fm, ok := res.(list.FilterMatchesMsg); ok {
				m, _ = m.Update(fm)
			}
		}
	}
	m = press(m, "enter")
	if got := rows(m); got != "leak" {
		t.Errorf("filter \"Pack B\" shows %s, want only leak", got)
	}
	m = press(m, "esc") // clears the filter; the cursor must not rest on a heading
	if _, ok := m.list.SelectedItem().(heading); ok {
		t.Errorf("after clearing the filter the cursor is on %s", selected(m))
	}
}

func TestRecords(t *testing.T) {
	best := map[grade.ScenarioRef]grade.Best{
		{Pack: "a", Scenario: "cache"}: {Solved: true, BestTime: 4*time.Minute + 12*time.Second, Attempts: 3},
		{Pack: "a", Scenario: "dns"}:   {Attempts: 2},
	}
	m := New(testPacks(), styles.New(true, true)).SetBest(best)
	want := map[string]string{"cache": "✓ 4:12 · ★★★☆☆", "dns": "✗ 2 tries · ★★★★★", "leak": "★★☆☆☆ · 10m"}
	for _, it := range m.list.Items() {
		si, ok := it.(item)
		if !ok {
			continue
		}
		if d := si.Description(); !strings.HasPrefix(d, want[si.scenario.ID]) {
			t.Errorf("%s: %q, want it to start %q", si.scenario.ID, d, want[si.scenario.ID])
		}
	}
}

func TestEnterChoosesSelected(t *testing.T) {
	m := press(New(testPacks(), styles.New(true, true)).SetSize(80, 24), "down")
	_, cmd := m.Update(uitest.Key("enter"))
	if cmd == nil {
		t.Fatal("enter sent nothing")
	}
	got, ok := cmd().(Chosen)
	if !ok || got.Scenario.ID != "dns" || got.Pack.ID != "a" {
		t.Errorf("enter sent %+v, want the second scenario of pack a", got)
	}
}

func TestNoPacksStillOffersGenerate(t *testing.T) {
	m := New(nil, styles.New(true, true)).SetSize(80, 24)
	if selected(m) != "gen" {
		t.Errorf("with no packs the cursor is on %s, want Generate…", selected(m))
	}
	if s := ansi.Strip(m.View()); !strings.Contains(s, "no packs found") {
		t.Errorf("no notice about missing packs:\n%s", s)
	}
	m, _ = m.Update(uitest.Key("enter"))
	if !m.formOpen {
		t.Error("enter on Generate… did not open the form")
	}
}

func TestHeadingSource(t *testing.T) {
	t.Setenv("HOME", "/home/ada")
	cases := map[string]string{
		game.SourceEmbedded:                 "embedded",
		"/home/ada/.local/share/fd/packs/x": "~/.local/share/fd/packs/x",
		"/home/adam/packs/y":                "/home/adam/packs/y",
		"":                                  "unknown source",
		// An installed pack's folder name is the archive's choice.
		"/home/ada/packs/\x1b]0;pwned\a": "~/packs/^[]0;pwned^G",
	}
	for src, want := range cases {
		if got := (heading{&game.Pack{Source: src}}).source(); got != want {
			t.Errorf("source %q shown as %q, want %q", src, got, want)
		}
	}
}

// At any height no heading ends a page (a spacer pushes it to the next),
// and resizing keeps the cursor on the same scenario.
func TestHeadingNeverEndsAPage(t *testing.T) {
	var packs []*game.Pack
	for i := range 5 {
		p := &game.Pack{ID: fmt.Sprint("p", i), Title: fmt.Sprint("P", i)}
		for j := range 1 + i%3 {
			p.Scenarios = append(p.Scenarios, &game.Scenario{ID: fmt.Sprintf("s%d%d", i, j), Title: "x", Difficulty: 2})
		}
		packs = append(packs, p)
	}
	m := press(New(packs, styles.New(true, true)).SetSize(80, 40), "down", "down", "down", "down")
	want := selected(m)
	for h := 12; h <= 40; h++ {
		m = m.SetSize(80, h)
		per := m.list.Paginator.PerPage
		for i, it := range m.list.Items() {
			if _, ok := it.(heading); ok && per > 2 && i%per == per-1 {
				t.Errorf("height %d (%d rows a page): heading %s is the last row of page %d", h, per, label(it), i/per+1)
			}
		}
		if got := selected(m); got != want {
			t.Fatalf("height %d: the cursor moved from %s to %s", h, want, got)
		}
	}
}

// The embedded library shows warm-ups first: starter, core, nightmare.
func TestEmbeddedLibraryOrder(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	packs, errs := pack.Library().Packs()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := New(packs, styles.New(true, true))
	var headings []string
	for _, it := range m.list.Items() {
		if h, ok := it.(heading); ok {
			headings = append(headings, h.pack.ID)
		}
	}
	if got := strings.Join(headings, ","); got != "starter,core,nightmare" {
		t.Errorf("pack headings %s, want starter,core,nightmare", got)
	}
}

// An interview is played on the interviewer's sealed pack: the picker must
// not offer a generated incident, whose answer the candidate's binary holds.
func TestInterviewPickerOffersNoGenerate(t *testing.T) {
	st := styles.New(true, true)
	all := 0
	for _, p := range testPacks() {
		all += len(p.Scenarios)
	}
	for _, tc := range []struct {
		name string
		m    Model
		want bool
	}{{"practice", New(testPacks(), st), true}, {"interview", NewForInterview(testPacks(), st), false}} {
		m := tc.m.SetSize(100, 30)
		got := strings.Contains(ansi.Strip(m.View()), "Generate…")
		if got != tc.want {
			t.Errorf("%s picker shows Generate… = %v, want %v", tc.name, got, tc.want)
		}
		scenarios := 0
		for _, it := range m.list.Items() {
			if _, ok := it.(item); ok {
				scenarios++
			}
		}
		if scenarios != all {
			t.Errorf("%s picker lists %d scenarios, want %d", tc.name, scenarios, all)
		}
	}
}
