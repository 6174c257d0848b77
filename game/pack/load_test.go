package pack

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// An unknown field does not hide the file's other problems: an author
// sees them all in one run.
func TestUnknownFieldReportedWithTheRest(t *testing.T) {
	src, err := os.ReadFile("../../testdata/packs/mini/scenarios/cache.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "id: cache-stampede", "id: Cache_Stampede\ncolour: red", 1)
	_, errs := LoadScenario(fstest.MapFS{"s.yaml": {Data: []byte(text)}}, "s.yaml")
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{`s.yaml:3: colour: unknown field "colour"`, `s.yaml:2: id: "Cache_Stampede" must match`} {
		if !strings.Contains(all, want) {
			t.Errorf("errors:\n%s\nwant one starting %q", all, want)
		}
	}
}

func TestLogsSortedStably(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("logs:\n  - {at: +3s, service: api, level: INFO, msg: c}\n" +
			"  - include: x.log\n    format: text\n"),
		"scenarios/x.log": "2025-08-20T14:00:01Z INFO api a\n2025-08-20T14:00:03Z INFO api d\n2025-08-20T14:00:01Z INFO api b\n",
	})
	var got string
	for _, l := range s.Logs.All() {
		got += l.Msg
	}
	if got != "abcd" {
		t.Errorf("order = %q, want abcd (time, then file order)", got)
	}
}

// A scenario held in memory loads like the same file on disk, and has
// nothing beside it to include.
func TestLoadScenarioData(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fromMemory, errs := LoadScenarioData("s.yaml", valid)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	fromFS, errs := LoadScenario(fstest.MapFS{"s.yaml": {Data: valid}}, "s.yaml")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !reflect.DeepEqual(fromMemory, fromFS) {
		t.Error("the scenario loaded from memory differs from the one loaded from a file")
	}
	_, errs = LoadScenarioData("s.yaml", []byte(scenarioWith("logs:\n  - include: x.log\n    format: text\n")))
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "x.log: ") {
		t.Errorf("an include from memory: %v; want one error naming x.log", errs)
	}
	_, errs = LoadScenarioData("big.yaml", make([]byte, MaxFileSize+1))
	if len(errs) != 1 || errs[0].Error() != "big.yaml: file is over the 32 MiB limit" {
		t.Errorf("an oversized scenario: %v", errs)
	}
}
