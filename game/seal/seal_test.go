package seal

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"firedrill/game"
	"firedrill/game/internal/gametest"
	"firedrill/game/pack"
)

func loadMini(t *testing.T) *game.Pack {
	t.Helper()
	p, errs := pack.Open(gametest.MiniPack())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return p
}

func TestSealRoundTrip(t *testing.T) {
	src := loadMini(t).Scenarios[0]
	dir := sealMini(t, Options{Key: gametest.Key(3)})

	rep, err := VerifyPackWith(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Interview || rep.Files != 3 {
		t.Errorf("report %+v; want a solo pack of 3 files (pack.yaml, the scenario, ANSWERS.json)", rep)
	}
	p, errs := pack.Open(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := p.Scenarios[0]
	if s.Answer != nil {
		t.Fatal("the sealed scenario still loads an answer")
	}
	if !reflect.DeepEqual(s.Choices, src.Choices) || s.Logs.Len() != src.Logs.Len() || s.Briefing != src.Briefing {
		t.Error("sealing changed the scenario's content")
	}
	key, err := KeyFor(p, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := key.(*SealedKey); !ok {
		t.Fatalf("KeyFor gave a %T; want *SealedKey", key)
	}
	for _, c := range s.Choices {
		ok, err := key.Check(c.ID)
		if err != nil || ok != (c.ID == src.Answer.Choice) {
			t.Errorf("Check(%s) = %v, %v", c.ID, ok, err)
		}
	}
	if ok, _ := key.Check("not-a-choice"); ok {
		t.Error("Check accepted an unknown choice")
	}
	got, err := key.Reveal()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, src.Answer) {
		t.Errorf("Reveal = %+v\nwant     %+v", got, src.Answer)
	}
	if len(got.Proof) != 4 || got.Proof[0].Log == nil || got.Proof[0].Log.Contains != "evicted 48213 keys" {
		t.Errorf("the proof did not survive sealing: %+v", got.Proof)
	}
}

func TestKeyForSourceAndInterview(t *testing.T) {
	p := loadMini(t)
	key, err := KeyFor(p, p.Scenarios[0])
	if _, ok := key.(game.PlainKey); !ok || err != nil {
		t.Errorf("source pack: %T, %v; want PlainKey", key, err)
	}
	dir := sealMini(t, Options{Key: gametest.Key(3), InterviewKeyOut: filepath.Join(t.TempDir(), "key.json")})
	ip, errs := pack.Open(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if key, err := KeyFor(ip, ip.Scenarios[0]); !errors.Is(err, game.ErrNoAnswer) || key != nil {
		t.Errorf("interview pack: %v, %v; want nil, ErrNoAnswer", key, err)
	}
}

func TestSealInterviewKey(t *testing.T) {
	keyOut := filepath.Join(t.TempDir(), "interviewer.json")
	dir := sealMini(t, Options{Key: gametest.Key(3), InterviewKeyOut: keyOut, Rand: SeededRand(5)})
	rep, err := VerifyPackWith(dir, nil)
	if err != nil || !rep.Interview {
		t.Fatalf("verify: %+v, %v; want an interview pack", rep, err)
	}
	if _, err := os.Stat(filepath.Join(dir, AnswersFile)); err == nil {
		t.Error("an interview pack holds ANSWERS.json")
	}
	st, err := os.Stat(keyOut)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("interview key: %v, %v; want mode 0600", st, err)
	}
	kf, err := ReadAnswerKeyFile(keyOut)
	if err != nil {
		t.Fatal(err)
	}
	if kf.PackManifestSHA256 != rep.ManifestDigest {
		t.Errorf("key records pack %s; verify says %s", kf.PackManifestSHA256, rep.ManifestDigest)
	}
	interview, _ := os.ReadFile(filepath.Join(dir, InterviewFile))
	if !bytes.Contains(interview, []byte(kf.KeyDigest())) {
		t.Errorf("INTERVIEW %q does not record the key digest %s", interview, kf.KeyDigest())
	}
	p, _ := pack.Open(dir)
	key, err := kf.KeyFor(p.Scenarios[0])
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := key.Check("cache-invalidation"); !ok {
		t.Error("the interviewer's key rejects the right pick")
	}
}

// No file of a sealed pack, read as raw bytes, holds any answer text; an
// interview pack does not even hold the commitment or the salt.
func TestSealedPackHoldsNoAnswer(t *testing.T) {
	a := loadMini(t).Scenarios[0].Answer
	secrets := append(append([]string{strings.TrimSpace(a.Debrief)}, a.Chain...), a.Evidence...)
	for _, note := range a.Wrong {
		secrets = append(secrets, note)
	}
	secrets = append(secrets, proofSecrets(t, a)...)
	keyOut := filepath.Join(t.TempDir(), "k.json")
	for _, mode := range []struct {
		name string
		opts Options
	}{
		{"solo", Options{Key: gametest.Key(3)}},
		{"interview", Options{Key: gametest.Key(3), InterviewKeyOut: keyOut}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			dir := sealMini(t, mode.opts)
			forbidden := append([]string(nil), secrets...)
			if mode.opts.InterviewKeyOut != "" {
				kf, err := ReadAnswerKeyFile(keyOut)
				if err != nil {
					t.Fatal(err)
				}
				for _, b := range [][]byte{kf.Scenarios[0].Commitment, kf.Scenarios[0].Salt, kf.Scenarios[0].Ciphertext[:16]} {
					forbidden = append(forbidden, string(b), hex.EncodeToString(b), base64.StdEncoding.EncodeToString(b)[:20])
				}
			}
			for _, name := range gametest.AllFiles(t, dir) {
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				for _, secret := range forbidden {
					if bytes.Contains(data, []byte(secret)) {
						t.Errorf("%s holds %q", name, secret)
					}
				}
			}
		})
	}
}

func TestSealDeterministicWithSeed(t *testing.T) {
	a := sealMini(t, Options{Key: gametest.Key(3), Rand: SeededRand(42)})
	b := sealMini(t, Options{Key: gametest.Key(3), Rand: SeededRand(42)})
	c := sealMini(t, Options{Key: gametest.Key(3), Rand: SeededRand(43)})
	files := gametest.AllFiles(t, a)
	if !reflect.DeepEqual(files, gametest.AllFiles(t, b)) {
		t.Fatalf("file lists differ: %v vs %v", files, gametest.AllFiles(t, b))
	}
	for _, name := range files {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two seals with the same seed", name)
		}
	}
	x, _ := os.ReadFile(filepath.Join(a, AnswersFile))
	z, _ := os.ReadFile(filepath.Join(c, AnswersFile))
	if bytes.Equal(x, z) {
		t.Error("different seeds gave the same answer key")
	}
}

