package timefmt

import (
	"testing"
	"time"
)

func TestFormats(t *testing.T) {
	tests := []struct {
		name string
		fn   func(time.Duration) string
		in   time.Duration
		want string
	}{
		{"offset", Offset, 12*time.Minute + 3*time.Second, "+12:03"},
		{"offset past an hour", Offset, 75 * time.Minute, "+75:00"},
		{"offset before the start", Offset, -30 * time.Second, "-00:30"},
		{"span", Span, 4*time.Minute + 12*time.Second, "4:12"},
		{"span rounds", Span, 59*time.Second + 600*time.Millisecond, "1:00"},
		{"span never negative", Span, -time.Minute, "0:00"},
		{"countdown", Countdown, 7*time.Minute + 32*time.Second, "07:32"},
		// a started second counts, as on the status bar: 00:01 until time is up
		{"countdown counts a started second", Countdown, 7*time.Minute + 32*time.Second + 100*time.Millisecond, "07:33"},
		{"countdown stops at zero", Countdown, -5 * time.Second, "00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
