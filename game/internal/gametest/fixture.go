package gametest

import (
	"time"

	"firedrill/game"
)

// IncidentStart is the incident clock's zero in the hand-built fixture.
var IncidentStart = time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)

// At is an incident-clock time in the fixture.
func At(d time.Duration) time.Time { return IncidentStart.Add(d) }

// CacheScenario is a hand-built cache-stampede incident (the shape of
// testdata/packs/mini, built in Go so these tests do not depend on the
// loader): the cache evicted hot keys at +10m; an inventory deploy at +5m
// and the "inventory is down" choice are the planted red herrings.
func CacheScenario() *game.Scenario {
	v := func(f float64) *float64 { return &f }
	return &game.Scenario{
		ID: "cache-stampede", Title: "Checkout p95 latency 20x", Difficulty: 3,
		TimeLimit: 15 * time.Minute, Tags: []string{"cache", "database"},
		Start: IncidentStart, Duration: 30 * time.Minute,
		Services: []game.Service{
			{Name: "api-gateway", Calls: []string{"checkout"}},
			{Name: "checkout", Calls: []string{"inventory", "cache", "postgres"}},
			{Name: "inventory"}, {Name: "cache"}, {Name: "postgres"},
		},
		Events: []game.Event{
			{At: At(5 * time.Minute), ID: "inventory-deploy", Kind: game.EventDeploy, Service: "inventory", Text: "inventory v2.14.1 rolled out"},
			{At: At(10 * time.Minute), ID: "cache-config", Kind: game.EventConfig, Service: "cache", Text: "cache eviction policy changed"},
			{At: At(16 * time.Minute), ID: "gateway-alert", Kind: game.EventAlert, Service: "api-gateway", Text: "p95 > 2s"},
		},
		Logs: game.NewLogStore([]game.LogLine{
			{At: At(10*time.Minute - 2*time.Second), Service: "cache", Level: game.LevelInfo,
				Msg: "config reload: maxmemory-policy=allkeys-random (was allkeys-lru)"},
			{At: At(12 * time.Minute), Service: "checkout", Level: game.LevelError,
				Msg: "upstream timeout calling postgres after 2000ms", Trace: "t1"},
			{At: At(12*time.Minute + 30*time.Second), Service: "checkout", Level: game.LevelError,
				Msg: "upstream timeout calling postgres after 2000ms"},
			{At: At(13 * time.Minute), Service: "postgres", Level: game.LevelWarn,
				Msg: "too many connections (max 100)"},
			{At: At(14 * time.Minute), Service: "inventory", Level: game.LevelInfo,
				Msg: "health check ok"},
		}),
		Traces: []*game.Trace{game.NewTrace("t1", []game.Span{
			{ID: "a1", Service: "api-gateway", Name: "GET /checkout", At: At(12 * time.Minute), Dur: 2400 * time.Millisecond, Error: true},
			{ID: "a2", Parent: "a1", Service: "checkout", Name: "db.Query", At: At(12*time.Minute + time.Millisecond), Dur: 2000 * time.Millisecond, Error: true},
		})},
		Metrics: []*game.Series{
			game.NewSeries("cache_hit_ratio", "cache", "%", IncidentStart, 5*time.Minute,
				[]*float64{v(92), v(93), v(55), nil, v(54), v(55), v(56)}),
			game.NewSeries("http_latency_p95", "api-gateway", "ms", IncidentStart, time.Minute,
				[]*float64{v(120), v(121), v(119), v(2400)}),
		},
		Choices: []game.Choice{
			{ID: "inventory-down", Text: "The inventory service is down"},
			{ID: "cache-invalidation", Text: "A cache invalidation bug evicts hot keys; misses overload the database"},
			{ID: "db-slow-query", Text: "A new slow query in postgres"},
		},
		Answer: &game.Answer{
			Choice: "cache-invalidation",
			Onset:  At(10 * time.Minute),
			Chain: []string{
				"A cache invalidation bug evicted hot keys",
				"Misses tripled database QPS; postgres saturated",
				"Checkout's calls slowed past upstream timeouts",
			},
			Evidence:    []string{"cache_hit_ratio falls 92% -> 55% at +10m", "event cache-config"},
			Wrong:       map[string]string{"inventory-down": "inventory's latency stays normal"},
			RedHerrings: []string{"inventory-deploy", "inventory-down"},
			Debrief:     "The cache moved first.",
			Proof: []game.ProofItem{
				{Step: 1, Event: "cache-config"},
				{Step: 1, Log: &game.LogSelector{Service: "cache", Contains: "maxmemory-policy=allkeys-random"}},
				{Step: 1, Metric: &game.MetricSelector{Service: "cache", Name: "cache_hit_ratio", From: At(10 * time.Minute), To: At(20 * time.Minute)}},
				{Step: 2, Log: &game.LogSelector{Service: "postgres", Regex: `too many connections`}},
				{Step: 3, Span: &game.SpanSelector{Service: "checkout", Name: "db.Query", Status: game.StatusError}},
			},
		},
	}
}
