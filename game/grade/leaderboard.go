package grade

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"firedrill/game/internal/fsx"
)

// LeaderboardFile is the leaderboard's name in the data dir: append-only,
// one Result as JSON a line.
const LeaderboardFile = "leaderboard.jsonl"

// maxLeaderboardLine bounds one line: a Result is a few hundred bytes, so a
// longer line is damage, skipped rather than held in memory.
const maxLeaderboardLine = 64 << 10

// ErrUntrusted refuses a result whose pack was not signed by a trusted key:
// such a pack's answers and scores could be anything.
var ErrUntrusted = errors.New("the pack is not signed by a trusted key: its results do not go on the leaderboard")

// AppendResult adds r to dataDir's leaderboard: one write of one line with
// O_APPEND, then fsync. Only trusted results are accepted (the UI offers
// the leaderboard only for trusted packs; this is the backstop). If an
// earlier crash left a torn last line, a newline first seals it off so the
// new row is not glued to it.
func AppendResult(dataDir string, r Result) error {
	if !r.Trusted {
		return ErrUntrusted
	}
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := fsx.EnsureDir(dataDir); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dataDir, LeaderboardFile), os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if torn, err := endsTorn(f); err != nil {
		return err
	} else if torn {
		line = append([]byte{'\n'}, line...)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// endsTorn reports whether a non-empty file does not end in a newline.
func endsTorn(f *os.File) (bool, error) {
	info, err := f.Stat()
	if err != nil || info.Size() == 0 {
		return false, err
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, info.Size()-1); err != nil {
		return false, err
	}
	return last[0] != '\n', nil
}

// ReadLeaderboard reads dataDir's leaderboard in file order. Lines that are
// not a whole Result (a torn last line, garbage, an untrusted row) are
// skipped and counted; a missing file is an empty leaderboard.
func ReadLeaderboard(dataDir string) (rows []Result, skipped int, err error) {
	f, err := os.Open(filepath.Join(dataDir, LeaderboardFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	for {
		line, tooLong, err := readLine(br)
		if len(bytes.TrimSpace(line)) > 0 || tooLong {
			if r, ok := parseRow(line); ok && !tooLong {
				rows = append(rows, r)
			} else {
				skipped++
			}
		}
		if err == io.EOF {
			return rows, skipped, nil
		}
		if err != nil {
			return rows, skipped, err
		}
	}
}

// readLine reads one line without its newline, discarding the rest of a
// line past maxLeaderboardLine (tooLong).
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > maxLeaderboardLine {
			tooLong, line = true, line[:0]
		} else {
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(line, []byte{'\n'}), tooLong, err
	}
}

func parseRow(line []byte) (Result, bool) {
	var r Result
	if err := json.Unmarshal(line, &r); err != nil {
		return Result{}, false
	}
	return r, r.PackID != "" && r.ScenarioID != "" && r.Trusted
}

// SortResults orders rows best first — fastest proven wins: by verdict
// (proven, then right where proof was not graded, then unproven, then
// wrong; VerdictRank), then time used ascending, then score descending,
// then the earlier date.
func SortResults(rows []Result) { slices.SortStableFunc(rows, CompareResults) }

// CompareResults is SortResults' order, for lists that hold results
// inside other rows (the team board): negative when a ranks before b.
func CompareResults(a, b Result) int {
	if c := cmp.Compare(VerdictRank(a.Outcome()), VerdictRank(b.Outcome())); c != 0 {
		return c
	}
	if c := cmp.Compare(a.TimeUsed, b.TimeUsed); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Score.Total, a.Score.Total); c != 0 {
		return c
	}
	return a.Date.Compare(b.Date)
}

// Leaderboard is the rows of one pack ("" for every pack), best first.
func Leaderboard(rows []Result, pack string) []Result {
	var out []Result
	for _, r := range rows {
		if pack == "" || r.PackID == pack {
			out = append(out, r)
		}
	}
	SortResults(out)
	return out
}

// ScenarioRef names a scenario across packs.
type ScenarioRef struct {
	Pack     string
	Scenario string
}

// Best is a scenario's record, for the picker's "best time" and solved mark.
// Solved counts proven plays (and right ones where proof was not graded:
// Verdict.Solved); a right but unproven play is not a solve.
type Best struct {
	Solved    bool
	BestTime  time.Duration // fastest solved play; 0 if never solved
	BestScore int
	Attempts  int
}

// BestTimes is each played scenario's record.
func BestTimes(rows []Result) map[ScenarioRef]Best {
	out := map[ScenarioRef]Best{}
	for _, r := range rows {
		ref := ScenarioRef{r.PackID, r.ScenarioID}
		b := out[ref]
		b.Attempts++
		if r.Outcome().Solved() {
			if !b.Solved || r.TimeUsed < b.BestTime {
				b.BestTime = r.TimeUsed
			}
			b.Solved = true
		}
		b.BestScore = max(b.BestScore, r.Score.Total)
		out[ref] = b
	}
	return out
}

// TagStat is the success rate on one archetype (scenario tag). A success
// is a proven play (or a right one where proof was not graded); right but
// unproven plays are counted apart.
type TagStat struct {
	Tag      string  `json:"tag"`
	Attempts int     `json:"attempts"`
	Solved   int     `json:"solved"`
	Unproven int     `json:"unproven"` // right picks without proof: not solved
	Rate     float64 `json:"rate"`     // Solved ÷ Attempts, 0..1
}

// ArchetypeStats is the success rate per tag, by tag name. A scenario's
// tags come from tagsByScenario when it has them (the packs as installed),
// else from the row itself (the tags when it was played); may be nil.
func ArchetypeStats(rows []Result, tagsByScenario map[ScenarioRef][]string) []TagStat {
	byTag := map[string]*TagStat{}
	for _, r := range rows {
		tags, ok := tagsByScenario[ScenarioRef{r.PackID, r.ScenarioID}]
		if !ok {
			tags = r.Tags
		}
		for _, tag := range uniqueStrings(tags) {
			st := byTag[tag]
			if st == nil {
				st = &TagStat{Tag: tag}
				byTag[tag] = st
			}
			st.Attempts++
			switch v := r.Outcome(); {
			case v.Solved():
				st.Solved++
			case v == VerdictUnproven:
				st.Unproven++
			}
		}
	}
	out := make([]TagStat, 0, len(byTag))
	for _, st := range byTag {
		st.Rate = float64(st.Solved) / float64(st.Attempts)
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b TagStat) int { return strings.Compare(a.Tag, b.Tag) })
	return out
}

func uniqueStrings(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}
