package game

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// randomLines makes n lines from a small vocabulary with upper case,
// non-ASCII (ſ folds to s, K is the Kelvin sign), newlines, attributes and
// trace ids, enough of them to fill several of the store's blocks.
func randomLines(seed uint64, n int) []LogLine {
	r := rand.New(rand.NewPCG(seed, 2))
	words := []string{"upstream", "TIMEOUT", "calling", "Postgres", "cache", "miss", "Clas\u017f", "\u212Aelvin",
		"Straße", "pod=x", "a\nb", "", "req-42", "connection reset by peer"}
	keys := []string{"pod", "request_id", "attempt", "région"}
	t0 := time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)
	out := make([]LogLine, n)
	for i := range out {
		l := LogLine{At: t0.Add(time.Duration(r.IntN(3600)) * time.Second), Service: fmt.Sprintf("svc-%d", r.IntN(5)),
			Level: Level(r.IntN(NumLevels))}
		for range r.IntN(4) {
			l.Msg += words[r.IntN(len(words))] + " "
		}
		for k := range r.IntN(3) {
			l.Attrs = append(l.Attrs, Attr{Key: keys[k], Value: words[r.IntN(len(words))]})
		}
		if r.IntN(4) == 0 {
			l.Trace = fmt.Sprintf("%016x", r.Uint64())
		}
		out[i] = l
	}
	return out
}

// TestLogStoreRoundTrip: every line reads back as it went in, field by
// field and whole, and the row is the message and AttrText.
func TestLogStoreRoundTrip(t *testing.T) {
	lines := randomLines(1, 3000)
	s := NewLogStore(lines)
	if s.Len() != len(lines) || s.TextBytes() < 2*firstBlock {
		t.Fatalf("%d lines, %d bytes of text: want %d lines over several blocks", s.Len(), s.TextBytes(), len(lines))
	}
	for i, want := range lines {
		got := s.Line(i)
		if len(want.Attrs) == 0 {
			want.Attrs = nil
		}
		if !got.At.Equal(want.At) || got.Service != want.Service || got.Level != want.Level || got.Msg != want.Msg ||
			got.Trace != want.Trace || !reflect.DeepEqual(got.Attrs, want.Attrs) {
			t.Fatalf("line %d:\n got %+v\nwant %+v", i, got, want)
		}
		if row := s.RowString(i); row != want.Msg+AttrText(&want) {
			t.Fatalf("row %d = %q", i, row)
		}
		if s.Msg(i) != want.Msg || s.Trace(i) != want.Trace || s.At(i) != want.At || !reflect.DeepEqual(s.Attrs(i), want.Attrs) {
			t.Fatalf("accessors of line %d disagree with Line", i)
		}
	}
	// A line built by hand without a time keeps the zero time, which
	// int64 nanoseconds cannot hold, and sorts first.
	z := NewLogBuilder()
	for _, l := range []LogLine{{Msg: "later", At: lines[0].At}, {Msg: "no time"}} {
		if err := z.Add(&l); err != nil {
			t.Fatal(err)
		}
	}
	if zs := z.FinishSorted(); !zs.At(0).IsZero() || zs.Msg(0) != "no time" || zs.Search(time.Time{}) != 0 || !zs.At(1).Equal(lines[0].At) {
		t.Errorf("zero time: %v %q, then %v", zs.At(0), zs.Msg(0), zs.At(1))
	}
	if var0 := (*LogStore)(nil); var0.Len() != 0 {
		t.Error("a nil store has lines")
	}
}

