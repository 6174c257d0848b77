package sim

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/sim/signal"
	"firedrill/game/sim/telemetry"
)

// errorStrings are the archetype's own messages, keyed by what failed.
type errorStrings struct {
	// flag is the exception a flag cohort throws.
	flag string
	// slowQuery formats a postgres slow-query line for a duration in ms.
	slowQuery string
	// fail is what a FaultFail's failing requests log.
	fail      []string
	failLevel game.Level
}

func (e *errorStrings) failMsg(r *signal.Rand) (game.Level, string, []game.Attr) {
	if len(e.fail) == 0 {
		return game.LevelError, "internal error", nil
	}
	lvl := e.failLevel
	if lvl == 0 {
		lvl = game.LevelError
	}
	return lvl, e.fail[r.IntN(len(e.fail))], nil
}

// observeLogs writes what the services would have logged: sampled INFO
// access lines (a few a second for a busy service, a fraction for a quiet
// one), WARN/ERROR lines for the failures the model produced (rate-limited
// as real loggers are), kubelet and GC lines where the state says so, and
// background ERROR noise sized to the difficulty's incident share.
func (g *gen) observeLogs(run *Run, traces []*game.Trace) []game.LogLine {
	rng := g.stream(4)
	lb := &logBuilder{g: g, rng: rng, byTime: traceIndex(g, traces)}
	lb.accessRate = 1.5 * math.Min(1, 7/float64(len(g.m.Services)))
	for t := 0; t < g.secs; t++ {
		for s := range g.m.Services {
			lb.second(run, t, s)
		}
	}
	lb.noise()
	errs := 0
	for _, l := range lb.lines {
		if l.Level >= game.LevelError && !isAccess(l.Msg) {
			errs++
		}
	}
	if errs > 0 {
		g.incidentShare = float64(errs-lb.noiseN) / float64(errs)
	} else {
		g.incidentShare = math.NaN() // no error message at all: no share to speak of
	}
	lb.shipperHole()
	lb.addTriggerLine()
	starts := lb.rolloutLines()
	lb.budget(MaxLines - len(starts))
	lb.lines = append(lb.lines, starts...)
	slices.SortStableFunc(lb.lines, func(a, b game.LogLine) int { return a.At.Compare(b.At) })
	return lb.lines
}

type logBuilder struct {
	g        *gen
	rng      *signal.Rand
	lines    []game.LogLine
	incident int            // ERROR/FATAL lines caused by the fault
	noiseN   int            // background ERROR lines
	byTime   map[int][]tref // failed sampled traces by second, to link lines
	// accessRate is a busy service's access lines a second at rest: fewer
	// when there are many services, so the line budget rarely bites.
	accessRate float64
	pod        string // when set, the pod the next lines come from
}

type tref struct {
	id      string
	service string
}

func traceIndex(g *gen, traces []*game.Trace) map[int][]tref {
	idx := map[int][]tref{}
	for _, tr := range traces {
		for _, sp := range tr.Spans {
			if sp.Error {
				sec := int(sp.At.Sub(g.start) / time.Second)
				idx[sec] = append(idx[sec], tref{tr.ID, sp.Service})
			}
		}
	}
	return idx
}

func (lb *logBuilder) add(t int, s int, lvl game.Level, msg, trace string, extra ...game.Attr) {
	g := lb.g
	at := g.at(t).Add(time.Duration(lb.rng.IntN(1_000_000)) * time.Microsecond)
	pod := g.podAt(lb.rng, s, t)
	if lb.pod != "" {
		for _, p := range g.podsOf[s] {
			if p.Name == lb.pod {
				pod = p
			}
		}
	}
	attrs := game.Attrs{{Key: "pod", Value: pod.Name}, {Key: "version", Value: pod.Version}}
	if g.m.Services[s].Kind == KindAPI {
		attrs = append(attrs, game.Attr{Key: "request_id", Value: lb.rng.UUID()})
	}
	attrs = append(attrs, extra...)
	slices.SortFunc(attrs, func(a, b game.Attr) int { return strings.Compare(a.Key, b.Key) })
	lb.lines = append(lb.lines, game.LogLine{At: at, Service: g.m.Services[s].Name, Level: lvl, Msg: msg, Trace: trace, Attrs: attrs})
}

