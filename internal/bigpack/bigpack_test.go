package bigpack

import (
	"bytes"
	"testing"

	"firedrill/game/pack"
)

// TestWriteLoads checks the generated pack is valid, deterministic, and
// that the text form holds the same lines.
func TestWriteLoads(t *testing.T) {
	dir := t.TempDir()
	f, err := Write(dir, 2000)
	if err != nil {
		t.Fatal(err)
	}
	p, errs := pack.Open(f.Pack)
	if len(errs) > 0 {
		t.Fatalf("generated pack does not load: %v", errs)
	}
	if got := p.Scenarios[0].Logs.Len(); got != 2000 {
		t.Fatalf("%d lines, want 2000", got)
	}
	if !bytes.Equal(JSONL(2000), JSONL(2000)) {
		t.Fatal("JSONL is not deterministic")
	}
	if a, b := AppendText(nil, Make(7, 10)), AppendText(nil, Make(7, 10)); !bytes.Equal(a, b) || !bytes.Contains(a, []byte(Make(7, 10).Msg)) {
		t.Fatalf("text line %q", a)
	}
}