// TestLogStoreForkJoinSorted: lines built in chunks and joined read the
// same as lines built in one pass; FinishSorted orders by time, keeping
// the order lines came in for equal times.
func TestLogStoreForkJoinSorted(t *testing.T) {
	lines := randomLines(2, 5000)
	b := NewLogBuilder()
	b.Grow(len(lines))
	third := len(lines) / 3 // chunk k takes lines [k*third, (k+1)*third), the last the rest
	// two forks fill windows of b's own columns (the first with room to
	// spare, as a chunk with blank lines has), the last has its own
	chunks := []*LogBuilder{b.ForkWindow(0, third+7), b.ForkWindow(third+7, third), b.Fork()}
	for i := range lines {
		if err := chunks[min(i/third, 2)].Add(&lines[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range chunks {
		if err := b.Join(c); err != nil {
			t.Fatal(err)
		}
	}
	s := b.FinishSorted()
	want := slices.Clone(lines)
	slices.SortStableFunc(want, func(a, b LogLine) int { return a.At.Compare(b.At) })
	got := s.Lines()
	for i := range want {
		if len(want[i].Attrs) == 0 {
			want[i].Attrs = nil
		}
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("line %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if at := s.Search(want[100].At); !s.At(at).Equal(want[100].At) || (at > 0 && !s.At(at-1).Before(want[100].At)) {
		t.Errorf("Search(%v) = %d", want[100].At, at)
	}
}

// TestContainsMatchesLowerCasedRows checks the in-place, case-folding scan
// against the rule it replaces: a line hits when its row, lower-cased as
// appendLower does it, holds the lower-cased needle; never across lines.
func TestContainsMatchesLowerCasedRows(t *testing.T) {
	lines := randomLines(3, 4000)
	s := NewLogStore(lines)
	ix := buildIndex(s)
	needles := []string{"timeout", "TIMEOUT", "a b", "a\nb", "class", "clas\u017f", "kelvin", "\u212A", "straße",
		"STRASSE", "pod=x", "  pod=", "trace=", "r", " ", "région=", "peer  request", "zzz", "req-42 ", "4"}
	for _, phase := range []string{"scanning every line", "with the trigram filters"} {
		if phase != "scanning every line" {
			ix.Prepare()
			g := ix.grams.Load()
			if g == nil {
				t.Fatal("Prepare built no trigram filters")
			}
			long, short := g.needle([]byte("connection reset by peer")), g.needle([]byte("r-4"))
			if !g.pays(&long, ix.finds('c')) || g.pays(&short, 10) {
				t.Fatalf("a long needle should read the filters (%.0f%% of lines pass), a short one scan", 100*g.passShare(&long))
			}
		}
		for _, n := range needles {
			var want []int32
			low := appendLower(nil, n)
			for i := range s.Len() {
				if bytes.Contains(appendLower(nil, s.Row(i)), low) {
					want = append(want, int32(i))
				}
			}
			if got := ix.Contains(n); !slices.Equal(got, want) {
				t.Errorf("%s: Contains(%q): %d lines, want %d (first diff near %v)", phase, n, len(got), len(want), firstDiff(got, want))
			}
		}
	}
}

func firstDiff(a, b []int32) int32 {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return min(a[i], b[i])
		}
	}
	return -1
}

// TestMaySubsequenceNeverDropsAMatch: the pre-filter says no only when the
// lower-cased row does not hold the query's bytes in order.
func TestMaySubsequenceNeverDropsAMatch(t *testing.T) {
	s := NewLogStore(randomLines(4, 2000))
	ix := buildIndex(s)
	for _, q := range []string{"upt", "tmout", "a b", "kelvin", "pod=x", "zq", "r-4"} {
		for i := range s.Len() {
			row := strings.ToLower(strings.ReplaceAll(s.RowString(i), "\n", " "))
			in := 0
			for k := 0; k < len(row) && in < len(q); k++ {
				if row[k] == q[in] {
					in++
				}
			}
			if in == len(q) && !ix.MaySubsequence(i, q) {
				t.Fatalf("MaySubsequence(%d, %q) = false for %q", i, q, row)
			}
		}
	}
}

// TestContainsShortLastBlock: a block that holds only a row shorter than
// the needle (the last line, starting a block of its own) is searched
// without slicing past its start, and the needle is still found elsewhere.
func TestContainsShortLastBlock(t *testing.T) {
	var lines []LogLine
	for range firstBlock / 1024 {
		lines = append(lines, LogLine{Msg: strings.Repeat("x", 1000) + " needle here" + strings.Repeat("y", 12)})
	}
	lines = append(lines, LogLine{Msg: "ab"})
	s := NewLogStore(lines)
	if len(s.text.list) != 2 || len(s.text.list[1]) != 2 {
		t.Fatalf("blocks of %d and %v bytes: the test needs the last row alone in a block", len(s.text.list[0]), len(s.text.list))
	}
	ix := buildIndex(s)
	if got := ix.Contains("NEEDLE HERE"); len(got) != len(lines)-1 {
		t.Errorf("Contains found %d lines, want %d", len(got), len(lines)-1)
	}
	ix.Prepare()
	if got := ix.Contains("needle here"); len(got) != len(lines)-1 {
		t.Errorf("with filters, Contains found %d lines, want %d", len(got), len(lines)-1)
	}
}
