package pack

import (
	"bytes"
	"encoding/json"
)

// The log sink's mapped mode: an include with a field mapping (fields:, a
// preset, or the journald format) names which field is the time, level,
// message, service and trace, possibly as dotted paths into nested objects
// ({"log": {"level": "warn"}} is log.level, as is a flat "log.level" key).
// A role may have several candidate fields; the best-ranked one a record
// has wins and the others stay as attributes, so nothing is dropped.

// candidate is the best field seen so far for one role of a record.
type candidate struct {
	set      bool
	rank     uint8
	key, val []byte
}

// mappedLine holds the candidates of the record being built.
type mappedLine struct {
	best [numRoles]candidate
}

func (m *mappedLine) reset() {
	for i := range m.best {
		m.best[i].set = false
	}
}

// mappedField files one field under its role, or as an attribute.
func (k *logSink) mappedField(key, val []byte) {
	rr, ok := k.opts.roles[string(key)]
	if !ok {
		k.attr(key, val)
		return
	}
	if rr.role == roleDrop {
		return
	}
	c := &k.mapped.best[rr.role]
	switch {
	case !c.set:
	case rr.rank < c.rank:
		k.attr(c.key, c.val) // the displaced candidate stays, as an attribute
	default:
		k.attr(key, val)
		return
	}
	c.set, c.rank = true, rr.rank
	c.key = append(c.key[:0], key...)
	c.val = append(c.val[:0], val...)
}

// resolveMapped applies the winning candidate of each role.
func (k *logSink) resolveMapped() {
	b := &k.mapped.best
	if c := &b[roleTime]; c.set {
		k.setTime(c.val)
	}
	if c := &b[roleLevel]; c.set {
		k.setLevel(c.val)
	}
	if c := &b[roleMsg]; c.set {
		k.setMsg(c.val)
	}
	if c := &b[roleService]; c.set {
		k.setService(c.val)
	}
	if c := &b[roleTrace]; c.set {
		k.setTrace(c.val)
	}
}

// roleOf is the role of a field path under the include's options.
func (k *logSink) roleOf(key []byte) fieldRole {
	if k.mapped == nil {
		return roleAttr
	}
	return k.opts.roles[string(key)].role
}

// descends says whether the sink reads into the object under key rather
// than keeping it as JSON text: when a mapped path continues inside it.
// Without a mapping, only "service" (for {"service": {"name": …}}).
func (k *logSink) descends(key []byte) bool {
	if k.mapped == nil {
		return string(key) == "service"
	}
	return k.opts.prefixes[string(key)]
}

// nested takes a field whose value is an object or an array (raw JSON).
func (k *logSink) nested(key, raw []byte) {
	k.nestedAt(0, key, raw)
}

// nestedAt handles a nested value at the given depth of descent.
func (k *logSink) nestedAt(depth int, key, raw []byte) {
	switch {
	case raw[0] == '{' && depth < maxFieldPathDots && k.descends(key):
		for len(k.nesting) <= depth {
			k.nesting = append(k.nesting, &nestedKey{k: k, depth: len(k.nesting)})
		}
		nk := k.nesting[depth]
		nk.prefix = append(append(nk.prefix[:0], key...), '.')
		if err := nk.js.objectFunc(raw, nk.field, nk.nested); err != nil {
			k.fail(string(key), "%v", err)
		}
	case raw[0] == '[' && k.opts != nil && k.opts.bytesMessage && k.roleOf(key) == roleMsg:
		if b, ok := jsonByteArray(raw, k.msgBytes[:0]); ok {
			k.msgBytes = b
			k.field(key, b)
			return
		}
		k.field(key, raw)
	default:
		if bytes.IndexByte(raw, '\n') >= 0 {
			// A pretty-printed document's nested values keep one line.
			k.compact.Reset()
			if json.Compact(&k.compact, raw) == nil {
				raw = k.compact.Bytes()
			}
		}
		k.field(key, raw)
	}
}

// nestedKey scans an object the mapping reaches into, naming its fields
// by their full dotted path. One per depth, so scratch buffers of an outer
// object are never overwritten by an inner one.
type nestedKey struct {
	k      *logSink
	depth  int
	prefix []byte
	full   []byte
	js     jsonScanner
}

func (nk *nestedKey) path(key []byte) []byte {
	nk.full = append(append(nk.full[:0], nk.prefix...), key...)
	return nk.full
}

func (nk *nestedKey) field(key, val []byte) { nk.k.field(nk.path(key), val) }

func (nk *nestedKey) nested(key, raw []byte) { nk.k.nestedAt(nk.depth+1, nk.path(key), raw) }

// jsonByteArray decodes a JSON array of byte values ([72, 105]) into buf.
func jsonByteArray(raw, buf []byte) ([]byte, bool) {
	i := skipWS(raw, 1)
	if i < len(raw) && raw[i] == ']' {
		return buf, true
	}
	for i < len(raw) {
		n, digits := 0, 0
		for i < len(raw) && raw[i] >= '0' && raw[i] <= '9' && digits < 4 {
			n = n*10 + int(raw[i]-'0')
			i++
			digits++
		}
		if digits == 0 || n > 255 {
			return nil, false
		}
		buf = append(buf, byte(n))
		i = skipWS(raw, i)
		switch {
		case i < len(raw) && raw[i] == ',':
			i = skipWS(raw, i+1)
		case i < len(raw) && raw[i] == ']':
			return buf, i+1 == len(raw)
		default:
			return nil, false
		}
	}
	return nil, false
}
