package seal

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestStripAnswer(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"last key",
			"id: a\nchoices: [x]\nanswer:\n  choice: x\n  debrief: |\n    secret\n\n    more\n",
			"id: a\nchoices: [x]\n"},
		{"middle key keeps the next key's comment",
			"id: a\nanswer:\n  choice: x\n  chain:\n    - secret\n\n# choices come next\nchoices: [x]\n",
			"id: a\n\n# choices come next\nchoices: [x]\n"},
		{"comment above answer goes with it",
			"id: a # keep\n# the answer is x\nanswer: # source only\n  choice: x\n",
			"id: a # keep\n"},
		{"indented comment inside the block goes",
			"id: a\nanswer:\n  # x because secret\n  choice: x\n",
			"id: a\n"},
		{"trailing comments at the end go",
			"id: a\nanswer:\n  choice: x\n# secret afterthought\n",
			"id: a\n"},
		{"crlf",
			"id: a\r\nanswer:\r\n  choice: x\r\nchoices: [x]\r\n",
			"id: a\r\nchoices: [x]\r\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := stripAnswer([]byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

// A flow-style mapping cannot be cut by lines: the node-level fallback
// removes the key and keeps the rest.
func TestStripAnswerFlowFallback(t *testing.T) {
	got, err := stripAnswer([]byte("{id: a, answer: {choice: x, debrief: secret}, choices: [x]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "secret") || strings.Contains(string(got), "answer") {
		t.Errorf("answer survived: %q", got)
	}
	var m map[string]any
	if err := yaml.Unmarshal(got, &m); err != nil || m["id"] != "a" || len(m) != 2 {
		t.Errorf("stripped = %v, %v; want id and choices", m, err)
	}
}

func TestStripAnswerErrors(t *testing.T) {
	for _, in := range []string{"id: a\n", "- a\n", "a: [\n"} {
		if _, err := stripAnswer([]byte(in)); err == nil {
			t.Errorf("stripAnswer(%q) succeeded", in)
		}
	}
}
