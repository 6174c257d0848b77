// Package seal signs and checks packs: author keys and the trust store,
// the MANIFEST and its signature, sealing a source pack (its answers
// encrypted into ANSWERS.json or an interviewer's key file), verifying a
// sealed one, and the sealed AnswerKey. docs/SEALING.md describes the
// files and the scheme.
package seal

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	mrand "math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"firedrill/game"
	"firedrill/game/internal/fsx"
	"firedrill/game/pack"
	"firedrill/game/public"
)

// Options configure Pack.
type Options struct {
	Key ed25519.PrivateKey // the author's signing key
	// InterviewKeyOut, when set, is where the answer key goes instead of the
	// pack: the pack keeps only the key's digest (INTERVIEW).
	InterviewKeyOut string
	// Rand supplies salts and nonces; nil means crypto/rand. SeededRand
	// makes sealing reproducible, for tests only: anyone who knows the seed
	// can recompute the salts.
	Rand io.Reader
	// AllowPublic seals a scenario whose answer ships with every firedrill
	// binary (a copy of an embedded scenario, or the simulator's output),
	// which Pack otherwise refuses (ErrPublicScenario); Report.Public lists
	// them for a warning.
	AllowPublic bool
	// AlsoPublic are scenarios outside the embedded library whose answer
	// ships with the binary too (the pack new example).
	AlsoPublic []public.Known
}

// ErrPublicScenario means a scenario's answer ships with every firedrill
// binary: sealing it for candidates would give the answer away.
var ErrPublicScenario = errors.New("the answer ships with every firedrill binary")

// Report says what Pack wrote.
type Report struct {
	Scenarios      int
	Files          int    // files in MANIFEST
	ManifestDigest string // hex sha256 of MANIFEST
	Fingerprint    string // the signer's
	// Public lists the scenarios whose answer ships with every firedrill
	// binary (sealed with AllowPublic).
	Public []public.Match
}

// SeededRand is a deterministic byte stream for `pack seal --seed N`: the
// ChaCha8 generator keyed with sha256("firedrill seal seed v1" ‖ N).
// Sealing with it is byte-for-byte reproducible, and worthless as secrecy.
func SeededRand(seed int64) io.Reader {
	return mrand.NewChaCha8(sha256.Sum256([]byte("firedrill seal seed v1 " + strconv.FormatInt(seed, 10))))
}

// Pack turns the source pack folder src into the sealed pack out:
// every file copied, every scenario's `answer:` block cut out and moved into
// the sealed answer key, then MANIFEST and MANIFEST.sig. out is built in a
// temporary folder beside it and renamed into place at the end, so a
// failure never leaves a half-sealed pack. out may exist only as an empty
// folder; the interview key file may not exist at all.
func Pack(src, out string, opts Options) (Report, error) {
	var rep Report
	if len(opts.Key) != ed25519.PrivateKeySize {
		return rep, errors.New("no signing key")
	}
	rng := opts.Rand
	if rng == nil {
		rng = rand.Reader
	}
	p, err := loadSealSource(src)
	if err != nil {
		return rep, err
	}
	if err := checkSealTargets(src, out, opts.InterviewKeyOut); err != nil {
		return rep, err
	}
	public, err := checkPublic(src, p, opts)
	if err != nil {
		return rep, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(out)), ".firedrill-seal-*")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed into place
	if err := os.Chmod(tmp, 0o755); err != nil {
		return rep, err
	}
	interview := opts.InterviewKeyOut != ""
	if err := copyStripped(src, tmp, p, interview); err != nil {
		return rep, err
	}
	if err := checkStrippedPack(tmp, p, interview); err != nil {
		return rep, err
	}

	key := &AnswerKeyFile{Format: AnswerKeyFormat, PackID: p.ID}
	for _, s := range p.Scenarios {
		a, err := sealAnswer(rng, s)
		if err != nil {
			return rep, err
		}
		key.Scenarios = append(key.Scenarios, a)
	}
	if opts.InterviewKeyOut == "" {
		err = fsx.WriteNewFile(filepath.Join(tmp, AnswersFile), key.Encode(), 0o644)
	} else {
		err = fsx.WriteNewFile(filepath.Join(tmp, InterviewFile), interviewFileContent(key.KeyDigest()), 0o644)
	}
	if err != nil {
		return rep, err
	}
	manifest, err := SignPack(tmp, opts.Key)
	if err != nil {
		return rep, err
	}
	entries, _ := ParseManifest(manifest)
	rep = Report{Scenarios: len(p.Scenarios), Files: len(entries), ManifestDigest: ManifestDigest(manifest),
		Fingerprint: Fingerprint(opts.Key.Public().(ed25519.PublicKey)), Public: public}
	if opts.InterviewKeyOut != "" {
		key.PackManifestSHA256 = rep.ManifestDigest
		if err := fsx.WriteNewFile(opts.InterviewKeyOut, key.Encode(), 0o600); err != nil {
			return rep, err
		}
	}
	if err := renameIntoPlace(tmp, out); err != nil {
		if opts.InterviewKeyOut != "" {
			os.Remove(opts.InterviewKeyOut) // a key for a pack that does not exist
		}
		return rep, err
	}
	return rep, nil
}

