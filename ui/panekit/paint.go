package panekit

import (
	"image/color"

	"strings"

	"charm.land/lipgloss/v2"
)

// Painter builds one line cell by cell, each cell tagged with a style from
// a small palette, and renders each run of equal tags once: a chart row of
// 120 cells costs a handful of escape sequences, not 120.
type Painter struct {
	palette []lipgloss.Style
	runes   []rune
	tags    []int
}

// NewPainter returns a painter over palette; tag i selects palette[i].
func NewPainter(palette ...lipgloss.Style) *Painter { return &Painter{palette: palette} }

// Reset empties the line, keeping the palette and buffers.
func (p *Painter) Reset() { p.runes, p.tags = p.runes[:0], p.tags[:0] }

// Put appends one cell.
func (p *Painter) Put(r rune, tag int) {
	p.runes = append(p.runes, r)
	p.tags = append(p.tags, tag)
}

// Set overwrites cell i, if it exists.
func (p *Painter) Set(i int, r rune, tag int) {
	if i >= 0 && i < len(p.runes) {
		p.runes[i], p.tags[i] = r, tag
	}
}

// String renders the line.
func (p *Painter) String() string {
	var b strings.Builder
	for i := 0; i < len(p.runes); {
		j := i
		for j < len(p.runes) && p.tags[j] == p.tags[i] {
			j++
		}
		st := p.palette[p.tags[i]]
		if blank(p.runes[i:j]) && !st.GetReverse() && isNoColor(st.GetBackground()) {
			// Styling spaces without a background shows nothing: skip
			// the cost of a Render.
			b.WriteString(string(p.runes[i:j]))
		} else {
			b.WriteString(st.Render(string(p.runes[i:j])))
		}
		i = j
	}
	return b.String()
}

func blank(rs []rune) bool {
	for _, r := range rs {
		if r != ' ' {
			return false
		}
	}
	return true
}

func isNoColor(c color.Color) bool {
	_, none := c.(lipgloss.NoColor)
	return c == nil || none
}
