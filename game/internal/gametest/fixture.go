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
		},
	}
}