// traceFor links a line to a failed sampled trace of this service at this
// second when there is one, else to an unsampled id half the time: noise
// and incident lines carry trace ids equally often.
func (lb *logBuilder) traceFor(t, s int, failed bool) string {
	if failed {
		for _, r := range lb.byTime[t] {
			if r.service == lb.g.m.Services[s].Name {
				return r.id
			}
		}
	}
	if lb.rng.Float64() < 0.5 {
		return lb.rng.Hex(32)
	}
	return ""
}

// second emits one service's lines for one second.
func (lb *logBuilder) second(run *Run, t, s int) {
	g := lb.g
	svc := &g.m.Services[s]
	st := &run.States[t][s]
	base := run.States[0][s].RPS + 1
	rate := lb.accessRate * math.Min(2, math.Sqrt((st.RPS+1)/base))
	if svc.Quiet {
		rate = 0.15
	}
	access := svc.Kind == KindAPI && svc.Queue == nil
	// Access lines are a sample of the requests: each failed with the
	// second's error ratio, and says so in its status (level ERROR), so
	// the error-ratio series, the statuses and the badge agree. Some
	// failed requests also log why (the cause's own message).
	for i := lb.rng.Poisson(rate); i > 0; i-- {
		if access && lb.rng.Float64() < st.Err {
			lvl, msg, extra := lb.failureMsg(run, t, s)
			if g.failOn != nil && slices.Contains(g.errs.fail, msg) {
				lb.pod = ""
				for _, p := range telemetry.AliveAt(g.podsOf[s], g.dur(t)) {
					if g.failOn(p) {
						lb.pod = p.Name
					}
				}
			}
			incident := lb.rng.Float64()*st.Err >= svc.BaseErr
			lb.add(t, s, game.LevelError, lb.failedAccess(svc, st, msg), lb.traceFor(t, s, true), lb.flagAttr(st)...)
			if lb.rng.Float64() < 0.4 {
				lb.add(t, s, lvl, msg, lb.traceFor(t, s, true), extra...)
				if incident && lvl >= game.LevelError {
					lb.incident++
				}
			}
			lb.pod = ""
			continue
		}
		lb.add(t, s, game.LevelInfo, lb.infoMsg(svc, st), lb.traceFor(t, s, false), lb.flagAttr(st)...)
	}
	if !access {
		// Servers without access lines log failures rate-limited to 1/s
		// (loggers and shippers drop the rest).
		failures := st.RPS * math.Max(0, st.Err-svc.BaseErr)
		for i := lb.rng.Poisson(math.Min(1, failures*0.05)); i > 0; i-- {
			lvl, msg, extra := lb.failureMsg(run, t, s)
			lb.add(t, s, lvl, msg, lb.traceFor(t, s, true), extra...)
			if lvl >= game.LevelError {
				lb.incident++
			}
		}
	}
	lb.stateLines(run, t, s)
}

func (lb *logBuilder) flagAttr(st *State) []game.Attr {
	if st.FlagFrac > 0 && lb.rng.Float64() < st.FlagFrac {
		return []game.Attr{{Key: "flag.new_pricing", Value: "on"}}
	}
	return nil
}

func (lb *logBuilder) infoMsg(svc *Service, st *State) string {
	ms := lb.rng.LogNormal(math.Max(st.P50, 0.2), math.Max(st.Sigma, 0.3))
	switch svc.Stack {
	case StackPostgres:
		if ms > 500 {
			return fmt.Sprintf("LOG:  duration: %.3f ms  statement: SELECT id, sku, price FROM items WHERE id = $1", ms)
		}
		return fmt.Sprintf("LOG:  connection authorized: user=app database=%s application_name=%s", "shop", "pgx")
	case StackRedis:
		return fmt.Sprintf("%d:M * DB saved on disk", 1+lb.rng.IntN(9))
	case StackKafka:
		return fmt.Sprintf("[ReplicaFetcher replicaId=%d, leaderId=%d, fetcherId=0] Truncating partition to offset %d", 1+lb.rng.IntN(3), 1+lb.rng.IntN(3), lb.rng.IntN(9_000_000))
	}
	if svc.Queue != nil {
		return fmt.Sprintf("processed batch topic=%s partition=%d records=%d in %.0fms", svc.Queue.Topic, lb.rng.IntN(svc.Queue.Partitions), 20+lb.rng.IntN(480), ms*10)
	}
	return fmt.Sprintf("%s %d %.0fms", svc.Endpoint, 200, ms)
}

