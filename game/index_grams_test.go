package game

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestScanGramsMatchesLowerCasedRows holds the filter path to the same rule
// as the scan, for every needle that has a filter at all, whether or not a
// search would choose it: a filter may let extra lines through to be
// checked, never keep a line that holds the needle out. Common trigrams
// ("pod", "req" of request_id, in most rows) are left out of filters and
// needles alike.
func TestScanGramsMatchesLowerCasedRows(t *testing.T) {
	s := NewLogStore(randomLines(5, 6000))
	ix := buildIndex(s)
	ix.Prepare()
	g := ix.grams.Load()
	if v := uint32('c')<<16 | uint32('a')<<8 | 'c'; g.stop.has(v) {
		t.Error(`"cac" of "cache", in one row of several, is left out as common`)
	}
	needles := []string{"timeout", "TimeOut", "upstream timeout", "request_id", "request_id=req-42", "postgres  ",
		"cache miss", "pod=x", "ss cache", "class", "req-42", "connection reset by peer", "reset\nby", "miss", "tim", "zzzz"}
	used := 0
	for _, needle := range needles {
		n := appendLower(nil, needle)
		q := g.needle(n)
		if q == 0 {
			continue
		}
		used++
		var want []int32
		for i := range s.Len() {
			if isASCIIBytes(s.Row(i)) && bytes.Contains(appendLower(nil, s.Row(i)), n) {
				want = append(want, int32(i))
			}
		}
		for rare := range n {
			if got := ix.scanGrams(g.lines, &q, n, rare, 0, s.Len(), nil); !slices.Equal(got, want) {
				t.Errorf("scanGrams(%q, rare byte %q): %d lines, want %d (first diff near %v)", needle, n[rare], len(got), len(want), firstDiff(got, want))
			}
		}
	}
	if used < len(needles)/2 {
		t.Errorf("only %d of %d needles had a filter: the test reads too little of the filter path", used, len(needles))
	}
}

// TestCommonGramsAreLeftOut: a trigram in every row sets no filter bit and
// asks for none, so the filters still tell rows apart by the rest.
func TestCommonGramsAreLeftOut(t *testing.T) {
	var lines []LogLine
	for i := range 5000 {
		msg := "GET /cart"
		if i%10 == 0 {
			msg = "upstream timeout"
		}
		lines = append(lines, LogLine{Msg: msg, Attrs: Attrs{{Key: "request_id", Value: "r"}}})
	}
	ix := buildIndex(NewLogStore(lines))
	ix.Prepare()
	g := ix.grams.Load()
	if q := g.needle([]byte("request_id")); q != 0 {
		t.Errorf("request_id, in every row, still asks for bits %x", q)
	}
	q := g.needle([]byte("timeout"))
	if share := g.passShare(&q); share > 0.2 {
		t.Errorf("%.0f%% of rows pass timeout's filter; one in ten holds it", 100*share)
	}
	if got := len(ix.Contains("request_id=r")); got != len(lines) {
		t.Errorf("request_id=r: %d lines, want every one of %d", got, len(lines))
	}
}

// TestScanMatchesEverywhere holds the scan to the rule on rows of random
// text and needles cut from them, so matches fall at the ends of rows and
// of the text, next to each other, and in either case.
func TestScanMatchesEverywhere(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	const alphabet = "abcAB01 =-_@`[{\n"
	var lines []LogLine
	for range 3000 {
		b := make([]byte, r.IntN(40))
		for k := range b {
			b[k] = alphabet[r.IntN(len(alphabet))]
		}
		lines = append(lines, LogLine{Msg: string(b)})
	}
	s := NewLogStore(lines)
	ix := buildIndex(s)
	for range 300 {
		row := s.Row(r.IntN(s.Len()))
		if len(row) == 0 {
			continue
		}
		from := r.IntN(len(row))
		needle := string(row[from : from+1+r.IntN(min(5, len(row)-from))])
		var want []int32
		low := appendLower(nil, needle)
		for i := range s.Len() {
			if bytes.Contains(appendLower(nil, s.Row(i)), low) {
				want = append(want, int32(i))
			}
		}
		if got := ix.Contains(needle); !slices.Equal(got, want) {
			t.Fatalf("Contains(%q): %d lines, want %d (first diff near %v)", needle, len(got), len(want), firstDiff(got, want))
		}
	}
}