func TestSealRefuses(t *testing.T) {
	base := t.TempDir()
	src := filepath.Join(base, "src")
	gametest.CopyTree(t, gametest.MiniPack(), src)
	busy := filepath.Join(base, "busy")
	os.MkdirAll(busy, 0o755)
	os.WriteFile(filepath.Join(busy, "x"), nil, 0o644)
	existingKey := filepath.Join(base, "exists.json")
	os.WriteFile(existingKey, []byte("{}"), 0o600)
	noAnswer := filepath.Join(base, "noanswer")
	gametest.CopyTree(t, gametest.MiniPack(), noAnswer)
	scen := filepath.Join(noAnswer, "scenarios", "cache.yaml")
	data, _ := os.ReadFile(scen)
	stripped, _ := stripAnswer(data)
	os.WriteFile(scen, stripped, 0o644)
	sealed := sealMini(t, Options{Key: gametest.Key(3)})
	draft := filepath.Join(base, "draft")
	gametest.CopyTree(t, gametest.MiniPack(), draft)
	os.WriteFile(filepath.Join(draft, "scenarios", "unlisted.yaml"), data, 0o644)

	cases := []struct {
		name, src, out, keyOut, want string
	}{
		{"non-empty out", src, busy, "", "not empty"},
		{"existing key", src, filepath.Join(base, "o1"), existingKey, "refusing to overwrite"},
		{"key inside out", src, filepath.Join(base, "o2"), filepath.Join(base, "o2", "k.json"), "outside the pack"},
		{"key inside src", src, filepath.Join(base, "o3"), filepath.Join(src, "k.json"), "outside the pack"},
		{"out inside src", src, filepath.Join(src, "sealed"), "", "outside the source pack"},
		{"no answer", noAnswer, filepath.Join(base, "o4"), "", "no answer"},
		{"already sealed", sealed, filepath.Join(base, "o5"), "", "already holds MANIFEST"},
		{"a file", scen, filepath.Join(base, "o6"), "", "pack folder"},
		{"unlisted draft with an answer", draft, filepath.Join(base, "o7"), "", "not a scenario of pack.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Pack(c.src, c.out, Options{Key: gametest.Key(3), InterviewKeyOut: c.keyOut})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v; want %q", err, c.want)
			}
		})
	}
	if entries, _ := os.ReadDir(base); len(entries) != 5 {
		t.Errorf("refused seals left files behind: %v", entries)
	}
}