// failedAccess is the access line of a failed request: its status says
// how it failed (a gateway timeout, a bad gateway, an internal error).
func (lb *logBuilder) failedAccess(svc *Service, st *State, why string) string {
	code := 500
	switch {
	case strings.Contains(why, "deadline") || strings.Contains(why, "timed out") || strings.Contains(why, "Timeout"):
		code = 504
	case strings.Contains(why, "token"):
		code = 401
	case strings.Contains(why, "no such host") || strings.Contains(why, "x509") || strings.Contains(why, "refused") || strings.Contains(why, "503"):
		code = 502
	case st.Shed > 0.2:
		code = 503
	}
	ms := lb.rng.LogNormal(math.Max(st.P95, 0.2), 0.3)
	return fmt.Sprintf("%s %d %.0fms", svc.Endpoint, code, ms)
}

// failureMsg names why one request failed, picking among the causes the
// state shows in proportion to their share.
func (lb *logBuilder) failureMsg(run *Run, t, s int) (game.Level, string, []game.Attr) {
	g := lb.g
	svc := &g.m.Services[s]
	st := &run.States[t][s]
	type why struct {
		w   float64
		msg func() (game.Level, string, []game.Attr)
	}
	var opts []why
	opts = append(opts, why{st.Shed, func() (game.Level, string, []game.Attr) { return shedMsg(svc, lb.rng) }})
	opts = append(opts, why{st.FlagErr, func() (game.Level, string, []game.Attr) {
		return game.LevelError, g.errs.flag, []game.Attr{{Key: "flag.new_pricing", Value: "on"}}
	}})
	opts = append(opts, why{st.FailErr, func() (game.Level, string, []game.Attr) {
		return g.errs.failMsg(lb.rng)
	}})
	if svc.Pool != nil {
		opts = append(opts, why{st.PoolFail, func() (game.Level, string, []game.Attr) {
			if svc.Pool.Hikari {
				return game.LevelError, fmt.Sprintf("HikariPool-1 - Connection is not available, request timed out after %.0fms.", svc.Pool.WaitMs), nil
			}
			return game.LevelError, "failed to acquire connection: context deadline exceeded", nil
		}})
	}
	for di, d := range svc.Deps {
		e := run.Edges[t][s][di]
		callee := g.m.Services[d.To].Name
		opts = append(opts, why{e.CallFail * d.PerReq, func() (game.Level, string, []game.Attr) {
			return callFailMsg(svc, d, e, g.m.Services[d.To].Kind, callee, g.at(t), lb.rng)
		}})
	}
	total := 0.0
	for _, o := range opts {
		total += o.w
	}
	x := lb.rng.Float64() * total
	for _, o := range opts {
		if x -= o.w; x < 0 && o.w > 0 {
			return o.msg()
		}
	}
	return shedMsg(svc, lb.rng)
}

func shedMsg(svc *Service, rng *signal.Rand) (game.Level, string, []game.Attr) {
	switch svc.Stack {
	case StackPostgres:
		return game.LevelError, "ERROR:  canceling statement due to statement timeout", nil
	case StackNginx:
		return game.LevelError, fmt.Sprintf("[error] 31#31: *%d upstream timed out (110: Connection timed out) while reading response header from upstream", 10000+rng.IntN(90000)), nil
	case StackJava:
		return game.LevelError, "org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe", nil
	case StackRedis:
		return game.LevelWarn, "WARNING: client output buffer limit reached, closing client", nil
	}
	return game.LevelError, fmt.Sprintf("%s: handler timed out after %ds: context deadline exceeded", svc.Endpoint, int(max(svc.ServerTimeout, 10000)/1000)), nil
}

