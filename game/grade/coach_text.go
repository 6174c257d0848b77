package grade

import (
	"sort"
	"strings"
	"unicode"

	"firedrill/game"
)

// Coaching reads free text (hypotheses, choices, the causal chain) with two
// deliberately simple tools: whole-name service mentions and a crude
// prefix "stem" match on words. Both are explainable in the debrief and
// predictable in tests; neither pretends to understand language.

// mention is how often a service is named in a text, and where first.
type mention struct {
	count int
	first int // byte offset of the first mention; -1 if none
}

// serviceMentions counts whole-name, case-insensitive mentions of each
// service in text, by game.MentionIndex's rule ("cache" in "cache's" and
// "(cache)", not in "cached" or "cache-invalidation"). Longer names are
// matched first and masked, so a text naming "api.v2" does not also count
// as naming a service called "api".
func serviceMentions(text string, services []game.Service) map[string]mention {
	hay := []byte(strings.ToLower(text))
	names := make([]string, 0, len(services))
	for _, sv := range services {
		names = append(names, sv.Name)
	}
	sort.SliceStable(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	out := make(map[string]mention, len(names))
	for _, name := range names {
		m := mention{first: -1}
		needle := strings.ToLower(name)
		for i := game.MentionIndex(string(hay), needle, 0); i >= 0; i = game.MentionIndex(string(hay), needle, i+1) {
			m.count++
			if m.first < 0 {
				m.first = i
			}
			for k := i; k < i+len(needle); k++ {
				hay[k] = 0 // masked: shorter names cannot match inside
			}
		}
		out[name] = m
	}
	return out
}

// choiceService is the service a choice blames: the one its id and text
// name most. An id is names joined by '-' ("pricing-flag",
// "order-events-lag"), so in an id a service counts when its name is a
// run of the id's parts; in the text, by the whole-word rule of prose.
func choiceService(ch game.Choice, services []game.Service) string {
	parts := "-" + ch.ID + "-"
	var named []string
	for _, sv := range services {
		if sv.Name != "" && strings.Contains(parts, "-"+sv.Name+"-") {
			named = append(named, sv.Name)
		}
	}
	return mostNamedService(strings.Join(named, " ")+" "+ch.Text, services)
}

// mostNamedService is the service text names most often; ties go to the
// one named first. "" when text names none.
func mostNamedService(text string, services []game.Service) string {
	best, bestM := "", mention{first: -1}
	for name, m := range serviceMentions(text, services) {
		if m.count == 0 {
			continue
		}
		if m.count > bestM.count || m.count == bestM.count && (m.first < bestM.first ||
			m.first == bestM.first && name < best) {
			best, bestM = name, m
		}
	}
	return best
}

// minTokenLen drops short words ("a", "bug", "hot"): too common to tell a
// hypothesis about the cause from any other.
const minTokenLen = 4

// stopWords are long words any hypothesis may use whatever it blames.
var stopWords = map[string]bool{
	"that": true, "this": true, "with": true, "from": true, "into": true, "after": true,
	"before": true, "when": true, "which": true, "while": true, "were": true, "have": true,
	"been": true, "than": true, "they": true, "them": true, "then": true, "also": true,
	"only": true, "some": true, "more": true, "most": true, "very": true, "because": true,
	"cause": true, "caused": true, "causes": true, "service": true, "services": true,
	"request": true, "requests": true, "error": true, "errors": true, "their": true,
	"there": true, "think": true, "maybe": true, "probably": true, "something": true,
}

// words splits text into lower-case words of letters and digits, keeping
// those long enough and not stop words.
func words(text string) []string {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := fields[:0]
	for _, w := range fields {
		if len([]rune(w)) >= minTokenLen && !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// sameWord is a crude stem match: equal, or sharing a prefix of at least 5
// letters that covers all but the last 2 letters of the shorter word, so
// "evicts" ~ "evicting" and "invalidation" ~ "invalidated", but not
// "inventory" ~ "invention" nor "checkout" ~ "checking".
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	shorter := min(len(ra), len(rb))
	common := 0
	for common < shorter && ra[common] == rb[common] {
		common++
	}
	return common >= max(5, shorter-2)
}

func anySameWord(w string, list []string) bool {
	for _, x := range list {
		if sameWord(w, x) {
			return true
		}
	}
	return false
}

// distinctiveTokens are the words of the cause's texts that no other choice
// uses and that do not name another service: the words that tell a
// hypothesis about this cause from one about a decoy.
func distinctiveTokens(causeTexts, otherTexts []string, otherServices []string) []string {
	var others []string
	for _, t := range otherTexts {
		others = append(others, words(t)...)
	}
	for _, sv := range otherServices {
		others = append(others, words(sv)...)
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range causeTexts {
		for _, w := range words(t) {
			if !seen[w] && !anySameWord(w, others) {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}
