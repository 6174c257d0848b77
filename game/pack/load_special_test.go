package pack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"firedrill/game/internal/gametest"
)

// A pack is untrusted and may arrive as an archive holding a FIFO: opening
// one for reading blocks until a writer comes, so a FIFO as an include,
// a scenario file or pack.yaml must fail fast with an error, not hang the
// picker, list or pack validate forever.
func TestOpenRefusesSpecialFiles(t *testing.T) {
	for _, fifo := range []string{"scenarios/x.jsonl", "scenarios/s.yaml", "pack.yaml"} {
		t.Run(fifo, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"pack.yaml":         "format: firedrill/v1\nid: p\ntitle: P\nscenarios: [scenarios/s.yaml]\n",
				"scenarios/s.yaml":  scenarioWith("logs:\n  - include: x.jsonl\n    format: jsonl\n    service: api\n"),
				"scenarios/x.jsonl": `{"ts":"+1s","msg":"x"}` + "\n",
			}
			for name, data := range files {
				p := filepath.Join(dir, name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if name == fifo {
					if err := gametest.Mkfifo(p); err != nil {
						t.Skip("no FIFOs here:", err)
					}
					continue
				}
				os.WriteFile(p, []byte(data), 0o644)
			}
			done := make(chan []error, 1)
			go func() { _, errs := Open(dir); done <- errs }()
			select {
			case errs := <-done:
				if len(errs) == 0 || !strings.Contains(errs[0].Error(), "not a regular file") {
					t.Errorf("errs = %v; want %s refused as not a regular file", errs, fifo)
				}
			case <-time.After(5 * time.Second):
				// Unblock the loader's open so the test binary can exit.
				if f, err := os.OpenFile(filepath.Join(dir, fifo), os.O_WRONLY, 0); err == nil {
					f.Close()
				}
				t.Fatalf("Open hung on a FIFO at %s", fifo)
			}
		})
	}
}
