package seal

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// stripAnswer removes the top-level `answer:` block from a scenario file
// (an error if it has none); see stripKey.
func stripAnswer(data []byte) ([]byte, error) { return stripKey(data, "answer", true) }

// stripHints removes a top-level `hints:` block, if there is one: an
// interview pack carries no hints (see stripKey).
func stripHints(data []byte) ([]byte, error) { return stripKey(data, "hints", false) }

// stripKey removes the top-level block of key from a scenario file.
// It cuts the block's exact line range from the text, so every comment and
// every byte of formatting elsewhere survives: the author's file stays
// recognizable and diffs against the source stay small. The range is
//
//   - the comment lines directly above `answer:` (they describe it),
//   - the `answer:` line through the line before the next top-level key,
//   - except the blank and column-0 comment lines just above that next key
//     (they describe the next key); at the end of the file, to the end.
//
// When the text does not have that simple shape (a flow-style top mapping,
// say) it falls back to deleting the key from the yaml.Node tree and
// re-encoding, which keeps the content but not every comment. A file
// without the key is an error when required, else returned unchanged.
func stripKey(data []byte, key string, required bool) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not a YAML mapping")
	}
	top := doc.Content[0]
	idx := keyIndex(top, key)
	switch {
	case idx < 0 && required:
		return nil, fmt.Errorf("no %s block to strip", key)
	case idx < 0:
		return data, nil
	}
	if out, ok := cutKeyLines(data, top, idx); ok {
		return out, nil
	}
	top.Content = append(top.Content[:idx:idx], top.Content[idx+2:]...)
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return nil, fmt.Errorf("re-encoding without %s: %v", key, err)
	}
	return out, nil
}

// keyIndex is the index of key's node in a mapping's Content (keys at
// even indexes), or -1.
func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// cutKeyLines cuts the block of the key at idx by line range; false when
// the text is not a block mapping at column 1 or the cut does not leave a
// valid mapping with exactly that key gone.
func cutKeyLines(data []byte, top *yaml.Node, idx int) ([]byte, bool) {
	key := top.Content[idx]
	if top.Style&yaml.FlowStyle != 0 || key.Column != 1 {
		return nil, false
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	start := key.Line - 1 // 0-based first line to cut
	for start > 0 && isColumn0Comment(lines[start-1]) {
		start--
	}
	end := len(lines) // 0-based line after the cut
	if idx+2 < len(top.Content) {
		next := top.Content[idx+2]
		if next.Column != 1 || next.Line <= key.Line {
			return nil, false
		}
		end = next.Line - 1
		for end > key.Line && (isBlank(lines[end-1]) || isColumn0Comment(lines[end-1])) {
			end--
		}
	}
	if start < 0 || end > len(lines) || start >= end {
		return nil, false
	}
	var out bytes.Buffer
	for _, l := range lines[:start] {
		out.Write(l)
	}
	for _, l := range lines[end:] {
		out.Write(l)
	}
	var check yaml.Node
	if yaml.Unmarshal(out.Bytes(), &check) != nil || len(check.Content) != 1 {
		return nil, false
	}
	m := check.Content[0]
	if m.Kind != yaml.MappingNode || keyIndex(m, key.Value) >= 0 || len(m.Content) != len(top.Content)-2 {
		return nil, false
	}
	return out.Bytes(), true
}

// hasAnswerBlock reports whether a YAML file has a top-level answer key.
func hasAnswerBlock(name string, data []byte) bool {
	if ext := path.Ext(name); ext != ".yaml" && ext != ".yml" {
		return false
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return false
	}
	return keyIndex(doc.Content[0], "answer") >= 0
}

func isBlank(line []byte) bool { return len(bytes.TrimSpace(line)) == 0 }

func isColumn0Comment(line []byte) bool { return strings.HasPrefix(string(line), "#") }
