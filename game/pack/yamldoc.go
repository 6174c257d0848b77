package pack

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"firedrill/game"
)

// Reading one YAML file of a pack: bounded in size, checked as a node tree
// (limits.go) before the strict decode, and errors put in our
// path:line: field: message form with positions taken from the tree.

func readLimited(fsys fs.FS, file string, budget *packBudget) ([]byte, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, &game.Error{File: file, Msg: cleanOSError(err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileSize {
		return nil, errorf(file, 0, "", "file is %d bytes; the limit is %d (32 MiB)", st.Size(), MaxFileSize)
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &game.Error{File: file, Msg: cleanOSError(err)}
	}
	if err := admit(file, n, budget); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// admit checks a whole YAML file of n bytes against MaxFileSize and
// charges it to the pack's budget.
func admit(file string, n int64, budget *packBudget) error {
	if n > MaxFileSize {
		return errorf(file, 0, "", "file is over the 32 MiB limit")
	}
	if !budget.charge(n) {
		return errorf(file, 0, "", "the pack is over its %d MiB limit (MaxPackBytes)", MaxPackBytes>>20)
	}
	return nil
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// decodeStrict parses data as one YAML document: first into a node tree
// (checked for limits), then strictly into out. The root is nil when the
// file could not be decoded; with unknown fields it comes back together
// with their errors, so callers validate the rest and report everything.
func decodeStrict(file string, data []byte, out any) (*yaml.Node, []error) {
	if err := preScan(file, data); err != nil {
		return nil, []error{err}
	}
	var doc yaml.Node
	nodes := yaml.NewDecoder(bytes.NewReader(data))
	if err := nodes.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, []error{errorf(file, 0, "", "empty file")}
		}
		return nil, yamlErrors(file, err)
	}
	var second yaml.Node
	if err := nodes.Decode(&second); err != io.EOF {
		line := second.Line
		if err != nil {
			line = 0
		}
		return nil, []error{errorf(file, line, "", "more than one YAML document (a file holds one; remove the \"---\")")}
	}
	if err := checkTree(file, &doc); err != nil {
		return nil, []error{err}
	}
	// Decoding from the tree instead of the bytes saves a second parse,
	// which is most of the cost of a big file; Node.Decode has no
	// KnownFields option, so unknownFields does that check on the tree.
	errs := unknownFields(file, &doc, reflect.TypeOf(out), nil)
	if err := doc.Decode(out); err != nil {
		decErrs := yamlErrors(file, err)
		for _, e := range decErrs {
			if pe, ok := e.(*game.Error); ok && pe.Field == "" && pe.Line > 0 {
				pe.Field = fieldAtLine(&doc, pe.Line)
			}
		}
		errs = append(errs, decErrs...)
		sortErrors(file, errs)
		return nil, errs
	}
	// An unknown field does not stop the load: the rest of the file
	// decoded, so its own problems are reported in the same run (an
	// author fixes everything at once, not one error per try).
	sortErrors(file, errs)
	root := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		root = doc.Content[0]
	}
	return root, errs
}

// unknownFields walks the node tree alongside the Go type it decodes into
// and reports every mapping key that names no field of its struct: the
// strict decoding docs/PACK_FORMAT.md promises ("unknown field").
func unknownFields(file string, n *yaml.Node, t reflect.Type, errs []error) []error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.DocumentNode:
		for _, c := range n.Content {
			errs = unknownFields(file, c, t, errs)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			ft, ok := fields[key.Value]
			if !ok {
				errs = append(errs, errorf(file, key.Line, short(key.Value), "unknown field %q", short(key.Value)))
				continue
			}
			errs = unknownFields(file, n.Content[i+1], ft, errs)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Map:
		for i := 1; i < len(n.Content); i += 2 {
			errs = unknownFields(file, n.Content[i], t.Elem(), errs)
		}
	case n.Kind == yaml.SequenceNode && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		for _, c := range n.Content {
			errs = unknownFields(file, c, t.Elem(), errs)
		}
	}
	return errs
}

var yamlFieldCache sync.Map // reflect.Type -> map[string]reflect.Type

// yamlFields maps the YAML names of a struct's fields to their types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := yamlFieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if opts == "inline" && f.Type.Kind() == reflect.Struct {
			for k, v := range yamlFields(f.Type) { // an embedded struct's fields are the parent's
				m[k] = v
			}
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		m[name] = f.Type
	}
	yamlFieldCache.Store(t, m)
	return m
}

// yamlErrors turns yaml.v3's messages ("line 4: field x not found in type
// game.rawLog") into positioned errors in our format.
func yamlErrors(file string, err error) []error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out []error
	for _, m := range msgs {
		line := 0
		if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		field := ""
		if strings.HasPrefix(m, "field ") && strings.Contains(m, " not found in type ") {
			name := strings.TrimPrefix(m, "field ")
			name = name[:strings.Index(name, " not found")]
			field, m = name, "unknown field "+strconv.Quote(name)
		} else if i := strings.Index(m, "cannot unmarshal "); i >= 0 {
			m = strings.ReplaceAll(m, "game.raw", "")
		}
		out = append(out, errorf(file, line, field, "%s", strings.TrimPrefix(m, "yaml: ")))
	}
	return out
}

// lineOf walks the node tree along keys (strings for mapping keys, ints for
// sequence indexes) and returns the line of the deepest node reached; for a
// mapping key, the key's own line (a block list starts on the next one).
// Error positions cost nothing until an error needs one.
func lineOf(n *yaml.Node, keys ...any) int {
	line := n.Line
	for _, k := range keys {
		key, next := childNode(n, k)
		if next == nil {
			return line
		}
		n, line = next, key.Line
	}
	return line
}

// childNode returns the node under k and the node that names it (the key
// of a mapping entry, or the item itself in a sequence).
func childNode(n *yaml.Node, k any) (key, value *yaml.Node) {
	switch k := k.(type) {
	case string:
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					return n.Content[i], n.Content[i+1]
				}
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && k >= 0 && k < len(n.Content) {
			return n.Content[k], n.Content[k]
		}
	}
	return nil, nil
}

// fieldAtLine names the mapping key whose entry is on line: yaml.v3's type
// errors give a line but not the field.
func fieldAtLine(n *yaml.Node, line int) string {
	field := ""
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if depth > MaxDepth {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k, v := n.Content[i], n.Content[i+1]; k.Line == line || v.Line == line {
					field = k.Value
				}
			}
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return game.SanitizeLine(field)
}
