package team

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"firedrill/game/grade"
	"firedrill/game/internal/fsx"
)

// LedgerFile, in the data dir, remembers which plays were exported (by
// chain head) and to which file, so an export writes only new ones.
const LedgerFile = "exported.json"

const maxLedger = 16 << 20

// Ledger is exported.json.
type Ledger struct {
	Version  int               `json:"version"`
	Exported map[string]string `json:"exported"` // chain head → file written
}

// ReadLedger reads dataDir's ledger; a missing one is empty.
func ReadLedger(dataDir string) (Ledger, error) {
	l, err := fsx.ReadParsed(filepath.Join(dataDir, LedgerFile), maxLedger, func(b []byte) (Ledger, error) {
		var l Ledger
		err := json.Unmarshal(b, &l)
		return l, err
	})
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	if l.Exported == nil {
		l.Exported = map[string]string{}
	}
	l.Version = 1
	return l, err
}

func writeLedger(dataDir string, l Ledger) error {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	return fsx.WriteFileAtomic(filepath.Join(dataDir, LedgerFile), append(data, '\n'), false)
}

// Exporter is who exports and where.
type Exporter struct {
	DataDir string             // where the ledger lives
	To      string             // the folder result files are written to
	Player  string             // the name on the board
	Key     ed25519.PrivateKey // signs each file
	Version string             // firedrill's version
	Now     time.Time
}

// ExportReport is what one export did.
type ExportReport struct {
	Written  []string // files written, in the To folder
	Already  int      // plays exported before
	Older    int      // plays recorded before team results (no chain head): not exportable
	Practice int      // practice plays: never shared (Shareable)
}

// FileName is a result's file name: date, player, pack, scenario and the
// first 12 hex digits of the chain head, so names sort by day and two
// plays never share one.
func FileName(player string, r grade.Result) string { return fileName(player, r, 12) }

// fileName names the file with the first n digits of the chain head.
func fileName(player string, r grade.Result, n int) string {
	head := r.ChainHead
	if len(head) > n {
		head = head[:n]
	}
	return fmt.Sprintf("%s-%s-%s-%s-%s%s", r.Date.UTC().Format("2006-01-02"), slug(player), slug(r.PackID),
		slug(r.ScenarioID), slug(head), FileSuffix)
}

// Export writes one signed file per row not exported yet. A file is
// created exclusively, never over another; a name already taken is the
// same play exported before the ledger was saved, and counts as exported.
func (e Exporter) Export(rows []grade.Result) (ExportReport, error) {
	var rep ExportReport
	if err := CheckName(e.Player); err != nil {
		return rep, fmt.Errorf("player name: %v (firedrill config set name NAME)", err)
	}
	ledger, err := ReadLedger(e.DataDir)
	if err != nil {
		return rep, err
	}
	if err := os.MkdirAll(e.To, 0o755); err != nil {
		return rep, err
	}
	var werr error
	for _, r := range rows {
		if r.ChainHead == "" || r.PackDigest == "" {
			rep.Older++
			continue
		}
		if !Shareable(r) {
			rep.Practice++
			continue
		}
		if _, done := ledger.Exported[r.ChainHead]; done {
			rep.Already++
			continue
		}
		data, err := Sign(Payload{Player: e.Player, FiredrillVersion: e.Version, Exported: e.Now.UTC(), Result: Shared(r)}, e.Key)
		if err != nil {
			werr = err
			break
		}
		name, written, err := e.place(r, data)
		if err != nil {
			werr = err
			break
		}
		if written {
			rep.Written = append(rep.Written, name)
		} else {
			rep.Already++
		}
		ledger.Exported[r.ChainHead] = name
	}
	if err := writeLedger(e.DataDir, ledger); err != nil {
		return rep, errors.Join(werr, err)
	}
	return rep, werr
}

// Shared is a row as it leaves the player's machine: without the pick, so
// a result file in the team folder never gives a drill away to a teammate
// who has not played it (the verdict says how it went).
func Shared(r grade.Result) grade.Result {
	r.Pick = ""
	return r
}

// place writes a play's file under its short name, or, when another play
// holds that name, under the name with the whole chain head. A name held
// by the same play means it was exported before (written false).
func (e Exporter) place(r grade.Result, data []byte) (name string, written bool, err error) {
	for _, n := range []int{12, len(r.ChainHead)} {
		name = fileName(e.Player, r, n)
		path := filepath.Join(e.To, name)
		err := fsx.WriteNewFile(path, data, 0o644)
		if err == nil {
			return name, true, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return name, false, err
		}
		if samePlay(path, r.ChainHead) {
			return name, false, nil
		}
	}
	return name, false, fmt.Errorf("%s: exists and holds another play", filepath.Join(e.To, name))
}

// samePlay reports whether the file at path is a result with chain head
// head (signed or not: it is the player's own folder).
func samePlay(path, head string) bool {
	data, err := fsx.ReadSmallFile(path, maxResultFile)
	if err != nil {
		return false
	}
	var f File
	var p Payload
	return json.Unmarshal(data, &f) == nil && json.Unmarshal(f.Payload, &p) == nil && p.Result.ChainHead == head
}

// PlayerKeyFile is where a player's public key goes in the team folder,
// for teammates to trust: players/<name>.pub.
func PlayerKeyFile(teamDir, player string) string {
	return filepath.Join(teamDir, "players", slug(player)+".pub")
}

// PublishKey writes pubPEM to the player's key file in the team folder
// unless it is there already; a different key under the name is an error
// (two players with one name, or a new key: the player sorts it out).
func PublishKey(teamDir, player string, pubPEM []byte) (string, bool, error) {
	path := PlayerKeyFile(teamDir, player)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return path, false, err
	}
	err := fsx.WriteNewFile(path, pubPEM, 0o644)
	if errors.Is(err, fs.ErrExist) {
		old, rerr := fsx.ReadSmallFile(path, maxResultFile)
		if rerr == nil && string(old) == string(pubPEM) {
			return path, false, nil
		}
		return path, false, fmt.Errorf("%s holds another key: two players named %q, or a new key (replace the file by hand)", path, player)
	}
	return path, err == nil, err
}