// loadSealSource loads and validates the source pack; every scenario must
// carry an answer, and the folder must not be sealed already.
func loadSealSource(src string) (*game.Pack, error) {
	st, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: seal takes a pack folder (with pack.yaml), not a file", src)
	}
	for _, name := range []string{ManifestFile, SignatureFile, AnswersFile, InterviewFile} {
		if _, err := os.Lstat(filepath.Join(src, name)); err == nil {
			return nil, fmt.Errorf("%s: already holds %s; seal the source pack, not a sealed one", src, name)
		}
	}
	p, errs := pack.Open(src)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, s := range p.Scenarios {
		if s.Answer == nil {
			return nil, fmt.Errorf("%s: scenario %q has no answer: block to seal", filepath.Join(src, s.File), s.ID)
		}
	}
	return p, nil
}

// PublicError is a scenario whose answer ships with every firedrill binary
// (public.Find): Pack refuses it unless Options.AllowPublic.
type PublicError struct {
	File  string // the scenario's file in the source pack
	Match public.Match
}

func (e *PublicError) Error() string {
	return fmt.Sprintf("%s: %v: %v, so a candidate's own copy of firedrill reveals it; do not send it to candidates "+
		"(--allow-public seals it anyway)", e.File, e.Match, ErrPublicScenario)
}

func (e *PublicError) Unwrap() error { return ErrPublicScenario }

// checkPublic finds the scenarios of p whose answer ships with every
// firedrill binary: an error (a *PublicError per scenario) unless allowed,
// else the matches for a warning.
func checkPublic(src string, p *game.Pack, opts Options) ([]public.Match, error) {
	file := func(s *game.Scenario) string { return filepath.Join(src, filepath.FromSlash(packRelative(p, s.File))) }
	matches, err := public.Find(p, func(s *game.Scenario) []byte {
		data, _ := os.ReadFile(file(s)) // loaded a moment ago; unreadable now reads as no marker
		return data
	}, opts.AlsoPublic...)
	if err != nil || opts.AllowPublic || len(matches) == 0 {
		return matches, err
	}
	errs := make([]error, 0, len(matches))
	for _, m := range matches {
		errs = append(errs, &PublicError{File: file(p.Scenario(m.Scenario)), Match: m})
	}
	return nil, errors.Join(errs...)
}

// checkSealTargets refuses a non-empty out, an existing interview key, and
// an interview key inside either pack (it would be shipped, or listed).
func checkSealTargets(src, out, keyOut string) error {
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s: exists and is not empty", out)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %v", out, err)
	}
	if inside(out, src) {
		return fmt.Errorf("%s: the sealed pack must live outside the source pack %s", out, src)
	}
	if keyOut == "" {
		return nil
	}
	if _, err := os.Lstat(keyOut); err == nil {
		return fmt.Errorf("%s: already exists; refusing to overwrite an answer key", keyOut)
	}
	if inside(keyOut, src) || inside(keyOut, out) {
		return fmt.Errorf("%s: the interview key must live outside the pack folders", keyOut)
	}
	return nil
}

