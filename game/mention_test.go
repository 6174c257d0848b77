package game

import "testing"

// TestMentions is the one table for the whole-word rule that the debrief's
// evidence jumps and the coaching share.
func TestMentions(t *testing.T) {
	for _, tc := range []struct {
		text, name string
		want       bool
	}{
		// names with - and _ are whole words, never parts of longer names
		{"order-events-dlq is backing up", "order-events", false},
		{"order-events lag grows", "order-events", true},
		{"api_gateway timeouts", "api", false},
		{"api-gateway timeouts", "api", false},
		{"cache_hit_ratio falls 92% -> 55% at +10m", "cache", false},
		{"cache_hit_ratio falls 92% -> 55% at +10m", "cache_hit_ratio", true},
		{"cache_hit_ratios are not a metric here", "cache_hit_ratio", false},
		{"dbx db_pool db", "db", true},
		{"dbx db_pool", "db", false},
		{"db2 is slow", "db", false},
		// punctuation, quotes and possessives end a word
		{"api-gateway's p95 climbs 20x", "api-gateway", true},
		{"the evictions started in (cache).", "cache", true},
		{"“cache” evicted hot keys", "cache", true},
		{"cache’s hit ratio", "cache", true},
		{"caching is off", "cache", false},
		{"cacheé", "cache", false}, // a letter in any script continues the word
		// case, position and emptiness
		{"CHECKOUT waits on postgres", "checkout", true},
		{"postgres", "postgres", true},
		{"trace 4bf92f3577b34da6 spends 1.9s in postgres", "4bf92f3577b34da6", true},
		{"anything", "", false},
		{"", "cache", false},
	} {
		if got := Mentions(tc.text, tc.name); got != tc.want {
			t.Errorf("Mentions(%q, %q) = %v, want %v", tc.text, tc.name, got, tc.want)
		}
	}
}

func TestMentionIndexFindsEachWholeWord(t *testing.T) {
	text := "api-gateway calls api, then api_v2 and api"
	var got []int
	for i := MentionIndex(text, "api", 0); i >= 0; i = MentionIndex(text, "api", i+1) {
		got = append(got, i)
	}
	if len(got) != 2 || got[0] != 18 || got[1] != 39 {
		t.Errorf("whole-word offsets of api = %v, want [18 39]", got)
	}
}
