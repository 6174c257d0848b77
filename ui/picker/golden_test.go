package picker

import (
	"testing"

	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func TestGoldenPickerAndForm(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"60x16", 60, 16}, {"80x24", 80, 24}, {"120x40", 120, 40}} {
		m := New(testPacks(), styles.New(true, true)).SetSize(sz.w, sz.h).WithSeeds(func() uint64 { return 271828 })
		uitest.FitsIn(t, m.View(), sz.w, sz.h)
		uitest.Golden(t, "picker-"+sz.name+".golden", m.View())
		m = press(m, "up", "enter", "down", "down", "tab", "right")
		uitest.FitsIn(t, m.View(), sz.w, sz.h)
		uitest.Golden(t, "generate-"+sz.name+".golden", m.View())
	}
}
