package picker

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/list"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/styles"
)

// The list holds three kinds of row: the "Generate…" entry at the top, a
// heading per pack (never selectable: the picker steps over it) and the
// scenarios of that pack below it.

// item is one scenario row.
type item struct {
	pack     *game.Pack
	scenario *game.Scenario
	best     grade.Best // the player's record; zero if never played
}

func (i item) Title() string { return i.scenario.Title }

func (i item) Description() string {
	parts := []string{Stars(i.scenario.Difficulty), FormatLimit(i.scenario.TimeLimit)}
	if r := record(i.best); r != "" {
		parts = append([]string{r}, parts...)
	}
	if len(i.scenario.Tags) > 0 {
		parts = append(parts, strings.Join(i.scenario.Tags, ", "))
	}
	return strings.Join(parts, " · ") + " · " + i.pack.Title
}

// FilterValue is what `/` in the list matches: title, difficulty (as stars
// and as "difficulty 3"), time limit, tags and the pack's title and id.
func (i item) FilterValue() string {
	s := i.scenario
	return fmt.Sprintf("%s %s difficulty %d %s %s %s %s", s.Title, Stars(s.Difficulty), s.Difficulty,
		FormatLimit(s.TimeLimit), strings.Join(s.Tags, " "), i.pack.Title, i.pack.ID)
}

// heading introduces a pack. Its empty FilterValue never matches a filter,
// so a filtered list shows scenarios only (each names its pack).
type heading struct{ pack *game.Pack }

func (heading) FilterValue() string { return "" }

// line is the heading's first row: title, version, author, scenario count.
func (h heading) line() string {
	p := h.pack
	parts := []string{p.Title}
	if p.Version != "" {
		parts = append(parts, "v"+strings.TrimPrefix(p.Version, "v"))
	}
	if p.Author != "" {
		parts = append(parts, "by "+p.Author)
	}
	n := len(p.Scenarios)
	parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, "scenario", "scenarios")))
	return strings.Join(parts, " · ")
}

// source is the heading's second row: where the pack was loaded from,
// sanitized (an installed pack's folder name came with the pack).
func (h heading) source() string {
	src := game.SanitizeLine(h.pack.Source)
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(src, home+string(filepath.Separator)) {
		src = "~" + src[len(home):]
	}
	if src == "" {
		src = "unknown source"
	}
	return src
}

// spacer is an empty row that keeps a heading off a page's last row.
type spacer struct{}

func (spacer) FilterValue() string { return "" }

// selectable tells the rows the cursor may rest on from headings and spacers.
func selectable(it list.Item) bool {
	switch it.(type) {
	case heading, spacer:
		return false
	}
	return true
}

// sameRow reports whether a and b are the same row (items hold records,
// so they are compared by what they show, not as values).
func sameRow(a, b list.Item) bool {
	switch a := a.(type) {
	case item:
		bi, ok := b.(item)
		return ok && a.scenario == bi.scenario && a.pack == bi.pack
	case heading:
		bh, ok := b.(heading)
		return ok && a.pack == bh.pack
	case generateEntry:
		_, ok := b.(generateEntry)
		return ok
	}
	return false
}

// generateEntry opens the Generate form.
type generateEntry struct{}

func (generateEntry) Title() string { return "Generate…" }
func (generateEntry) Description() string {
	return "a fresh incident from the simulator: archetype, difficulty, seed"
}
func (generateEntry) FilterValue() string { return "Generate new random simulator" }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// orderPacks puts the embedded library first, easiest pack first (starter,
// core, nightmare: by mean difficulty), then every other pack in the order
// it came (installed packs by folder name).
func orderPacks(packs []*game.Pack) []*game.Pack {
	out := slices.Clone(packs)
	mean := func(p *game.Pack) float64 {
		if len(p.Scenarios) == 0 {
			return 0
		}
		sum := 0
		for _, s := range p.Scenarios {
			sum += s.Difficulty
		}
		return float64(sum) / float64(len(p.Scenarios))
	}
	slices.SortStableFunc(out, func(a, b *game.Pack) int {
		ea, eb := a.Source == game.SourceEmbedded, b.Source == game.SourceEmbedded
		switch {
		case ea && !eb:
			return -1
		case eb && !ea:
			return 1
		case ea && eb:
			return cmp.Compare(mean(a), mean(b))
		}
		return 0
	})
	return out
}

// buildItems lays the packs out: Generate… (when offered), then each
// pack's heading and its scenarios in pack.yaml order.
func buildItems(packs []*game.Pack, generate bool) []list.Item {
	var items []list.Item
	if generate {
		items = append(items, generateEntry{})
	}
	for _, p := range orderPacks(packs) {
		items = append(items, heading{p})
		for _, s := range p.Scenarios {
			items = append(items, item{pack: p, scenario: s})
		}
	}
	return items
}

// delegate draws headings itself and everything else as the default
// two-line rows, so all rows keep the same height (the list pages by it).
type delegate struct {
	list.DefaultDelegate
	st *styles.Styles
}

func newDelegate(st *styles.Styles) delegate {
	d := list.NewDefaultDelegate()
	d.Styles = list.NewDefaultItemStyles(st.Dark)
	return delegate{DefaultDelegate: d, st: st}
}

func (d delegate) Render(w io.Writer, m list.Model, index int, it list.Item) {
	if _, ok := it.(spacer); ok {
		fmt.Fprint(w, "\n") //nolint:errcheck // two empty rows, the height of any other row
		return
	}
	h, ok := it.(heading)
	if !ok {
		d.DefaultDelegate.Render(w, m, index, it)
		return
	}
	width := max(1, m.Width()-2)
	title := ansi.Truncate("▍"+h.line(), width, "…")
	src := ansi.Truncate("  "+h.source(), width, "…")
	fmt.Fprintf(w, "%s\n%s", d.st.Accent.Render(title), d.st.Muted.Render(src)) //nolint:errcheck
}
