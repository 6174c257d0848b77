package pack

import (
	"os"
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
	for _, l := range s.Logs {
		got += l.Msg
	}
	if got != "abcd" {
		t.Errorf("order = %q, want abcd (time, then file order)", got)
	}
}
