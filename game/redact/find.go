package redact

import (
	"bytes"
	"net/netip"
	"regexp"
	"strings"
)

// Finding what to redact: each finder scans a file's bytes and reports the
// originals it sees, by kind. Finders err on the side of redacting, except
// for dotted names, which are often not hostnames at all (metric names,
// attribute keys, label keys like nvidia.com/gpu, file names, Java
// packages): a dotted name is a hostname in a URL, in a host field, or when
// it ends in a known top-level domain and reads like no key.

var (
	jwtRE     = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)
	bearerRE  = regexp.MustCompile(`(?i)\bbearer\s+([A-Za-z0-9\-._~+/]{8,}=*)`)
	urlPassRE = regexp.MustCompile(`\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@"'<>\\]+:([^/\s@"'<>\\]+)@`)
	apiKeyRE  = regexp.MustCompile(`\b(AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|[sr]k_(?:live|test)_[0-9a-zA-Z]{16,}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20,})\b`)
	// secretRE: a key that names a secret, then its value (key=value,
	// "key": "value", key: value).
	secretRE = regexp.MustCompile(`(?i)([A-Za-z0-9_.-]*(?:api[_-]?key|apikey|secret|token|passw(?:or)?d|pwd|access[_-]?key|authorization|auth))["']?\s*[:=]\s*["']?([^\s"'&,;}\]\\]+)`)
	// otlpSecretRE: the same in OTLP's attribute shape.
	otlpSecretRE  = regexp.MustCompile(`(?i)"key"\s*:\s*"[^"]*(?:password|passwd|secret|token|api[_-]?key|authorization)"\s*,\s*"value"\s*:\s*\{\s*"stringValue"\s*:\s*"([^"\\]+)"`)
	emailRE       = regexp.MustCompile(`[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}`)
	ipv4RE        = regexp.MustCompile(`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`)
	ipv6RE        = regexp.MustCompile(`[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\d{1,3}(?:\.\d{1,3}){3})?`)
	hostFieldRE   = regexp.MustCompile(`"(?:hostname|host|_HOSTNAME|host\.name|host\.hostname|nodeName|node_name|k8s\.node\.name|server\.address|net\.host\.name|net\.peer\.name|peer\.hostname)"\s*:\s*"([^"\\]+)"`)
	otlpHostRE    = regexp.MustCompile(`"key"\s*:\s*"(?:host\.name|host\.hostname|k8s\.node\.name|server\.address|net\.host\.name|net\.peer\.name|peer\.hostname)"\s*,\s*"value"\s*:\s*\{\s*"stringValue"\s*:\s*"([^"\\]+)"`)
	syslogHostRE  = regexp.MustCompile(`(?m)^(?:<\d{1,3}>\d \S+ |(?:<\d{1,3}>)?[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )([^\s:\[]+)[ :]`)
	rsyslogHostRE = regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\dT\S+ ([^\s:\[]+) [^\s:\[]+(?:\[\d+\])?: `)
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func isAlnum(c byte) bool { return isWord(c) && c != '_' }

// scan reports every original in data to add. The patterns that need
// several lines (OTLP's attribute shape, pretty-printed) or begin with a
// literal run over the whole file; the rest a line at a time, each behind
// a cheap test for the byte it needs, since Go's regexp is many times
// faster on a short line than on a long file.
func (r *Redactor) scan(data []byte) {
	for _, m := range jwtRE.FindAll(data, -1) {
		r.add(KindJWT, string(m))
	}
	if bytes.Contains(data, []byte("stringValue")) {
		for _, m := range otlpSecretRE.FindAllSubmatch(data, -1) {
			if secretValue(m[1], KindSecret) {
				r.add(KindSecret, string(m[1]))
			}
		}
		for _, m := range otlpHostRE.FindAllSubmatch(data, -1) {
			r.hostField(string(m[1]))
		}
	}
	var lower []byte
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		lower = append(lower[:0], line...)
		for i, c := range lower {
			if 'A' <= c && c <= 'Z' {
				lower[i] = c + 'a' - 'A'
			}
		}
		r.scanLine(line, lower)
	}
}

// secretKeys are the words a line must hold (lower-cased) for secretRE.
var secretKeys = [][]byte{[]byte("key"), []byte("secret"), []byte("token"), []byte("pass"), []byte("pwd"), []byte("auth")}

func (r *Redactor) scanLine(line, lower []byte) {
	add := r.add
	if bytes.Contains(lower, []byte("bearer")) {
		for _, m := range bearerRE.FindAllSubmatch(line, -1) {
			add(KindBearer, string(m[1]))
		}
	}
	at := bytes.IndexByte(line, '@') >= 0
	if at && bytes.Contains(line, []byte("://")) {
		for _, m := range urlPassRE.FindAllSubmatch(line, -1) {
			add(KindURLPassword, string(m[1]))
		}
	}
	if hasAny(line, apiKeyHints) {
		for _, m := range apiKeyRE.FindAll(line, -1) {
			add(KindAPIKey, string(m))
		}
	}
	for _, k := range secretKeys {
		if bytes.Contains(lower, k) {
			for _, m := range secretRE.FindAllSubmatch(line, -1) {
				if k := secretKind(m[1]); secretValue(m[2], k) {
					add(k, string(m[2]))
				}
			}
			break
		}
	}
	if at {
		r.scanEmails(line)
	}
	r.scanIPs(line)
	r.scanHosts(line)
	r.scanKeys(line)
}

// hostKeyHints are what hostFieldRE's keys hold.
var hostKeyHints = [][]byte{[]byte("host"), []byte("HOST"), []byte("node"), []byte("Name"), []byte("server.address"), []byte("peer")}

// apiKeyHints are the literals one of apiKeyRE's shapes holds.
var apiKeyHints = [][]byte{[]byte("AKIA"), []byte("ASIA"), []byte("k_live_"), []byte("k_test_"), []byte("ghp_"), []byte("gho_"),
	[]byte("ghu_"), []byte("ghs_"), []byte("ghr_"), []byte("xox"), []byte("AIza"), []byte("glpat-")}

func hasAny(b []byte, subs [][]byte) bool {
	for _, s := range subs {
		if bytes.Contains(b, s) {
			return true
		}
	}
	return false
}

// scanKeys notes the words a line uses as field names: "name": (JSON),
// name: (YAML), name= (logfmt). A bare host name that is also a field
// name is not replaced (assign), since that would rename the field.
func (r *Redactor) scanKeys(line []byte) {
	for i, c := range line {
		if c != ':' && c != '=' {
			continue
		}
		j := i
		quoted := j > 0 && line[j-1] == '"'
		if quoted {
			j--
		}
		k := j
		for k > 0 && (isWord(line[k-1]) || line[k-1] == '.' || line[k-1] == '-') {
			k--
		}
		if k < j && (!quoted || k > 0 && line[k-1] == '"') {
			r.keys[string(line[k:j])] = true
		}
	}
}

func (r *Redactor) scanEmails(data []byte) {
	for _, ix := range emailRE.FindAllIndex(data, -1) {
		if ix[0] > 0 && (data[ix[0]-1] == ':' || data[ix[0]-1] == '/') {
			continue // user:password@host in a URL
		}
		e := string(data[ix[0]:ix[1]])
		domain := strings.ToLower(e[strings.LastIndexByte(e, '@')+1:])
		if systemdUnits[domain[strings.LastIndexByte(domain, '.')+1:]] || r.kept(domain) {
			continue
		}
		r.add(KindEmail, e)
	}
}

// secretValue says whether a value after a secret's key is one: not a
// mask, a placeholder, a boolean, a number or an auth scheme's name. A
// password may be any word; a token, key or secret must look random (a
// digit, mixed case, punctuation, or 12 characters), since its value is
// replaced everywhere it stands and "auth=enabled" names no secret.
func secretValue(v []byte, k Kind) bool {
	s := string(v)
	low := strings.ToLower(s)
	switch {
	case len(s) < 4, strings.Trim(s, s[:1]) == "", strings.Contains(low, "redact"), strings.ContainsAny(s, "<>{}$*"):
		return false
	case k != KindPassword && !randomLooking(s):
		return false
	}
	switch low {
	case "true", "false", "null", "none", "basic", "bearer", "digest", "negotiate", "required", "missing", "invalid",
		"wrong", "incorrect", "expired", "empty", "blank", "hidden", "unset", "changed", "reset", "failed", "accepted",
		"rejected", "provided", "mismatch", "updated", "enabled", "disabled":
		return false
	}
	digits := 0
	for _, c := range v {
		if c >= '0' && c <= '9' || c == '.' || c == '-' {
			digits++
		}
	}
	return digits < len(v)
}

func randomLooking(s string) bool {
	var digit, upper, lower, punct bool
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c != '-' && c != '_' && c != '.':
			punct = true
		}
	}
	return len(s) >= 6 && (digit || upper && lower || punct || len(s) >= 12)
}

func secretKind(key []byte) Kind {
	k := strings.ToLower(string(key))
	switch {
	case strings.Contains(k, "pass") || strings.HasSuffix(k, "pwd"):
		return KindPassword
	case strings.Contains(k, "key"):
		return KindAPIKey
	}
	return KindSecret
}

// scanIPs finds IPv4 and IPv6 addresses, loopback and unspecified ones
// aside, where they stand as words of their own (not inside a version
// number like 1.2.3.4.5).
func (r *Redactor) scanIPs(data []byte) {
	if bytes.IndexByte(data, '.') >= 0 {
		r.scanIPv4(data)
	}
	if bytes.Contains(data, []byte("::")) || bytes.Count(data, []byte{':'}) >= 7 {
		r.scanIPv6(data)
	}
}

func (r *Redactor) scanIPv4(data []byte) {
	for _, ix := range ipv4RE.FindAllIndex(data, -1) {
		s, e := ix[0], ix[1]
		if s > 0 && (isAlnum(data[s-1]) || data[s-1] == '.') || e < len(data) && (isAlnum(data[e]) || data[e] == '.' && e+1 < len(data) && data[e+1] >= '0' && data[e+1] <= '9') {
			continue
		}
		if a, err := netip.ParseAddr(string(data[s:e])); err == nil && !a.IsLoopback() && !a.IsUnspecified() && a != netip.MustParseAddr("255.255.255.255") {
			r.add(KindIPv4, string(data[s:e]))
		}
	}
}

func (r *Redactor) scanIPv6(data []byte) {
	for _, ix := range ipv6RE.FindAllIndex(data, -1) {
		s, e := ix[0], ix[1]
		cand := data[s:e]
		if bytes.Count(cand, []byte{':'}) < 2 || s > 0 && (isAlnum(data[s-1]) || data[s-1] == ':') || e < len(data) && (isAlnum(data[e]) || data[e] == '.') {
			continue
		}
		a, err := netip.ParseAddr(string(cand))
		if err != nil || !a.Is6() || a.IsLoopback() || a.IsUnspecified() {
			continue
		}
		if !bytes.Contains(cand, []byte("::")) && bytes.Count(cand, []byte{':'}) < 7 {
			continue
		}
		r.add(KindIPv6, string(cand))
	}
}
