package signal

import (
	"fmt"
	"strings"
)

const hexDigits = "0123456789abcdef"

// Hex is n random lower-case hex digits: 32 for a W3C trace id, 16 for a
// span id, 7 for a short git sha.
func (r *Rand) Hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.IntN(16)]
	}
	return string(b)
}

// UUID is a random version-4 UUID (a request id), from two 64-bit draws.
func (r *Rand) UUID() string {
	a, b := r.Uint64(), r.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, a>>16&0xffff, a&0xfff, 0x8000|b>>48&0x3fff, b&0xffffffffffff)
}

// IP is a pod IP in the cluster's 10.2.0.0/16.
func (r *Rand) IP() string { return fmt.Sprintf("10.2.%d.%d", r.IntN(16), 2+r.IntN(250)) }

// podAlphabet is what Kubernetes draws pod-name suffixes from: no vowels,
// so that no generated name spells a word.
const podAlphabet = "bcdfghjklmnpqrstvwxz2456789"

// PodChars is n characters of a Kubernetes name suffix (a ReplicaSet hash
// is 9–10, a pod's own suffix 5).
func PodChars(r *Rand, n int) string { return r.podChars(n) }

func (r *Rand) podChars(n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(podAlphabet[r.IntN(len(podAlphabet))])
	}
	return b.String()
}

// Pods names a Deployment's n pods as Kubernetes does:
// <service>-<ReplicaSet hash, 9–10 chars>-<5 chars>, one hash for all.
func (r *Rand) Pods(service string, n int) []string {
	rs := r.podChars(9 + r.IntN(2))
	pods := make([]string, n)
	for i := range pods {
		pods[i] = service + "-" + rs + "-" + r.podChars(5)
	}
	return pods
}

// StatefulPods names a StatefulSet's n pods: postgres-0, kafka-1…
func StatefulPods(service string, n int) []string {
	pods := make([]string, n)
	for i := range pods {
		pods[i] = fmt.Sprintf("%s-%d", service, i)
	}
	return pods
}
