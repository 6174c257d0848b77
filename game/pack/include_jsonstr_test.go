package pack

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestAppendUnquotedIsUnmarshal checks the scratch-buffer unescaper gives
// what json.Unmarshal gives whenever it answers, and answers for the
// escapes log lines are full of.
func TestAppendUnquotedIsUnmarshal(t *testing.T) {
	common := []string{`"plain"`, `""`, `"a \"quoted\" word"`, `"line\nnext\ttab\\ back\/slash"`, `"\u00e9t\u00C9 \u2603"`,
		`"é and ☃ as is"`, `"\b\f\r"`}
	for _, raw := range common {
		if _, ok := appendUnquoted(nil, []byte(raw)); !ok {
			t.Errorf("%s: left to encoding/json", raw)
		}
	}
	pieces := []string{"a", " ", `\"`, `\\`, `\/`, `\n`, `\t`, `\u00e9`, `\uD83D`, `\uDE00`, `\u12G4`, `\u12`, `\x`, "\\",
		`"`, "\x01", "\x7f", "é", "\xff", "\xe2\x98", "☃"}
	rng := rand.New(rand.NewPCG(5, 6))
	answered := 0
	for range 50000 {
		var b strings.Builder
		b.WriteByte('"')
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		b.WriteByte('"')
		raw := []byte(b.String())
		got, ok := appendUnquoted([]byte("keep"), raw)
		if !ok {
			if string(got) != "keep" {
				t.Fatalf("%q: dst changed to %q though left to encoding/json", raw, got)
			}
			continue
		}
		answered++
		var want string
		if err := json.Unmarshal(raw, &want); err != nil || string(got) != "keep"+want {
			t.Fatalf("%q: appendUnquoted = %q; json.Unmarshal = %q, %v", raw, got[4:], want, err)
		}
	}
	if answered < 5000 {
		t.Fatalf("answered only %d strings", answered)
	}
}

// TestLokiValuesIsUnmarshal checks a stream's values split by hand are
// the elements decoding into [][]json.RawMessage gives, and that a shape
// it cannot split gets encoding/json's verdict.
func TestLokiValuesIsUnmarshal(t *testing.T) {
	cases := []string{`[]`, ` [ ] `, `null`, `[["1","a"]]`, `[ [ "1" , "a" , {"k":"v"} ] , ["2","b\"]"] ]`, `[null,[],["1",2,true,null,[1,[2]]]]`,
		`[["1","a"],"x"]`, `{"a":1}`, `"x"`, `[1]`, `[["1","a"],{"k":1}]`, `[[ "1" ,"a\\"] ,[ {"x":"]"} ]]`}
	for _, c := range cases {
		var want [][]json.RawMessage
		wantErr := json.Unmarshal([]byte(c), &want)
		var v lokiValues
		err := v.UnmarshalJSON([]byte(c))
		if (err != nil) != (wantErr != nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("%s: error %v, encoding/json's %v", c, err, wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if v.len() != len(want) {
			t.Errorf("%s: %d elements, want %d", c, v.len(), len(want))
			continue
		}
		for i := range want {
			row := v.row(nil, i)
			if len(row) != len(want[i]) {
				t.Errorf("%s: element %d has %d values, want %d", c, i, len(row), len(want[i]))
				continue
			}
			for j := range row {
				if !bytes.Equal(row[j], want[i][j]) {
					t.Errorf("%s: element %d value %d = %s, want %s", c, i, j, row[j], want[i][j])
				}
			}
		}
	}
}

// TestAppendGoUnquotedIsUnquote checks logfmt's unquoting gives what
// strconv.Unquote gives, and fails where it fails.
func TestAppendGoUnquotedIsUnquote(t *testing.T) {
	pieces := []string{"a", " ", `\"`, `\\`, `\n`, `\t`, `\x41`, `\xff`, `\101`, `\u00e9`, `\U0001F600`, `\uD800`, `\q`, `\`, "\n",
		`'`, `\'`, "é", "\xff", "\x01"}
	rng := rand.New(rand.NewPCG(13, 14))
	agreed := 0
	for range 50000 {
		var b strings.Builder
		b.WriteString(`"\\`) // the reader unquotes only values with a backslash
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		b.WriteByte('"')
		q := b.String()
		want, wantErr := strconv.Unquote(q)
		got, ok := appendGoUnquoted([]byte("keep"), []byte(q))
		if ok != (wantErr == nil) || ok && string(got) != "keep"+want {
			t.Fatalf("%q: appendGoUnquoted = %q, %v; strconv.Unquote = %q, %v", q, got, ok, want, wantErr)
		}
		if ok {
			agreed++
		}
	}
	if agreed < 5000 {
		t.Fatalf("only %d strings unquoted", agreed)
	}
}
