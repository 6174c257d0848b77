package game

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestLogIndex(t *testing.T) {
	logs := []LogLine{
		{Service: "api", Level: LevelInfo, Msg: "GET /cart 200"},
		{Service: "db", Level: LevelError, Msg: "Deadlock detected"},
		{Service: "api", Level: LevelError, Msg: "upstream TIMEOUT"},
		{Service: "api", Level: LevelWarn, Msg: "Ünïcode Straße"},
		{Service: "db", Level: LevelInfo, Msg: "checkpoint"},
	}
	ix := buildIndex(NewLogStore(logs))
	if got := ix.AtLeast(LevelError); !slices.Equal(got, []int32{1, 2}) {
		t.Errorf("AtLeast(ERROR) = %v", got)
	}
	if got := ix.AtLeast(LevelWarn); !slices.Equal(got, []int32{1, 2, 3}) {
		t.Errorf("AtLeast(WARN) = %v", got)
	}
	if got := ix.OfServices("api"); !slices.Equal(got, []int32{0, 2, 3}) {
		t.Errorf("OfServices(api) = %v", got)
	}
	if got := ix.OfServices("db", "nope"); !slices.Equal(got, []int32{1, 4}) {
		t.Errorf("OfServices(db, nope) = %v", got)
	}
	if got := ix.CountService("api", 1, 4); got != 2 {
		t.Errorf("CountService(api, 1, 4) = %d, want 2", got)
	}
	if got := ix.Services(); !slices.Equal(got, []string{"api", "db"}) {
		t.Errorf("Services() = %v", got)
	}
	tests := []struct {
		needle string
		want   []int32
	}{
		{"timeout", []int32{2}},
		{"DEAD", []int32{1}},
		{"straße", []int32{3}},
		{"c", []int32{0, 1, 3, 4}}, // one hit per line, even with several matches
		{"200\nupstream", nil},     // never across lines
		{"", nil},
	}
	for _, tt := range tests {
		if got := ix.Contains(tt.needle); !slices.Equal(got, tt.want) {
			t.Errorf("Contains(%q) = %v, want %v", tt.needle, got, tt.want)
		}
	}
	if got := ix.Lower(2); got != "upstream timeout" || ix.Lines() != 5 {
		t.Errorf("Lower(2) = %q, Lines = %d", got, ix.Lines())
	}
}

// TestLogIndexAttrs checks that a search finds what the Logs row shows
// after the message: attrs as k=v and the trace id, never across lines.
func TestLogIndexAttrs(t *testing.T) {
	logs := []LogLine{
		{Msg: "cache miss", Attrs: Attrs{{"pod", "cache-7f9-vrqdz"}, {"req", "R-42"}}},
		{Msg: "GET /cart", Trace: "4f1a42297621ccb0"},
		{Msg: "plain"},
	}
	ix := buildIndex(NewLogStore(logs))
	tests := []struct {
		needle string
		want   []int32
	}{
		{"vrqdz", []int32{0}},
		{"42297621CCB", []int32{1}},
		{"pod=cache", []int32{0}},
		{"r-42", []int32{0}},
		{"trace=4f1a", []int32{1}},
		{"miss  pod=", []int32{0}}, // the two spaces the pane shows
		{"ccb0\nplain", nil},
	}
	for _, tt := range tests {
		if got := ix.Contains(tt.needle); !slices.Equal(got, tt.want) {
			t.Errorf("Contains(%q) = %v, want %v", tt.needle, got, tt.want)
		}
	}
	if got, want := AttrText(&logs[0]), "  pod=cache-7f9-vrqdz req=R-42"; got != want {
		t.Errorf("AttrText = %q, want %q", got, want)
	}
	if got, want := ix.Lower(1), "get /cart  trace=4f1a42297621ccb0"; got != want {
		t.Errorf("Lower(1) = %q, want %q", got, want)
	}
	for i := range logs {
		if got, want := len(AttrText(&logs[i])), attrTextLen(&logs[i]); got != want {
			t.Errorf("line %d: attrTextLen = %d, len(AttrText) = %d", i, want, got)
		}
	}
}

// BenchmarkContains1M is the substring filter over a million lines.
func BenchmarkContains1M(b *testing.B) {
	logs := make([]LogLine, 1_000_000)
	t0 := time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)
	for i := range logs {
		logs[i] = LogLine{At: t0.Add(time.Duration(i) * time.Millisecond), Service: "api",
			Msg: fmt.Sprintf("GET /api/v1/cart/%d 200 %dms pod=api-7d9f8c6b5-x2k4q", i, i%977)}
	}
	ix := buildIndex(NewLogStore(logs))
	b.ResetTimer()
	for b.Loop() {
		if n := len(ix.Contains("CART/99999")); n != 11 {
			b.Fatalf("%d hits", n)
		}
	}
}
