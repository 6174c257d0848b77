package team

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/seal"
)

func TestSignOpenRoundTrip(t *testing.T) {
	r := play("cache", grade.VerdictProven, 3*time.Minute, "a1")
	r.Flags = []string{grade.FlagOvertime}
	s, err := Open(ann.sign(t, r))
	if err != nil {
		t.Fatal(err)
	}
	if s.Payload.Player != "Ann" || !bytes.Equal(s.Key, ann.pub()) || s.Payload.Result.ChainHead != r.ChainHead ||
		s.Payload.Result.Flags[0] != grade.FlagOvertime || s.Payload.Result.Verdict != grade.VerdictProven {
		t.Fatalf("opened %+v", s)
	}
}

func TestOpenRefusesEditedAndUnsigned(t *testing.T) {
	data := ann.sign(t, play("cache", grade.VerdictWrong, 3*time.Minute, "a1"))
	edited := bytes.Replace(data, []byte(`"verdict":"wrong"`), []byte(`"verdict":"proven"`), 1)
	if bytes.Equal(edited, data) {
		t.Fatal("the edit did not apply")
	}
	if reason, _ := ReasonOf(openErr(edited)); reason != ReasonTampered {
		t.Errorf("edited verdict: %s; want %s", reason, ReasonTampered)
	}
	var f = []byte(`{"format":"` + FileFormat + `","payload":{"player":"Ann"},"signature":""}`)
	if reason, _ := ReasonOf(openErr(f)); reason != ReasonUnsigned {
		t.Errorf("no signature: %s; want %s", reason, ReasonUnsigned)
	}
	if reason, _ := ReasonOf(openErr([]byte("not json"))); reason != ReasonMalformed {
		t.Errorf("garbage: %s", reason)
	}
}

func openErr(data []byte) error { _, err := Open(data); return err }

func TestExportWritesEachPlayOnceAndNeverOverwrites(t *testing.T) {
	data, to := t.TempDir(), filepath.Join(t.TempDir(), "results")
	ex := Exporter{DataDir: data, To: to, Player: "Ann", Key: ann.key, Version: "test", Now: day}
	rows := []grade.Result{play("cache", grade.VerdictProven, time.Minute, "a1"), play("cache", grade.VerdictWrong, 2*time.Minute, "a2")}
	old := play("cache", grade.VerdictProven, time.Minute, "")
	old.ChainHead, old.PackDigest = "", ""
	practice := play("cache", grade.VerdictProven, time.Second, "p1")
	practice.Mode = game.ModePractice
	rep, err := ex.Export(append(rows, old, practice))
	if err != nil || len(rep.Written) != 2 || rep.Older != 1 || rep.Practice != 1 {
		t.Fatalf("first export: %+v %v", rep, err)
	}
	if rep.Written[0] == rep.Written[1] || !strings.HasPrefix(rep.Written[0], "2026-11-30-ann-mini-cache-") {
		t.Errorf("names %v", rep.Written)
	}
	written, _ := os.ReadFile(filepath.Join(to, rep.Written[0]))
	if s, err := Open(written); err != nil || s.Payload.Result.Pick != "" || s.Payload.Result.ChainHead != rows[0].ChainHead {
		t.Errorf("the exported file gives the pick away or lost the play: %+v %v", s.Payload.Result, err)
	}
	// the next export writes only the new play
	rows = append(rows, play("cache", grade.VerdictUnproven, time.Minute, "a3"))
	rep, err = ex.Export(rows)
	if err != nil || len(rep.Written) != 1 || rep.Already != 2 {
		t.Fatalf("second export: %+v %v", rep, err)
	}
	// with the ledger lost, the files already there are the same plays
	os.Remove(filepath.Join(data, LedgerFile))
	rep, err = ex.Export(rows)
	if err != nil || len(rep.Written) != 0 || rep.Already != 3 {
		t.Fatalf("export without a ledger: %+v %v", rep, err)
	}
	// a file of another play under a play's name is kept; the play goes
	// under its long name
	os.Remove(filepath.Join(data, LedgerFile))
	first := filepath.Join(to, FileName("Ann", rows[0]))
	if err := os.WriteFile(first, []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = ex.Export(rows)
	if err != nil || len(rep.Written) != 1 || len(rep.Written[0]) < 64 {
		t.Fatalf("export beside a foreign file: %+v %v", rep, err)
	}
	if got, _ := os.ReadFile(first); string(got) != "kept" {
		t.Errorf("an existing file was overwritten: %q", got)
	}
	os.Remove(filepath.Join(to, rep.Written[0]))
	entries, _ := os.ReadDir(to)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if len(names) != 3 {
		t.Errorf("folder holds %v", names)
	}
}

func TestExportNeedsAName(t *testing.T) {
	ex := Exporter{DataDir: t.TempDir(), To: t.TempDir(), Key: ann.key}
	if _, err := ex.Export(nil); err == nil || !strings.Contains(err.Error(), "config set name") {
		t.Errorf("no name: %v", err)
	}
}

// A signed result whose names are not firedrill's forms is malformed:
// they would reach the terminal and the board's grouping.
func TestOpenRefusesOddFields(t *testing.T) {
	for name, edit := range map[string]func(r *grade.Result){
		"escape in scenario": func(r *grade.Result) { r.ScenarioID = "x\x1b[2Jy" },
		"daily not a date":   func(r *grade.Result) { r.Daily = "soon" },
		"interview mode":     func(r *grade.Result) { r.Mode = "interview" },
		"practice mode":      func(r *grade.Result) { r.Mode = game.ModePractice },
		"unknown verdict":    func(r *grade.Result) { r.Verdict = "perfect" },
		"short chain head":   func(r *grade.Result) { r.ChainHead = "abc" },
		"negative time":      func(r *grade.Result) { r.Elapsed = -time.Second },
	} {
		r := play("cache", grade.VerdictProven, time.Minute, "a1")
		edit(&r)
		if reason, detail := ReasonOf(openErr(signRaw(t, ann, r))); reason != ReasonMalformed {
			t.Errorf("%s: %s %s; want malformed", name, reason, detail)
		}
	}
}

// signRaw signs a payload the way Sign does, without Sign's read-back
// (which refuses to sign what Open would refuse).
func signRaw(t *testing.T, p player, r grade.Result) []byte {
	t.Helper()
	payload, err := json.Marshal(Payload{Player: p.name, Result: r})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(File{Format: FileFormat, Payload: payload, Signature: string(seal.SignManifest(p.key, payload).Encode())})
	if err != nil {
		t.Fatal(err)
	}
	return data
}
