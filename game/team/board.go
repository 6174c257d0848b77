package team

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/internal/fsx"
	"firedrill/game/seal"
)

// maxFiles bounds the files a board reads.
const maxFiles = 100_000

// Packs says which pack each result must have been played on: pack id →
// the PackDigest the reader's own copy has (grade.PackDigestFor), and the
// simulator version that makes the daily drills here.
type Packs struct {
	Digests    map[string]string
	SimVersion string
}

// KnownPacks is the Packs of the packs this firedrill plays: built-in ones
// by id and version, sealed ones by manifest digest when they verified
// (status from seal.CheckPacks); source packs on disk have none.
func KnownPacks(packs []*game.Pack, status map[*game.Pack]seal.PackStatus, simVersion string) Packs {
	k := Packs{Digests: map[string]string{}, SimVersion: simVersion}
	for _, p := range packs {
		k.Digests[p.ID] = grade.PackDigestFor(p, status[p].Report.ManifestDigest, false, "")
	}
	return k
}

// check refuses a result played on another pack than the reader's.
func (k Packs) check(r grade.Result) error {
	if strings.HasPrefix(r.PackDigest, "daily:") {
		if r.PackDigest != "daily:"+k.SimVersion {
			return refuse(ReasonForeignPack, "a daily drill made by simulator %s; this firedrill makes %s",
				strings.TrimPrefix(r.PackDigest, "daily:"), k.SimVersion)
		}
		return nil
	}
	want, ok := k.Digests[r.PackID]
	switch {
	case !ok:
		return refuse(ReasonForeignPack, "pack %s is not installed here (install it to count this result)", r.PackID)
	case want == "":
		return refuse(ReasonForeignPack, "your copy of pack %s is not sealed and verified, so results on it cannot be checked", r.PackID)
	case want != r.PackDigest:
		return refuse(ReasonForeignPack, "played on another copy of pack %s (digest %s; yours is %s)", r.PackID, short(r.PackDigest), short(want))
	}
	return nil
}

func short(d string) string {
	if len(d) > 16 && !strings.Contains(d, ":") {
		return d[:16] + "…"
	}
	return d
}

// Reader is who reads a team folder: whose signatures count and which
// packs results must match.
type Reader struct {
	Players *seal.TrustStore  // trusted player keys (PlayerStore); nil: none
	Own     ed25519.PublicKey // the reader's own key, always trusted; may be nil
	Packs   Packs
	Daily   string // "2006-01-02": only that day's daily drill; "" for all
	Pack    string // only this pack's results; "" for all

	dir string // the folder being read
}

// Entry is one accepted result.
type Entry struct {
	Player      string       `json:"player"`
	Fingerprint string       `json:"fingerprint"` // the key that signed it
	File        string       `json:"file"`        // relative to the team folder
	Result      grade.Result `json:"result"`
	Flagged     bool         `json:"flagged"` // the play raised honesty flags
}

// ranked is the result as a team board ranks it: by the honest time.
func (e Entry) ranked() grade.Result {
	r := e.Result
	r.TimeUsed = r.HonestTime()
	return r
}

// ScenarioBoard is one scenario's ranking: each player's best play,
// fastest proven first (grade.CompareResults on the honest time).
type ScenarioBoard struct {
	Pack     string  `json:"pack"`
	Scenario string  `json:"scenario"`
	Daily    string  `json:"daily,omitempty"`
	Rows     []Entry `json:"rows"`
}

// PlayerTotal is one player's record across the board.
type PlayerTotal struct {
	Player      string `json:"player"`
	Fingerprint string `json:"fingerprint"`
	Plays       int    `json:"plays"`
	Proven      int    `json:"proven"` // solved: proven, or right where proof was not graded
	Unproven    int    `json:"unproven"`
	Wrong       int    `json:"wrong"`
	Flagged     int    `json:"flagged"`
	Wins        int    `json:"wins"`  // scenarios where their best play is first and solved
	Score       int    `json:"score"` // the sum of their best score per scenario
}

// Board is a team folder read and checked.
type Board struct {
	Scenarios  []ScenarioBoard `json:"scenarios"`
	Players    []PlayerTotal   `json:"players"`
	Archetypes []grade.TagStat `json:"archetypes"`
	Refused    []Refused       `json:"refused"`
	Accepted   int             `json:"accepted"` // result files on the board (before --daily)
}

