package pack

import (
	"bytes"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMatchAccessIsTheRegexp checks the allocation-free matcher splits
// every line as accessLine does: the real exports under testdata/import,
// lines that make the regexp backtrack (a user holding " [", escapes, a
// broken user agent pair), and many random lines built from the pieces
// that steer it.
func TestMatchAccessIsTheRegexp(t *testing.T) {
	lines := []string{
		`127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "http://ref/" "Mozilla/4.08"`,
		`1.2.3.4 - - [20/Aug/2025:14:00:00 +0000] "GET /x HTTP/1.1" 200 12`,
		`1.2.3.4 - a [b] c [20/Aug/2025:14:00:00 +0000] "GET /x HTTP/1.1" 200 12 "r" "u" 0.003 up=1`,
		`1.2.3.4 - a [b] "x" 200 - [20/Aug/2025:14:00:00 +0000] "GET /x HTTP/1.1" 200 12`,
		`1.2.3.4 - - [t] "a \"quoted\" req\\" 404 0 "ref \" x" "ua" extra`,
		`1.2.3.4 - - [t] "req" 200 0 "ref" broken`,
		`1.2.3.4 - - [t] "req" 200 0 "ref" "ua`,
		`1.2.3.4 - - [t] "req\` + "\n" + `x" 200 0`,
		"1.2.3.4 - us\ter [t] \"r\" 200 0",
		"1.2.3.4\t- - [t] \"r\" 200 0",
		`1.2.3.4 - - [] "r" 200 0`, `1.2.3.4 - - [t] "r" 20 0`, `1.2.3.4 - - [t] "r" 2000 0`, `1.2.3.4 - - [t] "r" 200 `,
		`1.2.3.4 -  [t] "r" 200 0`, ` 1.2.3.4 - - [t] "r" 200 0`, `x y z`, ``,
		"1.2.3.4 - \xff\xfe [t\xc3] \"\\\xc3\xa9\" 200 \xe2\x80\x8b \"\" \"\"\r",
	}
	for _, name := range []string{"apache-debian11-access.log", "nginx-debian9-access.log", "nginx-rockylinux9-access.log"} {
		data, err := os.ReadFile(importDir + "access-log/" + name)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	// Random lines: the parts of a combined line, each drawn from plausible
	// and tricky choices, now and then with a random piece spliced in.
	parts := [][]string{
		{"1.2.3.4", "::1", "", "a\tb"}, {" "}, {"-", "", "x y"}, {" "},
		{"-", "frank", "a [b]", "a [b] \"c\" 200 1", "", "é\xff", "u\nv"}, {" ["},
		{"20/Aug/2025:14:00:00 +0000", "t", "", "a]b"}, {"] \""},
		{"GET / HTTP/1.1", `a \"q\" b`, `\`, `x\\`, "", "GET", "GET  /x"}, {"\" "},
		{"200", "404", "20", "2000", "abc"}, {" "}, {"12", "-", "", "1\t2"},
		{"", ` "r" "u"`, ` "r" "u`, ` "r"`, ` "r \" x" "u\\" `, ` "" ""`, ` "r"  "u"`},
		{"", " 0.003", "  up=1 ", "\n", "\r", " [x] \"y\" 200 1"},
	}
	pieces := []string{" ", "-", "\\", `"`, "[", "]", " [", "\n", "\t", "é", "\xff"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		var b strings.Builder
		for _, choices := range parts {
			b.WriteString(choices[rng.IntN(len(choices))])
			if rng.IntN(20) == 0 {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
		}
		lines = append(lines, b.String())
	}
	matched := 0
	var m accessMatch
	for _, line := range lines {
		want := accessLine.FindSubmatch([]byte(line))
		ok := matchAccess([]byte(line), &m)
		if ok != (want != nil) {
			t.Fatalf("%q: matchAccess = %v, the regexp %v", line, ok, want != nil)
		}
		if !ok {
			continue
		}
		matched++
		for i := range m {
			if !bytes.Equal(m[i], want[i+1]) || (m[i] == nil) != (want[i+1] == nil) {
				t.Fatalf("%q: group %d = %q, the regexp's %q", line, i+1, m[i], want[i+1])
			}
		}
	}
	if matched < 5000 {
		t.Fatalf("only %d of %d lines matched: the random lines test too little", matched, len(lines))
	}
}

// TestAccessTimeIsTimeParse checks the fast time reader gives what
// time.Parse gives, and leaves it what it does not read itself.
func TestAccessTimeIsTimeParse(t *testing.T) {
	times := []string{"10/Oct/2000:13:55:36 -0700", "20/Aug/2025:14:00:00 +0000", "29/Feb/2024:23:59:59 +1400",
		"29/Feb/2025:10:00:00 +0000", "31/Apr/2025:10:00:00 +0000", "00/Jan/2025:10:00:00 +0000", "01/jan/2025:10:00:00 +0000",
		"01/Jan/2025:24:00:00 +0000", "01/Jan/2025:10:60:00 +0000", "01/Jan/2025:10:00:60 +0000", "01/Jan/2025:10:00:00 +2400",
		"01/Jan/2025:10:00:00 -0060", "1/Jan/2025:10:00:00 +0000", "01/Jan/2025:10:00:00.5 +0000", "01/Jan/0000:00:00:00 -0000",
		"31/Dec/9999:23:59:59 -2359", "01/Jan/2025:10:00:00 +00:00", "01/Jan/2025:10:00:00 +0a00", "01/Jan/2025 10:00:00 +0000"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		at := time.Unix(rng.Int64N(1<<36)-1<<35, 0).In(time.FixedZone("", (rng.IntN(49)-24)*30*60))
		times = append(times, at.Format(accessTimeLayout))
	}
	fast := 0
	for _, s := range times {
		got, ok := accessTime([]byte(s))
		want, err := time.Parse(accessTimeLayout, s)
		if !ok {
			continue
		}
		fast++
		if err != nil || !got.Equal(want) || got != want.UTC() {
			t.Fatalf("%q: accessTime = %v, time.Parse %v, %v", s, got, want, err)
		}
	}
	if fast < 20000 {
		t.Fatalf("the fast reader took only %d times", fast)
	}
}