func callFailMsg(svc *Service, d Dep, e Edge, kind Kind, callee string, now time.Time, rng *signal.Rand) (game.Level, string, []game.Attr) {
	attrs := []game.Attr{{Key: "peer", Value: callee}}
	switch {
	case e.Broken > 0.5 && d.Host != "" && strings.Contains(d.Host, ".locl"):
		return game.LevelError, fmt.Sprintf("dial tcp: lookup %s on 10.96.0.10:53: no such host", d.Host), attrs
	case e.Broken > 0.5:
		exp := now.Truncate(time.Hour)
		return game.LevelError, fmt.Sprintf("x509: certificate has expired or is not yet valid: current time %s is after %s",
			now.Add(time.Duration(rng.IntN(900))*time.Millisecond).Format(time.RFC3339), exp.Format(time.RFC3339)), attrs
	case kind == KindDB && svc.Stack == StackJava:
		return game.LevelError, "org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout", attrs
	case kind == KindDB:
		return game.LevelError, fmt.Sprintf("%s: ERROR: canceling statement due to statement timeout (SQLSTATE 57014)", d.Op), attrs
	case kind == KindCache:
		return game.LevelError, "redis: connection pool timeout", attrs
	case kind == KindBroker:
		return game.LevelError, "kafka: Failed to produce message to topic: kafka server: Request exceeded the user-specified time limit in the request", attrs
	case svc.Stack == StackJava && e.TimedOut > 0.3:
		return game.LevelError, fmt.Sprintf("java.net.SocketTimeoutException: Read timed out (%s, timeout=%.0fms)", d.Op, e.Timeout), attrs
	case e.TimedOut > 0.3 || e.Fail > 0.3:
		if e.Retries == 0 {
			return game.LevelError, fmt.Sprintf("%s: rpc error: code = DeadlineExceeded desc = context deadline exceeded", d.Op), attrs
		}
		return game.LevelError, fmt.Sprintf("%s failed after %d attempts: rpc error: code = DeadlineExceeded desc = context deadline exceeded", d.Op, e.Retries+1), attrs
	}
	return game.LevelError, fmt.Sprintf("%s: upstream %s returned 503 Service Unavailable", d.Op, callee), attrs
}

