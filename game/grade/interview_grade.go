package grade

import (
	"errors"
	"fmt"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/game/seal"
)

// InterviewGrade is what `firedrill grade` reports on a candidate's
// result: the verdict, the score, the revealed answer and the coaching
// figures. The JSON form (grade --json) is stable.
type InterviewGrade struct {
	PackID           string        `json:"pack_id"`
	ScenarioID       string        `json:"scenario_id"`
	Title            string        `json:"title"`
	Pick             string        `json:"pick"` // "" when time ran out
	PickText         string        `json:"pick_text,omitempty"`
	Correct          bool          `json:"correct"`
	Answer           string        `json:"answer"` // the correct choice id
	AnswerText       string        `json:"answer_text"`
	Score            Score         `json:"score"`
	TimeUsed         time.Duration `json:"time_used_ns"`
	TimeLimit        time.Duration `json:"time_limit_ns"`
	Justification    string        `json:"justification,omitempty"` // sanitized by play.ReadResult
	Chain            []string      `json:"chain"`
	Evidence         []string      `json:"evidence"`
	WhyWrong         string        `json:"why_wrong,omitempty"` // the note on the candidate's wrong pick
	Debrief          string        `json:"debrief"`
	Coaching         Coaching      `json:"coaching"`
	FiredrillVersion string        `json:"firedrill_version"` // the candidate's build

	// Verdict is proven, right (the key has no proof), unproven or wrong;
	// Proof is the attached evidence against the key's proof, per step.
	Verdict Verdict     `json:"verdict"`
	Proof   ProofReport `json:"proof"`
	// Start is the incident clock's zero when the pack was given (--pack),
	// so times print as offsets; zero otherwise (clock times).
	Start time.Time `json:"incident_start,omitzero"`
	// Honesty checks the result's times and log (CheckTime): TimeUsed is
	// its TimeUsed, which may pass the limit.
	Honesty Honesty `json:"honesty"`
}

// Interview grades a candidate's result with the interviewer's key. A
// result from a file comes through play.ReadResult, which sanitized its
// text.
// It refuses a result made for another pack (ErrOtherPack). The result is
// graded by its content: an edited pick is graded as that pick. s is the
// scenario from the pack itself (grade --pack), for the fullest coaching;
// nil builds it from the public facts the key records.
func Interview(r *play.InterviewResult, key *seal.AnswerKeyFile, s *game.Scenario) (*InterviewGrade, error) {
	if key.PackManifestSHA256 == "" {
		return nil, errors.New("this answer key was not made with pack seal --interview (it records no pack digest)")
	}
	if r.PackManifestDigest != key.PackManifestSHA256 {
		return nil, fmt.Errorf("%w: the result's pack digest is %.16s…, the key's pack is %.16s…",
			play.ErrOtherPack, r.PackManifestDigest, key.PackManifestSHA256)
	}
	sealed, ok := key.Scenario(r.ScenarioID)
	if !ok {
		return nil, fmt.Errorf("the key has no scenario %q", r.ScenarioID)
	}
	if s == nil {
		s = stubScenario(sealed)
	}
	start := s.Start
	sk, err := key.KeyFor(s)
	if err != nil {
		return nil, err
	}
	g := &InterviewGrade{PackID: key.PackID, ScenarioID: s.ID, Title: s.Title, Pick: r.Pick,
		TimeLimit: r.TimeLimit(), Justification: r.Justification, FiredrillVersion: r.FiredrillVersion, Start: start}
	if r.Pick != "" {
		c, ok := s.Choice(r.Pick)
		if !ok {
			return nil, fmt.Errorf("pick %q: %w", r.Pick, ErrUnknownChoice)
		}
		g.PickText = c.Text
		if g.Correct, err = sk.Check(r.Pick); err != nil {
			return nil, err
		}
	}
	ans, err := sk.Reveal()
	if err != nil {
		return nil, err
	}
	right, _ := s.Choice(ans.Choice)
	g.Answer, g.AnswerText = ans.Choice, right.Text
	g.Chain, g.Evidence, g.Debrief = ans.Chain, ans.Evidence, ans.Debrief
	if !g.Correct {
		g.WhyWrong = ans.Wrong[r.Pick]
	}
	// The limit is the scenario's (the key's or the pack's), never the
	// file's; the time used is what the result's clocks agree on.
	if s.TimeLimit > 0 {
		g.TimeLimit = s.TimeLimit
	}
	g.Honesty = CheckTime(r, g.TimeLimit)
	g.TimeUsed = g.Honesty.TimeUsed
	// Interview mode has no hints; a notebook that lists some was edited,
	// and is graded by its content like everything else.
	g.Score = ScoreResult(s, g.Correct, g.TimeLimit-g.TimeUsed, g.TimeLimit, len(r.Notebook.Hints), 0, false)
	g.Proof = Prove(s, ans, g.Correct, r.Attached)
	g.Proof.NoteNotebook(s, ans, r.Notebook)
	g.Verdict, g.Score = g.Proof.Verdict, ScoreProof(g.Score, g.Proof)
	g.Coaching = Coach(s, ans, r.Actions, r.Notebook)
	return g, nil
}

// InterviewScenario loads scenario id from the sealed interview pack in
// dir, after checking the pack verifies and is the one key was sealed
// with: the full scenario (events, metrics) sharpens Interview's coaching.
// nil without a dir. Error messages name the pack as grade's --pack.
func InterviewScenario(dir string, key *seal.AnswerKeyFile, id string) (*game.Scenario, error) {
	if dir == "" {
		return nil, nil
	}
	rep, err := seal.VerifyPack(dir)
	if err != nil {
		return nil, fmt.Errorf("--pack %s: %v", dir, err)
	}
	if rep.ManifestDigest != key.PackManifestSHA256 {
		return nil, fmt.Errorf("--pack %s is not the pack this key was sealed with", dir)
	}
	p, errs := pack.Open(dir)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s := p.Scenario(id)
	if s == nil {
		return nil, fmt.Errorf("--pack %s has no scenario %q", dir, id)
	}
	return s, nil
}

// stubScenario is the scenario as far as the key knows it: enough to check
// picks, score (difficulty, time limit) and coach (choices, services).
func stubScenario(a *seal.SealedAnswer) *game.Scenario {
	s := &game.Scenario{ID: a.ID, Title: a.Title, Difficulty: a.Difficulty, TimeLimit: a.TimeLimitDuration()}
	for _, c := range a.Choices {
		s.Choices = append(s.Choices, game.Choice{ID: c.ID, Text: c.Text})
	}
	for _, name := range a.Services {
		s.Services = append(s.Services, game.Service{Name: name})
	}
	return s
}
