package game

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestContainsSplit checks the search split across cores finds exactly
// the lines a plain scan of every line finds, in order, including hits
// on the lines where the slices meet.
func TestContainsSplit(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	logs := make([]LogLine, 3*containsPerWorker+17)
	for i := range logs {
		logs[i] = LogLine{Msg: fmt.Sprintf("req %d took %dms", i, i%113), Attrs: Attrs{{"pod", fmt.Sprintf("P-%d", i%7)}}}
		if i%1009 == 0 { // lower-casing İ takes a byte more: the text's offsets must follow
			logs[i].Msg = fmt.Sprintf("İSTANBUL req %d\nſ Straße", i)
		}
	}
	ix := buildIndex(NewLogStore(logs))
	for i := range logs {
		want := strings.ReplaceAll(strings.ToLower(logs[i].Msg+AttrText(&logs[i])), "\n", " ")
		if got := ix.Lower(i); got != want {
			t.Fatalf("Lower(%d) = %q, want %q", i, got, want)
		}
	}
	for _, needle := range []string{"took 11ms", "p-3", "REQ 196608 ", "req 1", "i̇stanbul req 10", "ſ straße", "nothing here", "ms  pod=p-6"} {
		var want []int32
		for i := range logs {
			if strings.Contains(ix.Lower(i), strings.ToLower(needle)) {
				want = append(want, int32(i))
			}
		}
		if got := ix.Contains(needle); !slices.Equal(got, want) {
			t.Errorf("Contains(%q): %d hits, want %d", needle, len(got), len(want))
		}
	}
}

func TestMaySubsequence(t *testing.T) {
	logs := []LogLine{
		{Msg: "Upstream TIMEOUT calling postgres"},
		{Msg: "cache miss", Attrs: Attrs{{"pod", "cache-7f9"}}},
		{Msg: "Clas\u017f"}, // ſ folds to s: never ruled out
	}
	ix := buildIndex(NewLogStore(logs))
	tests := []struct {
		line int
		q    string
		want bool
	}{
		{0, "uptmout pg", true}, {0, "timeout", true}, {0, "postgresx", false}, {0, "zz", false},
		{1, "miss pod", true}, {1, "cache7f9", true}, {1, "9f7", false},
		{2, "class", true}, {2, "zzz", true},
	}
	for _, tt := range tests {
		if got := ix.MaySubsequence(tt.line, tt.q); got != tt.want {
			t.Errorf("MaySubsequence(%d, %q) = %v, want %v", tt.line, tt.q, got, tt.want)
		}
	}
}
