package heuristic

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"firedrill/game"
)

// naming is where the services are named in one text.
type naming struct {
	count map[string]int // times each service is named
	first map[string]int // byte offset of its first name
	total int            // all service names in the text
}

// namesIn finds the services named in text. A name counts at word
// boundaries (no letter or digit on either side, so "geo" is named in
// "export-geo-job" but "auth" is not in "oauth"), and where two names
// overlap the longer wins ("payments-db" does not also name payments).
func namesIn(text string, services []string) naming {
	text = strings.ToLower(text)
	type span struct {
		at, end int
		svc     string
	}
	var spans []span
	for _, svc := range services {
		name := strings.ToLower(svc)
		for from := 0; name != ""; {
			i := strings.Index(text[from:], name)
			if i < 0 {
				break
			}
			at, end := from+i, from+i+len(name)
			if boundaryBefore(text, at) && boundaryAfter(text, end) {
				spans = append(spans, span{at, end, svc})
			}
			from = at + 1
		}
	}
	slices.SortFunc(spans, func(a, b span) int {
		if a.at != b.at {
			return a.at - b.at
		}
		return (b.end - b.at) - (a.end - a.at) // longer first
	})
	n := naming{count: map[string]int{}, first: map[string]int{}}
	covered := 0
	for _, sp := range spans {
		if sp.at < covered {
			continue
		}
		covered = sp.end
		if n.count[sp.svc] == 0 {
			n.first[sp.svc] = sp.at
		}
		n.count[sp.svc]++
		n.total++
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func boundaryBefore(text string, at int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:at])
	return at == 0 || !isWordRune(r)
}

func boundaryAfter(text string, end int) bool {
	r, _ := utf8.DecodeRuneInString(text[end:])
	return end == len(text) || !isWordRune(r)
}

// subject is the service a naming names first; "" when it names none.
func (n naming) subject() string {
	subj, at := "", -1
	for svc, i := range n.first {
		if at < 0 || i < at || i == at && svc < subj {
			subj, at = svc, i
		}
	}
	return subj
}

// aboutService picks the choice that is about svc, as a reader decides it:
// among the choices that name svc, one whose subject svc is (the service
// it names first: "inventory is undersized for checkout's traffic" is
// about inventory, "checkout's timeout to inventory" about checkout), then
// the one where svc takes the largest share of the services named (the
// most specific); a tie left after that is a random pick. No choice names
// svc: abstain.
//
// This replaces the first-choice-wins mapping of Strategy.Pick, which
// credits a shortcut with a miss whenever the author happened to list a
// decoy about the same service first.
func (a *Analysis) aboutService(svc, why string) Guess {
	return best(a.aboutness(svc, nil, nil), why)
}

// aboutChange picks the choice about a change event: about its service as
// aboutService decides, but among the choices whose subject it is, one
// that describes a change of the event's kind comes first (a release for
// a deploy, a config for a config push), then the one sharing the rarest
// words with the event ("session" outweighs "pods"): the choice anyone
// who has just blamed that change would read as "this one".
func (a *Analysis) aboutChange(e game.Event) Guess {
	svc := e.Service
	if svc == "" {
		svc = namesIn(e.Text, a.services).subject()
	}
	return best(a.aboutness(svc, kindWords[e.Kind], wordSet(eventText(e))), "")
}

// aboutness ranks the choices that name svc: [svc is the subject,
// describes a change of the kind, rarity of the words shared with the
// event, svc's share of the services named].
func (a *Analysis) aboutness(svc string, kind []string, event map[string]bool) map[string][]float64 {
	out := map[string][]float64{}
	if svc == "" {
		return out
	}
	for i, c := range a.s.Choices {
		n := a.choiceNames[i]
		if n.count[svc] == 0 {
			continue
		}
		subject := 0.0
		if n.subject() == svc {
			subject = 1
		}
		describes := 0.0
		for _, w := range kind {
			if a.choiceStems[i][w] {
				describes = 1
			}
		}
		shared := 0.0
		for w := range event {
			if a.choiceStems[i][w] {
				shared += a.rarity().idf(w)
			}
		}
		out[c.ID] = []float64{subject, describes, shared, float64(n.count[svc]) / float64(n.total)}
	}
	return out
}

// kindWords are the stems a choice uses to describe a change of each kind
// (see stem): what a reader matches a change log entry's kind against.
var kindWords = map[string][]string{
	game.EventDeploy: stems("release", "deploy", "version", "rollout", "build", "image", "upgrade"),
	game.EventConfig: stems("config", "configuration", "setting", "limit", "timeout"),
	game.EventFlag:   stems("flag", "feature", "rollout", "experiment", "toggle"),
	game.EventScale:  stems("scale", "replica", "autoscaler", "capacity"),
}

// ServicesNamed lists the services text names, at word boundaries, the
// longer name winning where two overlap (see namesIn), in the order given.
func ServicesNamed(text string, services []string) []string {
	n := namesIn(text, services)
	var out []string
	for _, svc := range services {
		if n.count[svc] > 0 {
			out = append(out, svc)
		}
	}
	return out
}
