package emit

import (
	"io"

	"firedrill/game"
)

type packHeader struct {
	Format      string   `yaml:"format"`
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	Version     string   `yaml:"version"`
	Author      string   `yaml:"author"`
	Description string   `yaml:"description"`
	Scenarios   []string `yaml:"scenarios"`
}

// Pack writes a pack's header (pack.yaml): p's id, title, version, author
// and description, and its scenario files in the order players see them.
func Pack(w io.Writer, p *game.Pack, files []string) error {
	return encode(w, packHeader{Format: game.Format, ID: p.ID, Title: p.Title, Version: p.Version,
		Author: p.Author, Description: p.Description, Scenarios: files})
}
