// Package team is the offline team loop: the player's identity (config),
// results exported as signed files into a shared folder, the team
// leaderboard read back from that folder, and the daily drill's share
// line. It signs and verifies with game/seal, judges with game/grade's
// verdicts and sort, and keeps what it writes under game/internal/fsx's
// rules (docs/TEAMS.md describes the files).
package team

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"firedrill/game"
	"firedrill/game/internal/fsx"
)

// ConfigFile is the player's config in fsx.ConfigDir: config.yaml.
const ConfigFile = "config.yaml"

// maxConfig bounds the config file: three short lines.
const maxConfig = 64 << 10

// Config is config.yaml: who the player is on a team board and where the
// team's shared folder is. Every field may be empty.
type Config struct {
	// Name is the player's name on team boards (1..40 characters).
	Name string `yaml:"name,omitempty"`
	// Key is the player's private key (made with firedrill keygen): it
	// signs exported results.
	Key string `yaml:"key,omitempty"`
	// Team is the shared folder results are exported to and the team board
	// is read from (a git checkout, a network share, a USB stick).
	Team string `yaml:"team,omitempty"`
}

// ConfigPath is the config file's path.
func ConfigPath() (string, error) {
	dir, err := fsx.ConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, ConfigFile), nil
}

// LoadConfig reads the config at path; a missing file is an empty config.
// A problem is one line naming the file, the line and the field
// ("config.yaml:2: colour: not a config field (name, key, team)").
func LoadConfig(path string) (Config, error) {
	data, err := fsx.ReadSmallFile(path, maxConfig)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}, nil
	}
	if err != nil {
		return Config{}, err
	}
	c, line, err := parseConfig(data)
	if err != nil {
		if line > 0 {
			return Config{}, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		return Config{}, fmt.Errorf("%s: %v", path, err)
	}
	return c, nil
}

// unknownField is how yaml.v3 words an unknown field.
var unknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found`)

// yamlLine is how yaml.v3 words a syntax error's line.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func parseConfig(data []byte) (Config, int, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(&c)
	var te *yaml.TypeError
	switch {
	case errors.Is(err, io.EOF) || err == nil:
	case errors.As(err, &te) && len(te.Errors) > 0:
		if m := unknownField.FindStringSubmatch(te.Errors[0]); m != nil {
			line, _ := strconv.Atoi(m[1])
			return Config{}, line, fmt.Errorf("%s: not a config field (%s)", game.SanitizeLine(m[2]), strings.Join(Fields, ", "))
		}
		return Config{}, 0, errors.New(te.Errors[0])
	default:
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return Config{}, line, errors.New(m[2])
		}
		return Config{}, 0, errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if c.Name != "" {
		if err := CheckName(c.Name); err != nil {
			return Config{}, 0, fmt.Errorf("name: %v", err)
		}
	}
	return c, 0, nil
}

// SaveConfig writes c to path atomically, with a header that says what
// the file is.
func SaveConfig(path string, c Config) error {
	data, err := yaml.Marshal(c)
	if err != nil {
		return err
	}
	head := "# firedrill player config: change it with `firedrill config set FIELD VALUE`.\n" +
		"# name: your name on team boards; key: your private key (firedrill keygen),\n" +
		"# which signs exported results; team: the team's shared results folder.\n"
	if err := fsx.EnsureDir(filepath.Dir(path)); err != nil {
		return err
	}
	return fsx.WriteFileAtomic(path, append([]byte(head), data...), false)
}

// Fields are the config's settable fields, in the order config shows them.
var Fields = []string{"name", "key", "team"}

// Set changes one field; key and team are made absolute, so the config
// means the same from any folder.
func (c *Config) Set(field, value string) error {
	value = strings.TrimSpace(value)
	switch field {
	case "name":
		if err := CheckName(value); err != nil && value != "" {
			return fmt.Errorf("name: %v", err)
		}
		c.Name = value
	case "key", "team":
		if value != "" {
			abs, err := filepath.Abs(value)
			if err != nil {
				return err
			}
			value = abs
		}
		if field == "key" {
			c.Key = value
		} else {
			c.Team = value
		}
	default:
		return fmt.Errorf("%q is not a config field (%s)", field, strings.Join(Fields, ", "))
	}
	return nil
}

// Get is one field's value.
func (c Config) Get(field string) (string, error) {
	switch field {
	case "name":
		return c.Name, nil
	case "key":
		return c.Key, nil
	case "team":
		return c.Team, nil
	}
	return "", fmt.Errorf("%q is not a config field (%s)", field, strings.Join(Fields, ", "))
}

// CheckName accepts a player name: 1..40 characters, letters, digits,
// spaces and ._- only, so it reads the same on every board and in a file
// name.
func CheckName(name string) error {
	switch {
	case name == "":
		return errors.New("empty")
	case len([]rune(name)) > 40:
		return errors.New("longer than 40 characters")
	case name != strings.TrimSpace(name):
		return errors.New("starts or ends with a space")
	case strings.ContainsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" ._-", r)
	}):
		return fmt.Errorf("%q: use letters, digits, spaces and . _ - only", game.SanitizeLine(name))
	}
	return nil
}

// slug is name as a file-name part: lower case, runs of anything but
// a-z0-9 as one dash.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "player"
	}
	return b.String()
}
