package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackImportCLI: import prints what it read and could not, the TODOs
// left, and exits 0; validate then lists those TODOs and exits 1.
func TestPackImportCLI(t *testing.T) {
	in := t.TempDir()
	for _, f := range []string{"zipkin-json/yelp.json", "syslog/rfc5424-examples.log"} {
		data, err := os.ReadFile("../../testdata/import/" + f)
		must(t, err)
		must(t, os.WriteFile(filepath.Join(in, filepath.Base(f)), data, 0o644))
	}
	must(t, os.WriteFile(filepath.Join(in, "notes.txt"), []byte("what we saw\n"), 0o644))
	out := filepath.Join(t.TempDir(), "drill")
	stdout, stderr, code := runCLI(t, "pack", "import", in, "--out", out)
	if code != 0 || stderr != "" {
		t.Fatalf("import: code %d, stderr %q\n%s", code, stderr, stdout)
	}
	for _, w := range []string{
		"read 2 files:\n",
		"yelp.json: Zipkin v2 JSON\n    -> " + filepath.Join(out, "data", "yelp.json") + ": 16 spans in 1 trace (zipkin-json)\n",
		"left out 1:\n  " + filepath.Join(in, "notes.txt") + ": text of no known log format (first line: what we saw)\n",
		"wrote " + out + ": ",
		"fill in the 10 TODOs in " + out + "/scenarios/drill.yaml",
		"drill.yaml:13: briefing: still TODO: write what the pager said",
	} {
		if !strings.Contains(stdout, w) {
			t.Errorf("import output lacks %q:\n%s", w, stdout)
		}
	}
	_, stderr, code = runCLI(t, "pack", "validate", out)
	if code != 1 || strings.Count(stderr, "still TODO") != 10 {
		t.Errorf("validate the draft: code %d, stderr\n%s\nwant 1 and the 10 TODOs", code, stderr)
	}
	if _, _, code = runCLI(t, "pack", "import", in, "--out", out); code != 1 {
		t.Errorf("import over the pack just written: code %d, want 1", code)
	}
	if _, _, code = runCLI(t, "pack", "import", in, "--out", t.TempDir(), "--since", "yesterday"); code != 2 {
		t.Errorf("a bad --since: code %d, want 2", code)
	}
	if _, _, code = runCLI(t, "pack", "import", in, "--out", t.TempDir(), "--since", "2025-01-02T00:00:00Z", "--until", "2025-01-01T00:00:00Z"); code != 2 {
		t.Errorf("--until before --since: code %d, want 2", code)
	}
	if _, _, code = runCLI(t, "pack", "import", in, "--out", filepath.Join(t.TempDir(), "x"), "--salt", "s"); code != 2 {
		t.Errorf("--salt without --redact: code %d, want 2", code)
	}
}

// TestPackRedactCLI: redact prints the count of each kind it replaced,
// and the pack holds none of the originals.
func TestPackRedactCLI(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "pack.yaml"), []byte("author: ops@acme.com\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "a.log"), []byte("10.1.2.3 GET https://u:pw12345678@api.acme.com/x\n"), 0o644))
	stdout, stderr, code := runCLI(t, "pack", "redact", dir, "--salt", "s")
	if code != 0 {
		t.Fatalf("redact: code %d, %s", code, stderr)
	}
	for _, w := range []string{"redacted 4 values in 2 files:", "IPv4 address       1 distinct, 1 replacement", "e-mail address     1 distinct, 1 replacement",
		"hostname           1 distinct, 1 replacement", "password in a URL  1 distinct, 1 replacement"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("output lacks %q:\n%s", w, stdout)
		}
	}
	for _, f := range []string{"pack.yaml", "a.log"} {
		data, _ := os.ReadFile(filepath.Join(dir, f))
		for _, o := range []string{"ops@acme.com", "10.1.2.3", "pw12345678", "api.acme.com"} {
			if strings.Contains(string(data), o) {
				t.Errorf("%s still holds %q: %s", f, o, data)
			}
		}
	}
	if _, stderr, code = runCLI(t, "pack", "redact", filepath.Join(dir, "missing")); code != 1 || strings.Contains(stderr, "\n\n") {
		t.Errorf("redact a missing folder: code %d, %q", code, stderr)
	}
}
