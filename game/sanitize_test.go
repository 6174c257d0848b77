package game_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"firedrill/game"
	"firedrill/game/internal/gametest"
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
			got := game.Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err := gametest.DisplaySafe(got, true); err != "" {
				t.Error(err)
			}
		})
	}
	if got := game.SanitizeLine("a\nb\x1b"); got != "a⏎b^[" {
		t.Errorf("SanitizeLine = %q", got)
	}
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
		out := game.Sanitize(in)
		if err := gametest.DisplaySafe(out, true); err != "" {
			t.Fatalf("Sanitize(%q): %s", in, err)
		}
		if again := game.Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		line := game.SanitizeLine(in)
		if err := gametest.DisplaySafe(line, false); err != "" || game.SanitizeLine(line) != line {
			t.Fatalf("SanitizeLine(%q) = %q: %s", in, line, err)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]52;c;aGk=\x07", "\u202e\u2066\u200b", "\xff\xfe", "a\tb\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := string(game.AppendSanitizedLine([]byte("x"), []byte(in))), "x"+game.SanitizeLine(in); got != want {
			t.Fatalf("AppendSanitizedLine(%q) = %q, SanitizeLine gives %q", in, got, want)
		}
		out := game.Sanitize(in)
		if err := gametest.DisplaySafe(out, true); err != "" {
			t.Fatal(err)
		}
		if game.Sanitize(out) != out {
			t.Fatalf("not idempotent: %q", out)
		}
	})
}

// TestAppendSanitizedLine checks the appending form writes what
// SanitizeLine returns, on text full of what it escapes.
func TestAppendSanitizedLine(t *testing.T) {
	pieces := []string{"a", "é", "☃", "\n", "\t", "\x00", "\x1b", "\x7f", "\u0085", "\u009b", "\u202e", "\u200b", "\u2028", "\ufffc",
		"\u3164", "\u034f", "\U000E0001", "\U000F0000", "\xff", "\xe2\x98", "\xed\xa0\x80", "ab\tc"}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		in := b.String()
		if got, want := string(game.AppendSanitizedLine(nil, []byte(in))), game.SanitizeLine(in); got != want {
			t.Fatalf("AppendSanitizedLine(%q) = %q, SanitizeLine gives %q", in, got, want)
		}
	}
}