// Read reads every result file under dir (*.fdresult.json, not following
// links, skipping .git), checks each in turn — signature, key, pack,
// duplicate — and builds the board. Files are taken in name order, so the
// first of two copies of a play stays and the second is the duplicate.
func (rd Reader) Read(dir string) (Board, error) {
	rd.dir = dir
	var b Board
	var entries []Entry
	trusted := map[string]string{}
	if rd.Players != nil {
		keys, err := rd.Players.List()
		if err != nil {
			return b, err
		}
		for _, k := range keys {
			trusted[string(k.Key)] = k.Name
		}
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return b, fmt.Errorf("%s: not a folder (the team folder holds the result files)", dir)
	}
	n := 0
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), FileSuffix) {
			return nil
		}
		if n++; n > maxFiles {
			return fmt.Errorf("%s: more than %d result files", dir, maxFiles)
		}
		e, err := rd.accept(filepath.Join(dir, filepath.FromSlash(p)), d, trusted)
		if err != nil {
			reason, detail := ReasonOf(err)
			b.Refused = append(b.Refused, Refused{File: p, Reason: reason, Detail: game.SanitizeLine(detail)})
			return nil
		}
		e.File = p
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return b, err
	}
	entries, dups := dedupe(entries)
	b.Refused = append(b.Refused, dups...)
	slices.SortStableFunc(b.Refused, func(x, y Refused) int { return strings.Compare(x.File, y.File) })
	b.Accepted = len(entries)
	entries = slices.DeleteFunc(entries, func(e Entry) bool {
		return (rd.Daily != "" && e.Result.Daily != rd.Daily) || (rd.Pack != "" && e.Result.PackID != rd.Pack)
	})
	nameEntries(entries)
	b.Scenarios, b.Players = rank(entries)
	var rows []grade.Result
	for _, e := range entries {
		rows = append(rows, e.Result)
	}
	b.Archetypes = grade.ArchetypeStats(rows, nil)
	return b, nil
}

// accept checks one file; the error is a refusal.
func (rd Reader) accept(file string, d fs.DirEntry, trusted map[string]string) (Entry, error) {
	if !d.Type().IsRegular() {
		return Entry{}, refuse(ReasonMalformed, "not a plain file (a link or a special file)")
	}
	data, err := fsx.ReadSmallFile(file, maxResultFile)
	if err != nil {
		return Entry{}, refuse(ReasonMalformed, "%v", strings.TrimPrefix(err.Error(), file+": "))
	}
	s, err := Open(data)
	if err != nil {
		return Entry{}, err
	}
	fp := seal.Fingerprint(s.Key)
	if _, ok := trusted[string(s.Key)]; !ok && !bytes.Equal(s.Key, rd.Own) {
		pub := "THEIR.pub"
		if kf := PlayerKeyFile(rd.dir, s.Payload.Player); fileHolds(kf, s.Key) {
			pub = kf
		}
		return Entry{}, refuse(ReasonUntrusted, "signed by %s (%q), a key you have not trusted: "+
			"compare the fingerprint with the player, then firedrill trust add --player %s", fp, s.Payload.Player, pub)
	}
	r := s.Payload.Result
	if err := rd.Packs.check(r); err != nil {
		return Entry{}, err
	}
	return Entry{Player: s.Payload.Player, Fingerprint: fp, Result: r, Flagged: len(r.Flags) > 0}, nil
}

// dedupe keeps one file per play (chain head). Copies signed by the same
// key are one play exported twice: the first file stays. A play signed by
// two keys was copied by one player from another, and nothing offline says
// which: every copy is refused.
func dedupe(entries []Entry) ([]Entry, []Refused) {
	keys := map[string][]string{} // chain head → fingerprints, in order
	first := map[string]string{}  // chain head → first file
	for _, e := range entries {
		h := e.Result.ChainHead
		if _, ok := first[h]; !ok {
			first[h] = e.File
		}
		if !slices.Contains(keys[h], e.Fingerprint) {
			keys[h] = append(keys[h], e.Fingerprint)
		}
	}
	var kept []Entry
	var refused []Refused
	for _, e := range entries {
		h := e.Result.ChainHead
		switch {
		case len(keys[h]) > 1:
			refused = append(refused, Refused{File: e.File, Reason: ReasonDuplicate, Detail: fmt.Sprintf(
				"the same play is signed by %d players (%s): one copied it from another, so no copy counts",
				len(keys[h]), strings.Join(keys[h], ", "))})
		case first[h] != e.File:
			refused = append(refused, Refused{File: e.File, Reason: ReasonDuplicate, Detail: "the same play as " + first[h]})
		default:
			kept = append(kept, e)
		}
	}
	return kept, refused
}

