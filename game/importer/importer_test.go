package importer

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/pack"
	"firedrill/game/redact"
	"firedrill/game/seal"
)

const fixtures = "../../testdata/import/"

// everyFormat is one export of each include format: the committed real
// exports, and three lines of each of firedrill's own formats.
var everyFormat = []string{
	"otlp-json/trace.json", "otlp-json/logs.json", "jaeger-json/ui-trace.json", "zipkin-json/yelp.json",
	"prometheus-json/prometheus-docs-query-range-up.json", "loki-json/loki-http-api-streams.json",
	"k8s-events/troubleshoot-image-pull-fail.json", "access-log/nginx-debian9-access.log",
	"syslog/rfc5424-examples.log", "syslog/debian11-messages", "journald/beats-sample-journal-event.json",
	"ecs/ecs-logging-intro.ndjson", "cloudwatch/aws-cli-get-log-events.json",
}

var ownFormats = map[string]string{
	"app.logfmt": "ts=2019-10-12T07:20:50Z level=info service=checkout msg=\"deploying checkout v2.4.1\"\n" +
		"ts=2019-10-12T07:21:00Z level=error service=checkout msg=\"payment timeout\"\n",
	"app.txt":     "2019-10-12T07:20:55Z WARN cart config reloaded from /etc/cart.yaml\n2019-10-12T07:21:10Z INFO cart ok\n",
	"metrics.csv": "time,service,name,value\n2019-10-12T07:20:00Z,cart,rps,10\n2019-10-12T07:20:10Z,cart,rps,\n2019-10-12T07:20:20Z,cart,rps,12\n",
}

// exportDir copies one file of every format into a folder.
func exportDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range everyFormat {
		data, err := os.ReadFile(fixtures + f)
		if err != nil {
			t.Fatal(err)
		}
		must(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644))
	}
	for name, data := range ownFormats {
		must(t, os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644))
	}
	return dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fillIn writes an author's answers over the draft's TODOs.
func fillIn(t *testing.T, file string) {
	t.Helper()
	data, err := os.ReadFile(file)
	must(t, err)
	s := string(data)
	s = strings.Replace(s, "briefing: TODO", `briefing: "Checkout errors at 5%"`, 1)
	for i := 1; i <= 3; i++ {
		s = strings.Replace(s, "text: TODO", `text: "Cause `+string(rune('0'+i))+`"`, 1)
	}
	s = strings.NewReplacer("choice: TODO", "choice: cause-2", "onset: TODO", "onset: +1m",
		"    - TODO", `    - "a step"`, "debrief: TODO", `debrief: "what happened"`).Replace(s)
	must(t, os.WriteFile(file, []byte(s), 0o644))
}

