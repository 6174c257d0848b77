package pack

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"firedrill/game"
)

// Kubernetes events, as `kubectl get events -o json` writes them (a List
// or EventList of core/v1 Events, or events.k8s.io/v1 ones), a single
// Event, Events one after another (kubectl get -w), or watch records
// {"type": "ADDED", "object": {…}}.
//
// Under events: each becomes a change event: ScalingReplicaSet,
// SuccessfulRescale, SuccessfulCreate and SuccessfulDelete are scale, any
// Warning (BackOff, Unhealthy, OOMKilling, FailedScheduling…) is an alert,
// the rest (Scheduled, Pulled, Started, Killing…) notes; the include's
// kinds: map a reason to another kind (kinds: {Pulled: deploy}). Under
// logs: each becomes a line, WARN for a Warning, INFO otherwise, with the
// reason and message as its text.
//
// The time is when the event first happened (eventTime, firstTimestamp,
// else lastTimestamp, else the object's creation); a repeated event says
// how often and when it last happened. The service is the first declared
// one among the object's workload (a Pod coredns-6f6b679f8f-5m7kq belongs
// to coredns) and its name, each also as namespace/name; an event whose
// object names no declared service has none, and a log line falls back
// to the include's service.

type k8sEvent struct {
	Metadata struct {
		Namespace         string `json:"namespace"`
		CreationTimestamp string `json:"creationTimestamp"`
	} `json:"metadata"`
	InvolvedObject  *k8sObject `json:"involvedObject"`
	Regarding       *k8sObject `json:"regarding"`
	Reason          string     `json:"reason"`
	Message         string     `json:"message"`
	Note            string     `json:"note"`
	Type            string     `json:"type"`
	Count           int64      `json:"count"`
	DeprecatedCount int64      `json:"deprecatedCount"`
	EventTime       string     `json:"eventTime"`
	FirstTimestamp  string     `json:"firstTimestamp"`
	LastTimestamp   string     `json:"lastTimestamp"`
	DeprecatedFirst string     `json:"deprecatedFirstTimestamp"`
	DeprecatedLast  string     `json:"deprecatedLastTimestamp"`
	Series          *struct {
		Count            int64  `json:"count"`
		LastObservedTime string `json:"lastObservedTime"`
	} `json:"series"`
	Source struct {
		Component string `json:"component"`
		Host      string `json:"host"`
	} `json:"source"`
	ReportingController string `json:"reportingController"`
	ReportingComponent  string `json:"reportingComponent"`
	// A watch record wraps the event.
	Object *k8sEvent  `json:"object"`
	Items  []k8sEvent `json:"items"`
	Kind   string     `json:"kind"`
}

type k8sObject struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	FieldPath string `json:"fieldPath"`
}

// readK8sEvents reads an event include under logs, through the log sink.
func (l *loader) readK8sEvents(file string, k *logSink) {
	data, ok := l.readInto(file, k.errs)
	if !ok {
		return
	}
	// The message and the object's name are put together in scratch space
	// the sink copies from: the loader runs with the collector paused
	// (gcpause.go), so a string per event would stay until the load ends.
	var msg, object []byte
	seen := k8sEachEvent(data, k.errs, func(ev *k8sEvent, line int) bool {
		k.begin(line)
		at, err := ev.time()
		if err != nil {
			k.fail("firstTimestamp", "%v", err)
		} else {
			k.setAt(at)
		}
		if ev.Type == "Warning" {
			k.setLevelValue(game.LevelWarn)
		}
		obj := ev.object()
		if service, ok := l.k8sService(obj); ok {
			k.setService(bytesOf(service))
		} else if k.defService == "" {
			k.setService(bytesOf(k8sWorkloadName(obj.Name)))
		}
		msg = append(append(append(msg[:0], ev.Reason...), ": "...), ev.text()...)
		k.setMsg(msg)
		object = append(append(append(object[:0], obj.Kind...), '/'), obj.Name...)
		k.attr(bytesOf("reason"), bytesOf(ev.Reason))
		k.attr(bytesOf("object"), object)
		for _, a := range [...][2]string{{"namespace", obj.Namespace}, {"field_path", obj.FieldPath},
			{"source", firstNonEmpty(ev.Source.Component, ev.ReportingController, ev.ReportingComponent)}, {"host", ev.Source.Host}} {
			if a[1] != "" {
				k.attr(bytesOf(a[0]), bytesOf(a[1]))
			}
		}
		k.end()
		return !k.full
	})
	if k.kept == 0 && k.errs.count == 0 {
		noSignals(k.errs, data, seen, SectionLogs, FormatK8sEvents, `"items"`, "events")
	}
}

// readK8sChanges reads an event include under events: each Kubernetes
// event becomes a change event, kind by reason (kinds overrides).
func (l *loader) readK8sChanges(file string, kinds map[string]string) ([]game.Event, *IncludeSummary) {
	data, errs := l.readData(file)
	if errs == nil {
		return nil, nil
	}
	defer errs.close()
	var out []game.Event
	seen := k8sEachEvent(data, errs, func(ev *k8sEvent, line int) bool {
		at, err := ev.time()
		if err != nil {
			errs.add(line, "firstTimestamp", "%v", err)
			return true
		}
		if keep, err := l.inWindow(at); err != nil {
			errs.add(line, "firstTimestamp", "%v", err)
			return true
		} else if !keep {
			return true // clipped: left out, not an error
		}
		obj := ev.object()
		service, _ := l.k8sService(obj)
		text := obj.Kind + "/" + obj.Name + " " + ev.Reason + ": " + ev.text()
		out = append(out, game.Event{At: at, Kind: k8sKind(ev, kinds), Service: service, Text: game.SanitizeLine(text)})
		return len(out) <= MaxEvents
	})
	if len(out) == 0 && errs.count == 0 {
		noSignals(errs, data, seen, SectionEvents, FormatK8sEvents, `"items"`, "events")
	}
	return out, &IncludeSummary{Events: len(out)}
}

