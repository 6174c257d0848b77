package game

import "testing"

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Mode
		hard    bool
		hints   bool
		wantErr bool
	}{
		{"", ModePractice, false, true, false},
		{"practice", ModePractice, false, true, false},
		{"drill", ModeDrill, true, false, false},
		{"interview", ModeInterview, true, false, false},
		{"daily", ModeDaily, true, false, false},
		{"Drill", "", false, false, true},
	} {
		m, err := ParseMode(tc.in)
		if (err != nil) != tc.wantErr || m != tc.want {
			t.Errorf("ParseMode(%q) = %q, %v", tc.in, m, err)
			continue
		}
		if !tc.wantErr && (m.HardTimer() != tc.hard || m.AllowsHints() != tc.hints || m.AllowsUntimed() != !tc.hard) {
			t.Errorf("%s: hard %v hints %v untimed %v", m, m.HardTimer(), m.AllowsHints(), m.AllowsUntimed())
		}
	}
}
