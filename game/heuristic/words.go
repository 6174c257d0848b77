package heuristic

import (
	"math"
	"strings"
	"unicode/utf8"

	"firedrill/game"
)

// stem folds the common English endings so that a choice's "retries" meets
// a log's "retry" and "throttling" meets "throttled". It is deliberately
// crude (a reader skimming for a word does no better): -ies becomes -y,
// -sses -ss, a plural -s goes, then -ing or -ed, then a final -e.
func stem(w string) string {
	cut := func(suffix, with string) bool {
		if len(w)-len(suffix) >= 3 && strings.HasSuffix(w, suffix) {
			w = w[:len(w)-len(suffix)] + with
			return true
		}
		return false
	}
	switch {
	case cut("ies", "y"), cut("sses", "ss"):
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	default:
		cut("s", "")
	}
	_ = cut("ing", "") || cut("ed", "")
	cut("e", "")
	return w
}

func stems(words ...string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = stem(w)
	}
	return out
}

// stopWords are tokens too common in English to tell choices apart.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`that this with from into their them they every each which when
		than then have were been does over only after before because while about there these those
		what where will would could should also still just more most some such your its`) {
		stopWords[stem(w)] = true
	}
}

// wordSet is the stemmed tokens of text (see Tokens), stop words left out.
func wordSet(text string) map[string]bool {
	out := map[string]bool{}
	for t := range Tokens(text) {
		if w := stem(t); !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

// rarity is the inverse document frequency of stemmed words over
// everything the player can read: every log line, event, choice and
// series name, and the briefing. A word in a handful of documents is rare
// (high), one in every access-log line is not.
type rarity struct {
	docs  int
	freq  map[string]int
	scen  *game.Scenario
	cache map[string]float64
}

func newRarity(s *game.Scenario) *rarity {
	r := &rarity{docs: s.Logs.Len() + len(s.Events) + len(s.Choices) + len(s.Metrics) + 1,
		freq: map[string]int{}, scen: s, cache: map[string]float64{}}
	add := func(text string) {
		for w := range wordSet(text) {
			r.freq[w]++
		}
	}
	for _, e := range s.Events {
		add(eventText(e))
	}
	for _, c := range s.Choices {
		add(choiceText(c))
	}
	for _, sr := range s.Metrics {
		add(sr.Name)
	}
	add(s.Briefing)
	return r
}

// idf is ln(docs / (1 + documents holding w)). Log lines are found by
// the index's substring search and then checked word by word.
func (r *rarity) idf(w string) float64 {
	if v, ok := r.cache[w]; ok {
		return v
	}
	df := r.freq[w]
	if ix := r.scen.Index; ix != nil {
		for _, l := range ix.Contains(w) {
			if holdsWord(ix.Lower(int(l)), w) {
				df++
			}
		}
	}
	v := math.Log(float64(r.docs) / float64(1+df))
	r.cache[w] = v
	return v
}

// holdsWord reports whether lower-cased text holds a word whose stem is w,
// without splitting all of text. Short words count here, unlike in Tokens:
// a "pod=" on every line makes "pods" common, not rare.
func holdsWord(text, w string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], w)
		if i < 0 {
			return false
		}
		at := from + i
		end := at
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !isWordRune(r) {
				break
			}
			end += size
		}
		if boundaryBefore(text, at) && stem(text[at:end]) == w {
			return true
		}
		from = at + 1
	}
}

// eventText is what the Events tab shows of an event.
func eventText(e game.Event) string {
	return strings.Join([]string{e.ID, e.Kind, e.Service, e.Text}, " ")
}
