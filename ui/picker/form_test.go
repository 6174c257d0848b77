package picker

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game/sim"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

// openedForm is a picker with the Generate form open, offering seed 4242.
func openedForm(t *testing.T) Model {
	t.Helper()
	m := New(testPacks(), styles.New(true, true)).SetSize(100, 40).WithSeeds(func() uint64 { return 4242 })
	m = press(m, "up", "enter")
	if !m.formOpen || !m.Capturing() {
		t.Fatal("enter on Generate… did not open the form (or the form does not capture keys)")
	}
	return m
}

// generation finds the generated message among what cmd produces (the
// spinner's first tick comes back too).
func generation(t *testing.T, cmd tea.Cmd) generated {
	t.Helper()
	for _, msg := range uitest.Run(cmd) {
		if g, ok := msg.(generated); ok {
			return g
		}
	}
	t.Fatal("enter did not start a generation")
	return generated{}
}

func TestGenerateFormChoosesAGeneratedScenario(t *testing.T) {
	m := openedForm(t)
	if s := ansi.Strip(m.View()); !strings.Contains(s, "4242") || !strings.Contains(s, "> random") {
		t.Fatalf("the form does not offer the random seed and 'random' first:\n%s", s)
	}
	// retry-storm is the second archetype after random; then difficulty 3 → 2
	m = press(m, "down", "down", "tab", "left")
	m, cmd := m.Update(uitest.Key("enter"))
	if s := ansi.Strip(m.View()); !strings.Contains(s, "simulating retry-storm, seed 4242, difficulty 2") {
		t.Errorf("no spinner line while generating:\n%s", s)
	}
	g := generation(t, cmd)
	if g.err != nil {
		t.Fatal(g.err)
	}
	m, cmd = m.Update(g)
	if m.formOpen {
		t.Error("the form stayed open after the scenario arrived")
	}
	c, ok := cmd().(Chosen)
	if !ok {
		t.Fatal("a finished generation did not send Chosen")
	}
	if c.Pack.ID != sim.GeneratedPackID || c.Scenario.ID != "gen-retry-storm-4242-d2" || c.Pack.Scenarios[0] != c.Scenario {
		t.Errorf("chosen %s/%s, want generated/gen-retry-storm-4242-d2", c.Pack.ID, c.Scenario.ID)
	}
	s := c.Scenario
	if s.Difficulty != 2 || s.Answer == nil || len(s.Choices) < 5 || s.Logs.Len() == 0 || s.Index == nil {
		t.Errorf("the scenario did not come through the loader whole: difficulty %d, %d choices, %d logs",
			s.Difficulty, len(s.Choices), s.Logs.Len())
	}
}

func TestGenerateFormFields(t *testing.T) {
	cases := []struct {
		keys      []string
		archetype string
		diff      int
		seed      string
	}{
		{nil, "random", 3, "4242"},
		{[]string{"down", "up", "up"}, "random", 3, "4242"},
		{[]string{"tab", "right", "right", "right"}, "random", 5, "4242"},
		{[]string{"tab", "1", "left"}, "random", 1, "4242"},
		{[]string{"right", "4"}, "random", 4, "4242"},                                   // → from the list goes to difficulty
		{[]string{"tab", "tab", "x", "7"}, "random", 3, "42427"},                        // letters are not typed
		{[]string{"shift+tab", "9"}, "random", 3, "42429"},                              // shift+tab wraps to the seed
		{[]string{"down", "tab", "down", "up", "up", "down"}, "retry-storm", 3, "4242"}, // ↑ from difficulty returns to the list
	}
	for _, c := range cases {
		m := press(openedForm(t), c.keys...)
		r, err := m.form.recipeNow()
		if err != nil {
			t.Errorf("%v: %v", c.keys, err)
			continue
		}
		if r.Archetype != c.archetype || r.Difficulty != c.diff || m.form.seed.Value() != c.seed {
			t.Errorf("%v: %s, seed field %q; want %s difficulty %d seed %s", c.keys, r, m.form.seed.Value(), c.archetype, c.diff, c.seed)
		}
	}
}

func TestGenerateStaleResultIsDropped(t *testing.T) {
	m := openedForm(t)
	m, cmd := m.Update(uitest.Key("enter"))
	first := generation(t, cmd)
	m = press(m, "esc")
	if m.formOpen {
		t.Fatal("esc did not close the form while generating")
	}
	if _, cmd := m.Update(first); cmd != nil {
		t.Error("a result that arrived after esc was acted on")
	}
	// open again and start another: the first answer is still stale
	m = press(m, "up", "enter")
	m, _ = m.Update(uitest.Key("enter"))
	m, cmd = m.Update(first)
	if cmd != nil || !m.formOpen || m.form.pending == 0 {
		t.Error("an older request's result replaced the running one")
	}
}

func TestGenerateErrorsStayInThePicker(t *testing.T) {
	m := openedForm(t)
	m = press(m, "tab", "tab")
	for range 6 {
		m, _ = m.Update(uitest.Key("backspace"))
	}
	m, cmd := m.Update(uitest.Key("enter"))
	if cmd != nil {
		t.Error("an empty seed started a generation")
	}
	if s := ansi.Strip(m.View()); !strings.Contains(s, "type a whole number") {
		t.Errorf("no error for an empty seed:\n%s", s)
	}
	m = press(m, "1")
	m, _ = m.Update(uitest.Key("enter"))
	m, cmd = m.Update(generated{id: m.form.pending, err: errors.New("the simulator failed on x\nline two")})
	if cmd != nil || !m.formOpen {
		t.Error("a failed generation left the form")
	}
	if s := ansi.Strip(m.View()); !strings.Contains(s, "the simulator failed on x") {
		t.Errorf("the error is not shown:\n%s", s)
	}
}
