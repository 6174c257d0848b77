package game

import (
	"bytes"
	"sort"
	"strings"
)

// LogIndex holds positions into Scenario.Logs, built once at load so that
// filters never rescan a million lines to answer "which are ERROR".
type LogIndex struct {
	// ByLevel[l] lists the positions of lines at level l, ascending.
	ByLevel [NumLevels][]int32
	// ByService lists the positions of each service's lines, ascending.
	ByService map[string][]int32
	// haystack is every line's searchable text (its message and AttrText,
	// as the Logs pane shows them), lower-cased, each followed by '\n';
	// starts[i] is where line i begins. One buffer searched with
	// bytes.Index beats a million small strings.ToLower calls.
	haystack []byte
	starts   []int
}

// buildIndex indexes logs, which must already be sorted. A first pass
// counts lines per level and service so every position list is allocated
// once at its final size: a million appends that double as they grow
// would allocate each list about twice over.
func buildIndex(logs []LogLine) *LogIndex {
	ix := &LogIndex{ByService: map[string][]int32{}, starts: make([]int, len(logs)+1)}
	// Services are numbered in order of first sight; svc[i] is line i's.
	number := map[string]int32{}
	svc := make([]int32, len(logs))
	var perService []int
	var perLevel [NumLevels]int
	size, last, lastNum := 0, "", int32(-1)
	for i := range logs {
		l := &logs[i]
		size += len(l.Msg) + attrTextLen(l) + 1
		perLevel[l.Level]++
		if lastNum < 0 || l.Service != last {
			n, ok := number[l.Service]
			if !ok {
				n = int32(len(perService))
				number[l.Service] = n
				perService = append(perService, 0)
			}
			last, lastNum = l.Service, n
		}
		svc[i] = lastNum
		perService[lastNum]++
	}
	for lv, n := range perLevel {
		ix.ByLevel[lv] = make([]int32, 0, n)
	}
	lists := make([][]int32, len(perService))
	for i, n := range perService {
		lists[i] = make([]int32, 0, n)
	}
	ix.haystack = make([]byte, 0, size)
	for i := range logs {
		l := &logs[i]
		ix.ByLevel[l.Level] = append(ix.ByLevel[l.Level], int32(i))
		lists[svc[i]] = append(lists[svc[i]], int32(i))
		ix.starts[i] = len(ix.haystack)
		ix.haystack = appendLower(ix.haystack, l.Msg)
		ix.haystack = appendAttrText(ix.haystack, l, true)
		ix.haystack = append(ix.haystack, '\n')
	}
	for name, n := range number {
		ix.ByService[name] = lists[n]
	}
	ix.starts[len(logs)] = len(ix.haystack)
	return ix
}

// appendLower appends s lower-cased; ASCII fast path, and newlines are
// flattened so that a match never spans two lines.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			lower := strings.ToLower(s[i:])
			return append(dst, strings.ReplaceAll(lower, "\n", " ")...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		} else if c == '\n' {
			c = ' '
		}
		dst = append(dst, c)
	}
	return dst
}

// Lines is the number of indexed lines.
func (ix *LogIndex) Lines() int { return len(ix.starts) - 1 }

// Contains returns, ascending, the positions of lines whose message or
// AttrText contains needle, ignoring case. An empty needle matches nothing.
func (ix *LogIndex) Contains(needle string) []int32 {
	if needle == "" {
		return nil
	}
	n := appendLower(nil, needle)
	var out []int32
	h := ix.haystack
	at := 0
	for {
		j := bytes.Index(h[at:], n)
		if j < 0 {
			return out
		}
		pos := at + j
		line := sort.SearchInts(ix.starts, pos+1) - 1
		out = append(out, int32(line))
		at = ix.starts[line+1] // next line: one hit per line is enough
		if at >= len(h) {
			return out
		}
	}
}

// Lower returns line i's lower-cased searchable text.
func (ix *LogIndex) Lower(i int) string {
	return string(ix.haystack[ix.starts[i] : ix.starts[i+1]-1])
}
