package app

import (
	"cmp"
	"flag"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game/pack"
	"firedrill/scenarios"
	"firedrill/ui/uitest"
)

// screenshotDir is where TestScreenshots writes the README's screens as
// ANSI text (one NAME.ansi a screen); `make screenshots` turns them into
// docs/screenshots/NAME.svg.
var screenshotDir = flag.String("screenshots", "", "write the README's screenshots (ANSI text, 120×40) to this folder")

// The README shows the game on this embedded scenario: a trace with
// retries in its waterfall, metrics that move together, and a verdict.
const screenshotScenario = "starter/product-pages-hang"

// shot is one step toward the README's screens: the wall clock moves to
// at (since the briefing opened), the keys are pressed, and when it has a
// name the frame is a screenshot, which must show the text shows: a change
// of keys or layout fails here instead of quietly putting another screen
// into the README.
type shot struct {
	name  string
	at    time.Duration
	keys  []string
	shows string
}

var screenshots = []shot{
	{"briefing", 0, nil, "The page"},
	{"", 0, []string{"enter"}, "TRACE+ ·"}, // the clock starts, on the Logs
	// the Logs at the onset, the search highlighting catalog's config
	// reload (the hand-made change the change log never saw); pinned
	{"logs", 1*time.Minute + 40*time.Second,
		[]string{"t", "type:+12:00", "enter", "/", "type:CACHE_KEY_VERSION", "enter"}, "/CACHE_KEY_VERSION"},
	{"", 1*time.Minute + 50*time.Second, []string{"m"}, "pinned log to hypothesis #1"},
	// the grid filtered to the cache's hit ratio, the shared cursor moved
	// back from the page to the first scrape after the onset
	{"metrics", 3*time.Minute + 5*time.Second,
		[]string{"2", "/", "type:hit_ratio", "enter", "H", "right"}, "cursor +12:30"},
	// the slowest failed trace open, its database span selected
	{"traces", 4*time.Minute + 50*time.Second,
		[]string{"3", "down", "down", "down", "down", "down", "enter",
			"down", "down", "down", "down"}, "db.statement"},
	// pin the hit ratio one scrape later, when it has dropped
	{"", 5*time.Minute + 20*time.Second, []string{"2", "right", "m"}, "pinned metric to hypothesis #1"},
	// the right pick with both pins attached as proof, submitted without a
	// reason, and its debrief
	{"debrief", 6*time.Minute + 12*time.Second,
		[]string{"S", "3", "enter", "space", "down", "space", "enter", "enter", "y"}, "PROVEN"},
}

