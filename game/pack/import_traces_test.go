package pack

import (
	"strings"
	"testing"
)

// Real trace exports (testdata/import) load with their exact trees.

func TestImportOTLPTraces(t *testing.T) {
	s, sum := mustLoadFixture(t, fixture{file: "otlp-json/trace.json", section: "traces", entry: "format: otlp-json",
		start: "2018-12-13T14:50:00Z", duration: "1h", services: []string{"my.service"}})
	if len(s.Traces) != 1 {
		t.Fatalf("%d traces, want 1", len(s.Traces))
	}
	tr := s.Traces[0]
	sameRows(t, "spans", spanRows(tr), []string{`eee19b7ec3c1b174<-eee19b7ec3c1b173 my.service "I'm a server span" +0s 1s`})
	if tr.ID != "5b8efff798038103d269b633813fc60c" || len(tr.Orphans()) != 1 || attrOf(tr.Spans[0].Attrs, "my.span.attr") != "some value" {
		t.Errorf("trace %s orphans %v attrs %v", tr.ID, tr.Orphans(), tr.Spans[0].Attrs)
	}
	if sum.String() != "data/trace.json: 1 span in 1 trace (otlp-json)" {
		t.Errorf("summary = %q", sum)
	}
}

// TestImportTelemetrygenDuplicate: telemetrygen exports one span twice,
// identically; it loads once and the summary counts the copy.
func TestImportTelemetrygenDuplicate(t *testing.T) {
	for _, f := range []fixture{
		{file: "otlp-json/telemetrygen-duplicate-span.json", entry: "format: otlp-json"},
		{file: "jaeger-json/query-api-duplicate-span.json", entry: "format: jaeger-json"},
	} {
		f.section, f.start, f.duration, f.services = "traces", "2024-01-31T05:00:00Z", "1h", []string{"telemetrygen"}
		s, sum := mustLoadFixture(t, f)
		if len(s.Traces) != 1 || len(s.Traces[0].Spans) != 1 {
			t.Fatalf("%s: traces %v", f.file, s.Traces)
		}
		sameRows(t, f.file, spanRows(s.Traces[0]), []string{`e127af99e3b3e074<-909541b92cf05311 telemetrygen "okey-dokey-0" +0s 123µs`})
		if sp := s.Traces[0].Spans[0]; !sp.At.Equal(unixMicro(1706678909209712)) || attrOf(sp.Attrs, "peer.service") != "telemetrygen-client" {
			t.Errorf("%s: span %+v", f.file, sp)
		}
		if sum.Spans != 1 || sum.Duplicates != 1 || !strings.Contains(sum.String(), "1 span in 1 trace (1 identical span exported twice, dropped)") {
			t.Errorf("%s: summary %q", f.file, sum)
		}
	}
}

// TestImportJaegerUITrace: a bare trace from Jaeger UI, two processes, a
// FOLLOWS_FROM reference (drawn as the parent) and an error tag.
func TestImportJaegerUITrace(t *testing.T) {
	s, sum := mustLoadFixture(t, fixture{file: "jaeger-json/ui-trace.json", section: "traces", entry: "format: jaeger-json",
		start: "2018-11-19T22:00:00Z", duration: "1h", services: []string{"service1", "service2"}})
	if len(s.Traces) != 1 {
		t.Fatalf("%d traces", len(s.Traces))
	}
	tr := s.Traces[0]
	sameRows(t, "trace-123", spanRows(tr), []string{
		`span-1<- service1 "op1" +0s 390ms`,
		`span-2<-span-1 service1 "op2" +125ms 33ms E`,
		`span-3<-span-1 service1 "op3" +180ms 66ms`,
		`span-4<-span-3 service2 "op1" +200ms 20ms`,
		`span-5<-span-4 service2 "op2" +201ms 18ms`,
		`span-2_1<-span-1 service1 "op2" +250ms 37ms`,
		`span-6<-span-1 service1 "op4" +300ms 20ms`,
		`span-12<-span-1 service1 "op6" +330ms 10ms`,
		`span-13<-span-12 service1 "op7" +331ms 9ms`,
		`span-14<-span-12 service1 "op7" +332ms 8ms`,
		`span-7<-span-6 service2 "op3" +800ms 200ms`,
	})
	if start, _ := tr.Bounds(); !start.Equal(unixMicro(1542666452979000)) || len(tr.Roots()) != 1 || tr.ServiceCount() != 2 {
		t.Errorf("start %v roots %v services %d", start, tr.Roots(), tr.ServiceCount())
	}
	if sum.Spans != 11 || sum.Traces != 1 {
		t.Errorf("summary %q", sum)
	}
}

