package redact

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// survivors lists the originals still in any of files, found the way
// `grep -w -F` finds them.
func survivors(files [][]byte, originals map[string]Kind) []string {
	var left []string
	for o := range originals {
		for _, f := range files {
			if grepW(f, o) {
				left = append(left, o)
				break
			}
		}
	}
	sort.Strings(left)
	return left
}

func grepW(data []byte, w string) bool {
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(w))
		if j < 0 {
			return false
		}
		s, e := i+j, i+j+len(w)
		if (s == 0 || !isWord(data[s-1])) && (e == len(data) || !isWord(data[e])) {
			return true
		}
		i = s + 1
	}
}

func readFixtures(t *testing.T) ([]string, [][]byte) {
	t.Helper()
	var names []string
	var files [][]byte
	root := filepath.Join("..", "..", "testdata", "import")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		names, files = append(names, p), append(files, data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names, files
}

// TestRedactFixtures: over every committed export, the originals found
// include the ones a reader can see by eye, none survives, and what must
// stay (metric names, label keys, reserved names) stays.
func TestRedactFixtures(t *testing.T) {
	names, files := readFixtures(t)
	out, r := Files(files, Options{Salt: "test"})
	orig := r.Originals()
	var list []string
	for o, k := range orig {
		list = append(list, string(k)+": "+o)
	}
	sort.Strings(list)
	t.Logf("originals:\n%s", strings.Join(list, "\n"))
	if left := survivors(out, orig); len(left) > 0 {
		t.Errorf("originals left after redaction: %q", left)
	}
	for _, o := range []string{"192.168.0.100", "192.0.2.1", "debian-kernel@lists.debian.org", "debian-s-1vcpu-1gb-nyc1-01", "host1", "minikube"} {
		if _, ok := orig[o]; !ok {
			t.Errorf("%q was not redacted", o)
		}
	}
	for _, keep := range []string{"nvidia.com/gpu", "events.k8s.io", "mymachine.example.com", "my.service", "user@1000.service"} {
		in, after := 0, 0
		for i := range files {
			in += bytes.Count(files[i], []byte(keep))
			after += bytes.Count(out[i], []byte(keep))
		}
		if in == 0 || after != in {
			t.Errorf("%q: %d times in the fixtures, %d after redaction; want it kept", keep, in, after)
		}
	}
	_ = names
}

// TestRedactCases: what is replaced and what must stay, one line each.
func TestRedactCases(t *testing.T) {
	tests := []struct {
		name, in string
		gone     []string // originals that must not survive
		kept     []string // text that must stay as it is
	}{
		{"ipv4", `client=10.1.2.3 peer 203.0.113.9:443`, []string{"10.1.2.3", "203.0.113.9"}, []string{"client=", ":443"}},
		{"ipv4 loopback and versions stay", `127.0.0.1 v1.2.3.4 1.2.3.4.5`, nil, []string{"127.0.0.1", "v1.2.3.4", "1.2.3.4.5"}},
		{"ipv6", `from 2001:db8:85a3::8a2e:370:7334 and [fe80::1ff:fe23:4567:890a]:80 at 14:02:33`, []string{"2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a"}, []string{"14:02:33", "]:80"}},
		{"email", `mail jane.doe+x@corp.acme.com now`, []string{"jane.doe+x@corp.acme.com"}, []string{"mail ", " now"}},
		{"systemd unit is no email", `user@1000.service started`, nil, []string{"user@1000.service"}},
		{"bearer", `Authorization: Bearer abcDEF123456789xyz`, []string{"abcDEF123456789xyz"}, []string{"Authorization: Bearer "}},
		{"jwt", `token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk`, []string{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"}, nil},
		{"aws key", `key AKIAIOSFODNN7EXAMPLE used`, []string{"AKIAIOSFODNN7EXAMPLE"}, nil},
		{"password in url", `dsn=postgres://app:hunter2secret@db.prod.acme.internal:5432/shop`, []string{"hunter2secret", "db.prod.acme.internal"}, []string{"postgres://app:", ":5432/shop"}},
		{"key=value secret", `api_key=9f8e7d6c5b4a "password": "correct-horse"`, []string{"9f8e7d6c5b4a", "correct-horse"}, []string{"api_key=", `"password": "`}},
		{"masked secrets stay", `password=****** token=true secret=${SECRET}`, nil, []string{"******", "token=true", "${SECRET}"}},
		{"plain words after auth keys stay", `auth=enabled token: expired; the feature is enabled`, nil, []string{"auth=enabled", "token: expired", "is enabled"}},
		{"any password", `password=letmein and letmein again`, []string{"letmein"}, []string{"password=", " and ", " again"}},
		{"hostnames", `connect to api.payments.acme.com failed; see https://grafana.internal.acme.io/d/x`, []string{"api.payments.acme.com", "grafana.internal.acme.io"}, []string{"connect to ", "/d/x"}},
		{"metric names and keys stay", `system.disk.io http.server.duration service.name com.example.Billing access.log nvidia.com/gpu app.kubernetes.io/name`, nil,
			[]string{"system.disk.io", "http.server.duration", "service.name", "com.example.Billing", "access.log", "nvidia.com/gpu", "app.kubernetes.io/name"}},
		{"json key stays", `{"acme.com": 1, "acme.io"= 2}`, nil, []string{`"acme.com": 1`}},
		{"reserved names stay", `mymachine.example.com localhost`, nil, []string{"mymachine.example.com", "localhost"}},
		{"host field", `{"hostname": "web-7f9c2", "msg": "ok on web-7f9c2"}`, []string{"web-7f9c2"}, []string{`"hostname": "`}},
		{"syslog host", "<34>1 2003-10-11T22:14:15.003Z db-primary-3 su - ID47 - 'su root' failed on db-primary-3\n", []string{"db-primary-3"}, []string{"<34>1 2003-10-11T22:14:15.003Z ", " su - ID47"}},
		{"image registry is a host", `image "registry.acme.com/team/app:1.2"`, []string{"registry.acme.com"}, []string{"/team/app:1.2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, r := Files([][]byte{[]byte(tc.in)}, Options{Salt: "s"})
			got := string(out[0])
			for _, g := range tc.gone {
				if grepW(out[0], g) {
					t.Errorf("%q survived: %s", g, got)
				}
				if r.Pseudonym(g) == "" {
					t.Errorf("%q has no pseudonym", g)
				}
			}
			for _, k := range tc.kept {
				if !strings.Contains(got, k) {
					t.Errorf("%q was changed: %s", k, got)
				}
			}
			if len(tc.gone) == 0 && got != tc.in {
				t.Errorf("nothing to redact, yet %q became %q", tc.in, got)
			}
		})
	}
}

// TestRedactConsistentAndSalted: one original gets one pseudonym in every
// file; the same salt gives the same output, another salt another one; a
// pseudonym keeps its kind's shape.
func TestRedactConsistentAndSalted(t *testing.T) {
	files := [][]byte{[]byte("a 10.9.8.7 b db1.acme.com"), []byte(`{"ip":"10.9.8.7","host":"db1.acme.com"}`)}
	out1, r := Files(files, Options{Salt: "one"})
	out2, _ := Files(files, Options{Salt: "one"})
	out3, _ := Files(files, Options{Salt: "two"})
	ip := r.Pseudonym("10.9.8.7")
	if ip == "" || !bytes.Contains(out1[0], []byte(ip)) || !bytes.Contains(out1[1], []byte(ip)) {
		t.Fatalf("10.9.8.7 -> %q, not the same in both files: %q", ip, out1)
	}
	if !ipv4RE.MatchString(ip) {
		t.Errorf("pseudonym %q is not an IPv4 address", ip)
	}
	if !bytes.Equal(out1[0], out2[0]) || !bytes.Equal(out1[1], out2[1]) {
		t.Errorf("same salt, different output: %q vs %q", out1, out2)
	}
	if bytes.Equal(out1[0], out3[0]) {
		t.Errorf("another salt, same output: %q", out1[0])
	}
	if s := r.Summary(); s.Files != 2 || s.Total() != 4 {
		t.Errorf("summary %+v, want 2 files and 4 replacements", s)
	}
}

// TestDirRedactsInPlace: Dir swaps the redacted pack in whole, keeps file
// modes, leaves nothing beside it, and refuses a sealed pack.
func TestDirRedactsInPlace(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "p")
	must(t, os.MkdirAll(filepath.Join(dir, "data"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "pack.yaml"), []byte("author: ops@acme.com\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "data", "a.log"), []byte("from 10.0.0.7 ops@acme.com\n"), 0o640))
	sum, err := Dir(dir, Options{Salt: "x"})
	if err != nil || sum.Total() != 3 || sum.Files != 2 {
		t.Fatalf("Dir: %+v, %v; want 3 replacements in 2 files", sum, err)
	}
	for _, f := range []string{"pack.yaml", "data/a.log"} {
		data, _ := os.ReadFile(filepath.Join(dir, f))
		if bytes.Contains(data, []byte("acme.com")) || bytes.Contains(data, []byte("10.0.0.7")) {
			t.Errorf("%s: %q still holds an original", f, data)
		}
	}
	if st, _ := os.Stat(filepath.Join(dir, "data", "a.log")); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("left beside the pack: %v", entries)
	}
	fifo := filepath.Join(dir, "data", "pipe")
	must(t, syscall.Mkfifo(fifo, 0o644))
	if _, err := Dir(dir, Options{}); err == nil || !strings.Contains(err.Error(), "pipe: not a regular file") {
		t.Errorf("a FIFO in the pack: %v, want refused by name", err)
	}
	must(t, os.Remove(fifo))
	must(t, os.WriteFile(filepath.Join(dir, "MANIFEST"), nil, 0o644))
	if _, err := Dir(dir, Options{}); err == nil || !strings.Contains(err.Error(), "sealed") {
		t.Errorf("a sealed pack: %v, want refused", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// FuzzRedact: any input redacts without a panic, and no original found in
// it survives.
func FuzzRedact(f *testing.F) {
	_, files := readFixtures(&testing.T{})
	for _, data := range files {
		f.Add(data[:min(len(data), 2048)])
	}
	f.Add([]byte("a 10.1.2.3 x@acme.com Bearer abcdefgh12345 https://u:pw123456@h.acme.io/"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, r := Files([][]byte{data}, Options{Salt: "f"})
		if left := survivors(out, r.Originals()); len(left) > 0 {
			t.Errorf("survived: %q in %q", left, out[0])
		}
	})
}
