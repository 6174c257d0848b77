package app

import (
	"bytes"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"firedrill/game"
)

// TestFlowPickerToTrace plays the real program: pick the scenario, start
// the clock, filter the logs to ERROR, open the trace of the error line,
// quit — then checks the final model.
func TestFlowPickerToTrace(t *testing.T) {
	clock := &fakeClock{t: wallStart}
	m := New(Options{Packs: []*game.Pack{miniPack(t)}, Now: clock.now})
	m.shell.NoColor = true
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))

	waitFor := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return bytes.Contains([]byte(ansi.Strip(string(b))), []byte(text))
		}, teatest.WithDuration(10*time.Second))
	}
	waitFor("pick an incident")
	tm.Send(press("enter"))
	waitFor("What is graded")
	tm.Send(press("enter"))
	waitFor("3 of 3 lines")
	for range 4 { // TRACE → DEBUG → INFO → WARN → ERROR
		tm.Send(press(">"))
	}
	waitFor("ERROR+")
	tm.Send(press("enter")) // the only line left carries trace 4bf92f3577b34da6
	// The pane answers enter with a command; give it time to come back
	// before quitting (nothing on screen changes that the stub Traces tab
	// would show).
	time.Sleep(300 * time.Millisecond)
	tm.Send(press("q"))

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if final.Screen() != "investigation" || final.Focused() != "Traces" {
		t.Errorf("ended on %s/%s, want investigation/Traces", final.Screen(), final.Focused())
	}
	if final.LogFilter() != "ERROR+" {
		t.Errorf("log filter %q, want ERROR+", final.LogFilter())
	}
	var opened bool
	for _, a := range final.Actions() {
		if a.Kind == game.ActOpenTrace && a.Target == "4bf92f3577b34da6" {
			opened = true
		}
	}
	if !opened {
		t.Errorf("no open-trace action in %+v", final.Actions())
	}
}
