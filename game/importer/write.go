package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
)

// The draft scenario, written as YAML text: comments tell the author what
// each part is and what is left to write; every field import cannot know
// reads TODO, which `pack validate` reports until it is filled in.

// q quotes a string for YAML: a JSON string is a valid YAML double-quoted
// scalar, whatever it holds.
func q(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// scenarioYAML renders the draft scenario id with its includes.
func scenarioYAML(id string, ins []*input, d *draft, clipped bool) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Drafted by `firedrill pack import` from %d exported %s. The signals are real; the\n", len(ins), plural(len(ins), "file", "files"))
	p("# story is yours to tell: fill in every TODO (the briefing, the choices and the answer),\n")
	p("# then `firedrill pack validate` on the pack lists what is left. The format is\n")
	p("# docs/PACK_FORMAT.md in firedrill's source.\n")
	p("format: firedrill/v1\n")
	p("id: %s\n", id)
	p("title: %s\n", q("Incident of "+d.start.UTC().Format("2006-01-02 15:04")+" UTC"))
	p("difficulty: 3                   # 1 (warm-up) .. 5 (nightmare)\n")
	p("time_limit: 20m                 # the countdown\n")
	p("tags: [imported]\n")
	p("start: %s\n", stamp(d.start))
	p("duration: %s\n", fmtDuration(d.duration))
	if d.sampled > 0 {
		p("traces_sampled: %s            # log lines name traces the exports do not hold\n", strconv.FormatFloat(d.sampled, 'f', -1, 64))
	}
	p("briefing: TODO                  # what the pager said: the symptom, never the cause\n")
	p("\n# Every service the logs, metrics and traces name; calls from parent/child spans.\n")
	p("services:\n")
	for _, s := range d.services {
		p("  - name: %s\n", q(s.name))
		if len(s.calls) > 0 {
			quoted := make([]string, len(s.calls))
			for i, c := range s.calls {
				quoted[i] = q(c)
			}
			p("    calls: [%s]\n", strings.Join(quoted, ", "))
		}
	}
	declared := map[string]bool{}
	for _, s := range d.services {
		declared[s.name] = true
	}
	writeEvents(&b, ins, d, declared, clipped)
	for _, section := range []string{pack.SectionLogs, pack.SectionMetrics, pack.SectionTraces} {
		writeIncludes(&b, ins, section, declared, clipped)
	}
	writeChoices(&b, d)
	writeAnswer(&b, d)
	return b.Bytes()
}

func writeEvents(b *bytes.Buffer, ins []*input, d *draft, declared map[string]bool, clipped bool) {
	has := len(d.changes) > 0
	for _, in := range ins {
		has = has || in.detect.Section == pack.SectionEvents
	}
	if !has {
		return
	}
	fmt.Fprintf(b, "\n# The change log.\nevents:\n")
	for _, in := range ins {
		if in.detect.Section == pack.SectionEvents {
			writeInclude(b, in, declared, clipped)
			fmt.Fprintf(b, "    # kinds: {Pulled: deploy}  # optional: reason -> kind (default: scale, Warning = alert, else note)\n")
		}
	}
	if len(d.changes) == 0 {
		return
	}
	fmt.Fprintf(b, "  # Proposed from log lines that read like deploys or config changes: keep\n")
	fmt.Fprintf(b, "  # the real changes, delete the rest. An id lets the answer name one.\n")
	for _, e := range d.changes {
		fmt.Fprintf(b, "  - at: %s\n    id: %s\n    kind: %s\n    service: %s\n    text: %s\n", stamp(e.At), e.ID, e.Kind, q(e.Service), q(e.Text))
	}
}

func writeIncludes(b *bytes.Buffer, ins []*input, section string, declared map[string]bool, clipped bool) {
	first := true
	for _, in := range ins {
		if in.detect.Section != section {
			continue
		}
		if first {
			fmt.Fprintf(b, "\n%s:\n", section)
			first = false
		}
		writeInclude(b, in, declared, clipped)
	}
}

