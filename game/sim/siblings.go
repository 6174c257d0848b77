package sim

import (
	"fmt"
	"slices"
	"strings"
)

// Sibling choices: other mechanisms on the service the right choice is
// about, as specific and as long as it. A reader who has found the right
// service (by the change log, the first move or the loudest errors) still
// has to tell the mechanisms apart by evidence: the service alone picks
// the right choice one time in three or four.

type mechanism struct {
	tag, text, what string
	forKind         []Kind // the kinds of service it can be about
	plain           bool   // text takes the service's name, not its possessive
}

var mechanisms = []mechanism{
	{"release-call", "%s release added a slow synchronous call to every request it serves", "request path", []Kind{KindAPI, KindConsumer}, false},
	{"pool", "%s connection pool is too small for the traffic it gets this afternoon", "pool use", []Kind{KindAPI}, false},
	{"cpu", "%s pods are short of CPU at their current limit and stall under load", "CPU", []Kind{KindAPI, KindConsumer}, false},
	{"heap", "%s heap is too small for its working set, so long GC pauses stall it", "GC pauses", []Kind{KindAPI, KindConsumer}, false},
	{"cache", "%s cache stopped hitting, so every miss now goes to its database", "cache hit ratio", []Kind{KindAPI}, false},
	{"retries", "%s retries failed calls too eagerly and multiplies the load downstream", "call attempts", []Kind{KindAPI}, true},
	{"traffic", "%s traffic grew past what its fixed number of replicas can serve", "request rate", []Kind{KindAPI, KindDB, KindConsumer}, false},
	{"queries", "%s queries slowed down as its tables grew past their indexes", "query time", []Kind{KindAPI, KindDB}, false},
	{"bad-pod", "%s has one unhealthy pod that fails its share of every request", "pods' errors", []Kind{KindAPI, KindDB, KindConsumer}, true},
	{"vacuum", "%s is busy with maintenance that locks the tables its clients use", "lock waits", []Kind{KindDB}, true},
}

// trueMechanisms are, per archetype, the mechanisms that are true (or
// true as a consequence) of the service its right choice is about: never
// offered as a wrong sibling.
var trueMechanisms = map[string][]string{
	"pool-exhaustion":  {"pool"},
	"memory-leak":      {"heap", "bad-pod"},
	"cpu-throttling":   {"cpu"},
	"cache-stampede":   {"cache", "queries", "release-call"},
	"retry-storm":      {"retries"},
	"bad-config-dns":   {"bad-pod"},
	"consumer-lag":     {"release-call", "traffic"},
	"traffic-growth":   {"traffic", "cpu", "pool"},
	"third-party-slow": {"retries", "release-call", "pool"},
	"plan-flip":        {"queries"},
	"batch-job":        {"traffic", "queries", "vacuum"},
	"disk-full":        {"bad-pod"},
	"noisy-neighbour":  {"cpu", "bad-pod"},
}

// siblings are up to n wrong choices about the right choice's subject
// service, each another mechanism, drawn from the seed.
func (g *gen) siblings(n int) []choiceText {
	subj := g.subjectOf(g.correct.text)
	if subj < 0 || n <= 0 {
		return nil
	}
	svc := g.m.Services[subj]
	var out []choiceText
	for _, i := range g.stream(13).Perm(len(mechanisms)) {
		m := mechanisms[i]
		if len(out) >= n || !slices.Contains(m.forKind, svc.Kind) || slices.Contains(trueMechanisms[g.a.name], m.tag) {
			continue
		}
		subject := possessive(svc.Name)
		if m.plain {
			subject = svc.Name
		}
		out = append(out, choiceText{svc.Name + "-" + m.tag, fmt.Sprintf(m.text, subject),
			fmt.Sprintf("%s %s only moved after {cause} did at {cause_at}, or not at all: a consequence, not the start", possessive(svc.Name), m.what)})
	}
	return out
}

// subjectOf is the service a text names first (-1: none), as a reader
// takes a choice's subject.
func (g *gen) subjectOf(text string) int {
	best, at := -1, len(text)+1
	low := strings.ToLower(text)
	for s, svc := range g.m.Services {
		name := strings.ToLower(svc.Name)
		for from := 0; ; {
			i := strings.Index(low[from:], name)
			if i < 0 {
				break
			}
			i += from
			end := i + len(name)
			if (i == 0 || !isWordByte(low[i-1])) && (end == len(low) || !isWordByte(low[end])) {
				if i < at {
					best, at = s, i
				}
				break
			}
			from = i + 1
		}
	}
	return best
}

func isWordByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' }

func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}