// k8sEachEvent calls fn for every event of the file, with its line, until
// fn returns false; it says whether the file held any event at all.
func k8sEachEvent(data []byte, errs *includeErrors, fn func(ev *k8sEvent, line int) bool) bool {
	w := newJSONWalk(data, errs)
	seen := false
	each := func(ev *k8sEvent, line int) error {
		if ev.Object != nil {
			ev = ev.Object
		}
		if ev.Reason == "" && ev.InvolvedObject == nil && ev.Regarding == nil {
			return shapeErrAt(line, "not a Kubernetes event (no reason, no involvedObject)")
		}
		seen = true
		if !fn(ev, line) {
			return errStop
		}
		return nil
	}
	var item k8sEvent // decoded into again and again: each event is done with before the next
	w.documents(func() error {
		line := w.line(w.offset())
		var top k8sEvent
		rest := map[string]json.RawMessage{}
		list := false
		err := w.object(func(key string) error {
			if key != "items" {
				var raw json.RawMessage
				err := w.decode(&raw)
				rest[key] = raw
				return err
			}
			list, seen = true, true
			return w.array(func() error {
				itemLine := w.line(w.offset())
				item = k8sEvent{}
				if err := w.decode(&item); err != nil {
					return err
				}
				return each(&item, itemLine)
			})
		})
		if err != nil || list || len(rest) == 0 {
			return err // a list's own fields (kind, metadata) say nothing more
		}
		b, _ := json.Marshal(rest)
		if err := json.Unmarshal(b, &top); err != nil {
			return err
		}
		return each(&top, line)
	})
	return seen
}

func (ev *k8sEvent) object() k8sObject {
	switch {
	case ev.InvolvedObject != nil:
		return *ev.InvolvedObject
	case ev.Regarding != nil:
		return *ev.Regarding
	}
	return k8sObject{}
}

// time is when the event first happened.
func (ev *k8sEvent) time() (time.Time, error) {
	for _, s := range []string{ev.EventTime, ev.FirstTimestamp, ev.DeprecatedFirst, ev.LastTimestamp, ev.DeprecatedLast,
		ev.Metadata.CreationTimestamp} {
		if s != "" {
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return time.Time{}, fmt.Errorf("%s: want an RFC 3339 time", quote(s))
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("the event has no time (eventTime, firstTimestamp, lastTimestamp)")
}

// text is the message, with how often and until when a repeated event
// happened.
func (ev *k8sEvent) text() string {
	msg := ev.Message
	if msg == "" {
		msg = ev.Note
	}
	n, last := ev.Count, ev.LastTimestamp
	if ev.Series != nil {
		n, last = ev.Series.Count, ev.Series.LastObservedTime
	} else if n == 0 {
		n, last = ev.DeprecatedCount, ev.DeprecatedLast
	}
	if n > 1 {
		msg += " (×" + strconv.FormatInt(n, 10)
		if t, err := time.Parse(time.RFC3339Nano, last); err == nil {
			msg += ", last at " + t.UTC().Format("15:04:05")
		}
		msg += ")"
	}
	return msg
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// k8sKind maps an event to a change-log kind.
func k8sKind(ev *k8sEvent, kinds map[string]string) string {
	if k, ok := kinds[ev.Reason]; ok {
		return k
	}
	switch {
	case ev.Type == "Warning":
		return game.EventAlert
	case ev.Reason == "ScalingReplicaSet" || ev.Reason == "SuccessfulRescale" ||
		ev.Reason == "SuccessfulCreate" || ev.Reason == "SuccessfulDelete":
		return game.EventScale
	}
	return game.EventNote
}

// k8sService finds the declared service an object belongs to.
func (l *loader) k8sService(obj k8sObject) (string, bool) {
	workload := k8sWorkloadName(obj.Name)
	for _, name := range []string{obj.Namespace + "/" + workload, workload, obj.Namespace + "/" + obj.Name, obj.Name} {
		if s, ok := l.scope.service(name); ok {
			return s, true
		}
	}
	return "", false
}

// k8sWorkload patterns: a Deployment's pod and ReplicaSet, a StatefulSet's
// pod, a DaemonSet's or Job's pod.
var k8sWorkload = []*regexp.Regexp{
	regexp.MustCompile(`^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$`),
	regexp.MustCompile(`^(.+)-[a-z0-9]{6,10}$`),
	regexp.MustCompile(`^(.+)-[0-9]+$`),
	regexp.MustCompile(`^(.+)-[a-z0-9]{5}$`),
}

// k8sWorkloadName strips the generated suffixes from a pod or ReplicaSet
// name: coredns-6f6b679f8f-5m7kq and coredns-6f6b679f8f are coredns.
func k8sWorkloadName(name string) string {
	if len(name) > 253 {
		return name
	}
	for _, re := range k8sWorkload {
		if m := re.FindStringSubmatch(name); m != nil {
			return m[1]
		}
	}
	return name
}