// writeInclude writes one include entry: the copy, its format and the
// options it needs.
func writeInclude(b *bytes.Buffer, in *input, declared map[string]bool, clipped bool) {
	d := in.detect
	fmt.Fprintf(b, "  # %s, from %s\n", d.Kind, game.SanitizeLine(in.path))
	fmt.Fprintf(b, "  - include: %s\n", q("../"+in.data))
	fmt.Fprintf(b, "    format: %s\n", d.Format)
	if d.Preset != "" {
		fmt.Fprintf(b, "    preset: %s\n", d.Preset)
	}
	switch {
	case !declared[in.service]:
	case d.Section == pack.SectionLogs:
		fmt.Fprintf(b, "    service: %s  # for lines that name none\n", q(in.service))
	case d.Format == pack.FormatPrometheusJSON:
		fmt.Fprintf(b, "    service: %s  # for series whose labels name none\n", q(in.service))
	}
	if in.year != 0 {
		fmt.Fprintf(b, "    year: %d  # of the first line: BSD syslog times carry none (a guess from the file's date)\n", in.year)
	}
	if clipped {
		fmt.Fprintf(b, "    clip: true  # leave out what lies outside the window\n")
	}
}

func writeChoices(b *bytes.Buffer, d *draft) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("\n# What the player picks the root cause from: 3 to 12, the real cause among them\n")
	p("# and the tempting wrong ones beside it.")
	var hints []string
	for _, e := range d.changes {
		hints = append(hints, e.ID+" ("+e.Service+")")
	}
	for i, s := range d.errors {
		if i == 3 {
			break
		}
		hints = append(hints, fmt.Sprintf("%s (%d error %s)", s.service, s.errors, plural(s.errors, "signal", "signals")))
	}
	if len(hints) > 0 {
		p(" Suspects in the data: %s.", game.SanitizeLine(strings.Join(hints[:min(len(hints), 8)], ", ")))
	}
	p("\nchoices:\n")
	for i := 1; i <= 3; i++ {
		p("  - id: cause-%d\n    text: TODO\n", i)
	}
}

func writeAnswer(b *bytes.Buffer, d *draft) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p(`
# What really happened. Sealing (firedrill pack seal) moves this block into the
# signed answer key; the player never reads it before the submit.
answer:
  choice: TODO                  # the id of the choice above that is the root cause
  onset: TODO                   # when the cause began: +offset from start or RFC 3339, before the first alert
  chain:                        # the causal chain, root first
    - TODO
    - TODO
  evidence:                     # the signals that prove it, shown in the debrief
    - TODO
  debrief: TODO                 # what the player reads after grading
  # wrong:                      # optional: why each tempting wrong pick is wrong
  #   cause-2: ...
  # red_herrings: [cause-3]     # optional: ids of services, events or choices planted to mislead
  # proof:                      # optional: the signals that prove each chain step (PACK_FORMAT.md, "Proof")
`)
	if len(d.changes) > 0 {
		p("  #   - step: 1\n  #     event: %s\n", d.changes[0].ID)
	} else {
		p("  #   - step: 1\n  #     log: {service: ..., contains: \"...\"}\n")
	}
	if l := d.errorLog; l != nil {
		p("  #   - step: 2\n  #     log: {service: %s, contains: %s}\n", q(l.Service), q(clip(l.Msg, 60)))
	} else {
		p("  #   - step: 2\n  #     metric: {service: ..., name: ..., from: +10m}\n")
	}
}

// packYAML is the pack's header.
func packYAML(id, scenarioFile string, d *draft, n int) []byte {
	return fmt.Appendf(nil, `format: firedrill/v1
id: %s
title: %s
version: 0.1.0
description: |
  Drafted by firedrill pack import from %d exported %s.
scenarios:
  - %s
`, id, q("Imported: incident of "+d.start.UTC().Format("2006-01-02 15:04")+" UTC"), n, plural(n, "file", "files"), scenarioFile)
}

// fmtDuration writes d as a Go duration without trailing zero units.
func fmtDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
