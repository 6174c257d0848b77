package game

import "gopkg.in/yaml.v3"

// Limits that protect the player's machine (DESIGN.md §5). Exceeding one is
// an error, never a truncation.
const (
	MaxDepth     = 64
	MaxNodes     = 4 << 20 // YAML nodes in one file
	MaxLogLines  = 5_000_000
	MaxSpans     = 1_000_000
	MaxLineBytes = 64 << 10
	MaxPackBytes = 256 << 20
	// MaxSeriesSamples bounds one metric series (a CSV with a tiny step
	// over a long window would otherwise ask for billions of slots).
	MaxSeriesSamples = 1_000_000
	MaxChoices       = 12
	MinChoices       = 3
)

// checkTree is the first pass over a parsed file: it rejects aliases and
// anchors (packs need none, and expanding them is how alias bombs work),
// nesting deeper than MaxDepth, and trees with too many nodes. It visits
// each node once, so it is linear in the file.
func checkTree(file string, doc *yaml.Node) error {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 0 {
		return errorf(file, 0, "", "empty file")
	}
	type item struct {
		n     *yaml.Node
		depth int
	}
	stack := []item{{doc, 0}}
	count := 0
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		count++
		if count > MaxNodes {
			return errorf(file, it.n.Line, "", "too many YAML nodes (limit %d)", MaxNodes)
		}
		if it.n.Kind == yaml.AliasNode || it.n.Anchor != "" {
			return errorf(file, it.n.Line, "", "YAML anchors and aliases are not allowed in packs")
		}
		if it.depth > MaxDepth {
			return errorf(file, it.n.Line, "", "nesting deeper than %d levels", MaxDepth)
		}
		for _, c := range it.n.Content {
			stack = append(stack, item{c, it.depth + 1})
		}
	}
	return nil
}
