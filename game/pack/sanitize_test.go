package pack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"firedrill/game/internal/gametest"
)

// TestLoadedTextIsSanitized checks that hostile text in every kind of
// displayed field comes out of the loader escaped.
func TestLoadedTextIsSanitized(t *testing.T) {
	evil := `\e]52;c;aGk=\a\e[2J\u202e`
	s := mustLoad(t, map[string]string{
		"scenarios/s.yaml": strings.Replace(scenarioWith("logs:\n  - {at: +1s, service: api, level: INFO, msg: \""+evil+"\"}\n"+
			"  - include: x.jsonl\n    format: jsonl\n    service: api\n"), "title: Include test", "title: \""+evil+"\"", 1),
		"scenarios/x.jsonl": `{"ts":"+2s","msg":"\u001b]0;title\u0007","k\u001b":"v\u009b"}` + "\n",
	})
	for _, text := range []string{s.Title, s.Logs.Msg(0), s.Logs.Msg(1), s.Logs.Attrs(1)[0].Key, s.Logs.Attrs(1)[0].Value} {
		if err := gametest.DisplaySafe(text, false); err != "" || !strings.Contains(text, "^[") && !strings.Contains(text, "<U+") {
			t.Errorf("%q: %s", text, err)
		}
	}
}

// FuzzLoadPack feeds arbitrary bytes to the loader as a scenario and as
// each kind of include it names: it must return errors, never panic.
func FuzzLoadPack(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/invalid/*.yaml")
	seeds = append(seeds, "testdata/valid.yaml", "../../testdata/packs/mini/scenarios/cache.yaml")
	for _, file := range seeds {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data, []byte(`{"ts":"+1s","level":"info","service":"api","msg":"x"}`))
		}
	}
	f.Add([]byte(scenarioWith("logs:\n  - include: x\n    format: jsonl\n")), []byte(`{"ts":1755698401,"msg":"\u001b"}`))
	f.Add([]byte(scenarioWith("logs:\n  - include: x\n    format: logfmt\n")), []byte(`ts=+1s msg="a \"b\"" k`))
	f.Add([]byte(scenarioWith("metrics:\n  - include: x\n    format: csv\n")), []byte("time,service,name,value\n+0s,api,p,1\n"))
	f.Add([]byte(scenarioWith("traces:\n  - include: x\n    format: otlp-json\n")), []byte(otlpLines))
	f.Add([]byte(scenarioWith("traces:\n  - include: x\n    format: otlp-json\n")), []byte(otlpOneObject))
	pack := []byte("format: firedrill/v1\nid: p\ntitle: P\nscenarios: [s.yaml]\n")
	f.Fuzz(func(t *testing.T, scenario, include []byte) {
		fsys := fstest.MapFS{"pack.yaml": {Data: pack}, "s.yaml": {Data: scenario}, "x": {Data: include},
			"x.jsonl": {Data: include}, "../data/app.jsonl": {Data: include}}
		p, errs := Load(fsys, ".")
		if (p == nil) == (len(errs) == 0) {
			t.Fatalf("pack %v with %d errors", p != nil, len(errs))
		}
	})
}

// A pack chooses the names of its scenario and include files; a missing
// one is reported by name, and that name must not reach the terminal raw.
func TestErrorSanitizesFileNames(t *testing.T) {
	pack := "format: firedrill/v1\nid: p\ntitle: P\nscenarios: [\"s\\e]0;pwned\\a.yaml\", x.yaml]\n"
	fsys := fstest.MapFS{"pack.yaml": {Data: []byte(pack)},
		"x.yaml": {Data: []byte(scenarioWith("logs:\n  - include: \"x\\e[2J\\u202e.jsonl\"\n    format: jsonl\n    service: api\n"))}}
	_, errs := Load(fsys, ".")
	var named int
	for _, err := range errs {
		msg := err.Error()
		if bad := gametest.DisplaySafe(msg, false); bad != "" {
			t.Errorf("%q: %s", msg, bad)
		}
		if strings.Contains(msg, "^[") {
			named++
		}
	}
	if named != 2 {
		t.Errorf("%d errors name the two missing files (escaped); want 2: %v", named, errs)
	}
}