// TestImportJaegerConflictingIDs: Jaeger's converter fixture reuses a span
// id for two different spans; that is an error, at the second one's line.
func TestImportJaegerConflictingIDs(t *testing.T) {
	_, _, errs := fixture{file: "jaeger-json/ui-conflicting-span-ids.json", section: "traces", entry: "format: jaeger-json",
		start: "2017-01-26T21:00:00Z", duration: "1h", services: []string{"service-x", "service-y"}}.load(t)
	if len(errs) != 1 || errs[0].Error() != "data/ui-conflicting-span-ids.json:37: spanID: 0000000000000002 appears twice in trace 0000000000000001 with different content" {
		t.Fatalf("errors = %v", errs)
	}
}

// TestImportZipkinYelp: Yelp's trace from Zipkin's UI tests: service
// names with / and dots, and three client/server pairs that share ids.
func TestImportZipkinYelp(t *testing.T) {
	s, sum := mustLoadFixture(t, fixture{file: "zipkin-json/yelp.json", section: "traces", entry: "format: zipkin-json",
		start: "2019-10-24T05:50:00Z", duration: "1h", services: []string{"routing", "unknown", "yelp_main/api_proxy",
			"yelp-main", "mobile_api", "spectre"}})
	if len(s.Traces) != 1 {
		t.Fatalf("%d traces", len(s.Traces))
	}
	tr := s.Traces[0]
	sameRows(t, "a03ee8fff1dcd9b9", spanRows(tr), []string{
		`2e8cfb154b59a41f<- routing "post /location/update/v4" +0s 131.848ms`,
		`668ed78ad94b35a1<-2e8cfb154b59a41f unknown "post" +1.646ms 125ms`,
		`668ed78ad94b35a1-srv<-668ed78ad94b35a1 yelp_main/api_proxy "post api proxy proxy" +27.641ms 88.935ms`,
		`e7d1a2d5a788ac81<-668ed78ad94b35a1-srv yelp-main "get my_cache_name_v2" +30.661ms 993µs`,
		`241cea1aa4cb2884<-668ed78ad94b35a1-srv yelp-main "txn: user_get_basic_and_scout_info" +31.856ms 3.884ms`,
		`b593cd7513dc736e<-241cea1aa4cb2884 yelp-main "begin" +32.378ms 445µs`,
		`2b68987704862c4f<-241cea1aa4cb2884 yelp-main "get user_details_cache-20150901" +33.084ms 1.068ms`,
		`0facde7c9130fd93<-241cea1aa4cb2884 yelp-main "get_multi my_cache_name_v1" +34.771ms 233µs`,
		`50b57281525a99d8<-241cea1aa4cb2884 yelp-main "commit" +35.25ms 374µs`,
		`f5f268651b2a2b34<-2e8cfb154b59a41f yelp-main "post" +49.646ms 56ms`,
		`f5f268651b2a2b34-srv<-f5f268651b2a2b34 mobile_api "post /location/update/v4" +59.749ms 41.74ms`,
		`cb4d73f31cd90cae<-f5f268651b2a2b34-srv mobile_api "get_multi mobile_api_nonce" +63.288ms 1.066ms`,
		`6a65182ea4f684c3<-f5f268651b2a2b34-srv mobile_api "set mobile_api_nonce" +64.676ms 1.026ms`,
		`7a778764a0d0b594<-f5f268651b2a2b34-srv mobile_api "get" +72.646ms 3ms`,
		`7a778764a0d0b594-srv<-7a778764a0d0b594 spectre "get" +73.386ms 1.49ms`,
		`15fc03927f0f68df<-f5f268651b2a2b34-srv mobile_api "post" +84.646ms 14ms`,
	})
	if start, _ := tr.Bounds(); !start.Equal(unixMicro(1571896375237354)) || len(tr.Roots()) != 1 || len(tr.Orphans()) != 0 {
		t.Errorf("start %v roots %v orphans %v", start, tr.Roots(), tr.Orphans())
	}
	if sp := tr.Spans[14]; attrOf(sp.Attrs, "span.kind") != "server" || attrOf(sp.Attrs, "region") != "uswest1-prod" {
		t.Errorf("spectre's half: %v", sp.Attrs)
	}
	if sum.Spans != 16 || sum.Duplicates != 0 {
		t.Errorf("summary %q", sum)
	}
}

// TestImportZipkinServiceAliases: the same file with services declared
// under short names, the exported ones as aliases.
func TestImportZipkinServiceAliases(t *testing.T) {
	s, _ := mustLoadFixture(t, fixture{file: "zipkin-json/yelp.json", section: "traces", entry: "format: zipkin-json",
		start: "2019-10-24T05:50:00Z", duration: "1h", services: []string{"edge=routing|unknown", "yelp=yelp_main/api_proxy|yelp-main",
			"mobile=mobile_api", "spectre"}})
	got := map[string]int{}
	for _, sp := range s.Traces[0].Spans {
		got[sp.Service]++
	}
	if got["edge"] != 2 || got["yelp"] != 8 || got["mobile"] != 5 || got["spectre"] != 1 {
		t.Errorf("spans by service = %v", got)
	}
}