// TestImportEveryFormat: a folder holding one file of every format becomes
// a pack whose only problems are its TODO fields, one per field to write;
// filled in, it validates, and the right pick grades correct.
func TestImportEveryFormat(t *testing.T) {
	out := filepath.Join(t.TempDir(), "Checkout Outage")
	res, err := Import(Options{Paths: []string{exportDir(t)}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(everyFormat) + len(ownFormats); len(res.Files) != n || len(res.Skipped) != 0 {
		t.Fatalf("read %d files, skipped %v; want all %d", len(res.Files), res.Skipped, n)
	}
	formats := map[string]bool{}
	for _, f := range res.Files {
		formats[f.Format] = true
	}
	if len(formats) != 13 {
		t.Errorf("formats read: %v; want all 13", formats)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems besides the TODOs: %v", res.Problems)
	}
	var fields []string
	for _, e := range res.Todo {
		var ge *game.Error
		if !asGameError(e, &ge) || ge.Line == 0 || !strings.Contains(ge.Msg, "still TODO: write ") {
			t.Errorf("TODO error without a line or a what-to-write: %v", e)
			continue
		}
		fields = append(fields, ge.Field)
	}
	sort.Strings(fields)
	want := "briefing chain chain choice debrief evidence onset text text text"
	if got := strings.Join(fields, " "); got != want {
		t.Errorf("TODO fields %q, want %q", got, want)
	}
	if res.Scenario != "scenarios/checkout-outage.yaml" {
		t.Errorf("scenario %q, want its id from the folder name", res.Scenario)
	}
	scenario := filepath.Join(out, res.Scenario)
	draft, _ := os.ReadFile(scenario)
	for _, w := range []string{`- name: "routing"`, `calls: ["unknown", "yelp-main"]`, "id: deploy-1", "kind: deploy",
		"id: config-1", "format: k8s-events", "year: ", "preset: ecs", "preset: cloudwatch", "traces_sampled"} {
		if !strings.Contains(string(draft), w) {
			t.Errorf("the draft lacks %q", w)
		}
	}
	fillIn(t, scenario)
	p, errs := pack.Open(out)
	if len(errs) > 0 {
		t.Fatalf("filled in, the draft does not load: %v", errs)
	}
	s := p.Scenarios[0]
	if s.Logs.Len() == 0 || len(s.Traces) == 0 || len(s.Metrics) == 0 || len(s.Events) == 0 {
		t.Errorf("loaded %d logs, %d traces, %d series, %d events; want some of each", s.Logs.Len(), len(s.Traces), len(s.Metrics), len(s.Events))
	}
	key, err := seal.KeyFor(p, s)
	must(t, err)
	for pick, want := range map[string]bool{"cause-2": true, "cause-1": false} {
		r, err := grade.Grade(key, s, pick, grade.Input{PackID: p.ID, Mode: game.ModePractice, TimeLeft: time.Minute})
		if err != nil || r.Correct != want {
			t.Errorf("grade(%s) = %+v, %v; want correct %v", pick, r, err, want)
		}
	}
}

func asGameError(err error, target **game.Error) bool {
	ge, ok := err.(*game.Error)
	*target = ge
	return ok
}

// TestImportWindow: --since and --until set the window, clip the includes
// that reach past it, and leave out files with nothing inside it.
func TestImportWindow(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p")
	since := time.Date(2015, 7, 1, 20, 10, 0, 0, time.UTC)
	until := time.Date(2015, 7, 1, 20, 10, 55, 0, time.UTC)
	res, err := Import(Options{Paths: []string{fixtures + "prometheus-json", fixtures + "syslog/rfc5424-examples.log"},
		Out: out, Since: since, Until: until})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Start.Equal(since) || res.Duration != time.Minute {
		t.Errorf("window %v + %v, want %v + 1m (55s rounded up)", res.Start, res.Duration, since)
	}
	var read []string
	for _, f := range res.Files {
		read = append(read, filepath.Base(f.Path))
	}
	if got := strings.Join(read, " "); got != "prometheus-docs-query-range-up.json prometheus-docs-query-up.json" {
		t.Errorf("read %q; want the two files with samples in the window", got)
	}
	if len(res.Skipped) != 3 || !strings.Contains(res.Skipped[0].Why, "between --since and --until") {
		t.Errorf("skipped %v; want the three files outside the window", res.Skipped)
	}
	clipped := 0
	for _, inc := range res.Includes {
		clipped += inc.Clipped
	}
	if clipped != 2 || len(res.Problems) > 0 {
		t.Errorf("clipped %d samples (want 2: the 20:11:00 sample of each series), problems %v", clipped, res.Problems)
	}
}

// TestImportRedact: an import with --redact leaves none of the originals
// found in its inputs in any file of the pack, and the pack still reads.
func TestImportRedact(t *testing.T) {
	in := exportDir(t)
	out := filepath.Join(t.TempDir(), "p")
	res, err := Import(Options{Paths: []string{in}, Out: out, Redact: &redact.Options{Salt: "x"}})
	if err != nil || res.Redacted == nil || res.Redacted.Total() == 0 {
		t.Fatalf("import --redact: %v, %+v", err, res.Redacted)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("the redacted draft has problems: %v", res.Problems)
	}
	var inputs [][]byte
	entries, _ := os.ReadDir(in)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(in, e.Name()))
		must(t, err)
		inputs = append(inputs, data)
	}
	_, r := redact.Files(inputs, redact.Options{Salt: "x"})
	originals := r.Originals()
	if len(originals) < 5 {
		t.Fatalf("only %d originals in the inputs: %v", len(originals), originals)
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		must(t, err)
		for o := range originals {
			if wordIn(data, o) {
				t.Errorf("%s still holds %q", p, o)
			}
		}
		return nil
	})
}

// wordIn is grep -w -F.
func wordIn(data []byte, w string) bool {
	re := regexp.MustCompile(`(^|[^A-Za-z0-9_])` + regexp.QuoteMeta(w) + `($|[^A-Za-z0-9_])`)
	return re.Match(data)
}