// stateLines are the lines the runtime writes about itself: GC pauses,
// OOM kills and restarts, consumer poll timeouts, throttled probes.
func (lb *logBuilder) stateLines(run *Run, t, s int) {
	g := lb.g
	svc := &g.m.Services[s]
	st := &run.States[t][s]
	if t > 0 && st.Restarts > run.States[t-1][s].Restarts {
		// The pod whose slot restarted keeps its name: a container restart.
		for slot, n := range st.PodRestarts {
			if n > run.States[t-1][s].PodRestarts[slot] {
				for _, p := range telemetry.AliveAt(g.podsOf[s], g.dur(t)) {
					if p.Slot == slot {
						lb.pod = p.Name
					}
				}
			}
		}
		if svc.Stack == StackJava {
			lb.add(t, s, game.LevelFatal, "java.lang.OutOfMemoryError: Java heap space", "")
		}
		lb.add(t, s, game.LevelWarn, fmt.Sprintf("kubelet: container %s OOMKilled, Exit Code: 137; restarting", svc.Name), "")
		lb.pod = ""
		lb.incident++
	}
	if svc.Heap != nil && st.GCPauseMs > 400 && lb.rng.Float64() < 0.2 {
		heap := st.HeapMiB * (1.02 + 0.03*lb.rng.Float64())
		lb.add(t, s, game.LevelWarn, fmt.Sprintf("GC(%d) Pause Full (G1 Compaction Pause) %.0fM->%.0fM(%.0fM) %.3fms",
			1000+t/3, heap, heap*0.99, svc.Heap.LimitMiB, st.GCPauseMs), "")
	}
	if q := svc.Queue; q != nil && q.PerRecord*500 > 15000 && lb.rng.Float64() < 0.05 {
		lb.add(t, s, game.LevelError, "consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages.", "")
		lb.incident++
	}
	if q := svc.Queue; q != nil && st.Lag > 5000 && lb.rng.Float64() < 0.02 {
		msg := fmt.Sprintf("consumer group %s: %.0f records behind across %d partitions; consuming slower than produced", q.Topic, st.Lag, q.Partitions)
		if g.hotPartition >= 0 {
			msg = fmt.Sprintf("consumer group %s: partition %d is %.0f records behind; other partitions under 500", q.Topic, g.hotPartition%q.Partitions, st.Lag)
		}
		lb.add(t, s, game.LevelWarn, msg, "")
	}
	if st.Throttled > 0.4 && lb.rng.Float64() < 0.04 {
		lb.add(t, s, game.LevelWarn, fmt.Sprintf(`kubelet: Readiness probe failed: Get "http://10.2.%d.%d:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
			lb.rng.IntN(8), 2+lb.rng.IntN(250)), "")
	}
}

// noise adds background ERROR lines so that the incident's share of all
// ERROR lines matches the difficulty (over 60 % at difficulty 1, under
// 10 % at 5, so the loudest service is rarely the cause): mostly on the
// chronic-noise service, the rest spread across the others, before and
// after onset alike.
func (lb *logBuilder) noise() {
	g := lb.g
	share := []float64{0.75, 0.5, 0.3, 0.15, 0.07}[g.difficulty-1]
	own := 0 // the run's own messages: every ERROR line so far but the access lines
	for _, l := range lb.lines {
		if l.Level >= game.LevelError && !isAccess(l.Msg) {
			own++
		}
	}
	want := int(math.Round(float64(own) * (1 - share) / share))
	// A service's background errors stay a few per cent of its lines, so
	// its badge still agrees with its statuses: at most 1.5 % (3 % on the
	// chronic-noise service). When the share would
	// need more, thin the incident's own messages instead (never the access
	// lines, whose statuses the error ratio must match), so the ratio holds.
	noisy := g.noisyService()
	lines := make([]int, len(g.m.Services))
	secs := make([][]int, len(g.m.Services)) // when each service logs: noise follows its volume
	for _, l := range lb.lines {
		s := g.m.Index(l.Service)
		lines[s]++
		secs[s] = append(secs[s], int(l.At.Sub(g.start)/time.Second))
	}
	room := make([]int, len(g.m.Services))
	total := 0
	for s, n := range lines {
		room[s] = n * 15 / 1000
		if s == noisy {
			room[s] = n * 3 / 100
		}
		total += room[s]
	}
	if want > total && want > 0 {
		keep := float64(total) / float64(want)
		kept := lb.lines[:0]
		for _, l := range lb.lines {
			if l.Level >= game.LevelError && !isAccess(l.Msg) && lb.rng.Float64() > keep {
				continue
			}
			kept = append(kept, l)
		}
		lb.lines = kept
		want = total
	}
	lb.noiseN = want
	// The chronic-noise service fills its room first, the rest spreads by
	// each service's room.
	for i := 0; i < want; i++ {
		s := noisy
		if room[noisy] == 0 {
			x := lb.rng.IntN(max(total, 1))
			for s = range room {
				if x -= room[s]; x < 0 {
					break
				}
			}
		}
		room[s] = max(0, room[s]-1)
		total = max(0, total-1)
		t := lb.rng.IntN(g.secs)
		if len(secs[s]) > 0 {
			t = secs[s][lb.rng.IntN(len(secs[s]))]
		}
		var extra []game.Attr
		if deps := g.m.Services[s].Deps; len(deps) > 0 && lb.rng.Float64() < 0.6 {
			// as common on noise as on incident lines: a peer attr must not mark the incident
			extra = append(extra, game.Attr{Key: "peer", Value: g.m.Services[deps[lb.rng.IntN(len(deps))].To].Name})
		}
		lb.add(t, s, game.LevelError, noiseMsg(&g.m.Services[s], lb.rng), lb.traceFor(t, s, false), extra...)
	}
}

// accessRe matches an access line ("POST /v1/pay 503 2ms"): its status,
// not its level, says whether the request failed.
var accessRe = regexp.MustCompile(`^\S+ \S+ \d{3} \d+ms`)

func isAccess(msg string) bool { return accessRe.MatchString(msg) }

// shipperHole drops one service's lines for a minute or two, as a log
// shipper that fell over and lost its buffer would: absence of lines there
// proves nothing.
func (lb *logBuilder) shipperHole() {
	g := lb.g
	s := g.m.Services[1+lb.rng.IntN(len(g.m.Services)-1)].Name
	from := g.at(g.secs/4 + lb.rng.IntN(g.secs/2))
	to := from.Add(time.Duration(60+lb.rng.IntN(60)) * time.Second)
	kept := lb.lines[:0]
	for _, l := range lb.lines {
		if l.Service == s && !l.At.Before(from) && l.At.Before(to) {
			continue
		}
		kept = append(kept, l)
	}
	lb.lines = kept
}

// budget drops evenly spaced INFO lines when a run would exceed MaxLines:
// the access log is sampled anyway; warnings and errors are all kept.
func (lb *logBuilder) budget(limit int) {
	drop := len(lb.lines) - limit
	if drop <= 0 {
		return
	}
	// INFO lines and access lines of any status go alike, so the share of
	// failed requests among the access lines is kept.
	droppable := func(l game.LogLine) bool { return l.Level <= game.LevelInfo || isAccess(l.Msg) }
	info := 0
	for _, l := range lb.lines {
		if droppable(l) {
			info++
		}
	}
	kept, j := lb.lines[:0], 0
	for _, l := range lb.lines {
		if droppable(l) {
			gone := (j+1)*drop/max(info, 1) > j*drop/max(info, 1)
			j++
			if gone {
				continue
			}
		}
		kept = append(kept, l)
	}
	lb.lines = kept
}

func noiseMsg(svc *Service, rng *signal.Rand) string {
	switch svc.Stack {
	case StackPostgres:
		return []string{`ERROR:  duplicate key value violates unique constraint "orders_idempotency_key"`,
			`ERROR:  could not serialize access due to concurrent update`}[rng.IntN(2)]
	case StackRedis:
		return "Error accepting a client connection: error:14094412:SSL routines::sslv3 alert bad certificate"
	case StackKafka:
		return "[Controller id=2] Error completing reassignment of partition orders-3 (kafka.controller.KafkaController)"
	case StackJava:
		return []string{"com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type `java.time.Instant`",
			"o.s.w.s.m.s.DefaultHandlerExceptionResolver: Resolved [HttpMessageNotReadableException: Required request body is missing]"}[rng.IntN(2)]
	}
	return []string{"failed to publish audit event: kafka: client has run out of available brokers to talk to",
		"request failed: rpc error: code = Unavailable desc = connection reset by peer",
		"webhook delivery failed: Post \"https://hooks.partner.example/v2/events\": EOF",
		"session refresh failed: token is expired"}[rng.IntN(4)]
}

// rolloutLines are the first line each new pod of a rollout writes, naming
// the version it runs: how a release no one logged still shows.
func (lb *logBuilder) rolloutLines() []game.LogLine {
	g := lb.g
	var out []game.LogLine
	for s, svc := range g.m.Services {
		for _, p := range g.podsOf[s] {
			if p.From <= 0 {
				continue
			}
			msg := fmt.Sprintf("starting %s %s; listening on :8080", svc.Name, p.Version)
			if svc.Stack == StackJava {
				msg = fmt.Sprintf("Started %sApplication %s in %.3f seconds (process running for %.3f)", strings.ReplaceAll(svc.Name, "-", ""),
					p.Version, 6+3*lb.rng.Float64(), 8+3*lb.rng.Float64())
			}
			at := p.From + 2*time.Second + time.Duration(lb.rng.IntN(900))*time.Millisecond
			out = append(out, game.LogLine{At: g.start.Add(at), Service: svc.Name, Level: game.LevelInfo, Msg: msg,
				Attrs: game.Attrs{{Key: "pod", Value: p.Name}}})
		}
	}
	return out
}
