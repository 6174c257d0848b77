// Package styles builds every Lip Gloss style the UI uses from a few
// semantic colour tokens. Panes never write colour literals: they take a
// *Styles and use its fields, so light, dark and NO_COLOR themes are one
// switch here.
package styles

import (
	"image/color"
	"os"

	"charm.land/lipgloss/v2"

	"firedrill/game"
	"firedrill/game/grade"
)

// Palette is the semantic colour tokens of one theme.
type Palette struct {
	Fg, Muted, Accent, OK, Warn, Err, Border, Subtle color.Color
}

// Styles holds the derived styles. Build with New; rebuild on a
// tea.BackgroundColorMsg.
type Styles struct {
	Dark    bool
	NoColor bool
	P       Palette

	Base       lipgloss.Style
	Muted      lipgloss.Style
	Accent     lipgloss.Style
	Bold       lipgloss.Style
	OK         lipgloss.Style
	Warn       lipgloss.Style
	Err        lipgloss.Style
	Header     lipgloss.Style
	Title      lipgloss.Style
	Tab        lipgloss.Style
	TabActive  lipgloss.Style
	Status     lipgloss.Style
	Selected   lipgloss.Style // the cursor row of a list or pager
	Match      lipgloss.Style // a search hit inside text
	Cursor     lipgloss.Style // the shared time cursor on charts
	Border     lipgloss.Style // a rounded box in the border colour
	Dialog     lipgloss.Style // overlays: help, confirm
	Levels     [game.NumLevels]lipgloss.Style
	CountdownN lipgloss.Style // > 25 % left
	CountdownA lipgloss.Style // ≤ 25 % left: amber
	CountdownR lipgloss.Style // ≤ 10 % left: red
}

// NoColorEnv reports whether the user asked for no colour (no-color.org).
func NoColorEnv() bool { return os.Getenv("NO_COLOR") != "" }

// New builds the theme for a dark or light background. With noColor every
// style keeps its weight and reverse video but drops colour, so selection
// and the cursor stay visible.
func New(dark, noColor bool) *Styles {
	ld := lipgloss.LightDark(dark)
	p := Palette{
		Fg:     ld(lipgloss.Color("#1f2328"), lipgloss.Color("#e6edf3")),
		Muted:  ld(lipgloss.Color("#6e7781"), lipgloss.Color("#8b949e")),
		Accent: ld(lipgloss.Color("#0969da"), lipgloss.Color("#58a6ff")),
		OK:     ld(lipgloss.Color("#1a7f37"), lipgloss.Color("#3fb950")),
		Warn:   ld(lipgloss.Color("#9a6700"), lipgloss.Color("#d29922")),
		Err:    ld(lipgloss.Color("#cf222e"), lipgloss.Color("#f85149")),
		Border: ld(lipgloss.Color("#d0d7de"), lipgloss.Color("#30363d")),
		Subtle: ld(lipgloss.Color("#eaeef2"), lipgloss.Color("#161b22")),
	}
	s := &Styles{Dark: dark, NoColor: noColor, P: p}
	fg := func(c color.Color) lipgloss.Style {
		if noColor {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(c)
	}
	s.Base = fg(p.Fg)
	s.Muted = fg(p.Muted).Faint(noColor)
	s.Accent = fg(p.Accent).Bold(true)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.OK = fg(p.OK)
	s.Warn = fg(p.Warn).Bold(noColor)
	s.Err = fg(p.Err).Bold(true)
	s.Header = lipgloss.NewStyle().Bold(true)
	s.Title = fg(p.Accent).Bold(true)
	s.Tab = fg(p.Muted).Padding(0, 1)
	s.TabActive = fg(p.Accent).Bold(true).Underline(true).Padding(0, 1)
	s.Status = fg(p.Muted)
	s.Selected = lipgloss.NewStyle().Reverse(true)
	s.Match = lipgloss.NewStyle().Underline(true).Bold(true)
	s.Cursor = fg(p.Accent).Bold(true)
	if !noColor {
		s.Match = s.Match.Foreground(p.Warn)
	}
	s.Border = lipgloss.NewStyle().Border(lipgloss.RoundedBorder())
	if !noColor {
		s.Border = s.Border.BorderForeground(p.Border)
	}
	s.Dialog = s.Border.Padding(1, 2)
	s.Levels = [game.NumLevels]lipgloss.Style{
		game.LevelTrace: s.Muted,
		game.LevelDebug: s.Muted,
		game.LevelInfo:  s.Base,
		game.LevelWarn:  s.Warn,
		game.LevelError: s.Err,
		game.LevelFatal: s.Err.Reverse(true),
	}
	s.CountdownN = s.Bold
	s.CountdownA = s.Warn.Bold(true)
	s.CountdownR = s.Err.Bold(true).Blink(false)
	return s
}

// Verdict is a graded play's verdict as a leaderboard cell (a mark and a
// word, grade.VerdictShort) in its colour: proven and right green,
// unproven amber, wrong red.
func (s *Styles) Verdict(v grade.Verdict) string {
	switch v {
	case grade.VerdictProven, grade.VerdictRight:
		return s.OK.Render(grade.VerdictShort(v))
	case grade.VerdictUnproven:
		return s.Warn.Render(grade.VerdictShort(v))
	}
	return s.Err.Render(grade.VerdictShort(v))
}
