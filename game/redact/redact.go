// Package redact replaces what identifies people and systems in a pack's
// files (IP addresses, e-mail addresses, tokens, keys, passwords, host
// names) with pseudonyms that are the same across every file: one pass
// finds every original in all the files, the next gives each a pseudonym
// (keyed by a salt, so a salt gives the same pseudonyms every time), the
// last replaces each original wherever it stands as a word of its own, the
// way `grep -w` finds it. Pseudonyms keep each kind's shape (an IP stays an
// IP, a host a host name) so the pack's readers still parse the files.
package redact

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// Kind is what an original is.
type Kind string

// The kinds, in the order the summary lists them.
const (
	KindIPv4        Kind = "IPv4 address"
	KindIPv6        Kind = "IPv6 address"
	KindEmail       Kind = "e-mail address"
	KindHostname    Kind = "hostname"
	KindJWT         Kind = "JWT"
	KindBearer      Kind = "bearer token"
	KindAPIKey      Kind = "API key"
	KindPassword    Kind = "password"
	KindURLPassword Kind = "password in a URL"
	KindSecret      Kind = "token or secret"
)

var kindOrder = []Kind{KindIPv4, KindIPv6, KindEmail, KindHostname, KindJWT, KindBearer, KindAPIKey, KindPassword, KindURLPassword, KindSecret}

// Options say how to redact.
type Options struct {
	Salt string   // keys the pseudonyms; "" draws a random one (then no two runs agree)
	Keep []string // host names and domains never redacted, besides the reserved ones
}

// Redactor holds the originals found so far and their pseudonyms.
type Redactor struct {
	salt   []byte
	keep   []string
	found  map[string]Kind   // original -> kind (the first finder wins)
	keys   map[string]bool   // words seen as field names: never a bare host name
	pseudo map[string]string // original -> pseudonym, after assign
	index  map[string][]int  // the first 3 bytes of originals -> their lengths, longest first
	counts map[Kind]int      // replacements made
	hit    map[string]bool   // originals replaced at least once
	files  int
}

// New makes a Redactor.
func New(o Options) *Redactor {
	salt := []byte(o.Salt)
	if o.Salt == "" {
		salt = make([]byte, 32)
		rand.Read(salt)
	}
	keep := append([]string{}, keepDomains...)
	for _, k := range o.Keep {
		if k = strings.ToLower(strings.Trim(strings.TrimSpace(k), ".")); k != "" {
			keep = append(keep, k)
		}
	}
	return &Redactor{salt: salt, keep: keep, found: map[string]Kind{}, keys: map[string]bool{}, counts: map[Kind]int{}, hit: map[string]bool{}}
}

func (r *Redactor) add(k Kind, original string) {
	if len(original) < 3 {
		return
	}
	if _, seen := r.found[original]; !seen {
		r.found[original] = k
	}
}

// Scan finds the originals in one file; call it for every file first.
func (r *Redactor) Scan(data []byte) { r.scan(data) }

// assign gives every original its pseudonym, in a fixed order so that a
// salt always gives the same ones, and never one that is an original.
func (r *Redactor) assign() {
	for o, k := range r.found {
		if k == KindHostname && isLabel(o) && r.keys[o] {
			delete(r.found, o) // a bare word that is also a field name: replacing it would break keys
		}
	}
	origs := make([]string, 0, len(r.found))
	for o := range r.found {
		origs = append(origs, o)
	}
	sort.Strings(origs)
	r.pseudo = make(map[string]string, len(origs))
	used := map[string]bool{}
	for _, o := range origs {
		k := r.found[o]
		for n := 0; ; n++ {
			p := r.pseudonym(k, o, n)
			if _, clash := r.found[p]; !clash && !used[p] {
				used[p] = true
				r.pseudo[o] = p
				break
			}
		}
	}
	lengths := map[string]map[int]bool{}
	for _, o := range origs {
		if lengths[o[:3]] == nil {
			lengths[o[:3]] = map[int]bool{}
		}
		lengths[o[:3]][len(o)] = true
	}
	r.index = make(map[string][]int, len(lengths))
	for key, set := range lengths {
		list := make([]int, 0, len(set))
		for n := range set {
			list = append(list, n)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(list)))
		r.index[key] = list
	}
}

