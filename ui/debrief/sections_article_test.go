package debrief

import "testing"

// A red herring is described by its kind: "an alert event", "a deploy event".
func TestArticle(t *testing.T) {
	for word, want := range map[string]string{"alert": "an", "incident": "an", "deploy": "a", "config": "a", "": "a"} {
		if got := article(word); got != want {
			t.Errorf("article(%q) = %q; want %q", word, got, want)
		}
	}
}
