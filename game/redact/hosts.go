package redact

import (
	"bytes"
	"net/netip"
	"regexp"
	"strings"
)

// Host names: the hardest kind, since most dotted names in telemetry are
// not hosts. A dotted name counts as a host in a URL (after "//" or "@"),
// in a host field, or under a known top-level domain when it reads like
// no key; a single label counts only in a host field or a syslog header.

// tlds are the top-level domains a dotted name outside a URL must end in
// to count as a hostname. Those that read as file extensions (.sh, .py,
// .md, .rs, .pl…) or words in keys (.name, .id, .in, .is…) are left out.
var tlds = setOf("com", "net", "org", "io", "dev", "app", "cloud", "ai", "co", "info", "biz", "me",
	"local", "internal", "lan", "corp", "intranet", "home", "arpa", "svc",
	"uk", "de", "fr", "nl", "eu", "ca", "au", "jp", "ch", "se", "be", "at", "es", "dk", "fi", "nz", "ie", "us", "br", "cn", "ru", "kr")

// notHostFirst are first labels of dotted names that are metric names or
// attribute keys (OpenTelemetry's namespaces) or reverse-DNS packages.
var notHostFirst = setOf("system", "process", "http", "rpc", "db", "net", "network", "k8s", "container", "jvm", "go",
	"runtime", "messaging", "faas", "cloud", "host", "os", "service", "telemetry", "log", "event", "span", "trace", "otel",
	"exception", "thread", "code", "url", "user", "server", "client", "destination", "source", "disk", "dotnet",
	"aspnetcore", "kestrel", "nodejs", "v8js", "hw", "gen_ai", "feature_flag", "vcs", "cicd", "deployment", "device",
	"browser", "session", "peer", "tls", "dns", "file", "error", "ecs", "com", "org", "io", "kubernetes", "prometheus", "cpu", "memory")

// keepDomains are never redacted: reserved names (RFC 2606, RFC 6761) and
// the domains Kubernetes and vendors use in label keys and image names.
var keepDomains = []string{"localhost", "example", "example.com", "example.org", "example.net", "invalid", "test",
	"k8s.io", "kubernetes.io", "nvidia.com", "amd.com", "intel.com", "x-k8s.io", "docker.io", "gcr.io", "ghcr.io", "quay.io",
	"registry.k8s.io", "opentelemetry.io", "prometheus.io", "github.com", "golang.org", "go.dev"}

// levelWords are never a bare host name: a line format that reads like
// syslog may hold a level where the host would be.
var levelWords = setOf("trace", "debug", "info", "notice", "warn", "warning", "error", "err", "fatal", "critical", "crit", "alert", "emerg", "panic")

// systemdUnits end names like user@1000.service, which are no e-mail.
var systemdUnits = setOf("service", "socket", "mount", "timer", "slice", "target", "scope", "path", "device", "swap", "automount")

// scanHosts finds hostnames: in URLs, in host fields (there a single label
// counts too), and dotted names that end in a known top-level domain.
func (r *Redactor) scanHosts(data []byte) {
	var res []*regexp.Regexp
	if bytes.Contains(data, []byte(`"`)) && hasAny(data, hostKeyHints) {
		res = append(res, hostFieldRE)
	}
	if len(data) > 0 && (data[0] == '<' || 'A' <= data[0] && data[0] <= 'Z') {
		res = append(res, syslogHostRE)
	}
	if len(data) > 0 && '0' <= data[0] && data[0] <= '9' {
		res = append(res, rsyslogHostRE)
	}
	for _, re := range res {
		for _, m := range re.FindAllSubmatch(data, -1) {
			r.hostField(string(m[1]))
		}
	}
	if bytes.IndexByte(data, '.') < 0 {
		return
	}
	for _, ix := range dottedNames(data) {
		s, e := ix[0], ix[1]
		name := string(data[s:e])
		last := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])
		if !isAlpha(last) || systemdUnits[last] || r.kept(name) {
			continue
		}
		inURL := bytes.HasSuffix(data[:s], []byte("//")) || s > 0 && data[s-1] == '@'
		if !inURL && !r.looksLikeHost(name, last, data, e) {
			continue
		}
		r.add(KindHostname, name)
	}
}

