package sim

import (
	"bytes"

	"firedrill/game/internal/fsx"
)

// SaveYAML writes the scenario (WriteYAML) to path atomically: a crash
// leaves the old file or the whole new one, never half a scenario.
func (o *Output) SaveYAML(path string) error {
	var buf bytes.Buffer
	if err := o.WriteYAML(&buf); err != nil {
		return err
	}
	return fsx.WriteFileAtomic(path, buf.Bytes(), false)
}
