package sim

import "math"

// FaultKind names the parameter a fault changes.
type FaultKind uint8

const (
	FaultNone         FaultKind = iota
	FaultCacheFlush             // a key-prefix bump: the edge's hit ratio drops to Value
	FaultPoolLeak               // connections leak: Value per 1000 failed requests, plus a trickle
	FaultTimeout                // the edge's timeout becomes Value ms and its retries Retries
	FaultMemLeak                // the live heap grows Value MiB/s per pod
	FaultCertExpiry             // handshakes to the service fail from At on (every edge into it)
	FaultBadHost                // one edge's host name stops resolving, pod by pod (Stages)
	FaultSlowConsumer           // a record costs Value ms from At on
	FaultFlag                   // a flag cohort (Stages fractions) fails Value of its requests
	FaultCPULimit               // the per-pod CPU limit becomes Value cores
	FaultSlow                   // the service's own work takes Value times as long (staged by Stages)
	FaultFail                   // a share Value of the service's requests fail (staged by Stages)
	FaultLoad                   // Value extra requests/s reach the service, ramping up over Ramp seconds
)

// Fault is one injected cause. At is in simulated seconds from the start.
type Fault struct {
	Kind    FaultKind
	Service int // the service whose parameter changes
	Dep     int // the edge of that service, for edge faults
	At      int
	Value   float64
	Retries int
	// Stages is a staggered rollout: from At+Stages[i].After the affected
	// fraction is Stages[i].Frac (pods reloading config, flag percentages).
	Stages []Stage
	// Ramp is how long a FaultLoad takes to reach its full Value.
	Ramp int
}

// Stage is one step of a staggered rollout.
type Stage struct {
	After int
	Frac  float64
}

// fraction is the share affected at second t (1 when there are no stages).
func (f *Fault) fraction(t int) float64 {
	if t < f.At {
		return 0
	}
	if len(f.Stages) == 0 {
		return 1
	}
	frac := 0.0
	for _, st := range f.Stages {
		if t >= f.At+st.After {
			frac = st.Frac
		}
	}
	return frac
}

// apply changes the working parameters at second t. One-shot changes fire
// at t == At; staged ones are re-read every second.
func (f *Fault) apply(w *world, t int) {
	if f.Kind == FaultNone || t < f.At {
		return
	}
	svc := &w.m.Services[f.Service]
	first := t == f.At
	switch f.Kind {
	case FaultCacheFlush:
		if first {
			w.rt[f.Service].hit = f.Value
		}
	case FaultPoolLeak:
		if first && svc.Pool != nil {
			svc.Pool.LeakPerKE = f.Value
		}
	case FaultTimeout:
		if first {
			d := &svc.Deps[f.Dep]
			d.Timeout, d.Retries = f.Value, f.Retries
		}
	case FaultMemLeak:
		if first && svc.Heap != nil {
			svc.Heap.LeakMiBs = f.Value
		}
	case FaultCertExpiry:
		for s := range w.m.Services {
			for di, d := range w.m.Services[s].Deps {
				if d.To == f.Service {
					w.edges[s][di].broken = 1
				}
			}
		}
	case FaultBadHost:
		w.edges[f.Service][f.Dep].broken = f.fraction(t)
	case FaultSlowConsumer:
		if first && svc.Queue != nil {
			svc.Queue.PerRecord = f.Value
		}
	case FaultFlag:
		w.rt[f.Service].flagErr = f.fraction(t) * f.Value
		w.rt[f.Service].flagFrac = f.fraction(t)
	case FaultCPULimit:
		if first {
			svc.CPU = f.Value
		}
	case FaultSlow:
		base := w.base[f.Service].Median
		svc.Median = base * (1 + (f.Value-1)*f.fraction(t))
	case FaultFail:
		w.rt[f.Service].failErr = f.Value * f.fraction(t)
	case FaultLoad:
		ramp := 1.0
		if f.Ramp > 0 {
			ramp = math.Min(1, float64(t-f.At+1)/float64(f.Ramp))
		}
		w.rt[f.Service].extraLoad = f.Value * ramp * f.fraction(t)
	}
}
