package picker

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/sim"
	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/styles"
)

// form is the Generate… screen: an archetype (random first), a difficulty
// and a seed. Enter runs the simulator in a tea.Cmd with a spinner; the
// result comes back as a generated message tagged with the request's id,
// and a result whose id is no longer pending (esc was pressed) is dropped.
type form struct {
	archetypes list.Model
	difficulty int
	seed       textinput.Model
	focus      field
	spin       spinner.Model
	pending    int // id of the running generation; 0 when none
	lastID     int
	recipe     sim.Recipe // what is being generated, for the spinner line
	err        string
	styles     *styles.Styles
	width      int
	height     int
}

type field int

const (
	fieldArchetype field = iota
	fieldDifficulty
	fieldSeed
	numFields
)

// generated is the answer to a generation request.
type generated struct {
	id       int
	pack     *game.Pack
	scenario *game.Scenario
	err      error
}

// archetypeItem is one row of the archetype list.
type archetypeItem struct{ name, summary string }

func (a archetypeItem) FilterValue() string { return a.name }

// archetypeDelegate draws one line per archetype: name and summary.
type archetypeDelegate struct {
	st      *styles.Styles
	focused bool
}

func (archetypeDelegate) Height() int                         { return 1 }
func (archetypeDelegate) Spacing() int                        { return 0 }
func (archetypeDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d archetypeDelegate) Render(w io.Writer, m list.Model, index int, it list.Item) {
	a := it.(archetypeItem)
	marker := "  "
	name := fmt.Sprintf("%-16s", a.name)
	if index == m.Index() {
		marker = "> "
		if d.focused {
			name = d.st.Accent.Render(name)
		} else {
			name = d.st.Bold.Render(name)
		}
	}
	line := marker + name + " " + d.st.Muted.Render(a.summary)
	fmt.Fprint(w, ansi.Truncate(line, max(1, m.Width()), "…")) //nolint:errcheck
}

func newForm(st *styles.Styles, seed uint64) form {
	items := []list.Item{archetypeItem{"random", fmt.Sprintf("one of the %d below, picked from the seed", len(sim.Archetypes()))}}
	for _, name := range sim.Archetypes() {
		items = append(items, archetypeItem{name, sim.Summary(name)})
	}
	l := list.New(items, archetypeDelegate{st: st, focused: true}, 60, len(items))
	l.SetShowTitle(false)
	l.SetShowStatusBar(false)
	l.SetShowHelp(false)
	l.SetFilteringEnabled(false)
	l.DisableQuitKeybindings()

	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 20 // a uint64 has at most 20 digits
	in.SetWidth(22)
	in.SetValue(strconv.FormatUint(seed, 10))

	f := form{archetypes: l, difficulty: 3, seed: in, spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
	return f.setStyles(st)
}

// setStyles follows the light/dark theme.
func (f form) setStyles(st *styles.Styles) form {
	f.styles = st
	f.archetypes.Styles = list.DefaultStyles(st.Dark)
	f.seed.SetStyles(textinput.DefaultStyles(st.Dark))
	f.spin.Style = st.Accent
	f.setFocus(f.focus) // redraws the archetype cursor with the new styles
	return f
}

func (f *form) setFocus(to field) {
	f.focus = (to + numFields) % numFields
	f.archetypes.SetDelegate(archetypeDelegate{st: f.styles, focused: f.focus == fieldArchetype})
	if f.focus == fieldSeed {
		f.seed.Focus()
	} else {
		f.seed.Blur()
	}
}

func (f form) setSize(w, h int) form {
	f.width, f.height = w, h
	// title, blank, label, list, blank, difficulty, seed, blank, status, blank, help
	n, avail := len(f.archetypes.Items()), max(3, h-11)
	f.archetypes.SetShowPagination(avail < n) // the dots take the list's last row
	f.archetypes.SetSize(max(20, min(w-2, 110)), min(n, avail))
	return f
}

// recipeNow reads the fields; a seed that is not a number is an error.
func (f form) recipeNow() (sim.Recipe, error) {
	seed, err := strconv.ParseUint(strings.TrimSpace(f.seed.Value()), 10, 64)
	if err != nil {
		return sim.Recipe{}, fmt.Errorf("seed %q: type a whole number (0 to 18446744073709551615)", f.seed.Value())
	}
	return sim.Recipe{Archetype: f.archetypes.SelectedItem().(archetypeItem).name, Seed: seed, Difficulty: f.difficulty}, nil
}

// outcome is what a form update asks of the picker.
type outcome struct {
	close  bool    // esc: back to the list
	chosen *Chosen // a generated scenario is ready
}

// update handles keys, spinner ticks and generation results.
func (f form) update(msg tea.Msg) (form, tea.Cmd, outcome) {
	switch msg := msg.(type) {
	case generated:
		if msg.id != f.pending {
			return f, nil, outcome{} // stale: esc was pressed, or a newer request runs
		}
		f.pending = 0
		if msg.err != nil {
			f.err = msg.err.Error()
			return f, nil, outcome{}
		}
		return f, nil, outcome{close: true, chosen: &Chosen{Pack: msg.pack, Scenario: msg.scenario}}
	case spinner.TickMsg:
		if f.pending == 0 {
			return f, nil, outcome{} // stop ticking once nothing runs
		}
		var cmd tea.Cmd
		f.spin, cmd = f.spin.Update(msg)
		return f, cmd, outcome{}
	case tea.KeyPressMsg:
		return f.key(msg)
	}
	if f.focus == fieldSeed {
		var cmd tea.Cmd
		f.seed, cmd = f.seed.Update(msg) // cursor blinks
		return f, cmd, outcome{}
	}
	return f, nil, outcome{}
}

// formKeys are the form's bindings; its key line is built from them.
// Inside a field the arrows move as the field shows (Archetype, Difficulty
// only name them in the key line).
var formKeys = struct{ Generate, Next, Prev, Archetype, Difficulty, Back key.Binding }{
	Generate:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "generate")),
	Next:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
	Prev:       key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
	Archetype:  key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "archetype")),
	Difficulty: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "difficulty")),
	Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
}