// TestScreenshots drives the real game, as a player would, through the
// screens the README shows, at 120×40 in the dark theme with colour, and
// checks each is the screen it should be. With -screenshots DIR it also
// writes each frame's ANSI text there (see `make screenshots`).
func TestScreenshots(t *testing.T) {
	catalog := pack.NewCatalog(scenarios.FS, scenarios.Packs(), "")
	p, s, errs := catalog.Find(screenshotScenario)
	if len(errs) > 0 || s == nil {
		t.Fatalf("%s: %v", screenshotScenario, errs)
	}
	clock := &fakeClock{t: wallStart}
	m := New(Options{Pack: p, Scenario: s, Now: clock.now, DataDir: t.TempDir()})
	m.shell.NoColor = false // colour whatever NO_COLOR says: the README shows it
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, tea.BackgroundColorMsg{Color: color.Black})

	for _, sh := range screenshots {
		clock.set(wallStart.Add(sh.at))
		for _, k := range keys(sh.keys...) {
			m = send(m, k) // one at a time, each command answered, as a person types
		}
		m = send(m, tickMsg{})
		frame := m.View().Content
		uitest.FitsIn(t, frame, 120, 40)
		if plain := uitest.Plain(frame); !strings.Contains(plain, sh.shows) {
			t.Errorf("screenshot %s does not show %q: the keys lead elsewhere now\n%s", sh.name, sh.shows, plain)
			continue
		}
		if !strings.Contains(frame, "\x1b[38;2;") {
			t.Errorf("screenshot %s has no colour", sh.name)
		}
		if sh.name != "" && *screenshotDir != "" {
			path := filepath.Join(*screenshotDir, sh.name+".ansi")
			if err := os.WriteFile(path, []byte(withoutReverse(frame)+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Reverse video is how the UI marks a selection and the metrics cursor,
// and freeze (v0.2.2) draws no reverse video: withoutReverse spells every
// reversed run out as its swapped colours, with the screenshots' page
// colours where the terminal's defaults would show.
// Both are in a pen's foreground form (see pen).
const (
	pageForeground = "38;2;196;196;196" // freeze's default text, #c4c4c4
	pageBackground = "38;2;13;17;23"    // the Makefile's --background, #0d1117
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// pen is the SGR state of a run of text. Colours are kept in their
// foreground form ("38;2;r;g;b", "38;5;n", "31", "91"), whichever side
// they were set for.
type pen struct {
	fg, bg  string
	attrs   map[int]bool // 1 bold, 3 italic, 4 underline, 9 strike
	reverse bool
}

func withoutReverse(frame string) string {
	var out strings.Builder
	p := pen{attrs: map[int]bool{}}
	last := 0
	for _, loc := range sgr.FindAllStringSubmatchIndex(frame, -1) {
		out.WriteString(frame[last:loc[0]])
		last = loc[1]
		p.apply(frame[loc[2]:loc[3]])
		out.WriteString(p.sequence())
	}
	out.WriteString(frame[last:])
	return out.String()
}

func (p *pen) apply(params string) {
	f := strings.Split(params, ";")
	for i := 0; i < len(f); i++ {
		n, _ := strconv.Atoi(f[i]) // "" is 0, a reset
		switch {
		case n == 0:
			*p = pen{attrs: map[int]bool{}}
		case n == 1 || n == 3 || n == 4 || n == 9:
			p.attrs[n] = true
		case n == 22:
			p.attrs[1] = false
		case n == 23 || n == 24 || n == 29:
			p.attrs[n-20] = false
		case n == 7:
			p.reverse = true
		case n == 27:
			p.reverse = false
		case (n == 38 || n == 48) && i+1 < len(f):
			width := map[string]int{"5": 2, "2": 4}[f[i+1]]
			if width == 0 || i+width >= len(f) {
				return
			}
			c := "38;" + strings.Join(f[i+1:i+1+width], ";")
			i += width
			if n == 38 {
				p.fg = c
			} else {
				p.bg = c
			}
		case n == 39:
			p.fg = ""
		case n == 49:
			p.bg = ""
		case n >= 30 && n <= 37 || n >= 90 && n <= 97:
			p.fg = f[i]
		case n >= 40 && n <= 47 || n >= 100 && n <= 107:
			p.bg = strconv.Itoa(n - 10)
		}
	}
}

// sequence is the pen as one reset and the SGR that draws it.
func (p pen) sequence() string {
	fg, bg := p.fg, p.bg
	if p.reverse {
		fg, bg = cmp.Or(bg, pageBackground), cmp.Or(fg, pageForeground)
	}
	codes := []string{"0"}
	for _, a := range []int{1, 3, 4, 9} {
		if p.attrs[a] {
			codes = append(codes, strconv.Itoa(a))
		}
	}
	if fg != "" {
		codes = append(codes, fg)
	}
	if bg != "" {
		codes = append(codes, asBackground(bg))
	}
	return "\x1b[" + strings.Join(codes, ";") + "m"
}

// asBackground turns a colour's foreground form into its background form.
func asBackground(c string) string {
	if rest, ok := strings.CutPrefix(c, "38;"); ok {
		return "48;" + rest
	}
	n, _ := strconv.Atoi(c)
	return strconv.Itoa(n + 10)
}

func TestWithoutReverse(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{"\x1b[1;7;38;2;1;2;3m▂\x1b[m", "\x1b[0;1;38;2;13;17;23;48;2;1;2;3m▂\x1b[0m"},
		{"\x1b[7mx\x1b[27my", "\x1b[0;38;2;13;17;23;48;2;196;196;196mx\x1b[0my"},
		{"\x1b[31;44;7mx", "\x1b[0;34;41mx"},
		{"\x1b[4;38;5;9mx\x1b[24;39mx", "\x1b[0;4;38;5;9mx\x1b[0mx"},
	} {
		if got := withoutReverse(tt.in); got != tt.want {
			t.Errorf("withoutReverse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
