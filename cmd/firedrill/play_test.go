package main

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestPlayRefusesBeforeTheScreenOpens: bad flag combinations are usage
// errors (2), and a pack that cannot be played in the mode asked is a
// clear error (1); none of them opens the terminal UI.
func TestPlayRefusesBeforeTheScreenOpens(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"play", "starter", "--mode", "speedrun"}, 2, "want practice, drill or interview"},
		{[]string{"play", "starter", "--mode", "drill", "--untimed"}, 2, "practice mode only"},
		{[]string{"play", "starter", "--out", "r.json"}, 2, "interview mode only"},
		{[]string{"play", "../../testdata/packs/mini", "--mode", "interview"}, 1, "interview mode needs a sealed pack"},
		{[]string{"play", "starter", "--mode", "interview"}, 1, "interview mode needs a sealed pack"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[1:], " "), func(t *testing.T) {
			cmd := newRootCmd()
			cmd.SetArgs(tt.args)
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			var ee *exitError
			if err := cmd.Execute(); !errors.As(err, &ee) || ee.code != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want exit %d saying %q", err, tt.code, tt.want)
			}
		})
	}
}