// TestImportHostileInputs: each file that cannot be read is skipped with
// one line that says why; none stops the import or panics.
func TestImportHostileInputs(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"a.json.gz":   {0x1f, 0x8b, 8, 0, 0, 0},
		"blob.bin":    {'x', 0, 1, 2},
		"empty.log":   nil,
		"deep.json":   []byte(`{"resourceSpans":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"),
		"huge.json":   []byte(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up"},"values":[[1e308,"1"]]}]}}`),
		"shape.json":  []byte(`{"resourceSpans": 42}`),
		"prose.txt":   []byte("Dear team, the outage began when...\n"),
		"ok.logfmt":   []byte("ts=2019-10-12T07:20:50Z level=info service=a msg=hi\n"),
		"metrics.csv": []byte("time,service,name,value\n+10s,a,rps,1\n"),
	}
	for name, data := range files {
		must(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	must(t, syscall.Mkfifo(filepath.Join(dir, "pipe.log"), 0o644))
	res, err := Import(Options{Paths: []string{dir, filepath.Join(dir, "missing.log")}, Out: filepath.Join(t.TempDir(), "p")})
	if err != nil {
		t.Fatal(err)
	}
	// every file but ok.logfmt, and the FIFO and the missing file besides
	if len(res.Files) != 1 || len(res.Skipped) != len(files)+1 {
		t.Fatalf("read %d, skipped %d: %v; want 1 read and %d skipped", len(res.Files), len(res.Skipped), res.Skipped, len(files)+1)
	}
	why := map[string]string{"a.json.gz": "gunzip", "blob.bin": "binary", "empty.log": "empty", "deep.json": "deep.json:1:",
		"huge.json": "huge.json:1: values", "shape.json": "want an array", "prose.txt": "no known log format",
		"metrics.csv": "offsets", "pipe.log": "not a regular file", "missing.log": "no such file"}
	for _, s := range res.Skipped {
		if w := why[filepath.Base(s.Path)]; w == "" || !strings.Contains(s.Why, w) || strings.Contains(s.Why, "\n") {
			t.Errorf("%s: reason %q, want one line saying %q", s.Path, s.Why, w)
		}
	}
	_, err = Import(Options{Paths: []string{filepath.Join(dir, "blob.bin")}, Out: filepath.Join(t.TempDir(), "q")})
	if err == nil || !strings.Contains(err.Error(), "no file could be read") {
		t.Errorf("nothing readable: %v, want an error", err)
	}
	taken := t.TempDir()
	must(t, os.WriteFile(filepath.Join(taken, "x"), nil, 0o644))
	if _, err := Import(Options{Paths: []string{dir}, Out: taken}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a non-empty --out: %v, want refused", err)
	}
	if entries, _ := os.ReadDir(taken); len(entries) != 1 {
		t.Errorf("the refused --out was changed: %v", entries)
	}
}

// TestImportSyslogYearFromSince: BSD syslog times carry no year; with
// --since the import places them in its year (not the file's date) and
// writes that year on the include.
func TestImportSyslogYearFromSince(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p")
	since := time.Date(2022, 10, 10, 23, 0, 0, 0, time.UTC)
	res, err := Import(Options{Paths: []string{fixtures + "syslog/debian11-messages"}, Out: out, Since: since, Until: since.Add(time.Hour)})
	if err != nil || len(res.Files) != 1 || len(res.Problems) > 0 {
		t.Fatalf("import: %v, %+v", err, res)
	}
	draft, _ := os.ReadFile(filepath.Join(out, res.Scenario))
	if !strings.Contains(string(draft), "year: 2022 ") {
		t.Errorf("the draft's syslog include lacks year: 2022:\n%s", draft)
	}
}

// TestImportEachFixture: every committed export imports alone into a
// draft whose only problems are its TODOs, with what its reader found
// and the services and calls it shows; the two the readers refuse are
// left out with why.
func TestImportEachFixture(t *testing.T) {
	type want struct {
		format          string
		services, calls int
		summary         string // what the include gave, after its name
	}
	table := map[string]want{
		"access-log/apache-debian11-access.log":               {"access-log", 1, 0, "5 log lines (access-log)"},
		"access-log/nginx-debian9-access.log":                 {"access-log", 1, 0, "19 log lines (access-log)"},
		"access-log/nginx-rockylinux9-access.log":             {"access-log", 1, 0, "4 log lines (access-log)"},
		"cloudwatch/aws-cli-filter-log-events.json":           {"jsonl", 1, 0, "2 log lines (jsonl)"},
		"cloudwatch/aws-cli-get-log-events.json":              {"jsonl", 1, 0, "3 log lines (jsonl)"},
		"ecs/ecs-logging-intro.ndjson":                        {"jsonl", 1, 0, "3 log lines (jsonl)"},
		"ecs/ecs-pino-http-pretty.json":                       {"jsonl", 1, 0, "1 log line (jsonl)"},
		"jaeger-json/query-api-duplicate-span.json":           {"jaeger-json", 1, 0, "1 span in 1 trace (1 identical span exported twice, dropped) (jaeger-json)"},
		"jaeger-json/ui-trace.json":                           {"jaeger-json", 2, 1, "11 spans in 1 trace (jaeger-json)"},
		"journald/beats-corner-cases.json":                    {"journald", 2, 0, "2 log lines (journald)"},
		"journald/beats-sample-journal-event.json":            {"journald", 1, 0, "1 log line (journald)"},
		"k8s-events/troubleshoot-image-pull-fail.json":        {"k8s-events", 4, 0, "17 events (k8s-events)"},
		"loki-json/loki-http-api-streams.json":                {"loki-json", 1, 0, "2 log lines (loki-json)"},
		"otlp-json/logs.json":                                 {"otlp-json", 1, 0, "1 log line (otlp-json)"},
		"otlp-json/telemetrygen-duplicate-span.json":          {"otlp-json", 1, 0, "1 span in 1 trace (1 identical span exported twice, dropped) (otlp-json)"},
		"otlp-json/trace.json":                                {"otlp-json", 1, 0, "1 span in 1 trace (otlp-json)"},
		"prometheus-json/jaeger-spm-matrix.json":              {"prometheus-json", 1, 0, "1 series, 1 sample (prometheus-json)"},
		"prometheus-json/prometheus-docs-query-range-up.json": {"prometheus-json", 2, 0, "2 series, 6 samples (prometheus-json)"},
		"prometheus-json/prometheus-docs-query-up.json":       {"prometheus-json", 2, 0, "2 series, 2 samples (prometheus-json)"},
		"prometheus-json/prometheus-ui-range-gap.json":        {"prometheus-json", 1, 0, "1 series, 23 samples (53 gaps) (prometheus-json)"},
		"syslog/debian11-messages":                            {"syslog", 3, 0, "20 log lines (syslog)"},
		"syslog/rfc3164-continuation.log":                     {"syslog", 1, 0, "6 log lines (syslog)"},
		"syslog/rfc5424-examples.log":                         {"syslog", 3, 0, "4 log lines (syslog)"},
		"zipkin-json/yelp.json":                               {"zipkin-json", 6, 6, "16 spans in 1 trace (zipkin-json)"},
	}
	refused := map[string]string{
		"jaeger-json/ui-conflicting-span-ids.json":        "spanID: 0000000000000002 appears twice in trace 0000000000000001 with different content",
		"loki-json/loki-marshal-structured-metadata.json": "times are offsets or before 1970",
	}
	for f, w := range table {
		t.Run(f, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "p")
			res, err := Import(Options{Paths: []string{fixtures + f}, Out: out})
			if err != nil || len(res.Files) != 1 {
				t.Fatalf("import: %v, %+v", err, res)
			}
			got := want{res.Files[0].Format, res.Services, res.Calls, ""}
			if len(res.Includes) == 1 {
				got.summary = strings.TrimPrefix(res.Includes[0].String(), res.Includes[0].File+": ")
			}
			if got != w || len(res.Problems) > 0 || len(res.Todo) != 10 {
				t.Errorf("got %+v, problems %v, %d TODOs; want %+v and the 10 TODOs alone", got, res.Problems, len(res.Todo), w)
			}
		})
	}
	for f, why := range refused {
		res, err := Import(Options{Paths: []string{fixtures + f}, Out: filepath.Join(t.TempDir(), "p")})
		if err == nil || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Why, why) {
			t.Errorf("%s: %v, %+v; want left out because %q", f, err, res, why)
		}
	}
}
