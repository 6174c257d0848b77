package debrief

import (
	"testing"
	"time"

	"firedrill/game"
	"firedrill/ui/uitest"
)

func TestEvidenceTime(t *testing.T) {
	s := uitest.Mini(t) // starts 14:00 UTC, lasts 30 minutes
	tests := []struct {
		text string
		want time.Duration // after the start
		ok   bool
	}{
		{"cache_hit_ratio falls 92% -> 55% at +10m", 10 * time.Minute, true},
		{"errors from +12:03 on", 12*time.Minute + 3*time.Second, true},
		{"latency rose at +1h5m", time.Hour + 5*time.Minute, true},
		{"misses began +10m30s in", 10*time.Minute + 30*time.Second, true},
		{"by 14:10 the cache was cold", 10 * time.Minute, true},
		{"by 14:10:30, postgres saturated", 10*time.Minute + 30*time.Second, true},
		{"a 3:10 ratio of misses", 0, false}, // 03:10 is not during the incident
		{"p95 jumped 20x", 0, false},
		{"timeouts of 100ms", 0, false},
		{"+m is not a time", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := evidenceTime(s, tt.text)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (got %v)", ok, tt.ok, got)
			}
			if ok && got.Sub(s.Start) != tt.want {
				t.Errorf("time = +%v, want +%v", got.Sub(s.Start), tt.want)
			}
		})
	}
}

func TestEvidencePin(t *testing.T) {
	s := uitest.Mini(t)
	onset := s.Start.Add(10 * time.Minute)
	at := func(d time.Duration) time.Time { return s.Start.Add(d) }
	tests := []struct {
		text string
		want game.Pin // Label not compared
		ok   bool
	}{
		{"cache_hit_ratio falls 92% -> 55% at +10m",
			game.Pin{Kind: game.PinMetric, Ref: "cache/cache_hit_ratio", Service: "cache", At: at(10 * time.Minute)}, true},
		{"http_latency_p95 climbs 20x",
			game.Pin{Kind: game.PinMetric, Ref: "api-gateway/http_latency_p95", Service: "api-gateway", At: onset}, true},
		{"inventory-deploy came five minutes too early",
			game.Pin{Kind: game.PinEvent, Ref: "inventory-deploy", Service: "inventory", At: at(5 * time.Minute)}, true},
		{"trace 4bf92f3577b34da6 spends 1.9s in postgres",
			game.Pin{Kind: game.PinSpan, Ref: "4bf92f3577b34da6/a1", Service: "api-gateway", At: at(12*time.Minute + time.Second)}, true},
		{"checkout logs upstream timeouts from +12m",
			game.Pin{Kind: game.PinLog, Ref: "2", Service: "checkout", At: at(12*time.Minute + 3120*time.Millisecond)}, true},
		{"the cache evicts keys at 14:10",
			game.Pin{Kind: game.PinLog, Ref: "1", Service: "cache", At: at(10*time.Minute + 500*time.Millisecond)}, true},
		// cache logs nothing after +11m: land on the time, not on a wrong service.
		{"the cache was still cold at +11m",
			game.Pin{Kind: game.PinLog, Ref: "2", At: at(12*time.Minute + 3120*time.Millisecond)}, true},
		{"something happened at +2m",
			game.Pin{Kind: game.PinLog, Ref: "1", At: at(10*time.Minute + 500*time.Millisecond)}, true},
		{"postgres saturated", game.Pin{}, false},       // a service but no time
		{"the logs end before +29m", game.Pin{}, false}, // no line that late
		{"cache_hit_ratios are not a metric here", game.Pin{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := evidencePin(s, tt.text, onset)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (got %+v)", ok, tt.ok, got)
			}
			if !ok {
				return
			}
			if got.Kind != tt.want.Kind || got.Ref != tt.want.Ref || got.Service != tt.want.Service || !got.At.Equal(tt.want.At) {
				t.Errorf("pin = %+v\nwant %+v", got, tt.want)
			}
			if got.Label != tt.text {
				t.Errorf("label = %q", got.Label)
			}
		})
	}
}

// Several services often export a metric of the same name; the evidence
// line's service decides which one the jump opens.
func TestEvidencePinPrefersTheNamedService(t *testing.T) {
	s := uitest.Mini(t)
	v := 1.0
	s.Metrics = append(s.Metrics, game.NewSeries("http_latency_p95", "checkout", "ms", s.Start, time.Minute, []*float64{&v}))
	tests := []struct{ text, want string }{
		{"checkout http_latency_p95 climbs at +12m", "checkout/http_latency_p95"},
		{"api-gateway http_latency_p95 climbs at +12m", "api-gateway/http_latency_p95"},
		{"http_latency_p95 climbs at +12m", "api-gateway/http_latency_p95"}, // no service named: file order
	}
	for _, tt := range tests {
		got, ok := evidencePin(s, tt.text, s.Start)
		if !ok || got.Ref != tt.want {
			t.Errorf("evidencePin(%q) = %q (ok %v), want %q", tt.text, got.Ref, ok, tt.want)
		}
	}
}
