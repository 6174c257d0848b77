package pack

import (
	"strings"
	"testing"
)

// Service names come from real systems: they load as written (shown
// through game.Sanitize), and a service's aliases name it in signals.

func TestServiceNamesAndAliases(t *testing.T) {
	yaml := strings.Replace(scenarioWith(`events:
  - {at: +1m, kind: deploy, service: coredns-pod, text: rollout}
logs:
  - {at: +1s, service: "kube-system/coredns", level: INFO, msg: a}
  - {at: +2s, service: dns, level: INFO, msg: b}
metrics:
  - {name: qps, service: "redis:6379", step: 1m, values: [1]}
`), `services:
  - name: api
    calls: [checkout]`, `services:
  - name: "kube-system/coredns"
    aliases: [dns, coredns-pod]
  - name: "redis:6379"
  - name: "user@1000.service"
  - name: com.example.Billing
    calls: [dns, "redis:6379"]
  - name: api
    calls: [checkout]`, 1)
	s := mustLoad(t, map[string]string{"scenarios/s.yaml": yaml})
	for _, l := range s.Logs.All() {
		if l.Service != "kube-system/coredns" {
			t.Errorf("line %q has service %q, want the declared name", l.Msg, l.Service)
		}
	}
	if s.Events[0].Service != "kube-system/coredns" || s.Metrics[0].Service != "redis:6379" {
		t.Errorf("event %q, metric %q", s.Events[0].Service, s.Metrics[0].Service)
	}
	billing, _ := s.Service("com.example.Billing")
	if strings.Join(billing.Calls, ",") != "kube-system/coredns,redis:6379" {
		t.Errorf("calls = %v, want aliases resolved", billing.Calls)
	}
}

func TestServiceNameErrors(t *testing.T) {
	tests := []struct{ name, services, want string }{
		{"space", `  - name: "pg sql"`, `scenarios/s.yaml:10: name: "pg sql" is not a service name`},
		{"control character", `  - name: "api\u001b[2J"`, `scenarios/s.yaml:10: name: "api^[[2J" is not a service name`},
		{"too long", `  - name: ` + strings.Repeat("x", 129), `scenarios/s.yaml:10: name: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" is not a service name`},
		{"alias taken", "  - name: a\n  - name: b\n    aliases: [a]", `scenarios/s.yaml:12: aliases: service "a" is declared twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yaml := strings.Replace(scenarioWith(""), `  - name: api
    calls: [checkout]
  - name: checkout
    calls: [postgres]
  - name: postgres`, tt.services, 1)
			_, errs := loadMap(t, map[string]string{"scenarios/s.yaml": yaml})
			if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Fatalf("errors = %v\nwant one starting %q", errs, tt.want)
			}
		})
	}
}