// dottedNames finds the dotted names of data that stand on their own:
// two or more labels (letters, digits and inner dashes, 1 to 63 bytes),
// neither preceded nor followed by a word character, dot or dash (a final
// dot ends a sentence). A scan by hand: the regexp is slow on long files.
func dottedNames(data []byte) [][2]int {
	var out [][2]int
	for i := 0; i < len(data); {
		c := data[i]
		if !isAlnum(c) || i > 0 && (isWord(data[i-1]) || data[i-1] == '.' || data[i-1] == '-') {
			i++
			continue
		}
		j := i
		for j < len(data) && (isAlnum(data[j]) || data[j] == '.' || data[j] == '-') {
			j++
		}
		e := j
		for e > i && data[e-1] == '.' {
			e--
		}
		if (j == len(data) || !isWord(data[j])) && validDotted(data[i:e]) {
			out = append(out, [2]int{i, e})
		}
		i = j
	}
	return out
}

func validDotted(b []byte) bool {
	labels := 0
	for len(b) > 0 {
		n := bytes.IndexByte(b, '.')
		label := b
		if n >= 0 {
			label, b = b[:n], b[n+1:]
		} else {
			b = nil
		}
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		labels++
	}
	return labels >= 2
}

// looksLikeHost judges a dotted name outside a URL: a known top-level
// domain, a first label that names no attribute namespace, and not a key
// (followed by ":" or "=") or a label key's prefix (nvidia.com/gpu).
func (r *Redactor) looksLikeHost(name, last string, data []byte, e int) bool {
	first := strings.ToLower(name[:strings.IndexByte(name, '.')])
	if !tlds[last] || notHostFirst[first] {
		return false
	}
	rest := data[e:]
	if len(rest) > 0 && rest[0] == '"' {
		rest = rest[1:]
	}
	rest = bytes.TrimLeft(rest, " \t")
	if len(rest) > 0 && (rest[0] == ':' && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '"' || rest[1] == '\n') || rest[0] == '=') {
		return false
	}
	if len(rest) > 1 && rest[0] == '/' {
		seg := rest[1:]
		n := 0
		for n < len(seg) && (isWord(seg[n]) || seg[n] == '-' || seg[n] == '.') {
			n++
		}
		if n > 0 && (n == len(seg) || seg[n] != '/' && seg[n] != ':' && seg[n] != '@') {
			return false // a label or resource key: nvidia.com/gpu
		}
	}
	return true
}

// hostField takes the value of a host field: an address is left to the IP
// finders; a name counts even as a single label.
func (r *Redactor) hostField(v string) {
	if h, _, ok := strings.Cut(v, ":"); ok && !strings.Contains(v, "::") {
		v = h
	}
	if _, err := netip.ParseAddr(v); err == nil || len(v) < 3 || v == "-" || r.kept(v) || isDigits(v) || levelWords[strings.ToLower(v)] {
		return
	}
	if !validDotted([]byte(v)) && !isLabel(v) {
		return
	}
	r.add(KindHostname, v)
}

// kept says whether name is in the keep-list or under a kept domain.
func (r *Redactor) kept(name string) bool {
	n := strings.ToLower(strings.TrimSuffix(name, "."))
	for _, k := range r.keep {
		if n == k || strings.HasSuffix(n, "."+k) {
			return true
		}
	}
	return false
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'a' && s[i] <= 'z') {
			return false
		}
	}
	return s != ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isLabel(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(isAlnum(s[i]) || s[i] == '-') {
			return false
		}
	}
	return s != "" && len(s) <= 63
}
