package count

import "testing"

func TestOf(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0 matches"}, {1, "1 match"}, {2, "2 matches"}, {1000, "1000 matches"}}
	for _, tt := range tests {
		if got := Of(tt.n, "match", "matches"); got != tt.want {
			t.Errorf("Of(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
