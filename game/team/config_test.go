package team

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigRoundTripAndErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "firedrill", ConfigFile)
	c, err := LoadConfig(path)
	if err != nil || c != (Config{}) {
		t.Fatalf("missing config: %+v %v", c, err)
	}
	for _, kv := range [][2]string{{"name", "Jane Doe"}, {"key", "rel/player.key"}, {"team", "/srv/team"}} {
		if err := c.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if !filepath.IsAbs(c.Key) || !strings.HasSuffix(c.Key, filepath.Join("rel", "player.key")) {
		t.Errorf("key not made absolute: %q", c.Key)
	}
	if err := SaveConfig(path, c); err != nil {
		t.Fatal(err)
	}
	back, err := LoadConfig(path)
	if err != nil || back != c {
		t.Fatalf("read back %+v, %v; want %+v", back, err, c)
	}
	if err := c.Set("colour", "red"); err == nil || !strings.Contains(err.Error(), "not a config field") {
		t.Errorf("unknown field: %v", err)
	}
	for _, bad := range []string{"x\x1b[2J", strings.Repeat("a", 41), "jane/../x", "jane\tdoe"} {
		if err := c.Set("name", bad); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
	if err := os.WriteFile(path, []byte("name: jane\ncolour: red\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(path); err == nil || err.Error() != path+":2: colour: not a config field (name, key, team)" {
		t.Errorf("unknown field in the file: %v", err)
	}
	if err := os.WriteFile(path, []byte("name: [jane\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(path); err == nil || strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), path+":") {
		t.Errorf("bad YAML: %v", err)
	}
	if err := os.WriteFile(path, []byte("# nothing yet\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := LoadConfig(path); err != nil || c != (Config{}) {
		t.Errorf("a config of comments: %+v %v", c, err)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Jane Doe": "jane-doe", "ÉLODIE": "lodie", "ÉÉ": "player", "a.b_c": "a-b-c", "Zoë 2": "zo-2"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q; want %q", in, got, want)
		}
	}
}
