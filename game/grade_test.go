package game

import (
	"errors"
	"testing"
	"time"
)

// failingKey is an AnswerKey whose check fails, like a sealed key whose
// commitment cannot be read.
type failingKey struct{}

func (failingKey) Check(string) (bool, error) { return false, errors.New("answer key damaged") }
func (failingKey) Reveal() (*Answer, error)   { return nil, errors.New("answer key damaged") }

func TestGrade(t *testing.T) {
	s := cacheScenario()
	date := time.Date(2026, 11, 25, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	in := GradeInput{PackID: "mini", Mode: ModeDrill, TimeUsed: 6 * time.Minute, TimeLeft: 9 * time.Minute,
		Hints: 1, Trusted: true, Date: date}
	for _, tc := range []struct {
		name      string
		key       AnswerKey
		pick      string
		wantErr   error
		wantRight bool
		wantTotal int
	}{
		// base 1500 + 1500×9/15 = 900, − 100 for the hint
		{name: "right pick", key: NewPlainKey(s), pick: "cache-invalidation", wantRight: true, wantTotal: 2300},
		{name: "wrong pick", key: NewPlainKey(s), pick: "inventory-down", wantTotal: 0},
		{name: "unknown pick", key: NewPlainKey(s), pick: "aliens", wantErr: ErrUnknownChoice},
		{name: "no key", key: nil, pick: "cache-invalidation", wantErr: ErrNoAnswer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Grade(tc.key, s, tc.pick, in)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Correct != tc.wantRight || r.Score.Correct != tc.wantRight || r.Score.Total != tc.wantTotal {
				t.Errorf("correct %v score %+v; want correct %v total %d", r.Correct, r.Score, tc.wantRight, tc.wantTotal)
			}
			want := Result{PackID: "mini", ScenarioID: "cache-stampede", Pick: tc.pick, TimeUsed: 6 * time.Minute,
				Hints: 1, Mode: ModeDrill, Trusted: true}
			if r.PackID != want.PackID || r.ScenarioID != want.ScenarioID || r.Pick != want.Pick ||
				r.TimeUsed != want.TimeUsed || r.Hints != want.Hints || r.Mode != want.Mode || r.Trusted != want.Trusted {
				t.Errorf("result %+v does not carry the play's context %+v", r, want)
			}
			if r.Date.Location() != time.UTC || !r.Date.Equal(date) {
				t.Errorf("date %v: want %v in UTC", r.Date, date)
			}
			if len(r.Tags) != 2 || r.Tags[0] != "cache" {
				t.Errorf("tags %v: want the scenario's", r.Tags)
			}
		})
	}
}

func TestGradeKeyError(t *testing.T) {
	_, err := Grade(failingKey{}, cacheScenario(), "cache-invalidation", GradeInput{})
	if err == nil || err.Error() != "scenario cache-stampede: grading: answer key damaged" {
		t.Errorf("err = %v; want the key's error with the scenario named", err)
	}
}

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Mode
		hard    bool
		hints   bool
		wantErr bool
	}{
		{"", ModePractice, false, true, false},
		{"practice", ModePractice, false, true, false},
		{"drill", ModeDrill, true, false, false},
		{"interview", ModeInterview, true, false, false},
		{"daily", ModeDaily, true, false, false},
		{"Drill", "", false, false, true},
	} {
		m, err := ParseMode(tc.in)
		if (err != nil) != tc.wantErr || m != tc.want {
			t.Errorf("ParseMode(%q) = %q, %v", tc.in, m, err)
			continue
		}
		if !tc.wantErr && (m.HardTimer() != tc.hard || m.AllowsHints() != tc.hints || m.AllowsUntimed() != !tc.hard) {
			t.Errorf("%s: hard %v hints %v untimed %v", m, m.HardTimer(), m.AllowsHints(), m.AllowsUntimed())
		}
	}
}
