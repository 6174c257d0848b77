// Package fsx holds the file-system helpers the game packages share: the
// atomic write every saved file goes through, bounded reads of small files,
// and the XDG folders firedrill keeps its data and config in. It is
// internal: ui/ and cmd/ reach these through the package that owns the
// data (play.DataDir, pack.InstalledDir, seal.DefaultTrustStore).
package fsx

import (
	"os"
	"path/filepath"
)

// DataDir is where firedrill keeps sessions, results, the leaderboard and
// installed packs: $XDG_DATA_HOME/firedrill, else ~/.local/share/firedrill.
func DataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "firedrill"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "firedrill"), nil
}

// ConfigDir holds config.yaml and the trusted author keys.
func ConfigDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "firedrill"), nil
}

// PacksDir is where installed packs live.
func PacksDir() (string, error) {
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "packs"), nil
}

// EnsureDir creates dir (and parents) private to the user: 0700.
func EnsureDir(dir string) error { return os.MkdirAll(dir, 0o700) }