// An empty out folder is fine: it is replaced.
func TestSealIntoEmptyFolder(t *testing.T) {
	base := t.TempDir()
	src, out := filepath.Join(base, "src"), filepath.Join(base, "out")
	gametest.CopyTree(t, gametest.MiniPack(), src)
	os.Mkdir(out, 0o755)
	if _, err := Pack(src, out, Options{Key: gametest.Key(3)}); err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyPackWith(out, nil); err != nil {
		t.Error(err)
	}
}

// An altered ciphertext does not decrypt: Reveal fails instead of showing
// garbage, even when nobody ran verify.
func TestRevealRefusesAlteredKey(t *testing.T) {
	dir := sealMini(t, Options{Key: gametest.Key(3)})
	kf, err := ReadAnswerKeyFile(filepath.Join(dir, AnswersFile))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := pack.Open(dir)
	kf.Scenarios[0].Ciphertext[3] ^= 1
	key, err := kf.KeyFor(p.Scenarios[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := key.Reveal(); err == nil {
		t.Error("Reveal decrypted an altered ciphertext")
	}
	kf.Scenarios[0].Commitment[0] ^= 1
	if _, err := NewSealedKey(kf.Scenarios[0]).Reveal(); err == nil || !strings.Contains(err.Error(), "no choice matches") {
		t.Errorf("altered commitment: %v", err)
	}
}

// Included data files travel with the pack and are signed; hidden files
// (an author's .git) stay behind.
func TestSealPackWithIncludes(t *testing.T) {
	base := t.TempDir()
	src := filepath.Join(base, "src")
	gametest.CopyTree(t, gametest.MiniPack(), src)
	scen := filepath.Join(src, "scenarios", "cache.yaml")
	data, _ := os.ReadFile(scen)
	data = bytes.Replace(data, []byte("logs:\n"), []byte("logs:\n  - include: ../data/app.jsonl\n    format: jsonl\n    service: checkout\n"), 1)
	os.WriteFile(scen, data, 0o644)
	os.MkdirAll(filepath.Join(src, "data"), 0o755)
	os.WriteFile(filepath.Join(src, "data", "app.jsonl"),
		[]byte(`{"time":"2025-08-20T14:02:00Z","level":"INFO","msg":"included line"}`+"\n"), 0o644)
	os.MkdirAll(filepath.Join(src, ".git"), 0o755)
	os.WriteFile(filepath.Join(src, ".git", "HEAD"), []byte("ref: main\n"), 0o644)
	source, errs := pack.Open(src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}

	out := filepath.Join(base, "sealed")
	if _, err := Pack(src, out, Options{Key: gametest.Key(3)}); err != nil {
		t.Fatal(err)
	}
	want := []string{"ANSWERS.json", "MANIFEST", "MANIFEST.sig", "data/app.jsonl", "pack.yaml", "scenarios/cache.yaml"}
	if got := gametest.AllFiles(t, out); !reflect.DeepEqual(got, want) {
		t.Errorf("sealed files = %v; want %v", got, want)
	}
	p, errs := pack.Open(out)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if p.Scenarios[0].Logs.Len() != source.Scenarios[0].Logs.Len() {
		t.Errorf("sealed pack has %d log lines; the source %d", p.Scenarios[0].Logs.Len(), source.Scenarios[0].Logs.Len())
	}
	os.WriteFile(filepath.Join(out, "data", "app.jsonl"), []byte("{}\n"), 0o644)
	var ve *VerifyError
	if _, err := VerifyPackWith(out, nil); !errors.As(err, &ve) || ve.File != "data/app.jsonl" {
		t.Errorf("changed include: %v; want data/app.jsonl named", err)
	}
}

// proofSecrets is what would give the proof away in a sealed pack: its
// key, each item's lines as the source writes them, and each item as JSON
// (the form sealing encrypts). The selectors' own text ("evicted 48213
// keys") is in the logs by design, so it is not a secret by itself.
func proofSecrets(t *testing.T, a *game.Answer) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(gametest.MiniPack(), "scenarios", "cache.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	i := strings.Index(text, "  proof:\n")
	if i < 0 || len(a.Proof) == 0 {
		t.Fatal("the mini pack has no proof to look for")
	}
	out := []string{"proof:", `"proof"`, `"step"`}
	for _, line := range strings.Split(text[i:], "\n")[1:] {
		if strings.HasPrefix(line, "    ") && strings.Contains(line, ":") {
			out = append(out, strings.TrimSpace(line))
		}
	}
	for _, it := range a.Proof {
		data, _ := json.Marshal(it)
		out = append(out, string(data))
	}
	return out
}
