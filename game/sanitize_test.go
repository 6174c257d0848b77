package game

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "GET /cart 200", "GET /cart 200"},
		{"OSC 52 clipboard write", "x\x1b]52;c;ZWNobyBoaQ==\x07y", "x^[]52;c;ZWNobyBoaQ==^Gy"},
		{"CSI clear screen", "\x1b[2J\x1b[H", "^[[2J^[[H"},
		{"OSC 0 title", "\x1b]0;pwned\x1b\\", "^[]0;pwned^[\\"},
		{"C1 CSI and OSC", "a\u009b2Jb\u009d0;t\u009c", "a<U+009B>2Jb<U+009D>0;t<U+009C>"},
		{"bidi override", "evil\u202Etxt.exe", "evil<U+202E>txt.exe"},
		{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "<U+2066>a<U+2067>b<U+2068>c<U+2069>"},
		{"zero width", "a\u200Bb\u200Dc\uFEFFd", "a<U+200B>b<U+200D>c<U+FEFF>d"},
		{"NUL and DEL", "a\x00b\x7fc", "a^@b^?c"},
		{"invalid UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"tabs expand", "a\tbc\td", "a   bc  d"},
		{"newlines kept", "one\ntwo\r\n", "one\ntwo^M\n"},
		{"unicode kept", "naïve ☃ 日本", "naïve ☃ 日本"},
		{"line separator", "a\u2028b", "a<U+2028>b"},
		{"invisible letters", "a\u3164b\u115fc", "a<U+3164>b<U+115F>c"},
		{"tag characters", "a\U000E0041", "a<U+E0041>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err := displaySafe(got, true); err != "" {
				t.Error(err)
			}
		})
	}
	if got := SanitizeLine("a\nb\x1b"); got != "a⏎b^[" {
		t.Errorf("SanitizeLine = %q", got)
	}
}

// displaySafe reports what in s could act on a terminal instead of being
// shown: any control byte (newline aside, when allowed), DEL, a C1
// control, a bidi or zero-width format character, or invalid UTF-8.
func displaySafe(s string, newlines bool) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8 in " + s
	}
	for _, r := range s {
		switch {
		case r == '\n' && newlines:
		case r < 0x20 || r == 0x7f:
			return "control byte in " + s
		case r >= 0x80 && r <= 0x9f:
			return "C1 control in " + s
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return "bidi control in " + s
		case r >= 0x200b && r <= 0x200d, r == 0xfeff, r == 0x2060:
			return "zero-width character in " + s
		}
	}
	return ""
}

// TestSanitizeProperties throws random mixes of hostile bytes and runes at
// Sanitize: the output is always display-safe and sanitizing it again
// changes nothing.
func TestSanitizeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "Z", " ", "\t", "\n", "\r", "\x00", "\x1b", "\x07", "\x7f", "\xff", "\xc3", "\xe2\x80",
		"\u009b", "\u009d", "\u202e", "\u2066", "\u200b", "\ufeff", "é", "日", "⏎", "^[", "<U+202E>", "\U000E0041"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := r.IntN(20); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		in := b.String()
		out := Sanitize(in)
		if err := displaySafe(out, true); err != "" {
			t.Fatalf("Sanitize(%q): %s", in, err)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		line := SanitizeLine(in)
		if err := displaySafe(line, false); err != "" || SanitizeLine(line) != line {
			t.Fatalf("SanitizeLine(%q) = %q: %s", in, line, err)
		}
	}
}

// TestLoadedTextIsSanitized checks that hostile text in every kind of
// displayed field comes out of the loader escaped.
func TestLoadedTextIsSanitized(t *testing.T) {
	evil := `\e]52;c;aGk=\a\e[2J\u202e`
	s := mustLoad(t, map[string]string{
		"scenarios/s.yaml": strings.Replace(scenarioWith("logs:\n  - {at: +1s, service: api, level: INFO, msg: \""+evil+"\"}\n"+
			"  - include: x.jsonl\n    format: jsonl\n    service: api\n"), "title: Include test", "title: \""+evil+"\"", 1),
		"scenarios/x.jsonl": `{"ts":"+2s","msg":"\u001b]0;title\u0007","k\u001b":"v\u009b"}` + "\n",
	})
	for _, text := range []string{s.Title, s.Logs[0].Msg, s.Logs[1].Msg, s.Logs[1].Attrs[0].Key, s.Logs[1].Attrs[0].Value} {
		if err := displaySafe(text, false); err != "" || !strings.Contains(text, "^[") && !strings.Contains(text, "<U+") {
			t.Errorf("%q: %s", text, err)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]52;c;aGk=\x07", "\u202e\u2066\u200b", "\xff\xfe", "a\tb\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if err := displaySafe(out, true); err != "" {
			t.Fatal(err)
		}
		if Sanitize(out) != out {
			t.Fatalf("not idempotent: %q", out)
		}
	})
}

// FuzzLoadPack feeds arbitrary bytes to the loader as a scenario and as
// each kind of include it names: it must return errors, never panic.
func FuzzLoadPack(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/invalid/*.yaml")
	seeds = append(seeds, "testdata/valid.yaml", "../testdata/packs/mini/scenarios/cache.yaml")
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
		p, errs := LoadPack(fsys, ".")
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
	_, errs := LoadPack(fsys, ".")
	var named int
	for _, err := range errs {
		msg := err.Error()
		if bad := displaySafe(msg, false); bad != "" {
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
