package pack

import (
	"bytes"
	"strconv"

	"gopkg.in/yaml.v3"

	"firedrill/game"
)

// Limits that protect the player's machine from a hostile pack (authors
// find them in docs/FORMAT_NOTES.md). Exceeding one is an error that names
// the limit, never a silent truncation.
//
//	one YAML file (pack.yaml, a scenario)   ≤ 32 MiB          MaxFileSize
//	YAML documents per file                 exactly 1
//	YAML anchors and aliases                none (packs need none; aliases are how bombs expand)
//	YAML nesting depth                      ≤ 64              MaxDepth
//	YAML nodes per file                     ≤ 1 000 000       MaxNodes
//	entries in one YAML list                ≤ 100 000         MaxListEntries
//	keys in one YAML mapping                ≤ 1 000           MaxMapKeys (and no key twice)
//	one include line                        ≤ 64 KiB          MaxLineBytes
//	log lines per scenario (inline+include) ≤ 5 000 000       MaxLogLines
//	spans per scenario                      ≤ 1 000 000       MaxSpans
//	samples in one metric series            ≤ 1 000 000       MaxSeriesSamples
//	events per scenario (inline+include)    ≤ 100 000         MaxEvents
//	one record of a JSON log document       ≤ 1 MiB           MaxRecordBytes
//	bytes read for one pack, all files      ≤ 1 GiB           MaxPackBytes
//	estimated memory of a pack's includes   ≤ --max-memory    MaxMemory (memory.go)
//	choices per scenario                    3 to 12           MinChoices, MaxChoices
//
// The YAML checks run on the node tree before the strict decode, in one
// linear pass: yaml.v3's own duplicate-key check during Decode compares
// every pair of keys, so a 50 000-key mapping must be refused before it.
// No mapping in the format needs many keys (attrs hold a few, answer.wrong
// at most 12), so MaxMapKeys is low enough that the quadratic check stays
// in milliseconds (BenchmarkMaxMapKeys).
const (
	MaxFileSize      = 32 << 20
	MaxDepth         = 64
	MaxNodes         = 1_000_000
	MaxListEntries   = 100_000
	MaxMapKeys       = 1_000
	MaxLineBytes     = 64 << 10
	MaxLogLines      = 5_000_000
	MaxSpans         = 1_000_000
	MaxSeriesSamples = 1_000_000
	MaxEvents        = 100_000
	MaxPackBytes     = 1 << 30
	MaxChoices       = 12
	MinChoices       = 3
)

// preScan bounds the node count from the raw bytes before yaml.v3 builds a
// tree: a YAML node needs a line, a comma, a bracket or an indicator of its
// own, so counting those over-estimates the nodes cheaply. A 31 MiB file of
// "- 1" lines would otherwise cost gigabytes as yaml.Nodes.
func preScan(file string, data []byte) error {
	n := bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{','}) +
		bytes.Count(data, []byte{'['}) + bytes.Count(data, []byte{'{'}) +
		bytes.Count(data, []byte("- ")) + bytes.Count(data, []byte(": "))
	if n > MaxNodes {
		return errorf(file, 0, "", "too many YAML entries (over %d nodes, MaxNodes); put bulk signals in include files", MaxNodes)
	}
	return nil
}

// checkTree is the first pass over a parsed file: it rejects aliases and
// anchors, nesting deeper than MaxDepth, too many nodes, lists and mappings
// over their entry limits, and duplicate mapping keys. It visits each node
// once, so it is linear in the file.
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
		n := it.n
		count++
		switch {
		case count > MaxNodes:
			return errorf(file, n.Line, "", "too many YAML nodes (limit %d, MaxNodes)", MaxNodes)
		case n.Kind == yaml.AliasNode || n.Anchor != "":
			return errorf(file, n.Line, "", "YAML anchors and aliases are not allowed in packs")
		case it.depth > MaxDepth:
			return errorf(file, n.Line, "", "nesting deeper than %d levels (MaxDepth)", MaxDepth)
		case n.Kind == yaml.SequenceNode && len(n.Content) > MaxListEntries:
			return errorf(file, n.Line, "", "a list of %d entries; the limit is %d (MaxListEntries): put bulk signals in include files",
				len(n.Content), MaxListEntries)
		case n.Kind == yaml.MappingNode && len(n.Content)/2 > MaxMapKeys:
			return errorf(file, n.Line, "", "a mapping of %d keys; the limit is %d (MaxMapKeys)", len(n.Content)/2, MaxMapKeys)
		case n.Kind == yaml.MappingNode:
			if err := duplicateKey(file, n); err != nil {
				return err
			}
		}
		// Children go on in reverse so nodes are visited in document order
		// and the first problem in the file is the one reported.
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, item{n.Content[i], it.depth + 1})
		}
	}
	return nil
}

// duplicateKey finds a key that appears twice in mapping n: pairwise for
// the usual handful of keys, with a map beyond that (linear, not the
// quadratic scan yaml.v3 would do).
func duplicateKey(file string, n *yaml.Node) error {
	keys := len(n.Content) / 2
	dup := func(first, again *yaml.Node) error {
		return errorf(file, again.Line, game.SanitizeLine(again.Value), "duplicate key (first at line %s)", strconv.Itoa(first.Line))
	}
	if keys <= 8 {
		for i := 0; i < 2*keys; i += 2 {
			for j := i + 2; j < 2*keys; j += 2 {
				if a, b := n.Content[i], n.Content[j]; a.Kind == b.Kind && a.Value == b.Value && a.Kind == yaml.ScalarNode {
					return dup(a, b)
				}
			}
		}
		return nil
	}
	seen := make(map[string]*yaml.Node, keys)
	for i := 0; i < 2*keys; i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if first, ok := seen[k.Value]; ok {
			return dup(first, k)
		}
		seen[k.Value] = k
	}
	return nil
}