// nameEntries gives each key one name (its first file's) and tells apart
// two keys that claim the same name by their fingerprint's first group.
func nameEntries(entries []Entry) {
	byKey := map[string]string{}
	keysOf := map[string]map[string]bool{}
	for _, e := range entries {
		if _, ok := byKey[e.Fingerprint]; !ok {
			byKey[e.Fingerprint] = e.Player
		}
		name := byKey[e.Fingerprint]
		if keysOf[name] == nil {
			keysOf[name] = map[string]bool{}
		}
		keysOf[name][e.Fingerprint] = true
	}
	for i := range entries {
		name := byKey[entries[i].Fingerprint]
		if len(keysOf[name]) > 1 {
			name += " (" + strings.SplitN(entries[i].Fingerprint, "-", 2)[0] + ")"
		}
		entries[i].Player = name
	}
}

// rank builds the scenario boards (each player's best play, best first)
// and the player totals.
func rank(entries []Entry) ([]ScenarioBoard, []PlayerTotal) {
	compare := func(a, b Entry) int { return grade.CompareResults(a.ranked(), b.ranked()) }
	slices.SortStableFunc(entries, compare)
	type ref struct{ pack, scenario string }
	boards := map[ref]*ScenarioBoard{}
	var order []ref
	totals := map[string]*PlayerTotal{}
	best := map[ref]map[string]bool{}
	for _, e := range entries {
		r := e.Result
		t := totals[e.Fingerprint]
		if t == nil {
			t = &PlayerTotal{Player: e.Player, Fingerprint: e.Fingerprint}
			totals[e.Fingerprint] = t
		}
		t.Plays++
		switch v := r.Outcome(); {
		case v.Solved():
			t.Proven++
		case v == grade.VerdictUnproven:
			t.Unproven++
		default:
			t.Wrong++
		}
		if e.Flagged {
			t.Flagged++
		}
		k := ref{r.PackID, r.ScenarioID}
		sb := boards[k]
		if sb == nil {
			sb = &ScenarioBoard{Pack: r.PackID, Scenario: r.ScenarioID, Daily: r.Daily}
			boards[k], best[k] = sb, map[string]bool{}
			order = append(order, k)
		}
		if best[k][e.Fingerprint] {
			continue // a slower play of a player already on this board
		}
		best[k][e.Fingerprint] = true
		sb.Rows = append(sb.Rows, e)
		t.Score += r.Score.Total
		if len(sb.Rows) == 1 && r.Outcome().Solved() {
			t.Wins++
		}
	}
	out := make([]ScenarioBoard, 0, len(order))
	for _, k := range order {
		out = append(out, *boards[k])
	}
	// daily drills newest first, then by pack and scenario
	slices.SortStableFunc(out, func(a, b ScenarioBoard) int {
		if c := strings.Compare(b.Daily, a.Daily); c != 0 {
			return c
		}
		return strings.Compare(a.Pack+"/"+a.Scenario, b.Pack+"/"+b.Scenario)
	})
	players := make([]PlayerTotal, 0, len(totals))
	for _, t := range totals {
		players = append(players, *t)
	}
	slices.SortFunc(players, func(a, b PlayerTotal) int {
		if a.Wins != b.Wins {
			return b.Wins - a.Wins
		}
		if a.Proven != b.Proven {
			return b.Proven - a.Proven
		}
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return strings.Compare(a.Player, b.Player)
	})
	return out, players
}

// PlayerStore is the trust store of player keys whose exported results
// count on your team board: fsx.ConfigDir()/players, apart from the
// authors whose packs you trust.
func PlayerStore() (seal.TrustStore, error) {
	dir, err := fsx.ConfigDir()
	if err != nil {
		return seal.TrustStore{}, err
	}
	return seal.TrustStore{Dir: filepath.Join(dir, "players")}, nil
}

// fileHolds reports whether the public key file at path holds pub.
func fileHolds(path string, pub ed25519.PublicKey) bool {
	k, err := seal.ReadPublicKey(path)
	return err == nil && bytes.Equal(k, pub)
}