// pseudonym is the n-th candidate pseudonym of an original.
func (r *Redactor) pseudonym(k Kind, original string, n int) string {
	m := hmac.New(sha256.New, r.salt)
	fmt.Fprintf(m, "%s\x00%s\x00%d", k, original, n)
	h := m.Sum(nil)
	tag := hex.EncodeToString(h[:4])
	switch k {
	case KindIPv4:
		return fmt.Sprintf("10.%d.%d.%d", h[0], h[1], 1+h[2]%254)
	case KindIPv6:
		return fmt.Sprintf("fd%02x:%x:%x::%x", h[0], binary.BigEndian.Uint16(h[1:]), binary.BigEndian.Uint16(h[3:]), 1+binary.BigEndian.Uint16(h[5:])%0xfffe)
	case KindEmail:
		return "user-" + tag + "@example.com"
	case KindHostname:
		if strings.Contains(original, ".") {
			return "host-" + tag + ".example"
		}
		return "host-" + tag
	case KindJWT:
		claims := base64.RawURLEncoding.EncodeToString([]byte(`{"redacted":"` + tag + `"}`))
		return "eyJhbGciOiJub25lIn0." + claims + "."
	}
	return "redacted-" + tag
}

// Apply returns data with every original replaced; call it after every
// file was scanned. data is not changed.
func (r *Redactor) Apply(data []byte) []byte {
	if r.pseudo == nil {
		r.assign()
	}
	r.files++
	var out []byte
	last := 0
	for i := 0; i+3 <= len(data); i++ {
		if i > 0 && isWord(data[i-1]) {
			continue
		}
		for _, n := range r.index[string(data[i:i+3])] {
			end := i + n
			if end > len(data) || end < len(data) && isWord(data[end]) {
				continue
			}
			o := string(data[i:end])
			p, ok := r.pseudo[o]
			if !ok {
				continue
			}
			if out == nil {
				out = make([]byte, 0, len(data))
			}
			out = append(append(out, data[last:i]...), p...)
			r.counts[r.found[o]]++
			r.hit[o] = true
			last = end
			i = end - 1
			break
		}
	}
	if out == nil {
		return append([]byte(nil), data...)
	}
	return append(out, data[last:]...)
}

// Summary is what was replaced, per kind.
type Summary struct {
	Files int
	Kinds []KindCount
}

// KindCount is one kind's distinct originals replaced, and the
// replacements made.
type KindCount struct {
	Kind         Kind
	Distinct     int
	Replacements int
}

// Total is the number of replacements made.
func (s *Summary) Total() int {
	n := 0
	for _, k := range s.Kinds {
		n += k.Replacements
	}
	return n
}

// Summary says what Apply replaced so far.
func (r *Redactor) Summary() *Summary {
	distinct := map[Kind]int{}
	for o := range r.hit {
		distinct[r.found[o]]++
	}
	s := &Summary{Files: r.files}
	for _, k := range kindOrder {
		if r.counts[k] > 0 {
			s.Kinds = append(s.Kinds, KindCount{Kind: k, Distinct: distinct[k], Replacements: r.counts[k]})
		}
	}
	return s
}

// Originals lists every original that was given a pseudonym, by kind (for
// tests and for a check that none survives).
func (r *Redactor) Originals() map[string]Kind {
	out := make(map[string]Kind, len(r.pseudo))
	for o := range r.pseudo {
		out[o] = r.found[o]
	}
	return out
}

// Pseudonym is what an original was replaced with ("" if it was not).
func (r *Redactor) Pseudonym(original string) string { return r.pseudo[original] }

// Files redacts a set of files together: every original found in any of
// them is replaced in all of them.
func Files(files [][]byte, o Options) ([][]byte, *Redactor) {
	r := New(o)
	for _, f := range files {
		r.Scan(f)
	}
	out := make([][]byte, len(files))
	for i, f := range files {
		out[i] = r.Apply(f)
	}
	return out, r
}
