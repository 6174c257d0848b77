package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportToDebrief turns real exports into a drill the way the README
// says: import them (redacted), fill in the TODOs, validate, seal, and play
// the sealed pack to the debrief.
func TestImportToDebrief(t *testing.T) {
	home := t.TempDir()
	pack, sealed, key := filepath.Join(home, "outage"), filepath.Join(home, "sealed"), filepath.Join(home, "me")
	out := firedrill(t, home, "pack", "import", "testdata/import/zipkin-json", "testdata/import/k8s-events",
		"testdata/import/syslog/rfc5424-examples.log", "--out", pack, "--redact", "--salt", "e2e")
	for _, want := range []string{"read 3 files:", "16 spans in 1 trace (zipkin-json)", "17 events (k8s-events)",
		"redacted ", "IPv4 address", "fill in the 10 TODOs"} {
		if !strings.Contains(out, want) {
			t.Errorf("pack import output lacks %q:\n%s", want, out)
		}
	}
	if o, code := firedrillCode(t, home, "pack", "validate", pack); code != 1 || strings.Count(o, "still TODO") != 10 {
		t.Fatalf("validate the draft: exit %d, want 1 and the 10 TODOs:\n%s", code, o)
	}
	scenario := filepath.Join(pack, "scenarios", "outage.yaml")
	data, err := os.ReadFile(scenario)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "briefing: TODO", `briefing: "[SEV2] image pulls failing"`, 1)
	for _, c := range []string{"A deployment names an image that does not exist", "The routing tier is overloaded", "A failed su locked the host"} {
		s = strings.Replace(s, "text: TODO", `text: "`+c+`"`, 1)
	}
	s = strings.NewReplacer("choice: TODO", "choice: cause-1", "onset: TODO", "onset: +1m",
		"    - TODO", `    - "a step"`, "debrief: TODO", `debrief: "Read the change log first."`).Replace(s)
	if err := os.WriteFile(scenario, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	firedrill(t, home, "pack", "validate", pack)
	firedrill(t, home, "keygen", key)
	firedrill(t, home, "pack", "seal", pack, sealed, "--key", key)

	p := startIn(t, home, 120, 40, "play", sealed)
	p.waitFor("What is graded")
	p.send("Enter")
	p.waitFor("1 Logs")
	p.send("4")
	p.waitFor("FailedScheduling")
	p.send("S", "1", "Enter")
	p.waitFor("Why? (optional, one line)") // nothing pinned: no evidence step
	p.send("Enter")
	p.waitFor("This cannot be taken back")
	p.send("y")
	scr := p.waitFor("CORRECT")
	if !strings.Contains(scr, "Read the change log first.") {
		t.Errorf("the debrief lacks the author's text:\n%s", scr)
	}
	p.send("q")
	p.gone()
}
