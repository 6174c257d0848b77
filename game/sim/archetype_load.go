package sim

import (
	"fmt"
	"math"
)

// Archetypes where a change multiplies the load on a dependency until it
// saturates: a cache that stops hitting, clients that retry harder.

func buildCacheStampede(g *gen) {
	gw := g.gateway()
	catalog := g.add(api("catalog", StackGo, 6, "GET /v1/products/{id}"))
	pg := g.postgres("postgres")
	rd := g.redis("redis")
	g.m.Services[pg].rhoW = 0.08
	g.link(gw, Dep{To: catalog, PerReq: 1, Timeout: 3000, Op: "catalog.GetProduct"})
	d := dep(pg, "postgres.SELECT items")
	d.Timeout, d.Retries = 1000, 2
	d.Cache = &Cache{Server: rd, Target: 0.92 + 0.05*g.rng.Float64(), RefillPerSec: 0.0005 + 0.0005*g.rng.Float64()}
	g.link(catalog, d)
	g.fault = Fault{Kind: FaultCacheFlush, Service: catalog, At: g.onset, Value: 0.2 + 0.1*g.rng.Float64()}
	// Sized for the cached load: postgres idles at a few % misses, and the
	// flushed cache sends it 1.2–1.5x what it can serve before any retry.
	g.m.Services[pg].rhoC = (1.3 + 0.3*g.rng.Float64()) * (1 - d.Cache.Target) / (1 - g.fault.Value)
	g.cause = SignalRef{"catalog", MetricHit}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"api-gateway", MetricErr}}
	g.change = g.changeEvent("catalog-deploy", "deploy", "catalog", "catalog %s rolled out (%d/%d pods)", g.semver(), 3, 3)
	g.correct = choiceText{"cache-key-change", "catalog's release changed its cache keys, so misses flooded postgres", ""}
	g.traps = []choiceText{
		{"postgres-regression", "postgres regressed: a plan change made catalog's item queries slow",
			"the plans did not change: postgres serves the same query faster per call, it is answering several times the volume once the hit ratio fell"},
		{"catalog-undersized", "catalog is undersized for the afternoon peak and its pods saturate",
			"catalog's traffic did not rise; its time goes to waiting on postgres after the hit ratio dropped"},
	}
	g.notes = append(g.notes, noteHerring{"postgres-autovacuum", "postgres", "postgres: automatic vacuum of table \"shop.public.items\" started",
		"Autovacuum on postgres' items table slowed every catalog query",
		"autovacuum ran but postgres latency per query only rose after the query volume did; vacuum does not multiply the request count"})
	g.chain = []link{
		{"catalog's release changed the cache key prefix, so every key missed", ref("catalog", MetricHit)},
		{"misses went to postgres, multiplying its query volume", ref("postgres", MetricRPS)},
		{"postgres saturated; queries queued past their timeouts", ref("postgres", MetricP95)},
		{"catalog's retries added load and its requests slowed at the gateway", ref("api-gateway", MetricP95)},
	}
	g.hint2 = "Compare the cache hit ratio with postgres' query rate: which moved first?"
}

func buildRetryStorm(g *gen) {
	gw := g.gateway()
	checkout := g.add(api("checkout", StackGo, 12, "POST /v1/checkout"))
	inv := g.add(api("inventory", StackGo, 40, "rpc inventory.Reserve"))
	g.m.Services[inv].Sigma = 0.7
	// Checkout is one route of several behind the gateway.
	g.link(gw, Dep{To: checkout, PerReq: 0.25 + 0.2*g.rng.Float64(), Timeout: 5000, Op: "checkout.Checkout"})
	d := dep(inv, "inventory.Reserve")
	d.Timeout, d.Retries = 2000, 1
	di := g.link(checkout, d)
	g.fault = Fault{Kind: FaultTimeout, Service: checkout, Dep: di, At: g.onset, Retries: 3}
	// The new timeout sits just under inventory's healthy p95 (known once
	// the model is sized): a few % of attempts time out at first.
	g.afterSize = func(g *gen) {
		s := &g.m.Services[inv]
		// inventory runs at 45–50 % CPU: headroom for normal peaks, not for
		// a storm. Set exactly, not rounded to quarter cores.
		rho := 0.45 + 0.05*g.rng.Float64()
		s.CPU = g.meanLoad[inv] * s.CPUms / 1000 / float64(s.Pods) / rho
		p95 := s.Median / (1 - rho) * math.Exp(1.645*s.Sigma)
		g.fault.Value = math.Round(p95*(0.5+0.1*g.rng.Float64())/10) * 10
		if g.difficulty < 3 { // easy drills spell the change out
			g.changeText = fmt.Sprintf("checkout config push: inventory client timeout 2s -> %.0fms, max retries 1 -> 3", g.fault.Value)
		}
	}
	g.cause = SignalRef{"inventory", MetricRPS}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"api-gateway", MetricErr}}
	text := "checkout config push: client settings (3/3 pods reloaded)"
	if g.difficulty >= 3 {
		text = "checkout config push: client settings rev " + fmt.Sprint(40+g.rng.IntN(50)) + " (3/3 pods reloaded)"
	}
	g.change = g.changeEvent("checkout-config", "config", "checkout", "%s", text)
	g.correct = choiceText{"timeout-retry-config", "checkout gives up on inventory too soon, and every extra attempt adds load", ""}
	g.traps = []choiceText{
		{"inventory-undersized", "inventory is undersized: its pods saturate under today's checkout volume",
			"checkout's own request rate stayed flat; inventory's extra load is checkout's retries, which began with the config push"},
		{"checkout-traffic-surge", "a surge of checkout orders overwhelmed inventory's reservations",
			"the gateway and checkout request rates are flat; only the calls from checkout to inventory multiplied"},
	}
	g.notes = append(g.notes, noteHerring{"inventory-hpa", "inventory", "inventory HPA: desired replicas unchanged, cpu 78% of request",
		"inventory's autoscaler is stuck and left it short of pods all day",
		"the autoscaler note is a reading, not a change; inventory was healthy at the same pod count before the push"})
	g.chain = []link{
		{"checkout's config push cut its inventory timeout under inventory's p95 and raised retries to 3", nil},
		{"timed-out attempts were retried, multiplying calls to inventory", ref("inventory", MetricRPS)},
		{"inventory saturated and slowed, so even more attempts timed out", ref("inventory", MetricP95)},
		{"checkout's calls failed after every retry and the gateway slowed and errored", ref("api-gateway", MetricErr)},
	}
	g.hint2 = "Compare inventory's request rate with checkout's and the gateway's."
}
