package submit

import (
	"strings"
	"testing"
	"time"

	"firedrill/ui/uitest"
)

// An untimed game's submit screen showed a countdown frozen at the
// limit ("⏱ 10:00 left") while the status bar counted the time used.
func TestUntimedShowsTimeUsed(t *testing.T) {
	m := newModel(t, false).SetSize(120, 40).SetTimeLeft(10 * time.Minute).SetTimeUsed(3*time.Minute + 7*time.Second)
	_, o, _ := press(m)
	v := uitest.Plain(o.View())
	if !strings.Contains(v, "03:07 used · untimed") || strings.Contains(v, "left") {
		t.Fatalf("want the time used and no countdown:\n%s", strings.Join(strings.Split(v, "\n")[:3], "\n"))
	}
}
