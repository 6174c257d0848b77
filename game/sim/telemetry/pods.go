package telemetry

import (
	"time"

	"firedrill/game/sim/signal"
)

// Change is one change to a Deployment's pods at At: a rollout of Version
// (every replica replaced, one at a time, with a surge of one), or, with
// Version empty, a scale to Replicas.
type Change struct {
	At       time.Duration
	Version  string // a rollout's new version; "" for a scale
	Replicas int    // a scale's new replica count
}

// Rollout pacing: each new pod starts podEvery after the previous one and
// the old pod it replaces stops once the new one is ready, podReady later
// (so at most one extra pod runs at a time: maxSurge 1, maxUnavailable 0).
const (
	podEvery = 15 * time.Second
	podReady = 10 * time.Second
)

// RolloutTime is how long a rollout of n replicas takes to finish.
func RolloutTime(n int) time.Duration { return time.Duration(n-1)*podEvery + podReady }

// Deployment names a Deployment's pods over a window as Kubernetes would:
// replicas pods of one ReplicaSet (service-<hash>-<5 chars>) running
// version from the start, then for every change in time order either a
// new ReplicaSet replacing them one by one, or pods added or removed by a
// scale. Nodes are dealt round-robin from a random offset per ReplicaSet.
// Pod.Slot says which replica a pod fills: a rollout's new pod i takes
// over old pod i's slot.
func Deployment(r *signal.Rand, service string, replicas int, version string, nodes []string, changes ...Change) []Pod {
	var pods []Pod
	live := make([]int, replicas) // slot → index into pods of its current pod
	rs := newReplicaSet(r, service, version, nodes)
	for i := range replicas {
		pods = append(pods, rs.pod(i))
		live[i] = len(pods) - 1
	}
	for _, c := range changes {
		switch {
		case c.Version != "":
			rs = newReplicaSet(r, service, c.Version, nodes)
			for i, old := range live {
				p := rs.pod(i)
				p.From = c.At + time.Duration(i)*podEvery
				pods[old].To = p.From + podReady
				pods = append(pods, p)
				live[i] = len(pods) - 1
			}
		case c.Replicas > len(live):
			for i := len(live); i < c.Replicas; i++ {
				p := rs.pod(i)
				p.From = c.At
				pods = append(pods, p)
				live = append(live, len(pods)-1)
			}
		case c.Replicas > 0:
			for _, old := range live[c.Replicas:] {
				pods[old].To = c.At
			}
			live = live[:c.Replicas]
		}
	}
	return pods
}

// StatefulSet names a StatefulSet's pods (postgres-0, postgres-1…), which
// keep their names for the whole window.
func StatefulSet(service string, replicas int, version string, nodes []string) []Pod {
	pods := signal.StatefulPods(service, replicas)
	out := make([]Pod, replicas)
	for i, name := range pods {
		out[i] = Pod{Name: name, Node: nodes[i%len(nodes)], Version: version, Slot: i}
	}
	return out
}

type replicaSet struct {
	r       *signal.Rand
	service string
	hash    string
	version string
	nodes   []string
	offset  int
}

func newReplicaSet(r *signal.Rand, service, version string, nodes []string) *replicaSet {
	rs := &replicaSet{r: r, service: service, version: version, nodes: nodes, offset: r.IntN(len(nodes))}
	rs.hash = signal.PodChars(r, 9+r.IntN(2))
	return rs
}

func (rs *replicaSet) pod(slot int) Pod {
	return Pod{Name: rs.service + "-" + rs.hash + "-" + signal.PodChars(rs.r, 5), Node: rs.nodes[(rs.offset+slot)%len(rs.nodes)],
		Version: rs.version, Slot: slot}
}

// AliveAt lists the pods alive at offset t.
func AliveAt(pods []Pod, t time.Duration) []Pod {
	var out []Pod
	for _, p := range pods {
		if p.Alive(t) {
			out = append(out, p)
		}
	}
	return out
}