// inside reports whether path p is dir or lies under it (by absolute
// path; an unresolvable path counts as inside, to refuse rather than guess).
func inside(p, dir string) bool {
	absP, err1 := filepath.Abs(p)
	absDir, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return true
	}
	rel, err := filepath.Rel(absDir, absP)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// copyStripped copies every file of src into dst, cutting the answer block
// out of each scenario file, and for an interview pack the hints block too
// (interview mode has no hints, and practice on the candidate's copy must
// not reveal them). Hidden files and folders (.git, .DS_Store) are
// not part of a pack and are skipped; symlinks are refused, since a sealed
// pack is plain files.
func copyStripped(src, dst string, p *game.Pack, interview bool) error {
	scenarioFiles := map[string]bool{}
	for _, s := range p.Scenarios {
		scenarioFiles[packRelative(p, s.File)] = true
	}
	root, err := os.OpenRoot(src)
	if err != nil {
		return err
	}
	defer root.Close()
	fsys := root.FS()
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && strings.HasPrefix(path.Base(name), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, filepath.FromSlash(name))
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return fmt.Errorf("%s: not a regular file; a sealed pack holds plain files only", filepath.Join(src, name))
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if scenarioFiles[name] {
			if data, err = stripAnswer(data); err != nil {
				return fmt.Errorf("%s: %v", filepath.Join(src, name), err)
			}
			if interview {
				if data, err = stripHints(data); err != nil {
					return fmt.Errorf("%s: %v", filepath.Join(src, name), err)
				}
			}
		} else if hasAnswerBlock(name, data) {
			// A draft scenario the pack does not list would ship its answer
			// in the clear.
			return fmt.Errorf("%s: has an answer: block but is not a scenario of pack.yaml; list it or move it out of the pack", filepath.Join(src, name))
		}
		return fsx.WriteNewFile(target, data, 0o644)
	})
}

// packRelative is a scenario's file relative to its pack root, whether the
// loader recorded it that way or with the pack folder in front.
func packRelative(p *game.Pack, file string) string {
	if rel, err := filepath.Rel(p.Source, file); err == nil && strings.HasPrefix(file, p.Source) && !strings.HasPrefix(rel, "..") {
		file = rel
	}
	return filepath.ToSlash(file)
}

// checkStrippedPack loads the stripped copy: it must validate, carry no
// answer anywhere (nor, for an interview, any hint), and offer the same
// scenarios and choices as the source.
func checkStrippedPack(dir string, src *game.Pack, interview bool) error {
	p, errs := pack.Open(dir)
	if len(errs) > 0 {
		return fmt.Errorf("the pack without its answers does not load: %w", errors.Join(errs...))
	}
	if len(p.Scenarios) != len(src.Scenarios) {
		return errors.New("stripping answers changed the scenario list")
	}
	for i, s := range p.Scenarios {
		want := src.Scenarios[i]
		if s.Answer != nil {
			return fmt.Errorf("scenario %q still has an answer after stripping", s.ID)
		}
		if interview && len(s.Hints) > 0 {
			return fmt.Errorf("scenario %q still has hints after stripping", s.ID)
		}
		if s.ID != want.ID || len(s.Choices) != len(want.Choices) {
			return fmt.Errorf("scenario %q changed while stripping its answer", want.ID)
		}
		for j := range s.Choices {
			if s.Choices[j] != want.Choices[j] {
				return fmt.Errorf("scenario %q: choices changed while stripping its answer", want.ID)
			}
		}
	}
	return nil
}

// renameIntoPlace moves the finished pack to out, replacing out only if it
// is an empty folder.
func renameIntoPlace(tmp, out string) error {
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		if err := os.Remove(out); err != nil { // fails unless empty
			return fmt.Errorf("%s: %v", out, err)
		}
	}
	return os.Rename(tmp, out)
}
