package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"firedrill/ui/replay"
)

func TestReplayArgumentErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.json")
	garbage := filepath.Join(t.TempDir(), "garbage.json")
	if err := os.WriteFile(garbage, []byte(`{"version": 1, "surprise": true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	fixture := "../../testdata/replay/result.json"
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no --pack", []string{"replay", fixture}, 1, "--pack is required"},
		{"no result", []string{"replay", missing, "--pack", "../../testdata/packs/mini"}, 1, "nope.json"},
		{"not a result", []string{"replay", garbage, "--pack", "../../testdata/packs/mini"}, 1, "not a result file"},
		{"no pack there", []string{"replay", fixture, "--pack", filepath.Join(t.TempDir(), "gone")}, 1, "--pack"},
		{"no result argument", []string{"replay", "--pack", "../../testdata/packs/mini"}, 2, "accepts 1 arg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, code, err := run(t, tt.args...)
			if code != tt.code || err == nil {
				t.Fatalf("exit %d (%v), want %d", code, err, tt.code)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line containing %q", msg, tt.want)
			}
		})
	}
}

// Replay checks the pack against the result's MANIFEST digest and warns,
// without refusing, when they differ.
func TestReplayLoadWarnsOnOtherPack(t *testing.T) {
	pack, _, result := interviewSetup(t, "cache-invalidation")
	in, err := replay.Load(result, pack)
	if err != nil {
		t.Fatal(err)
	}
	if in.Warning != "" {
		t.Errorf("the candidate's own pack: warning %q, want none", in.Warning)
	}

	other := filepath.Join(t.TempDir(), "other.json")
	data, _ := os.ReadFile(result)
	digest := in.Result.PackManifestDigest
	edited := strings.Replace(string(data), digest, strings.Repeat("ab", 32), 1)
	if err := os.WriteFile(other, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err = replay.Load(other, pack)
	if err != nil {
		t.Fatalf("another pack's result must still replay: %v", err)
	}
	if !strings.Contains(in.Warning, "not the pack the candidate played") {
		t.Errorf("warning %q does not say the pack differs", in.Warning)
	}

	in, err = replay.Load(result, "../../testdata/packs/mini")
	if err != nil || !strings.Contains(in.Warning, "not sealed") {
		t.Errorf("unsealed pack: warning %q, err %v", in.Warning, err)
	}
}
