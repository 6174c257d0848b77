package screentest_test

import (
	"flag"
	"testing"

	_ "github.com/charmbracelet/x/exp/teatest/v2" // defines -update through its golden package

	"firedrill/ui/internal/screentest"
)

// A test package may use teatest and screentest together: both want a
// -update flag, and defining it twice panics before any test runs. This
// file compiling into a running test binary is most of the test.
func TestSharesTheUpdateFlagWithTeatest(t *testing.T) {
	f := flag.Lookup("update")
	if f == nil {
		t.Fatal("no -update flag")
	}
	if f.Value.String() != "false" {
		t.Errorf("-update is %s without the flag", f.Value)
	}
	if got := screentest.Plain("\x1b[1mx\x1b[0m  "); got != "x\n" {
		t.Errorf("Plain = %q", got)
	}
}