func (f form) key(k tea.KeyPressMsg) (form, tea.Cmd, outcome) {
	s := k.String()
	if key.Matches(k, formKeys.Back) {
		f.pending = 0 // whatever is running now arrives stale and is dropped
		return f, nil, outcome{close: true}
	}
	if f.pending != 0 {
		return f, nil, outcome{} // generating: only esc counts
	}
	switch {
	case key.Matches(k, formKeys.Generate):
		r, err := f.recipeNow()
		if err != nil {
			f.err = err.Error()
			return f, nil, outcome{}
		}
		f.err = ""
		f.lastID++
		f.pending, f.recipe = f.lastID, r
		return f, tea.Batch(f.spin.Tick, generateCmd(f.pending, r)), outcome{}
	case key.Matches(k, formKeys.Next):
		f.setFocus(f.focus + 1)
		return f, nil, outcome{}
	case key.Matches(k, formKeys.Prev):
		f.setFocus(f.focus - 1)
		return f, nil, outcome{}
	}
	var cmd tea.Cmd
	switch f.focus {
	case fieldArchetype:
		if s == "right" || s == "l" {
			f.setFocus(fieldDifficulty)
			return f, nil, outcome{}
		}
		f.archetypes, cmd = f.archetypes.Update(k)
	case fieldDifficulty:
		switch s {
		case "left", "h", "-":
			f.difficulty = max(1, f.difficulty-1)
		case "right", "l", "+":
			f.difficulty = min(5, f.difficulty+1)
		case "1", "2", "3", "4", "5":
			f.difficulty = int(s[0] - '0')
		case "up", "k":
			f.setFocus(fieldArchetype)
		case "down", "j":
			f.setFocus(fieldSeed)
		}
	case fieldSeed:
		switch {
		case s == "up":
			f.setFocus(fieldDifficulty)
		case len(k.Text) > 0 && (k.Text[0] < '0' || k.Text[0] > '9'):
			// digits only: a letter would only make an invalid seed
		default:
			f.seed, cmd = f.seed.Update(k)
		}
	}
	return f, cmd, outcome{}
}

// generateCmd runs the simulator off the event loop.
func generateCmd(id int, r sim.Recipe) tea.Cmd {
	return func() tea.Msg {
		p, s, err := sim.GeneratePack(r)
		return generated{id: id, pack: p, scenario: s, err: err}
	}
}

// view draws the form.
func (f form) view() string {
	st := f.styles
	label := func(name string, fl field) string {
		l := fmt.Sprintf("%-11s", name)
		if f.focus == fl {
			return st.Accent.Render(l)
		}
		return st.Bold.Render(l)
	}
	var b strings.Builder
	b.WriteString(st.Title.Render("Generate an incident") + "\n\n")
	b.WriteString(label("Archetype", fieldArchetype) + "\n")
	b.WriteString(f.archetypes.View() + "\n\n")
	b.WriteString(label("Difficulty", fieldDifficulty) + " ◀ " + Stars(f.difficulty) + " " +
		strconv.Itoa(f.difficulty) + " ▶\n")
	b.WriteString(label("Seed", fieldSeed) + " " + f.seed.View() + "\n\n")
	switch {
	case f.pending != 0:
		b.WriteString(f.spin.View() + "simulating " + f.recipe.String() + "…")
	case f.err != "":
		lines := strings.Split(f.err, "\n")
		if len(lines) > 3 {
			lines = append(lines[:3], fmt.Sprintf("… and %d more", len(lines)-3))
		}
		for i, l := range lines {
			lines[i] = st.Err.Render(ansi.Truncate(l, max(10, f.width-1), "…"))
		}
		b.WriteString(strings.Join(lines, "\n"))
	}
	b.WriteString("\n\n")
	k := formKeys
	b.WriteString(st.Muted.Render(ansi.Truncate(keyhelp.Text(k.Generate, k.Next, k.Archetype, k.Difficulty, k.Back),
		max(10, f.width-1), "…")))
	return b.String()
}
